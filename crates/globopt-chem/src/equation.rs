//! Equations: sides split on an arrow, species separated by ` + `, optional user
//! coefficients (shared digest 02, "Algorithm" step 1).

use crate::error::ChemError;
use crate::formula::{ParseOptions, Species, parse_species_at};
use serde::{Deserialize, Serialize};

/// The arrows that split an equation into reactants and products, longest first.
pub const ARROWS: [&str; 6] = ["<=>", "⇌", "->", "→", "⟶", "="];

/// [`ARROWS`] as characters, for matching.
const ARROW_CHARS: [&[char]; 6] = [
    &['<', '=', '>'],
    &['⇌'],
    &['-', '>'],
    &['→'],
    &['⟶'],
    &['='],
];

/// Which side of the arrow a species was written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Left of the arrow.
    Reactant,
    /// Right of the arrow.
    Product,
}

impl Side {
    /// The sign of the side in the stoichiometric vector: −1 for reactants, +1 for products.
    pub fn sign(self) -> i64 {
        match self {
            Side::Reactant => -1,
            Side::Product => 1,
        }
    }
}

/// One species of an equation with its side and the coefficient the user wrote, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The parsed species.
    pub species: Species,
    /// The side it was written on.
    pub side: Side,
    /// The user's coefficient (`2` in `2 H2O`), used only by the check mode.
    pub coefficient: Option<i64>,
    /// 1-based column of the species in the equation text.
    pub column: usize,
}

/// A parsed equation: the species in the order written, each with its side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Equation {
    /// The species in the order written (reactants first, as written).
    pub entries: Vec<Entry>,
    /// The arrow as written (`=`, `->`, `→`, `<=>`, `⇌`).
    pub arrow: String,
    /// The equation text.
    pub source: String,
}

impl Equation {
    /// Every reading the user should check (ambiguous charges, `.` hydrates), in order.
    pub fn warnings(&self) -> Vec<String> {
        self.entries
            .iter()
            .flat_map(|e| e.species.warnings.iter().cloned())
            .collect()
    }

    /// Whether any coefficient was written.
    pub fn has_coefficients(&self) -> bool {
        self.entries.iter().any(|e| e.coefficient.is_some())
    }
}

/// Parse an equation with the default [`ParseOptions`].
///
/// ```
/// use globopt_chem::parse_equation;
/// let eq = parse_equation("KMnO4 + HCl = KCl + MnCl2 + Cl2 + H2O").unwrap();
/// assert_eq!(eq.entries.len(), 6);
/// let err = parse_equation("KMnO4 + HCl = KCl + Mn(Cl2").unwrap_err();
/// assert_eq!(err.to_string(), "unclosed '(' at column 23");
/// ```
pub fn parse_equation(text: &str) -> Result<Equation, ChemError> {
    parse_equation_with(text, &ParseOptions::default())
}

