//! Chemical formulas: the grammar of shared digest 02, "Algorithm" steps 2 and 3.
//!
//! ```text
//! species := formula [charge] [state]   |   electron [state]
//! formula := unit (sep [int] unit)*          sep ∈ { ·  •  ∙  .  * }
//! unit    := (Element [int] | "(" unit ")" [int] | "[" unit "]" [int])+
//! state   := (s) | (l) | (g) | (aq) | (cr)
//! electron:= e | e- | e^- | e{-} | e⁻
//! ```
//!
//! Charges: a sign then digits (`Fe+3`, `Fe(CN)6-4`), a caret (`Fe^3+`, `I3^-`), braces
//! (`Fe{3+}`), Unicode superscripts (`Fe³⁺`), or trailing signs (`OH-`, `Fe++`, ±1 each). The
//! form `<digits><sign>` without a caret (`Fe3+`, `MnO4-`) is ambiguous; the documented rule
//! reads the digits as the charge when a lone element symbol precedes them (`Fe3+` → Fe³⁺,
//! `S2-` → S²⁻) and as a subscript otherwise (`MnO4-` → MnO₄⁻), and every use of the rule adds
//! a warning that shows the reading ([`ParseOptions::strict_charges`] makes it an error).

use crate::element::{Element, hill_sorted};
use crate::error::ChemError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How strictly and with which extensions formulas are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParseOptions {
    /// Reject the ambiguous `<digits><sign>` charge form instead of reading it by the rule
    /// with a warning (default false).
    pub strict_charges: bool,
    /// Accept the organic abbreviations Me (CH3), Et (C2H5), Ph (C6H5), Bu (C4H9) (default
    /// false; Ac and Pr are never abbreviations because they are elements).
    pub abbreviations: bool,
    /// Accept isotope labels D, T and `[13C]`, conserved as separate pseudo-elements
    /// (default false).
    pub isotopes: bool,
}

/// Physical state annotation. Kept beside the composition: `H2O(l)` and `H2O(g)` are
/// different species with the same atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    /// `(s)`
    #[serde(rename = "s")]
    Solid,
    /// `(l)`
    #[serde(rename = "l")]
    Liquid,
    /// `(g)`
    #[serde(rename = "g")]
    Gas,
    /// `(aq)`
    #[serde(rename = "aq")]
    Aqueous,
    /// `(cr)`
    #[serde(rename = "cr")]
    Crystal,
}

impl State {
    /// The annotation as written, without parentheses.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Solid => "s",
            State::Liquid => "l",
            State::Gas => "g",
            State::Aqueous => "aq",
            State::Crystal => "cr",
        }
    }

    fn from_str(s: &str) -> Option<State> {
        Some(match s {
            "s" => State::Solid,
            "l" => State::Liquid,
            "g" => State::Gas,
            "aq" => State::Aqueous,
            "cr" => State::Crystal,
            _ => return None,
        })
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})", self.as_str())
    }
}

/// One parsed species: atoms, net charge, optional state, and the text as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Species {
    /// Atom counts per element (electrons have none).
    pub composition: BTreeMap<Element, i64>,
    /// Net charge in elementary charges.
    pub charge: i64,
    /// The state annotation, if written.
    pub state: Option<State>,
    /// The species as written (trimmed), used in every text the user reads.
    pub source: String,
    /// Readings the user should check (ambiguous charges, `.` hydrates).
    pub warnings: Vec<String>,
    /// Characters of `source` that make up the formula (before the charge and state).
    #[serde(skip)]
    formula_chars: usize,
}

impl Species {
    /// The electron `e-`.
    pub fn electron() -> Species {
        Species {
            composition: BTreeMap::new(),
            charge: -1,
            state: None,
            source: "e-".into(),
            warnings: Vec::new(),
            formula_chars: 1,
        }
    }

    /// Whether this is the electron (no atoms, charge −1).
    pub fn is_electron(&self) -> bool {
        self.composition.is_empty() && self.charge == -1
    }

