//! Balancing a parsed equation (shared digest 02, steps 4–9): options, the answer with every
//! listed balance, and the report with its certificate.
//!
//! - Nullity 0: `Infeasible`, with the element or charge that cannot balance.
//! - Nullity 1: the primitive kernel generator, oriented to the written sides (`Unique`); a
//!   zero or a sign against the written side makes the set `Infeasible` with the species named.
//! - Nullity ≥ 2: circuits, extreme rays of the fixed-sides cone, the min-sum balance with its
//!   LP lower bound and an exact enumeration that proves it (`Canonical`, lex-Hill tie-break),
//!   and the Hilbert basis, with the warning that min-sum is a convention.
//! - Half-reaction mode: the answer fixed by two redox couples.

use crate::canonical::{integer_bound, lp_lower_bound, min_sum};
use crate::check::{Check, check};
use crate::circuits::{agrees_with_sides, circuits, extreme_rays, oriented};
use crate::equation::{Equation, Side, parse_equation_with};
use crate::error::ChemError;
use crate::exact::{gcd_of, integer_kernel, mat_vec, primitive, rank, to_big};
use crate::formula::ParseOptions;
use crate::half::{HalfReaction, half_medium, half_reaction_answer};
use crate::hilbert::hilbert_basis;
use crate::infeasible::{self, explain_no_kernel, explain_uncovered, explain_unique};
use crate::matrix::{Column, Medium, System};
use crate::text::equation_text;
use crate::work::Work;
use globopt_core::{NoObserver, Observer, Report, Tolerance};
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::time::Instant;

/// The report kind of a balance.
pub const KIND: &str = "balance";

/// What to list besides the one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One answer: the unique balance, or the certified min-sum balance (default). For
    /// nullity ≥ 2 the Hilbert basis is listed too, since min-sum is only a convention.
    #[default]
    Canonical,
    /// Also every minimal nonnegative balance with the sides as written (the Hilbert basis).
    All,
    /// Also every elementary reaction among the species, sides ignored (the circuits).
    Circuits,
    /// The textbook half-reaction method with the two couples of
    /// [`BalanceOptions::couples`].
    HalfReaction,
}

/// The tie-break among balances of equal least sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreak {
    /// The lexicographically smallest coefficient magnitudes with the species sorted by
    /// (Hill formula, charge, state); a remaining tie (a medium species on either side) puts
    /// it among the reactants. Independent of input order and spelling.
    #[default]
    LexHill,
}

/// Options of a balance, with documented defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BalanceOptions {
    /// Medium species to add, free-sided (default none).
    pub medium: Option<Medium>,
    /// What to list (default [`Mode::Canonical`]).
    pub mode: Mode,
    /// The two redox couples `A/B` of the half-reaction mode (`MnO4-/Mn+2`); A is consumed,
    /// B produced.
    pub couples: Vec<String>,
    /// Verify the coefficients written in the equation (default false).
    pub check: bool,
    /// Tie-break of the canonical balance (default `lex-hill`).
    pub tie_break: TieBreak,
    /// Budget of subsets and lattice points the enumerations may examine (default 10⁶).
    pub max_enumerated: u64,
    /// Reject the ambiguous `Fe3+` charge form (default false).
    pub strict_charges: bool,
    /// Accept Me, Et, Ph, Bu (default false).
    pub abbreviations: bool,
    /// Accept D, T and `[13C]` isotope labels (default false).
    pub isotopes: bool,
}

impl Default for BalanceOptions {
    fn default() -> Self {
        BalanceOptions {
            medium: None,
            mode: Mode::Canonical,
            couples: Vec::new(),
            check: false,
            tie_break: TieBreak::LexHill,
            max_enumerated: 1_000_000,
            strict_charges: false,
            abbreviations: false,
            isotopes: false,
        }
    }
}

