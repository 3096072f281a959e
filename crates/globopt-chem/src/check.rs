//! `--check`: verify the coefficients the user wrote (a missing coefficient is 1), row by row
//! and exactly.

use crate::equation::Equation;
use crate::matrix::System;
use num_bigint::BigInt;
use num_traits::Zero;
use serde::Serialize;

/// One conservation row that the user's coefficients do not satisfy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Residual {
    /// The element symbol, or `charge`.
    pub row: String,
    /// What the reactants carry.
    pub reactants: i128,
    /// What the products carry.
    pub products: i128,
}

/// The verdict on the user's coefficients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Whether every element and the charge are conserved.
    pub balanced: bool,
    /// The rows that are not conserved.
    pub residuals: Vec<Residual>,
    /// The user's coefficients, in the order written.
    pub coefficients: Vec<i64>,
    /// gcd of the coefficients (1 for lowest whole numbers).
    pub gcd: i64,
    /// Whether the coefficients equal the reported answer (`None` when there is none).
    pub matches_answer: Option<bool>,
}

/// The user's stoichiometric vector over the columns of `system` (medium species the user
/// did not write get 0).
pub fn user_vector(system: &System, equation: &Equation) -> Vec<BigInt> {
    system
        .columns
        .iter()
        .map(|c| match c.written {
            Some(w) => {
                let e = &equation.entries[w];
                BigInt::from(e.coefficient.unwrap_or(1) * e.side.sign())
            }
            None => BigInt::zero(),
        })
        .collect()
}

/// Check the user's coefficients against every row; `answer` is the reported balance.
pub fn check(system: &System, equation: &Equation, answer: Option<&[BigInt]>) -> Check {
    let nu = user_vector(system, equation);
    let residuals = (0..system.rows.len())
        .filter_map(|i| {
            let (l, r) = system.row_sides(i, &nu);
            (l != r).then(|| Residual {
                row: system.rows[i].to_string(),
                reactants: i128::try_from(&l).unwrap_or(i128::MAX),
                products: i128::try_from(&r).unwrap_or(i128::MAX),
            })
        })
        .collect::<Vec<_>>();
    let coefficients: Vec<i64> = equation
        .entries
        .iter()
        .map(|e| e.coefficient.unwrap_or(1))
        .collect();
    let gcd = coefficients
        .iter()
        .fold(0i64, |g, &c| num_integer::Integer::gcd(&g, &c));
    Check {
        balanced: residuals.is_empty(),
        residuals,
        coefficients,
        gcd,
        matches_answer: answer.map(|a| a == nu.as_slice()),
    }
}

impl Check {
    /// One line for the user: `balanced` or which rows differ.
    pub fn summary(&self) -> String {
        if self.balanced {
            let lowest = if self.gcd == 1 {
                String::new()
            } else {
                format!(
                    " (not in lowest terms: every coefficient is divisible by {})",
                    self.gcd
                )
            };
            return format!("the given coefficients are balanced{lowest}");
        }
        let rows: Vec<String> = self
            .residuals
            .iter()
            .map(|r| {
                format!(
                    "{} {} on the left, {} on the right",
                    r.row, r.reactants, r.products
                )
            })
            .collect();
        format!(
            "the given coefficients are not balanced: {}",
            rows.join("; ")
        )
    }
}