    /// The Hill formula (`C3H8`, `CuH10O9S` for `CuSO4·5H2O`, `e` for the electron): carbon,
    /// hydrogen, then the other symbols alphabetically when carbon is present; all symbols
    /// alphabetically otherwise; counts of 1 omitted.
    pub fn hill(&self) -> String {
        if self.composition.is_empty() {
            return "e".into();
        }
        let mut s = String::new();
        for e in hill_sorted(self.composition.keys().copied()) {
            s.push_str(&e.symbol());
            let n = self.composition[&e];
            if n != 1 {
                s.push_str(&n.to_string());
            }
        }
        s
    }

    /// The identity of a species, independent of spelling: (Hill formula, charge, state).
    /// It orders species for the lex-Hill tie-break of the canonical balance.
    pub fn key(&self) -> (String, i64, Option<State>) {
        (self.hill(), self.charge, self.state)
    }

    /// Whether two species have the same atoms and charge (states may differ).
    pub fn same_substance(&self, other: &Species) -> bool {
        self.composition == other.composition && self.charge == other.charge
    }

    /// The species with Unicode subscripts and superscripts (`MnO₄⁻`, `Fe³⁺`,
    /// `CuSO₄·5H₂O`, `¹³CH₄`), the charge written as it was read.
    pub fn pretty(&self) -> String {
        let state = self.state.map(|s| s.to_string()).unwrap_or_default();
        if self.is_electron() {
            return format!("e⁻{state}");
        }
        let f: Vec<char> = self.source.chars().take(self.formula_chars).collect();
        let mut out = String::new();
        let mut after_symbol = false;
        let mut i = 0;
        while i < f.len() {
            let c = f[i];
            if c == '[' && f.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                // isotope label: mass number as a superscript, brackets dropped
                i += 1;
                while let Some(&d) = f.get(i).filter(|d| d.is_ascii_digit()) {
                    out.push(superscript_digit(d));
                    i += 1;
                }
                while let Some(&l) = f.get(i).filter(|&&l| l != ']') {
                    out.push(l);
                    i += 1;
                }
                i += 1;
                after_symbol = true;
                continue;
            }
            if c.is_ascii_digit() {
                while let Some(&d) = f.get(i).filter(|d| d.is_ascii_digit()) {
                    out.push(if after_symbol { subscript_digit(d) } else { d });
                    i += 1;
                }
                after_symbol = false;
                continue;
            }
            if is_separator(c) {
                out.push('·');
                after_symbol = false;
            } else {
                out.push(c);
                after_symbol = c.is_alphabetic() || c == ')' || c == ']';
            }
            i += 1;
        }
        out.push_str(&superscript_charge(self.charge));
        out.push_str(&state);
        out
    }
}

fn subscript_digit(d: char) -> char {
    "₀₁₂₃₄₅₆₇₈₉"
        .chars()
        .nth(d as usize - '0' as usize)
        .unwrap_or(d)
}

fn superscript_digit(d: char) -> char {
    "⁰¹²³⁴⁵⁶⁷⁸⁹"
        .chars()
        .nth(d as usize - '0' as usize)
        .unwrap_or(d)
}

/// A charge as superscripts: `⁺`, `²⁻`, empty for 0.
pub fn superscript_charge(charge: i64) -> String {
    if charge == 0 {
        return String::new();
    }
    let mut s = String::new();
    if charge.unsigned_abs() != 1 {
        s.extend(
            charge
                .unsigned_abs()
                .to_string()
                .chars()
                .map(superscript_digit),
        );
    }
    s.push(if charge > 0 { '⁺' } else { '⁻' });
    s
}

/// Whether `c` separates the parts of an adduct or hydrate (`CuSO4·5H2O`).
pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, '·' | '•' | '∙' | '.' | '*')
}

const SUBSCRIPTS: &str = "₀₁₂₃₄₅₆₇₈₉";
const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/// The value of an ASCII or subscript digit.
fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10)
        .or_else(|| SUBSCRIPTS.chars().position(|s| s == c).map(|p| p as u32))
}

/// Organic abbreviations accepted with [`ParseOptions::abbreviations`]: (name, C, H).
const ABBREVIATIONS: [(&str, i64, i64); 4] =
    [("Me", 1, 3), ("Et", 2, 5), ("Ph", 6, 5), ("Bu", 4, 9)];