impl BalanceOptions {
    /// Errors naming the first inconsistent option.
    pub fn validate(&self) -> Result<(), ChemError> {
        let bad = |field: &str, message: &str| {
            Err(ChemError::InvalidOption {
                field: field.into(),
                message: message.into(),
            })
        };
        if self.max_enumerated == 0 {
            return bad("max_enumerated", "must be at least 1");
        }
        match (self.mode, self.couples.len()) {
            (Mode::HalfReaction, 2) => Ok(()),
            (Mode::HalfReaction, n) => bad(
                "couples",
                &format!("the half-reaction mode needs exactly two couples, got {n}"),
            ),
            (_, 0) => Ok(()),
            (_, _) => bad(
                "couples",
                "couples are used only by the half-reaction mode (mode = \"half-reaction\")",
            ),
        }
    }

    /// The parser options these balance options imply.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            strict_charges: self.strict_charges,
            abbreviations: self.abbreviations,
            isotopes: self.isotopes,
        }
    }
}

/// How a listed balance was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolutionKind {
    /// The only balance (nullity 1).
    Unique,
    /// The min-sum balance with the lex-Hill tie-break (nullity ≥ 2).
    Canonical,
    /// A minimal nonnegative balance with the written sides (Hilbert-basis element).
    Hilbert,
    /// An elementary reaction, sides ignored.
    Circuit,
    /// The answer of the half-reaction method.
    HalfReaction,
}

/// One balance: the stoichiometric vector over the species (as written, medium species
/// appended), products positive and reactants negative, in lowest whole numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// How it was obtained.
    pub kind: SolutionKind,
    /// `ν_j`: positive for products, negative for reactants, 0 for absent species.
    pub stoichiometry: Vec<BigInt>,
    /// `Σ_j |ν_j|`.
    pub sum: BigInt,
    /// The balanced equation in the user's spelling.
    pub text: String,
}

impl Solution {
    /// The coefficient magnitudes `|ν_j|`, in species order.
    pub fn coefficients(&self) -> Vec<BigInt> {
        self.stoichiometry.iter().map(Signed::abs).collect()
    }
}

/// The answer to a balance: the species and their composition matrix, rank and nullity, every
/// balance listed, which one is the answer, and the certificate data.
///
/// Serialized (as the report's `solution`) as the chosen balance; the report's top-level
/// fields carry the rest.
#[derive(Debug, Clone)]
pub struct Balance {
    /// The equation as written.
    pub equation: String,
    /// The arrow as written.
    pub arrow: String,
    /// Species columns (as written, medium species appended), rows and the matrix.
    pub system: System,
    /// Rank of the composition matrix.
    pub rank: usize,
    /// `n − rank`: the number of independent balances.
    pub nullity: usize,
    /// A lattice basis of the integer kernel (`nullity` vectors).
    pub kernel: Vec<Vec<BigInt>>,
    /// Every balance listed: the answer first, then the Hilbert basis (nullity ≥ 2), then
    /// the circuits (circuits mode).
    pub solutions: Vec<Solution>,
    /// Index of the answer in `solutions`.
    pub canonical: Option<usize>,
    /// Number of circuits, when they were enumerated (nullity ≥ 2 or circuits mode).
    pub circuit_count: Option<usize>,
    /// The LP lower bound on the coefficient sum (nullity ≥ 2).
    pub lp_bound: Option<f64>,
    /// How the answer was chosen.
    pub rule: String,
    /// The two halves, in half-reaction mode.
    pub half_reactions: Vec<HalfReaction>,
    /// The verdict on the user's coefficients, when asked.
    pub check: Option<Check>,
    /// Balances to consider when the set as written does not balance.
    pub suggestions: Vec<String>,
    /// The medium applied.
    pub medium: Option<Medium>,
}

impl Balance {
    /// The answer, if any.
    pub fn answer(&self) -> Option<&Solution> {
        self.canonical.and_then(|i| self.solutions.get(i))
    }

    /// A balance as text with Unicode sub- and superscripts (`MnO₄⁻ + … → …`).
    pub fn pretty_text(&self, solution: &Solution) -> String {
        equation_text(
            &self.system.columns,
            &solution.stoichiometry,
            &self.arrow,
            true,
        )
    }

