//! The Hilbert basis of the fixed-sides cone `C = {ν ∈ ker_Z(A) : σ_j ν_j ≥ 0 for every fixed
//! species}`: every minimal nonnegative balance (shared digest 02, step 6.2–6.3, `--all`).
//!
//! A Hilbert-basis element is an extreme ray or lies in the open parallelepiped of linearly
//! independent extreme rays, so `|ν_j| ≤ Σ_rays |r_j|` on each side; the lattice points of
//! that box are enumerated through pivot coordinates, and every point `x` with `x − y ∈ C` for
//! a smaller found `y` is dropped. For a free (medium) species "smaller" means conformal: the
//! same side and no larger magnitude, so a balance never uses both copies of a medium species.

use crate::error::ChemError;
use crate::exact::to_i128;
use crate::lattice::{Ranges, coefficient_sum, for_each_point};
use crate::matrix::System;
use crate::work::Work;
use num_bigint::BigInt;

/// The minimal balances found, sorted by coefficient sum then by the lex-Hill key, and
/// whether the enumeration finished.
#[derive(Debug, Clone)]
pub struct HilbertBasis {
    /// Stoichiometric vectors (products positive).
    pub elements: Vec<Vec<i128>>,
    /// False when the budget stopped the enumeration (the list may then be incomplete).
    pub complete: bool,
}

/// Whether `y` is conformally below `x`: `y_j = 0`, or the same sign as `x_j` and
/// `|y_j| ≤ |x_j|`, for every `j` (then `x − y` is in the cone).
pub fn conformally_below(y: &[i128], x: &[i128]) -> bool {
    y.iter()
        .zip(x)
        .all(|(&a, &b)| a == 0 || (a.signum() == b.signum() && a.abs() <= b.abs()))
}

/// The per-species box of the parallelepiped bound.
fn parallelepiped_box(system: &System, rays: &[Vec<i128>]) -> Ranges {
    (0..system.n())
        .map(|j| {
            let pos = rays
                .iter()
                .fold(0i128, |s, r| s.saturating_add(r[j].max(0)));
            let neg = rays
                .iter()
                .fold(0i128, |s, r| s.saturating_add(r[j].saturating_neg().max(0)));
            match system.sigma(j) {
                Some(1) => (0, pos),
                Some(_) => (-neg, 0),
                None => (-neg, pos),
            }
        })
        .collect()
}

/// Enumerate the Hilbert basis of the fixed-sides cone with extreme rays `rays`, ordering
/// ties by `key`.
pub fn hilbert_basis<K: Ord>(
    system: &System,
    kernel: &[Vec<BigInt>],
    rays: &[Vec<BigInt>],
    key: impl Fn(&[i128]) -> K,
    work: &mut Work,
) -> Result<HilbertBasis, ChemError> {
    let rays: Vec<Vec<i128>> = rays
        .iter()
        .map(|r| to_i128(r).ok_or_else(|| ChemError::Overflow("extreme rays".into())))
        .collect::<Result<_, _>>()?;
    let ranges = parallelepiped_box(system, &rays);
    work.phase("hilbert-basis", None);
    let mut candidates: Vec<Vec<i128>> = Vec::new();
    let complete = for_each_point(kernel, &ranges, work, |x| {
        if x.iter().any(|&v| v != 0) {
            candidates.push(x);
        }
    })?;
    work.finish_phase();
    candidates.sort_by_cached_key(|x| (coefficient_sum(x), key(x)));
    let mut elements: Vec<Vec<i128>> = Vec::new();
    for x in candidates {
        let sx = coefficient_sum(&x);
        let reducible = elements
            .iter()
            .any(|y| coefficient_sum(y) < sx && conformally_below(y, &x));
        if !reducible {
            elements.push(x);
        }
    }
    Ok(HilbertBasis { elements, complete })
}