/// Parse one species (formula, charge, state) with the default [`ParseOptions`].
///
/// ```
/// use globopt_chem::parse_formula;
/// let s = parse_formula("K4[Fe(CN)6]").unwrap();
/// assert_eq!(s.hill(), "C6FeK4N6");
/// assert_eq!(parse_formula("Fe(CN)6-4").unwrap().charge, -4);
/// ```
pub fn parse_formula(text: &str) -> Result<Species, ChemError> {
    parse_formula_with(text, &ParseOptions::default())
}

/// Parse one species with explicit options; columns in errors count from the first
/// character of `text`.
pub fn parse_formula_with(text: &str, options: &ParseOptions) -> Result<Species, ChemError> {
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ChemError::parse(1, "empty formula"));
    }
    parse_species_at(trimmed, lead + 1, options)
}

/// Parse a species token whose first character sits at 1-based `column` of the text the user
/// gave (digest 02, steps 2–3).
pub(crate) fn parse_species_at(
    token: &str,
    column: usize,
    options: &ParseOptions,
) -> Result<Species, ChemError> {
    let chars: Vec<char> = token
        .chars()
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let mut warnings = Vec::new();
    // state suffix
    let mut end = chars.len();
    let mut state = None;
    if chars.last() == Some(&')') {
        if let Some(open) = chars.iter().rposition(|&c| c == '(') {
            let inner: String = chars[open + 1..end - 1].iter().collect();
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase()) {
                state = Some(State::from_str(&inner).ok_or_else(|| {
                    ChemError::parse(
                        column + open,
                        format!("unknown state '({inner})' (states are (s), (l), (g), (aq), (cr))"),
                    )
                })?);
                end = open;
            }
        }
    }
    let body = &chars[..end];
    if body.is_empty() {
        return Err(ChemError::parse(column, "missing formula before the state"));
    }
    let electron: [&[char]; 5] = [
        &['e'],
        &['e', '-'],
        &['e', '^', '-'],
        &['e', '{', '-', '}'],
        &['e', '⁻'],
    ];
    if electron.contains(&body) {
        return Ok(Species {
            state,
            source: token.to_string(),
            formula_chars: 1,
            ..Species::electron()
        });
    }
    let (formula_end, charge) = read_charge(body, column, options, &mut warnings)?;
    if formula_end == 0 {
        return Err(ChemError::parse(
            column,
            "missing formula before the charge",
        ));
    }
    let mut parser = FormulaParser {
        c: &body[..formula_end],
        i: 0,
        column,
        options,
        warnings: &mut warnings,
    };
    let composition = parser.formula()?;
    Ok(Species {
        composition,
        charge,
        state,
        source: token.to_string(),
        warnings,
        formula_chars: formula_end,
    })
}