/// Parse an equation: find the one arrow, split each side into species on ` + ` (a `+`
/// touching a token belongs to a charge), read an optional leading integer coefficient, parse
/// each formula, and reject a species listed twice (on one side, or on both sides where it
/// would cancel silently).
pub fn parse_equation_with(text: &str, options: &ParseOptions) -> Result<Equation, ChemError> {
    let chars: Vec<char> = text.chars().collect();
    let mut arrows: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match ARROW_CHARS.iter().position(|a| chars[i..].starts_with(a)) {
            Some(k) => {
                let len = ARROW_CHARS[k].len();
                arrows.push((i, len, ARROWS[k]));
                i += len;
            }
            None => i += 1,
        }
    }
    let (at, len, arrow) = match arrows.as_slice() {
        [] => {
            return Err(ChemError::parse(
                chars.len() + 1,
                "no reaction arrow (=, ->, →, <=>) found",
            ));
        }
        [one] => *one,
        [_, second, ..] => {
            return Err(ChemError::parse(second.0 + 1, "a second reaction arrow"));
        }
    };
    let mut entries = Vec::new();
    for (side, range) in [
        (Side::Reactant, 0..at),
        (Side::Product, at + len..chars.len()),
    ] {
        let column_of_side = if side == Side::Reactant {
            1
        } else {
            at + len + 1
        };
        let groups = split_side(&chars, range)?;
        if groups.is_empty() {
            let what = if side == Side::Reactant {
                "no reactants before the arrow"
            } else {
                "no products after the arrow"
            };
            return Err(ChemError::parse(
                column_of_side.min(chars.len().max(1)),
                what,
            ));
        }
        for group in groups {
            entries.push(read_entry(&group, side, options)?);
        }
    }
    let keys: Vec<_> = entries.iter().map(|e| e.species.key()).collect();
    for (j, e) in entries.iter().enumerate() {
        if let Some(first) = keys[..j]
            .iter()
            .position(|k| *k == keys[j])
            .map(|i| &entries[i])
        {
            let message = if first.side == e.side {
                format!(
                    "'{}' is listed twice (also at column {})",
                    e.species.source, first.column
                )
            } else {
                format!(
                    "'{}' is on both sides (also at column {}); it would cancel: remove it, or \
                     let a medium place H+, OH- or H2O",
                    e.species.source, first.column
                )
            };
            return Err(ChemError::parse(e.column, message));
        }
    }
    Ok(Equation {
        entries,
        arrow: arrow.to_string(),
        source: text.to_string(),
    })
}

/// A whitespace-separated token with the 0-based index of its first character.
type Token = (usize, String);

/// Split a side into groups of tokens separated by lone `+` tokens.
fn split_side(chars: &[char], range: std::ops::Range<usize>) -> Result<Vec<Vec<Token>>, ChemError> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < range.end && !chars[i].is_whitespace() {
            i += 1;
        }
        tokens.push((start, chars[start..i].iter().collect()));
    }
    let mut groups: Vec<Vec<Token>> = vec![Vec::new()];
    let mut last_plus: Option<usize> = None;
    for t in tokens {
        if t.1 == "+" {
            if groups.last().is_some_and(|g| g.is_empty()) {
                return Err(ChemError::parse(
                    t.0 + 1,
                    "a species is missing before this '+'",
                ));
            }
            last_plus = Some(t.0);
            groups.push(Vec::new());
        } else if let Some(g) = groups.last_mut() {
            g.push(t);
        }
    }
    if groups.last().is_some_and(|g| g.is_empty()) {
        if let Some(p) = last_plus {
            return Err(ChemError::parse(
                p + 1,
                "a species is missing after this '+'",
            ));
        }
        groups.pop();
    }
    Ok(groups)
}

/// `[coefficient] species [state]` from one group of tokens.
fn read_entry(group: &[Token], side: Side, options: &ParseOptions) -> Result<Entry, ChemError> {
    let mut tokens: Vec<Token> = group.to_vec();
    let mut coefficient = None;
    // a state written apart from its species: `NaCl (aq)`
    if tokens.len() >= 2 {
        let last = &tokens[tokens.len() - 1].1;
        if matches!(last.as_str(), "(s)" | "(l)" | "(g)" | "(aq)" | "(cr)") {
            let state = tokens.pop().map(|t| t.1).unwrap_or_default();
            if let Some(t) = tokens.last_mut() {
                t.1.push_str(&state);
            }
        }
    }
    if let Some((col, first)) = tokens.first()
        && tokens.len() >= 2
        && first.starts_with(|c: char| c.is_ascii_digit())
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == '.')
        && !first.chars().all(|c| c.is_ascii_digit())
    {
        return Err(ChemError::parse(
            col + 1,
            "coefficients must be whole numbers",
        ));
    }
    if tokens.len() == 2 && tokens[0].1.chars().all(|c| c.is_ascii_digit()) {
        let (col, text) = tokens.remove(0);
        coefficient = Some(read_coefficient(&text, col + 1)?);
    }
    if tokens.len() != 1 {
        let (col, text) = &tokens[1];
        return Err(ChemError::parse(
            col + 1,
            format!("expected ' + ' before '{text}'"),
        ));
    }
    let (mut col, mut text) = tokens.remove(0);
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        if coefficient.is_some() {
            return Err(ChemError::parse(
                col + 1,
                "two coefficients for one species",
            ));
        }
        let rest: String = text.chars().skip(digits.len()).collect();
        if rest.starts_with('/') || rest.starts_with('.') {
            return Err(ChemError::parse(
                col + 1,
                "coefficients must be whole numbers",
            ));
        }
        if rest.is_empty() {
            return Err(ChemError::parse(col + 1, "a coefficient without a species"));
        }
        coefficient = Some(read_coefficient(&digits, col + 1)?);
        col += digits.chars().count();
        text = rest;
    }
    let species = parse_species_at(&text, col + 1, options)?;
    Ok(Entry {
        species,
        side,
        coefficient,
        column: col + 1,
    })
}

