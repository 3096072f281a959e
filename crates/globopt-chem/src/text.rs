//! Equations as text, in the user's spelling of every species (shared digest 02, "What to
//! build": `text`), plain or with Unicode sub- and superscripts.

use crate::equation::Side;
use crate::matrix::Column;
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

/// The balanced equation `ν` over `columns`: reactants (`ν_j < 0`) then products
/// (`ν_j > 0`); on each side the species written there come first (in the order written), then
/// those that crossed from the other side, then the medium's; coefficients of 1 omitted, zero
/// species left out.
/// `arrow` is the user's; `pretty` writes `MnO₄⁻`, `Fe³⁺` and `→` (`⇌` for a two-way arrow).
pub fn equation_text(columns: &[Column], nu: &[BigInt], arrow: &str, pretty: bool) -> String {
    let side = |positive: bool| -> String {
        let here = if positive {
            Side::Product
        } else {
            Side::Reactant
        };
        let mut order: Vec<usize> = (0..columns.len())
            .filter(|&j| !nu[j].is_zero() && nu[j].is_positive() == positive)
            .collect();
        order.sort_by_key(|&j| {
            let group = match columns[j].written_side {
                Some(s) if s == here => 0,
                Some(_) => 1,
                None => 2,
            };
            (group, j)
        });
        let terms: Vec<String> = order
            .into_iter()
            .map(|j| {
                let c = &columns[j];
                let name = if pretty {
                    c.species.pretty()
                } else {
                    c.species.source.clone()
                };
                let m = nu[j].abs();
                if m.is_one() {
                    name
                } else {
                    format!("{m} {name}")
                }
            })
            .collect();
        if terms.is_empty() {
            "0".into()
        } else {
            terms.join(" + ")
        }
    };
    let arrow = if pretty {
        if matches!(arrow, "<=>" | "⇌") {
            "⇌"
        } else {
            "→"
        }
    } else {
        arrow
    };
    format!("{} {arrow} {}", side(false), side(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::parse_equation;
    use crate::matrix::System;

    #[test]
    fn user_spelling_and_pretty() {
        let eq = parse_equation("MnO4- + Fe+2 -> Mn+2 + Fe+3").unwrap();
        let s = System::new(&eq, Some(crate::Medium::Acidic));
        let nu: Vec<BigInt> = [-1, -5, 1, 5, -8, 4]
            .iter()
            .map(|&x| BigInt::from(x))
            .collect();
        assert_eq!(
            equation_text(&s.columns, &nu, "->", false),
            "MnO4- + 5 Fe+2 + 8 H+ -> Mn+2 + 5 Fe+3 + 4 H2O"
        );
        assert_eq!(
            equation_text(&s.columns, &nu, "->", true),
            "MnO₄⁻ + 5 Fe²⁺ + 8 H⁺ → Mn²⁺ + 5 Fe³⁺ + 4 H₂O"
        );
    }
}