/// Read the charge at the end of `body` (digest 02, step 3); returns where the formula ends
/// and the charge.
fn read_charge(
    body: &[char],
    column: usize,
    options: &ParseOptions,
    warnings: &mut Vec<String>,
) -> Result<(usize, i64), ChemError> {
    let n = body.len();
    let last = body[n - 1];
    if last == '}' {
        let open = body
            .iter()
            .rposition(|&c| c == '{')
            .ok_or_else(|| ChemError::parse(column + n - 1, "unmatched '}'"))?;
        let text: String = body[open + 1..n - 1].iter().collect();
        return Ok((open, charge_text(&text, column + open)?));
    }
    if SUPERSCRIPTS.contains(last) || last == '⁺' || last == '⁻' {
        let start = body
            .iter()
            .rposition(|&c| !(SUPERSCRIPTS.contains(c) || c == '⁺' || c == '⁻'))
            .map_or(0, |p| p + 1);
        let text: String = body[start..]
            .iter()
            .map(|&c| match c {
                '⁺' => '+',
                '⁻' => '-',
                d => SUPERSCRIPTS
                    .chars()
                    .position(|s| s == d)
                    .and_then(|p| char::from_digit(p as u32, 10))
                    .unwrap_or(d),
            })
            .collect();
        return Ok((start, charge_text(&text, column + start)?));
    }
    if let Some(caret) = body.iter().rposition(|&c| c == '^') {
        let text: String = body[caret + 1..].iter().collect();
        return Ok((caret, charge_text(&text, column + caret + 1)?));
    }
    if last == '+' || last == '-' {
        let start = body
            .iter()
            .rposition(|&c| c != '+' && c != '-')
            .map_or(0, |p| p + 1);
        let signs = &body[start..];
        if signs.iter().any(|&c| c != last) {
            return Err(ChemError::parse(
                column + start,
                "mixed signs in the charge",
            ));
        }
        let sign: i64 = if last == '+' { 1 } else { -1 };
        let count = signs.len() as i64;
        let digits_start = body[..start]
            .iter()
            .rposition(|c| !c.is_ascii_digit())
            .map_or(0, |p| p + 1);
        if count >= 2 || digits_start == start {
            return Ok((start, sign * count));
        }
        // `<digits><sign>`: the ambiguous form
        let token: String = body.iter().collect();
        let digits: String = body[digits_start..start].iter().collect();
        let prefix: String = body[..digits_start].iter().collect();
        let lone_element = is_lone_element(&prefix, options);
        let sign_char = if sign > 0 { '+' } else { '-' };
        if options.strict_charges {
            return Err(ChemError::parse(
                column + digits_start,
                format!(
                    "ambiguous charge in '{token}' (write {prefix}^{digits}{sign_char} for charge \
                     {sign_char}{digits}, or {prefix}{digits}^{sign_char} for charge {sign_char}1)"
                ),
            ));
        }
        if digits.len() >= 2 {
            let (sub, chg) = digits.split_at(digits.len() - 1);
            warnings.push(format!(
                "'{token}': did you mean {prefix}{sub}^{chg}{sign_char}? (a multi-digit number \
                 before a final sign)"
            ));
        }
        if lone_element {
            let value = small_number(&digits, column + digits_start, "charge")?;
            warnings.push(format!(
                "'{token}' read as {prefix} with charge {sign_char}{value} (after a lone element \
                 symbol the digits are the charge; write {prefix}^{digits}{sign_char} to say so, \
                 or {prefix}{digits}^{sign_char} for {prefix}{digits} with charge {sign_char}1)"
            ));
            return Ok((digits_start, sign * value));
        }
        warnings.push(format!(
            "'{token}' read as {prefix}{digits} with charge {sign_char}1 (after a group the \
             digits are a subscript; write {prefix}{digits}^{sign_char} to say so)"
        ));
        return Ok((start, sign));
    }
    if last.is_ascii_digit() {
        let digits_start = body
            .iter()
            .rposition(|c| !c.is_ascii_digit())
            .map_or(0, |p| p + 1);
        if digits_start > 0 && matches!(body[digits_start - 1], '+' | '-') {
            let sign = if body[digits_start - 1] == '+' { 1 } else { -1 };
            let digits: String = body[digits_start..].iter().collect();
            let value = small_number(&digits, column + digits_start, "charge")?;
            return Ok((digits_start - 1, sign * value));
        }
    }
    Ok((n, 0))
}

/// Whether `text` is exactly one element symbol (or D/T with isotopes).
fn is_lone_element(text: &str, options: &ParseOptions) -> bool {
    Element::from_symbol(text).is_some() || (options.isotopes && matches!(text, "D" | "T"))
}

/// A charge in caret, brace or superscript spelling: `3+`, `+3`, `-`, `++`, `2-`.
fn charge_text(text: &str, column: usize) -> Result<i64, ChemError> {
    let bad = || {
        ChemError::parse(
            column,
            format!("invalid charge '{text}' (write it as 3+, +3, 2-, - or ++)"),
        )
    };
    let signs = text.chars().filter(|c| *c == '+' || *c == '-').count();
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if signs == 0 || signs + digits.len() != text.chars().count() {
        return Err(bad());
    }
    let sign = if text.contains('+') { 1 } else { -1 };
    if text.contains('+') && text.contains('-') {
        return Err(bad());
    }
    if digits.is_empty() {
        return Ok(sign * signs as i64);
    }
    // digits then one sign, or one sign then digits
    let first = text.chars().next().unwrap_or('+');
    let well_formed = signs == 1
        && (text.ends_with(['+', '-']) && first.is_ascii_digit()
            || (first == '+' || first == '-') && text[1..].chars().all(|c| c.is_ascii_digit()));
    if !well_formed {
        return Err(bad());
    }
    Ok(sign * small_number(&digits, column, "charge")?)
}

