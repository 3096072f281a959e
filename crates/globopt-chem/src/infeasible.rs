//! Why a set of species does not balance (shared digest 02, step 5, "k = 0" and "k = 1"): the
//! element or charge that cannot balance, the species that takes part in no balance, or the
//! species that must move to the other side.

use crate::circuits::oriented;
use crate::element::Element;
use crate::exact::{integer_kernel, primitive, rank};
use crate::matrix::{Row, System};
use crate::text::equation_text;
use num_bigint::BigInt;
use num_traits::{Signed, Zero};

/// The side a fixed species must be on, as words.
fn side_words(sigma: i64) -> &'static str {
    if sigma > 0 {
        "among the products"
    } else {
        "among the reactants"
    }
}

/// The elements that only fixed reactants (`[0]`) or only fixed products (`[1]`) contain: no
/// balance with the written sides can conserve them.
pub fn one_sided_elements(system: &System) -> [Vec<Element>; 2] {
    let mut only = [Vec::new(), Vec::new()];
    for (i, row) in system.rows.iter().enumerate() {
        let Row::Element(e) = row else { continue };
        let mut sides = (0..system.n())
            .filter(|&j| system.a[i][j] != 0)
            .map(|j| system.sigma(j));
        if let Some(Some(s)) = sides.next()
            && sides.all(|x| x == Some(s))
        {
            only[usize::from(s > 0)].push(*e);
        }
    }
    only
}

/// Nullity 0: the elements that occur on one side only, or else the smallest run of rows
/// (Hill order, charge last) that already forbids every balance, with the one balance the
/// earlier rows allow and the row it breaks.
pub fn explain_no_kernel(system: &System, arrow: &str) -> String {
    let n = system.n();
    let head = format!("no balance exists: rank {n} equals the number of species (nullity 0)");
    let only = one_sided_elements(system);
    if !only[0].is_empty() || !only[1].is_empty() {
        let mut parts = Vec::new();
        for (k, list) in only.iter().enumerate() {
            if !list.is_empty() {
                let words = if k == 0 {
                    "the reactants"
                } else {
                    "the products"
                };
                let names: Vec<String> = list.iter().map(|e| e.symbol()).collect();
                parts.push(format!(
                    "{} occur{} only among {words}",
                    names.join(", "),
                    if list.len() == 1 { "s" } else { "" }
                ));
            }
        }
        return format!("{head}: {}", parts.join("; "));
    }
    let big = system.big();
    for i in 1..system.rows.len() {
        let upto = &big[..=i];
        if rank(upto) < n {
            continue;
        }
        let before = &big[..i];
        let (_, basis) = integer_kernel(before, n);
        let Some(v) = basis.first() else { break };
        let v = oriented(system, primitive(v));
        let names: Vec<String> = system.rows[..i].iter().map(ToString::to_string).collect();
        let (l, r) = system.row_sides(i, &v);
        return format!(
            "{head}: conserving {} allows only {}, which leaves {} unbalanced ({l} on the left, {r} on the right)",
            names.join(", "),
            equation_text(&system.columns, &v, arrow, false),
            system.rows[i]
        );
    }
    head
}

/// Nullity 1 with a generator that leaves a fixed species out or puts it on the wrong side.
/// Returns the reason and the balance as a suggestion.
pub fn explain_unique(system: &System, v: &[BigInt], arrow: &str) -> (String, String) {
    let text = equation_text(&system.columns, v, arrow, false);
    let mut absent = Vec::new();
    let mut moved = Vec::new();
    for j in system.fixed() {
        let s = system.sigma(j).unwrap_or(1);
        let name = &system.columns[j].species.source;
        if v[j].is_zero() {
            absent.push(format!("'{name}'"));
        } else if v[j].is_positive() != (s > 0) {
            moved.push(format!(
                "'{name}' must be {} (it is written {})",
                side_words(-s),
                side_words(s)
            ));
        }
    }
    let mut parts = Vec::new();
    if !absent.is_empty() {
        parts.push(format!(
            "{} take{} part in no balance",
            absent.join(", "),
            if absent.len() == 1 { "s" } else { "" }
        ));
    }
    parts.extend(moved);
    (
        format!(
            "no balance with every species on its written side: {}; the only balance of these species is {text}",
            parts.join("; ")
        ),
        text,
    )
}

/// Nullity ≥ 2 with fixed species that no extreme ray of the fixed-sides cone uses: each
/// takes part in no balance at all, or only on the other side (shown by a circuit).
pub fn explain_uncovered(
    system: &System,
    circuits: &[Vec<BigInt>],
    uncovered: &[usize],
    arrow: &str,
) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut suggestions = Vec::new();
    for &j in uncovered {
        let name = &system.columns[j].species.source;
        let example = circuits
            .iter()
            .filter(|c| !c[j].is_zero())
            .min_by_key(|c| c.iter().map(|x| x.abs()).sum::<BigInt>());
        match example {
            None => parts.push(format!(
                "'{name}' takes part in no balance of these species"
            )),
            Some(c) => {
                let text = equation_text(&system.columns, c, arrow, false);
                parts.push(format!(
                    "every balance that uses '{name}' puts a species on the other side, as {text}"
                ));
                suggestions.push(text);
            }
        }
    }
    (
        format!(
            "no balance with every species on its written side: {}",
            parts.join("; ")
        ),
        suggestions,
    )
}
