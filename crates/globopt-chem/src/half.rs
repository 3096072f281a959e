//! The half-reaction method (shared digest 02, step 8): each couple `A/B` is balanced on its
//! own with the medium's species and electrons (nullity 1), both halves are scaled so the
//! electrons match (lcm), added, and species on both sides cancel.
//!
//! A half system can balance in two ways (`H2O2/O2` with H+, H2O and e- also balances as
//! `2 H2O2 → O2 + 2 H2O`, without electrons). The textbook procedure then decides: it fixes the
//! ratio A : B first (by the elements other than H and O, or one of each), and only then
//! balances O with H2O, H with H+ (or OH-) and the charge with e-; adding that ratio as one more
//! equation leaves a single half-reaction (`H2O2 → O2 + 2 H+ + 2 e-`).

use crate::circuits::oriented;
use crate::equation::Side;
use crate::error::ChemError;
use crate::exact::{integer_kernel, mat_vec, primitive};
use crate::formula::{ParseOptions, Species, parse_formula_with};
use crate::matrix::{Column, Medium, Row, System};
use crate::text::equation_text;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};
use serde::Serialize;

/// One balanced half-reaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HalfReaction {
    /// The couple as given (`MnO4-/Mn+2`).
    pub couple: String,
    /// The balanced half-reaction (`MnO4- + 8 H+ + 5 e- = Mn+2 + 4 H2O`).
    pub text: String,
    /// Electrons released (positive: an oxidation) or taken up (negative: a reduction).
    pub electrons: i64,
    /// The factor the half is multiplied by before the two are added.
    pub multiplier: i64,
}

/// The half-reaction answer over the columns of `system`, and the two halves.
#[derive(Debug, Clone)]
pub struct HalfAnswer {
    /// The combined balance (primitive), products positive.
    pub nu: Vec<BigInt>,
    /// The two halves.
    pub halves: Vec<HalfReaction>,
}

/// A half-reaction's species as (column of the equation, coefficient), electrons left out.
type HalfTerms = Vec<(usize, BigInt)>;

/// The medium of the halves: the one requested, else acidic when H+ is in the equation,
/// basic when OH- is, neutral otherwise.
pub fn half_medium(system: &System, requested: Option<Medium>) -> Medium {
    if let Some(m) = requested {
        return m;
    }
    let has = |t: &str| {
        let s = parse_formula_with(t, &ParseOptions::default()).expect("valid formula");
        system.columns.iter().any(|c| c.species.same_substance(&s))
    };
    if has("H+") {
        Medium::Acidic
    } else if has("OH-") {
        Medium::Basic
    } else {
        Medium::Neutral
    }
}

/// The column of `system` holding the same substance as `s` (same atoms and charge; the
/// exact spelling and state preferred).
fn find_column(system: &System, s: &Species) -> Option<usize> {
    system
        .columns
        .iter()
        .position(|c| c.species.key() == s.key())
        .or_else(|| {
            system
                .columns
                .iter()
                .position(|c| c.species.same_substance(s))
        })
}

/// The ratio `a : b` in which a couple `A/B` is converted, as the textbook method fixes it
/// before it balances O with H2O, H with H+ (or OH-) and the charge with e-: the ratio that
/// conserves the elements other than H and O, or 1 : 1 when A and B hold no other element
/// (`H2O2/O2`). Needed only when the half system alone balances in more than one way.
fn couple_ratio(half: &System) -> Result<(i64, i64), String> {
    let key: Vec<Vec<BigInt>> = half
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            matches!(r, Row::Element(e) if !matches!(e.element_symbol(), "H" | "O"))
                && (half.a[*i][0] != 0 || half.a[*i][1] != 0)
        })
        .map(|(i, _)| vec![BigInt::from(half.a[i][0]), BigInt::from(half.a[i][1])])
        .collect();
    if key.is_empty() {
        return Ok((1, 1));
    }
    let (_, basis) = integer_kernel(&key, 2);
    let [v] = basis.as_slice() else {
        return Err("the two species share no element besides H and O in a fixed ratio".into());
    };
    let v = primitive(v);
    let (a, b) = (
        i64::try_from(&v[0]).map_err(|e| e.to_string())?,
        i64::try_from(&v[1]).map_err(|e| e.to_string())?,
    );
    // v = (−a, b) up to sign: A consumed, B produced
    if a == 0 || b == 0 || a.signum() == b.signum() {
        return Err("the two species share no element besides H and O in a fixed ratio".into());
    }
    Ok((a.abs(), b.abs()))
}