/// A positive decimal number without a leading zero, at most 10⁹.
fn small_number(digits: &str, column: usize, what: &str) -> Result<i64, ChemError> {
    if digits.starts_with('0') {
        return Err(ChemError::parse(
            column,
            format!("{what} '{digits}' starts with 0"),
        ));
    }
    match digits.parse::<i64>() {
        Ok(v) if v <= 1_000_000_000 => Ok(v),
        _ => Err(ChemError::parse(
            column,
            format!("{what} '{digits}' is too large (at most 10^9)"),
        )),
    }
}

/// Atom counts while parsing: unsorted, an element may repeat; merged at the end.
type Composition = Vec<(Element, i64)>;

/// Recursive-descent reader of the formula part (digest 02, step 2).
struct FormulaParser<'a> {
    c: &'a [char],
    i: usize,
    column: usize,
    options: &'a ParseOptions,
    warnings: &'a mut Vec<String>,
}

impl FormulaParser<'_> {
    fn col(&self, i: usize) -> usize {
        self.column + i
    }

    fn err(&self, i: usize, message: impl Into<String>) -> ChemError {
        ChemError::parse(self.col(i), message)
    }

    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    /// `formula := unit (sep [int] unit)*`.
    fn formula(&mut self) -> Result<BTreeMap<Element, i64>, ChemError> {
        if self.peek().is_some_and(|c| digit_value(c).is_some()) {
            return Err(self.err(
                0,
                "a formula cannot start with a number (a coefficient goes before it, separated by a space)",
            ));
        }
        let mut total = self.sequence(None)?;
        while let Some(sep) = self.peek().filter(|&c| is_separator(c)) {
            let at = self.i;
            self.i += 1;
            let multiplier = if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.count()?
            } else {
                1
            };
            let part = self.sequence(None)?;
            if part.is_empty() {
                return Err(self.err(at, format!("missing formula after '{sep}'")));
            }
            add_scaled(&mut total, &part, multiplier)
                .ok_or_else(|| self.err(at, "atom count too large"))?;
        }
        if let Some(c) = self.peek() {
            return Err(self.unexpected(c));
        }
        merged(&total).ok_or_else(|| self.err(0, "atom count too large"))
    }

    fn unexpected(&self, c: char) -> ChemError {
        let i = self.i;
        match c {
            ')' | ']' => self.err(i, format!("unmatched '{c}'")),
            '+' | '-' => self.err(
                i,
                format!("unexpected '{c}' (separate species with ' + ', and put a charge last)"),
            ),
            c if c.is_whitespace() => self.err(i, "unexpected space"),
            c if c.is_lowercase() => self.err(
                i,
                format!("unexpected '{c}' (element symbols start with an uppercase letter)"),
            ),
            c if digit_value(c).is_some() => self.err(i, format!("unexpected number '{c}'")),
            _ => self.err(i, format!("unexpected '{c}'")),
        }
    }

    /// `unit := (Element [int] | "(" unit ")" [int] | "[" unit "]" [int])+`, stopping before a
    /// separator, a closing bracket or the end.
    fn sequence(&mut self, open: Option<(char, usize)>) -> Result<Composition, ChemError> {
        let mut total = Composition::new();
        loop {
            let Some(c) = self.peek() else {
                if let Some((o, at)) = open {
                    return Err(self.err(at, format!("unclosed '{o}'")));
                }
                return Ok(total);
            };
            let at = self.i;
            let (part, mult) = if c.is_ascii_uppercase() {
                let part = self.symbol()?;
                (part, self.count_or_one()?)
            } else if c == '(' || c == '[' {
                if c == '[' && self.c.get(at + 1).is_some_and(|d| d.is_ascii_digit()) {
                    let part = self.isotope_label()?;
                    (part, self.count_or_one()?)
                } else {
                    if self.c.get(at + 1).is_some_and(|d| d.is_ascii_lowercase()) {
                        return Err(
                            self.err(at, "a state such as (aq) must come last, after the charge")
                        );
                    }
                    self.i += 1;
                    let inner = self.sequence(Some((c, at)))?;
                    let close = if c == '(' { ')' } else { ']' };
                    match self.peek() {
                        Some(x) if x == close => {}
                        Some(x @ (')' | ']')) => {
                            return Err(self.err(
                                self.i,
                                format!("'{c}' at column {} closed by '{x}'", self.col(at)),
                            ));
                        }
                        _ => return Err(self.err(at, format!("unclosed '{c}'"))),
                    }
                    if inner.is_empty() {
                        return Err(self.err(at, format!("empty group '{c}{close}'")));
                    }
                    self.i += 1;
                    (inner, self.count_or_one()?)
                }
            } else if c == ')' || c == ']' {
                if open.is_none() {
                    return Err(self.err(at, format!("unmatched '{c}'")));
                }
                return Ok(total);
            } else if is_separator(c) {
                if open.is_some() {
                    return Err(self.err(at, format!("'{c}' inside brackets")));
                }
                return Ok(total);
            } else {
                return Err(self.unexpected(c));
            };
            add_scaled(&mut total, &part, mult)
                .ok_or_else(|| self.err(at, "atom count too large"))?;
        }
    }

    /// An element symbol (or, with the options, an abbreviation or D/T).
    fn symbol(&mut self) -> Result<Composition, ChemError> {
        let at = self.i;
        let upper = self.c[at];
        let lower = self
            .c
            .get(at + 1)
            .copied()
            .filter(|c| c.is_ascii_lowercase());
        let mut comp = Composition::new();
        if let Some(l) = lower {
            self.i += 2;
            if let Some(e) = Element::from_chars(&[upper, l]) {
                comp.push((e, 1));
                return Ok(comp);
            }
            let two: String = [upper, l].iter().collect();
            if let Some(&(_, c, h)) = ABBREVIATIONS.iter().find(|a| a.0 == two) {
                if self.options.abbreviations {
                    comp.push((Element::from_symbol("C").expect("carbon is an element"), c));
                    comp.push((
                        Element::from_symbol("H").expect("hydrogen is an element"),
                        h,
                    ));
                    return Ok(comp);
                }
                return Err(self.err(
                    at,
                    format!("unknown element '{two}' (the abbreviation {two} needs the abbreviations option)"),
                ));
            }
            return Err(self.err(at, format!("unknown element '{two}'")));
        }
        self.i += 1;
        if let Some(e) = Element::from_chars(&[upper]) {
            comp.push((e, 1));
            return Ok(comp);
        }
        if matches!(upper, 'D' | 'T') {
            if self.options.isotopes {
                let mass = if upper == 'D' { 2 } else { 3 };
                comp.push((
                    Element::isotope(1, mass).expect("D and T are hydrogen isotopes"),
                    1,
                ));
                return Ok(comp);
            }
            return Err(self.err(
                at,
                format!(
                    "unknown element '{upper}' (deuterium and tritium need the isotopes option)"
                ),
            ));
        }
        Err(self.err(at, format!("unknown element '{upper}'")))
    }

    /// `[13C]`: an isotope label, conserved as its own pseudo-element.
    fn isotope_label(&mut self) -> Result<Composition, ChemError> {
        let at = self.i;
        if !self.options.isotopes {
            return Err(self.err(at, "isotope labels such as [13C] need the isotopes option"));
        }
        self.i += 1;
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits: String = self.c[start..self.i].iter().collect();
        let mass = small_number(&digits, self.col(start), "mass number")?;
        if !self.peek().is_some_and(|c| c.is_ascii_uppercase()) {
            return Err(self.err(
                self.i,
                "an isotope label needs an element symbol, as in [13C]",
            ));
        }
        let sym_at = self.i;
        let element = self.symbol()?;
        let &[(e, 1)] = element.as_slice() else {
            return Err(self.err(sym_at, "an isotope label holds one element symbol"));
        };
        let iso = u16::try_from(mass)
            .ok()
            .and_then(|m| Element::isotope(e.atomic_number(), m))
            .ok_or_else(|| self.err(start, format!("mass number {mass} is impossible for {e}")))?;
        if self.peek() != Some(']') {
            return Err(self.err(at, "unclosed '[' of an isotope label"));
        }
        self.i += 1;
        Ok(vec![(iso, 1)])
    }

    fn count_or_one(&mut self) -> Result<i64, ChemError> {
        if self.peek().is_some_and(|c| digit_value(c).is_some()) {
            self.count()
        } else {
            Ok(1)
        }
    }

    /// A subscript or multiplier: digits (ASCII or subscript), no leading zero, and not a
    /// decimal (`Fe0.95O` is rejected; `CuSO4.5H2O` is read as a hydrate with a warning).
    fn count(&mut self) -> Result<i64, ChemError> {
        let start = self.i;
        let mut digits = String::new();
        while let Some(d) = self.peek().and_then(digit_value) {
            digits.push(char::from_digit(d, 10).unwrap_or('0'));
            self.i += 1;
        }
        let after_dot = self
            .c
            .get(self.i + 1)
            .filter(|c| c.is_ascii_digit())
            .is_some();
        if self.peek() == Some('.') && after_dot {
            let frac_start = self.i + 1;
            let mut j = frac_start;
            while self.c.get(j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
            let frac: String = self.c[frac_start..j].iter().collect();
            let unit_follows = self
                .c
                .get(j)
                .is_some_and(|&c| c.is_ascii_uppercase() || c == '(' || c == '[');
            if digits == "0" || digits == "1" || frac.starts_with('0') || !unit_follows {
                return Err(self.err(
                    start,
                    format!(
                        "decimal subscript '{digits}.{frac}' (non-stoichiometric formulas are not supported)"
                    ),
                ));
            }
            let whole: String = self.c.iter().collect();
            let mut hydrate: String = self.c[..self.i].iter().collect();
            hydrate.push('·');
            hydrate.extend(&self.c[self.i + 1..]);
            self.warnings.push(format!(
                "'{whole}' read as the hydrate {hydrate} (write '·' or '*' to say so)"
            ));
        }
        if digits == "0" {
            return Err(self.err(start, "zero count"));
        }
        small_number(&digits, self.col(start), "count")
    }
}