    /// A balance as JSON: `kind`, `coefficients` (magnitudes in species order), `stoichiometry`
    /// (signed, products positive), `sides`, `sum`, `text`.
    pub fn solution_json(&self, s: &Solution) -> Value {
        serde_json::to_value(SolutionView {
            solution: s,
            index: None,
        })
        .unwrap_or(Value::Null)
    }

    /// The species as JSON: `input`, `hill`, `composition`, `charge`, `state`, `side`
    /// (`reactant`, `product`, or `free` for medium species), `medium`.
    pub fn species_json(&self) -> Value {
        serde_json::to_value(
            self.system
                .columns
                .iter()
                .map(ColumnView)
                .collect::<Vec<_>>(),
        )
        .unwrap_or(Value::Null)
    }
}

impl Serialize for Balance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.answer() {
            Some(a) => SolutionView {
                solution: a,
                index: self.canonical,
            }
            .serialize(s),
            None => s.serialize_none(),
        }
    }
}

/// A big integer as a JSON number when it fits 64 bits, as a decimal string otherwise.
struct BigJson<'a>(&'a BigInt);

impl Serialize for BigJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.to_i64() {
            Some(v) => s.serialize_i64(v),
            None => s.serialize_str(&self.0.to_string()),
        }
    }
}

/// The JSON shape of a listed balance (see [`Balance::solution_json`]).
struct SolutionView<'a> {
    solution: &'a Solution,
    index: Option<usize>,
}

impl Serialize for SolutionView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let nu = &self.solution.stoichiometry;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.solution.kind)?;
        let magnitudes: Vec<BigInt> = nu.iter().map(Signed::abs).collect();
        m.serialize_entry(
            "coefficients",
            &magnitudes.iter().map(BigJson).collect::<Vec<_>>(),
        )?;
        m.serialize_entry("stoichiometry", &nu.iter().map(BigJson).collect::<Vec<_>>())?;
        let sides: Vec<Option<&str>> = nu
            .iter()
            .map(|v| match v.sign() {
                num_bigint::Sign::Plus => Some("product"),
                num_bigint::Sign::Minus => Some("reactant"),
                num_bigint::Sign::NoSign => None,
            })
            .collect();
        m.serialize_entry("sides", &sides)?;
        m.serialize_entry("sum", &BigJson(&self.solution.sum))?;
        m.serialize_entry("text", &self.solution.text)?;
        if let Some(i) = self.index {
            m.serialize_entry("index", &i)?;
        }
        m.end()
    }
}

/// The JSON shape of a species column.
struct ColumnView<'a>(&'a Column);

impl Serialize for ColumnView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("input", &c.species.source)?;
        m.serialize_entry("hill", &c.species.hill())?;
        m.serialize_entry("composition", &c.species.composition)?;
        m.serialize_entry("charge", &c.species.charge)?;
        m.serialize_entry("state", &c.species.state)?;
        let side = match c.side {
            Some(Side::Reactant) => "reactant",
            Some(Side::Product) => "product",
            None => "free",
        };
        m.serialize_entry("side", side)?;
        m.serialize_entry("medium", &c.medium)?;
        m.end()
    }
}

/// Whether adding a medium could make an infeasible set balance: not when an element other
/// than H and O occurs on one side only, since media bring only H, O and charge.
fn media_could_help(system: &System) -> bool {
    infeasible::one_sided_elements(system)
        .iter()
        .flatten()
        .all(|e| matches!(e.element_symbol(), "H" | "O"))
}

/// Balance with the default observer. See [`balance_observed`].
///
/// ```
/// use globopt_chem::{BalanceOptions, balance, parse_equation};
/// let eq = parse_equation("KMnO4 + HCl = KCl + MnCl2 + Cl2 + H2O").unwrap();
/// let report = balance(&eq, &BalanceOptions::default()).unwrap();
/// let answer = report.solution.as_ref().unwrap().answer().unwrap();
/// assert_eq!(answer.text, "2 KMnO4 + 16 HCl = 2 KCl + 2 MnCl2 + 5 Cl2 + 8 H2O");
/// ```
pub fn balance(
    equation: &Equation,
    options: &BalanceOptions,
) -> Result<Report<Balance>, ChemError> {
    balance_observed(equation, options, &mut NoObserver)
}

