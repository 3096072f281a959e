//! The composition matrix (shared digest 02, "Algorithm" step 4) and the media of step 8.
//!
//! One column per species (as written, then the medium species appended), one row per element
//! in Hill order, plus a charge row when any species is charged. Balances are stoichiometric
//! vectors `ν` with `A ν = 0`, products positive and reactants negative; this is the digest's
//! `A_s x = 0` with `ν = diag(σ) x`. A species fixed to a side must have `σ_j ν_j ≥ 1`; a
//! medium species is free-sided and its sign says where it goes.

use crate::element::{Element, hill_sorted};
use crate::equation::{Equation, Side};
use crate::formula::{ParseOptions, Species, parse_formula_with};
use num_bigint::BigInt;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The medium that supplies free-sided species (digest 02, step 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// H+ and H2O.
    Acidic,
    /// OH- and H2O.
    Basic,
    /// H2O only.
    Neutral,
}

impl Medium {
    /// The species the medium adds, in the order they are appended.
    pub fn species_text(self) -> &'static [&'static str] {
        match self {
            Medium::Acidic => &["H+", "H2O"],
            Medium::Basic => &["OH-", "H2O"],
            Medium::Neutral => &["H2O"],
        }
    }

    /// The medium's species, parsed.
    pub fn species(self) -> Vec<Species> {
        self.species_text()
            .iter()
            .map(|t| {
                parse_formula_with(t, &ParseOptions::default())
                    .expect("the medium species are valid formulas")
            })
            .collect()
    }

    /// The name used in options and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Medium::Acidic => "acidic",
            Medium::Basic => "basic",
            Medium::Neutral => "neutral",
        }
    }
}

impl fmt::Display for Medium {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the composition matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Conservation of an element.
    Element(Element),
    /// Conservation of charge.
    Charge,
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Row::Element(e) => write!(f, "{e}"),
            Row::Charge => f.write_str("charge"),
        }
    }
}

/// One column: a species, its side (`None` for a free-sided medium species) and where it
/// came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The species.
    pub species: Species,
    /// The fixed side, or `None` when the balance decides (medium species).
    pub side: Option<Side>,
    /// Whether the medium supplies it (appended, or written and claimed by the medium).
    pub medium: bool,
    /// Index of the equation entry it came from (`None` for an appended medium species).
    pub written: Option<usize>,
    /// The side it was written on (`None` for an appended medium species); text lists each
    /// side's species in the order written, then those that crossed over, then the medium's.
    pub written_side: Option<Side>,
}

/// The species columns, the conservation rows and the composition matrix of a balance.
#[derive(Debug, Clone)]
pub struct System {
    /// The columns, in the order written, medium species appended.
    pub columns: Vec<Column>,
    /// The rows: elements in Hill order, then charge when any species is charged.
    pub rows: Vec<Row>,
    /// `a[row][column]`: atoms of the row's element in the species (or its charge).
    pub a: Vec<Vec<i64>>,
    /// Notes on how the medium was applied.
    pub warnings: Vec<String>,
}