/// A user coefficient: a positive integer without a leading zero, at most 10¹².
fn read_coefficient(digits: &str, column: usize) -> Result<i64, ChemError> {
    if digits.starts_with('0') {
        return Err(ChemError::parse(
            column,
            "a coefficient must be positive, without a leading zero",
        ));
    }
    match digits.parse::<i64>() {
        Ok(v) if v <= 1_000_000_000_000 => Ok(v),
        _ => Err(ChemError::parse(
            column,
            "coefficient too large (at most 10^12)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_sides_and_coefficients() {
        for t in [
            "2 H2 + O2 = 2 H2O",
            "2H2 + O2 -> 2H2O",
            "2 H2 + O2 → 2 H2O",
            "2 H2 + O2 <=> 2 H2O",
            "2 H2 + O2 ⇌ 2 H2O",
        ] {
            let eq = parse_equation(t).unwrap();
            let c: Vec<Option<i64>> = eq.entries.iter().map(|e| e.coefficient).collect();
            assert_eq!(c, [Some(2), None, Some(2)], "{t}");
            assert_eq!(eq.entries[2].side, Side::Product);
        }
        let eq = parse_equation("Cr2O7^2- + 14 H+ + 6e- = 2 Cr+3 + 7 H2O").unwrap();
        assert!(eq.entries[2].species.is_electron());
        assert_eq!(eq.entries[2].coefficient, Some(6));
        let eq = parse_equation("OH-->H2O").unwrap();
        assert_eq!(
            (eq.entries[0].species.charge, eq.arrow.as_str()),
            (-1, "->")
        );
        let eq = parse_equation("NaCl (aq) + AgNO3(aq) = AgCl(s) + NaNO3 (aq)").unwrap();
        assert_eq!(eq.entries[0].species.source, "NaCl(aq)");
    }

    #[test]
    fn errors_name_the_column() {
        let e = parse_equation("KMnO4 + HCl = KCl + Mn(Cl2").unwrap_err();
        assert_eq!(e.to_string(), "unclosed '(' at column 23");
        let e = parse_equation("H2 + O2 H2O").unwrap_err();
        assert!(e.to_string().contains("no reaction arrow"));
        let e = parse_equation("H2 = O2 = H2O").unwrap_err();
        assert_eq!(e.to_string(), "a second reaction arrow at column 9");
        let e = parse_equation("H2 + = H2O").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a species is missing after this '+' at column 4"
        );
        let e = parse_equation("H2 + + O2 = H2O").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a species is missing before this '+' at column 6"
        );
        let e = parse_equation("Na+ +Cl- = NaCl").unwrap_err();
        assert_eq!(e.to_string(), "expected ' + ' before '+Cl-' at column 5");
        let e = parse_equation("H2O + CO2 = H2CO3 + H2O").unwrap_err();
        assert!(e.to_string().contains("both sides"));
        let e = parse_equation(" = H2O").unwrap_err();
        assert!(e.to_string().contains("no reactants"));
        let e = parse_equation("1/2 O2 = O").unwrap_err();
        assert!(e.to_string().contains("whole numbers"));
        // H2O(l) and H2O(g) are different species
        assert!(parse_equation("H2O(l) = H2O(g)").is_ok());
    }
}