/// Parse `text` with the options' parser settings, then balance.
pub fn balance_text(text: &str, options: &BalanceOptions) -> Result<Report<Balance>, ChemError> {
    let equation = parse_equation_with(text, &options.parse_options())?;
    balance(&equation, options)
}

/// Balance an equation, reporting progress to `observer` during the enumerations and
/// stopping (status `BudgetExhausted`) when it asks to.
///
/// The report's status is `Optimal` for a unique balance, a min-sum balance proved by
/// complete enumeration, or a half-reaction answer (unique given the couples);
/// `Infeasible` with the reason when nothing balances with the sides as written;
/// `BudgetExhausted` when `max_enumerated` stopped an enumeration the answer depends on.
/// Malformed options and unusable couples are errors.
pub fn balance_observed(
    equation: &Equation,
    options: &BalanceOptions,
    observer: &mut dyn Observer,
) -> Result<Report<Balance>, ChemError> {
    let started = Instant::now();
    let report = run(equation, options, observer, true)?;
    Ok(report.timed(started))
}

/// What the analysis concluded.
enum Outcome {
    /// An answer at `Balance::canonical` with the bound that certifies it (its own sum when it
    /// is unique, proved minimal, or fixed by the couples), why an enumeration stopped early,
    /// whether every requested list is complete, and a note for the report's message.
    Answer {
        bound: f64,
        stop: Option<String>,
        lists_complete: bool,
        note: Option<String>,
    },
    /// Nothing balances with the sides as written.
    Infeasible(String),
    /// The budget ran out before feasibility was decided.
    Undecided(String),
}

fn run(
    equation: &Equation,
    options: &BalanceOptions,
    observer: &mut dyn Observer,
    suggest_media: bool,
) -> Result<Report<Balance>, ChemError> {
    options.validate()?;
    let reparsed;
    let equation = if options.strict_charges && !equation.warnings().is_empty() {
        reparsed = parse_equation_with(&equation.source, &options.parse_options())?;
        &reparsed
    } else {
        equation
    };
    let system = System::new(equation, options.medium);
    let big = system.big();
    let matrix_rank = rank(&big);
    let kernel = if matrix_rank < system.n() {
        integer_kernel(&big, system.n()).1
    } else {
        Vec::new()
    };
    let mut warnings = equation.warnings();
    warnings.extend(system.warnings.iter().cloned());
    let mut b = Balance {
        equation: equation.source.clone(),
        arrow: equation.arrow.clone(),
        rank: matrix_rank,
        nullity: kernel.len(),
        kernel,
        system,
        solutions: Vec::new(),
        canonical: None,
        circuit_count: None,
        lp_bound: None,
        rule: String::new(),
        half_reactions: Vec::new(),
        check: None,
        suggestions: Vec::new(),
        medium: options.medium,
    };
    let mut work = Work::new(options.max_enumerated, observer);
    let mut outcome = analyze(&mut b, options, &mut work, &mut warnings)?;
    if options.mode == Mode::HalfReaction && b.nullity >= 1 {
        // the couples decide; a set that does not balance as written fails here too, and bad
        // couples are reported either way
        outcome = half_reaction_mode(&mut b, options)?;
    }
    if options.check {
        let answer = b.answer().map(|s| s.stoichiometry.clone());
        b.check = Some(check(&b.system, equation, answer.as_deref()));
    }
    if let Outcome::Infeasible(_) = outcome
        && suggest_media
        && options.medium.is_none()
        && media_could_help(&b.system)
    {
        for medium in [Medium::Acidic, Medium::Basic] {
            let with = BalanceOptions {
                medium: Some(medium),
                mode: Mode::Canonical,
                couples: Vec::new(),
                check: false,
                ..options.clone()
            };
            if let Ok(r) = run(equation, &with, &mut NoObserver, false)
                && r.status().has_solution()
                && let Some(a) = r.solution.as_ref().and_then(Balance::answer)
            {
                b.suggestions
                    .push(format!("with the {medium} medium: {}", a.text));
            }
        }
    }
    for s in &b.solutions {
        let residual = mat_vec(&big, &s.stoichiometry);
        if residual.iter().any(|x| !x.is_zero()) || !gcd_of(&s.stoichiometry).is_one() {
            return Ok(Report::error(
                KIND,
                format!("internal check failed: {} does not balance exactly", s.text),
            ));
        }
    }
    let evaluations = work.done;
    let mut report = match outcome {
        Outcome::Answer {
            bound,
            stop,
            lists_complete,
            note,
        } => {
            let answer = b.answer().map(|a| a.sum.to_f64().unwrap_or(f64::INFINITY));
            let objective = answer.unwrap_or(f64::NAN);
            add_details(Report::feasible(KIND, b, objective), |r| {
                let r = if lists_complete {
                    r.certify(bound, Tolerance::default())
                } else {
                    r
                };
                match (stop, note) {
                    (Some(reason), _) => r.budget_exhausted(reason),
                    (None, Some(note)) => r.with_message(note),
                    (None, None) => r,
                }
            })
        }
        Outcome::Infeasible(reason) => with_details(Report::infeasible(KIND, reason), &b),
        Outcome::Undecided(reason) => {
            with_details(Report::budget_exhausted_without_solution(KIND, reason), &b)
        }
    };
    report.warnings.extend(warnings);
    Ok(report.with_evaluations(evaluations))
}