impl System {
    /// Columns from the equation (each fixed to its side) and the medium's species, free:
    /// a medium species the user already wrote (same atoms and charge) is claimed by the
    /// medium and becomes free-sided in place; the others are appended.
    pub fn new(equation: &Equation, medium: Option<Medium>) -> System {
        let mut columns: Vec<Column> = equation
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| Column {
                species: e.species.clone(),
                side: Some(e.side),
                medium: false,
                written: Some(i),
                written_side: Some(e.side),
            })
            .collect();
        let mut warnings = Vec::new();
        for s in medium.map(Medium::species).unwrap_or_default() {
            if let Some(c) = columns.iter_mut().find(|c| c.species.same_substance(&s)) {
                if let Some(side) = c.side {
                    let where_ = match side {
                        Side::Reactant => "among the reactants",
                        Side::Product => "among the products",
                    };
                    warnings.push(format!(
                        "'{}' (written {where_}) belongs to the medium: the balance decides its side",
                        c.species.source
                    ));
                }
                c.side = None;
                c.medium = true;
            } else {
                columns.push(Column {
                    species: s,
                    side: None,
                    medium: true,
                    written: None,
                    written_side: None,
                });
            }
        }
        Self::from_columns(columns, warnings)
    }

    /// The matrix of given columns.
    pub fn from_columns(columns: Vec<Column>, warnings: Vec<String>) -> System {
        let elements = hill_sorted(
            columns
                .iter()
                .flat_map(|c| c.species.composition.keys().copied()),
        );
        let mut rows: Vec<Row> = elements.into_iter().map(Row::Element).collect();
        if columns.iter().any(|c| c.species.charge != 0) {
            rows.push(Row::Charge);
        }
        let a = rows
            .iter()
            .map(|r| {
                columns
                    .iter()
                    .map(|c| match r {
                        Row::Element(e) => c.species.composition.get(e).copied().unwrap_or(0),
                        Row::Charge => c.species.charge,
                    })
                    .collect()
            })
            .collect();
        System {
            columns,
            rows,
            a,
            warnings,
        }
    }

    /// Number of species.
    pub fn n(&self) -> usize {
        self.columns.len()
    }

    /// The matrix as big integers.
    pub fn big(&self) -> Vec<Vec<BigInt>> {
        self.a
            .iter()
            .map(|r| r.iter().map(|&x| BigInt::from(x)).collect())
            .collect()
    }

    /// The columns `cols` of the matrix, as big integers.
    pub fn big_columns(&self, cols: &[usize]) -> Vec<Vec<BigInt>> {
        self.a
            .iter()
            .map(|r| cols.iter().map(|&j| BigInt::from(r[j])).collect())
            .collect()
    }

    /// The side sign `σ_j` of a fixed species (−1 reactant, +1 product), `None` when free.
    pub fn sigma(&self, j: usize) -> Option<i64> {
        self.columns[j].side.map(Side::sign)
    }

    /// Indices of the fixed-side species.
    pub fn fixed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.n()).filter(|&j| self.columns[j].side.is_some())
    }

    /// Row `i` of `A ν`, split into what the reactants and the products carry:
    /// `(Σ_{ν_j<0} a_ij |ν_j|, Σ_{ν_j>0} a_ij ν_j)`.
    pub fn row_sides(&self, i: usize, nu: &[BigInt]) -> (BigInt, BigInt) {
        let mut left = BigInt::from(0);
        let mut right = BigInt::from(0);
        for (j, v) in nu.iter().enumerate() {
            let a = BigInt::from(self.a[i][j]);
            if v.sign() == num_bigint::Sign::Minus {
                left -= a * v;
            } else {
                right += a * v;
            }
        }
        (left, right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::parse_equation;

    #[test]
    fn rows_in_hill_order_with_charge_and_medium() {
        let eq = parse_equation("MnO4- + Fe+2 = Mn+2 + Fe+3").unwrap();
        let s = System::new(&eq, Some(Medium::Acidic));
        let rows: Vec<String> = s.rows.iter().map(ToString::to_string).collect();
        assert_eq!(rows, ["Fe", "H", "Mn", "O", "charge"]);
        assert_eq!(s.n(), 6);
        assert_eq!(s.columns[4].species.source, "H+");
        assert!(s.columns[4].side.is_none());
        let eq = parse_equation("C3H8 + O2 = CO2 + H2O").unwrap();
        let s = System::new(&eq, Some(Medium::Neutral));
        assert_eq!(s.n(), 4);
        assert!(s.columns[3].medium && s.columns[3].side.is_none());
        assert_eq!(s.warnings.len(), 1);
        let rows: Vec<String> = s.rows.iter().map(ToString::to_string).collect();
        assert_eq!(rows, ["C", "H", "O"]);
    }
}