/// `total += part · k`, `None` on overflow.
fn add_scaled(total: &mut Composition, part: &Composition, k: i64) -> Option<()> {
    for &(e, n) in part {
        total.push((e, n.checked_mul(k)?));
    }
    Some(())
}

/// The atom counts per element, `None` on overflow.
fn merged(parts: &Composition) -> Option<BTreeMap<Element, i64>> {
    let mut m = BTreeMap::new();
    for &(e, n) in parts {
        let slot = m.entry(e).or_insert(0i64);
        *slot = slot.checked_add(n)?;
    }
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(s: &Species) -> Vec<(String, i64)> {
        s.composition
            .iter()
            .map(|(e, n)| (e.symbol(), *n))
            .collect()
    }

    #[test]
    fn digest_parser_table() {
        let s = parse_formula("K4[Fe(CN)6]").unwrap();
        assert_eq!(s.hill(), "C6FeK4N6");
        let s = parse_formula("(CH3)2CO").unwrap();
        assert_eq!(s.hill(), "C3H6O");
        let s = parse_formula("Fe(CN)6-4").unwrap();
        assert_eq!((s.charge, s.hill().as_str()), (-4, "C6FeN6"));
        let s = parse_formula("NaCl(aq)").unwrap();
        assert_eq!((s.hill().as_str(), s.state), ("ClNa", Some(State::Aqueous)));
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn charge_spellings() {
        for t in ["Fe+3", "Fe^3+", "Fe^+3", "Fe{3+}", "Fe³⁺", "Fe+++", "Fe3+"] {
            let s = parse_formula(t).unwrap();
            assert_eq!((s.charge, s.hill().as_str()), (3, "Fe"), "{t}");
        }
        assert_eq!(parse_formula("Fe3+").unwrap().warnings.len(), 1);
        assert!(parse_formula("Fe^3+").unwrap().warnings.is_empty());
        let s = parse_formula("MnO4-").unwrap();
        assert_eq!((s.charge, s.hill().as_str()), (-1, "MnO4"));
        assert_eq!(s.warnings.len(), 1);
        assert!(s.warnings[0].contains("MnO4 with charge -1"));
        let s = parse_formula("SO42-").unwrap();
        assert_eq!((s.charge, s.hill().as_str()), (-1, "O42S"));
        assert!(s.warnings.iter().any(|w| w.contains("did you mean SO4^2-")));
        assert_eq!(parse_formula("S2-").unwrap().charge, -2);
        assert_eq!(parse_formula("OH-").unwrap().charge, -1);
        assert!(parse_formula("OH-").unwrap().warnings.is_empty());
        assert_eq!(parse_formula("I3^-").unwrap().hill(), "I3");
        assert_eq!(parse_formula("N3{-}").unwrap().charge, -1);
        assert_eq!(parse_formula("Hg2++").unwrap().hill(), "Hg2");
        assert_eq!(parse_formula("SO4^2-").unwrap().charge, -2);
        assert_eq!(parse_formula("C2O4^2-").unwrap().charge, -2);
        assert_eq!(parse_formula("MnO₄⁻").unwrap().hill(), "MnO4");
        let strict = ParseOptions {
            strict_charges: true,
            ..Default::default()
        };
        assert!(parse_formula_with("Fe3+", &strict).is_err());
        assert!(parse_formula_with("Fe+3", &strict).is_ok());
    }

    #[test]
    fn hydrates_and_decimals() {
        let a = parse_formula("CuSO4·5H2O").unwrap();
        let b = parse_formula("CuSO4.5H2O").unwrap();
        let c = parse_formula("CuSO4*5H2O").unwrap();
        assert_eq!(a.hill(), "CuH10O9S");
        assert_eq!(comp(&a), comp(&b));
        assert_eq!(comp(&a), comp(&c));
        assert!(a.warnings.is_empty() && c.warnings.is_empty());
        assert_eq!(b.warnings.len(), 1);
        assert_eq!(
            parse_formula("KCl.MgCl2.6H2O").unwrap().hill(),
            "Cl3H12KMgO6"
        );
        for bad in ["Fe0.95O", "Li1.2Mn0.6O2", "C1.5", "(CH2)0.5"] {
            let e = parse_formula(bad).unwrap_err().to_string();
            assert!(e.contains("decimal"), "{bad}: {e}");
        }
    }

    #[test]
    fn errors_point_at_the_character() {
        let e = parse_formula("Mn(Cl2").unwrap_err();
        assert_eq!(e.to_string(), "unclosed '(' at column 3");
        let e = parse_formula("Fe(CN]6").unwrap_err();
        assert_eq!(e.to_string(), "'(' at column 3 closed by ']' at column 6");
        assert!(
            parse_formula("Xx2")
                .unwrap_err()
                .to_string()
                .contains("unknown element 'Xx'")
        );
        assert!(
            parse_formula("H2)O")
                .unwrap_err()
                .to_string()
                .contains("unmatched ')' at column 3")
        );
        assert!(parse_formula("H0").is_err());
        assert!(parse_formula("()").is_err());
        assert!(parse_formula("2H2O").is_err());
        assert!(parse_formula("D2O").is_err());
        assert!(parse_formula("MeOH").is_err());
        assert!(parse_formula("H2O(x)").is_err());
        assert!(parse_formula("Fe+-").is_err());
    }

    #[test]
    fn extensions_and_electrons() {
        let iso = ParseOptions {
            isotopes: true,
            ..Default::default()
        };
        let d2o = parse_formula_with("D2O", &iso).unwrap();
        assert_eq!(d2o.hill(), "D2O");
        let c13 = parse_formula_with("[13C]H4", &iso).unwrap();
        assert_eq!(c13.composition.len(), 2);
        let ab = ParseOptions {
            abbreviations: true,
            ..Default::default()
        };
        assert_eq!(parse_formula_with("MeOH", &ab).unwrap().hill(), "CH4O");
        assert_eq!(parse_formula_with("Ph2", &ab).unwrap().hill(), "C12H10");
        for e in ["e-", "e", "e^-", "e⁻"] {
            assert!(parse_formula(e).unwrap().is_electron(), "{e}");
        }
    }

    #[test]
    fn pretty_spelling() {
        assert_eq!(parse_formula("MnO4-").unwrap().pretty(), "MnO₄⁻");
        assert_eq!(parse_formula("Fe3+").unwrap().pretty(), "Fe³⁺");
        assert_eq!(parse_formula("CuSO4.5H2O").unwrap().pretty(), "CuSO₄·5H₂O");
        assert_eq!(parse_formula("Fe(CN)6-4").unwrap().pretty(), "Fe(CN)₆⁴⁻");
        assert_eq!(parse_formula("H2O(l)").unwrap().pretty(), "H₂O(l)");
        assert_eq!(parse_formula("e-").unwrap().pretty(), "e⁻");
    }
}