/// Finish a report that holds its balance: apply `finish`, then add the details from the
/// balance it holds.
fn add_details(
    report: Report<Balance>,
    finish: impl FnOnce(Report<Balance>) -> Report<Balance>,
) -> Report<Balance> {
    let mut report = finish(report);
    if let Some(b) = report.solution.take() {
        report = with_details(report, &b);
        report.solution = Some(b);
    }
    report
}

/// Add a balance to the list; returns its index.
fn push(b: &mut Balance, system: &System, kind: SolutionKind, nu: Vec<BigInt>) -> usize {
    let sum = nu.iter().map(Signed::abs).sum();
    let text = equation_text(&system.columns, &nu, &b.arrow, false);
    b.solutions.push(Solution {
        kind,
        stoichiometry: nu,
        sum,
        text,
    });
    b.solutions.len() - 1
}

/// The lex-Hill key of a balance: `(|ν_j|, ν_j)` with the species in (Hill formula, charge,
/// state) order.
fn tie_key(system: &System) -> impl Fn(&[i128]) -> Vec<(i128, i128)> + '_ {
    let mut order: Vec<usize> = (0..system.n()).collect();
    order.sort_by_key(|&j| (system.columns[j].species.key(), j));
    move |x: &[i128]| order.iter().map(|&j| (x[j].abs(), x[j])).collect()
}

/// Decide feasibility and find the answer and the lists (digest 02, steps 5–7).
fn analyze(
    b: &mut Balance,
    options: &BalanceOptions,
    work: &mut Work,
    warnings: &mut Vec<String>,
) -> Result<Outcome, ChemError> {
    let system = std::mem::replace(&mut b.system, System::from_columns(Vec::new(), Vec::new()));
    let outcome = analyze_system(b, &system, options, work, warnings);
    b.system = system;
    outcome
}