/// Balance the two `couples` (`"A/B"`: A is consumed, B produced) and combine them.
pub fn half_reaction_answer(
    system: &System,
    couples: &[String],
    medium: Medium,
    options: &ParseOptions,
    arrow: &str,
) -> Result<HalfAnswer, ChemError> {
    let mut halves: Vec<(HalfTerms, i64, HalfReaction)> = Vec::new();
    for couple in couples {
        let err = |message: String| ChemError::Couple {
            couple: couple.clone(),
            message,
        };
        let parts: Vec<&str> = couple.split('/').map(str::trim).collect();
        let [a, b] = parts.as_slice() else {
            return Err(err(
                "write a couple as two species separated by '/', as in MnO4-/Mn+2".into(),
            ));
        };
        let parse =
            |t: &str| parse_formula_with(t, options).map_err(|e| err(format!("'{t}': {e}")));
        let (sa, sb) = (parse(a)?, parse(b)?);
        let ca =
            find_column(system, &sa).ok_or_else(|| err(format!("'{a}' is not in the equation")))?;
        let cb =
            find_column(system, &sb).ok_or_else(|| err(format!("'{b}' is not in the equation")))?;
        if ca == cb {
            return Err(err("the two species of a couple must differ".into()));
        }
        // the half system: A (consumed), B (produced), the medium's species and e-, free
        let mut cols = vec![
            Column {
                species: system.columns[ca].species.clone(),
                side: Some(Side::Reactant),
                medium: false,
                written: None,
                written_side: Some(Side::Reactant),
            },
            Column {
                species: system.columns[cb].species.clone(),
                side: Some(Side::Product),
                medium: false,
                written: None,
                written_side: Some(Side::Product),
            },
        ];
        let mut map: Vec<Option<usize>> = vec![Some(ca), Some(cb)];
        for s in medium.species().into_iter().chain([Species::electron()]) {
            if cols.iter().any(|c| c.species.same_substance(&s)) {
                continue;
            }
            map.push(find_column(system, &s));
            let species = match find_column(system, &s) {
                Some(j) => system.columns[j].species.clone(),
                None => s,
            };
            cols.push(Column {
                species,
                side: None,
                medium: true,
                written: None,
                written_side: None,
            });
        }
        let electron = cols.len() - 1;
        let half = System::from_columns(cols, Vec::new());
        let mut rows = half.big();
        let (mut rank, mut basis) = integer_kernel(&rows, half.n());
        if half.n() - rank >= 2 {
            // the textbook order fixes A:B first (see `couple_ratio`), then O, H and charge
            let (ra, rb) = couple_ratio(&half).map_err(err)?;
            let mut ratio = vec![BigInt::zero(); half.n()];
            ratio[0] = BigInt::from(rb);
            ratio[1] = BigInt::from(ra);
            rows.push(ratio);
            (rank, basis) = integer_kernel(&rows, half.n());
        }
        let nullity = half.n() - rank;
        if nullity != 1 {
            let why = if nullity == 0 {
                format!(
                    "cannot be balanced with e- and the {medium} medium's species (try another medium)"
                )
            } else {
                format!("balances in {nullity} independent ways with the {medium} medium")
            };
            return Err(err(why));
        }
        let v = oriented(&half, primitive(&basis[0]));
        if !v[0].is_negative() || !v[1].is_positive() {
            return Err(err(format!(
                "'{a}' and '{b}' do not form a couple: its only balance is {}",
                equation_text(&half.columns, &v, arrow, false)
            )));
        }
        let e = i64::try_from(&v[electron])
            .map_err(|_| ChemError::Overflow("electrons of a half-reaction".into()))?;
        if e == 0 {
            return Err(err(
                "no electrons are transferred: not a redox couple".into()
            ));
        }
        let text = equation_text(&half.columns, &v, arrow, false);
        let mut terms = Vec::new();
        for (i, x) in v.iter().enumerate() {
            if i == electron || x.is_zero() {
                continue;
            }
            let Some(j) = map[i] else {
                return Err(err(format!(
                    "the half-reaction {text} needs {}, which is not in the equation (add it, or give a medium)",
                    half.columns[i].species.source
                )));
            };
            terms.push((j, x.clone()));
        }
        halves.push((
            terms,
            e,
            HalfReaction {
                couple: couple.clone(),
                text,
                electrons: e,
                multiplier: 1,
            },
        ));
    }
    let [(t1, e1, h1), (t2, e2, h2)] =
        <[_; 2]>::try_from(halves).map_err(|_| ChemError::InvalidOption {
            field: "couples".into(),
            message: "the half-reaction method needs exactly two couples".into(),
        })?;
    if e1.signum() == e2.signum() {
        let what = if e1 > 0 { "oxidations" } else { "reductions" };
        return Err(ChemError::InvalidOption {
            field: "couples".into(),
            message: format!(
                "both couples are {what}: one must give the electrons the other takes"
            ),
        });
    }
    let l = e1.unsigned_abs().lcm(&e2.unsigned_abs());
    let m1 = i64::try_from(l / e1.unsigned_abs())
        .map_err(|_| ChemError::Overflow("electron lcm".into()))?;
    let m2 = i64::try_from(l / e2.unsigned_abs())
        .map_err(|_| ChemError::Overflow("electron lcm".into()))?;
    let mut nu = vec![BigInt::zero(); system.n()];
    for (terms, m) in [(&t1, m1), (&t2, m2)] {
        for (j, x) in terms {
            nu[*j] += x * m;
        }
    }
    let nu = primitive(&nu);
    debug_assert!(mat_vec(&system.big(), &nu).iter().all(Zero::is_zero));
    let halves = vec![
        HalfReaction {
            multiplier: m1,
            ..h1
        },
        HalfReaction {
            multiplier: m2,
            ..h2
        },
    ];
    Ok(HalfAnswer { nu, halves })
}