/// [`analyze`] with the columns held apart from the balance being filled.
fn analyze_system(
    b: &mut Balance,
    system: &System,
    options: &BalanceOptions,
    work: &mut Work,
    warnings: &mut Vec<String>,
) -> Result<Outcome, ChemError> {
    let arrow = b.arrow.clone();
    if b.nullity == 0 {
        if options.mode == Mode::Circuits {
            b.circuit_count = Some(0);
        }
        return Ok(Outcome::Infeasible(explain_no_kernel(system, &arrow)));
    }
    if b.nullity == 1 {
        let v = oriented(system, primitive(&b.kernel[0]));
        let complete_sides =
            agrees_with_sides(system, &v) && system.fixed().all(|j| !v[j].is_zero());
        if complete_sides {
            let i = push(b, system, SolutionKind::Unique, v.clone());
            b.canonical = Some(i);
            b.rule = "unique: nullity 1, the primitive generator of the integer kernel".into();
        }
        if options.mode == Mode::Circuits {
            // with nullity 1 the generator's support is the only circuit
            push(b, system, SolutionKind::Circuit, v.clone());
            b.circuit_count = Some(1);
        }
        if !complete_sides {
            let (reason, suggestion) = explain_unique(system, &v, &arrow);
            b.suggestions.push(suggestion);
            return Ok(Outcome::Infeasible(reason));
        }
        let sum = b.solutions[0].sum.to_f64().unwrap_or(f64::INFINITY);
        return Ok(Outcome::Answer {
            bound: sum,
            stop: None,
            lists_complete: true,
            note: None,
        });
    }
    let found = circuits(system, b.rank, work);
    b.circuit_count = Some(found.vectors.len());
    let rays = extreme_rays(system, &found.vectors);
    let uncovered: Vec<usize> = system
        .fixed()
        .filter(|&j| rays.iter().all(|r| r[j].is_zero()))
        .collect();
    let push_circuits = |b: &mut Balance| {
        if options.mode == Mode::Circuits {
            for c in &found.vectors {
                push(b, system, SolutionKind::Circuit, c.clone());
            }
        }
    };
    if !uncovered.is_empty() {
        push_circuits(b);
        if !found.complete {
            let reason = work.stopped.clone().unwrap_or_default();
            return Ok(Outcome::Undecided(format!(
                "{reason}: the circuits needed to decide whether a balance exists were not all found"
            )));
        }
        let (reason, suggestions) = explain_uncovered(system, &found.vectors, &uncovered, &arrow);
        b.suggestions.extend(suggestions);
        return Ok(Outcome::Infeasible(reason));
    }
    let lp = lp_lower_bound(system)?;
    b.lp_bound = lp;
    if lp.is_none() {
        warnings.push("the LP relaxation did not converge; no LP bound is reported".into());
    }
    let key = tie_key(system);
    let Some(best) = min_sum(system, &b.kernel, &rays, &key, work)? else {
        return Ok(Outcome::Undecided(
            "no extreme ray covers every species; the enumeration could not start".into(),
        ));
    };
    let index = push(b, system, SolutionKind::Canonical, to_big(&best.best));
    b.canonical = Some(index);
    b.rule = "min-sum: the least coefficient sum with every species present, proved by exact \
              enumeration over the kernel lattice; ties go to the lexicographically smallest \
              coefficients with species in (Hill formula, charge, state) order (lex-hill)"
        .into();
    let hilbert = hilbert_basis(system, &b.kernel, &rays, &key, work)?;
    for h in &hilbert.elements {
        push(b, system, SolutionKind::Hilbert, to_big(h));
    }
    push_circuits(b);
    warnings.push(format!(
        "nullity {}: these species balance in {} independent ways, so the answer (least \
         coefficient sum, lex-hill tie-break) is a convention, not chemistry; every nonnegative \
         combination of the {} minimal balances listed (the Hilbert basis) is balanced too, and \
         which reaction occurs depends on the chemistry (couples select the half-reaction method)",
        b.nullity,
        b.nullity,
        hilbert.elements.len()
    ));
    let proved = found.complete && best.complete;
    let sum = b.solutions[index].sum.to_f64().unwrap_or(f64::INFINITY);
    let bound = if proved {
        sum
    } else {
        lp.map_or(f64::NEG_INFINITY, |l| integer_bound(l) as f64)
    };
    let hilbert_complete = found.complete && hilbert.complete;
    if !hilbert_complete {
        warnings
            .push("the Hilbert-basis listing stopped at the budget and may be incomplete".into());
    }
    let lists_complete = match options.mode {
        Mode::All => hilbert_complete,
        Mode::Circuits => found.complete,
        _ => true,
    };
    let stop = (!proved || !lists_complete).then(|| work.stopped.clone().unwrap_or_default());
    Ok(Outcome::Answer {
        bound,
        stop,
        lists_complete,
        note: None,
    })
}

/// Replace the answer with the half-reaction method's (digest 02, step 8).
fn half_reaction_mode(b: &mut Balance, options: &BalanceOptions) -> Result<Outcome, ChemError> {
    let medium = half_medium(&b.system, options.medium);
    let answer = half_reaction_answer(
        &b.system,
        &options.couples,
        medium,
        &options.parse_options(),
        &b.arrow,
    )?;
    b.half_reactions = answer.halves;
    let nu = answer.nu;
    let bad: Vec<String> = b
        .system
        .fixed()
        .filter(|&j| nu[j].is_zero() || nu[j].is_positive() != (b.system.sigma(j) == Some(1)))
        .map(|j| format!("'{}'", b.system.columns[j].species.source))
        .collect();
    let text = equation_text(&b.system.columns, &nu, &b.arrow, false);
    if !bad.is_empty() {
        b.suggestions.push(text.clone());
        return Ok(Outcome::Infeasible(format!(
            "the couples give {text}, which leaves {} off its written side",
            bad.join(", ")
        )));
    }
    let sum = nu.iter().map(Signed::abs).sum::<BigInt>();
    let sum_f = sum.to_f64().unwrap_or(f64::INFINITY);
    b.solutions.insert(
        0,
        Solution {
            kind: SolutionKind::HalfReaction,
            stoichiometry: nu,
            sum,
            text,
        },
    );
    b.canonical = Some(0);
    b.rule = format!(
        "half-reaction: couples {} balanced with the {medium} medium and e-, scaled to equal \
         electrons and added; unique given the couples",
        options.couples.join(" and ")
    );
    let least = b
        .solutions
        .iter()
        .find(|s| s.kind == SolutionKind::Canonical)
        .map(|m| {
            format!(
                "; the least coefficient sum over all balances is {} ({}), a convention",
                m.sum, m.text
            )
        })
        .unwrap_or_default();
    Ok(Outcome::Answer {
        bound: sum_f,
        stop: None,
        lists_complete: true,
        note: Some(format!(
            "half-reaction answer: the only balance the couples allow (certified optimal in that \
             sense, sum {sum_f}){least}"
        )),
    })
}

/// The report with the kind-specific fields of `b`.
fn with_details<T>(mut report: Report<T>, b: &Balance) -> Report<T> {
    report.set_detail("equation", &b.equation);
    report.set_detail("medium", b.medium);
    report.set_detail(
        "species",
        b.system.columns.iter().map(ColumnView).collect::<Vec<_>>(),
    );
    report.set_detail("rank", b.rank);
    report.set_detail("nullity", b.nullity);
    report.set_detail(
        "canonical",
        b.answer().map(|a| SolutionView {
            solution: a,
            index: b.canonical,
        }),
    );
    report.set_detail(
        "solutions",
        b.solutions
            .iter()
            .map(|s| SolutionView {
                solution: s,
                index: None,
            })
            .collect::<Vec<_>>(),
    );
    report.set_detail("rule", &b.rule);
    report.set_detail("suggestions", &b.suggestions);
    if let Some(c) = b.circuit_count {
        report.set_detail("circuits", c);
    }
    if let Some(l) = b.lp_bound {
        report.set_detail("lp_bound", l);
    }
    if !b.half_reactions.is_empty() {
        report.set_detail("half_reactions", &b.half_reactions);
    }
    if let Some(c) = &b.check {
        report.set_detail("check", c);
    }
    report
}
