//! Circuits: the support-minimal balances among a set of species (shared digest 02, step 6.1
//! and `--circuits`). A support `S` is a circuit when `A[:, S]` has nullity 1 and its kernel
//! vector uses every species of `S`; supersets of a found circuit are skipped, since a
//! circuit contains no other. The circuits that agree with the written sides are the extreme
//! rays of the fixed-sides cone.

use crate::exact::{integer_kernel, primitive, rank};
use crate::matrix::System;
use crate::work::Work;
use num_bigint::BigInt;
use num_traits::{Signed, Zero};

/// The circuits found, each a primitive stoichiometric vector oriented to agree with the
/// written sides where possible, and whether the enumeration finished.
#[derive(Debug, Clone)]
pub struct Circuits {
    /// The circuits in order of support size, then of support.
    pub vectors: Vec<Vec<BigInt>>,
    /// False when the budget stopped the enumeration (or there are more than 128 species).
    pub complete: bool,
}

/// Enumerate every circuit of the composition matrix over supports of size at most
/// `rank + 1`.
pub fn circuits(system: &System, matrix_rank: usize, work: &mut Work) -> Circuits {
    let n = system.n();
    let mut vectors = Vec::new();
    if n > 128 {
        return Circuits {
            vectors,
            complete: false,
        };
    }
    work.phase("circuits", None);
    let mut found: Vec<u128> = Vec::new();
    let mut complete = true;
    'sizes: for size in 1..=(matrix_rank + 1).min(n) {
        let mut comb: Vec<usize> = (0..size).collect();
        loop {
            if !work.tick() {
                complete = false;
                break 'sizes;
            }
            let mask = comb.iter().fold(0u128, |m, &j| m | (1u128 << j));
            if !found.iter().any(|&f| is_subset(f, mask)) {
                let sub = system.big_columns(&comb);
                if size - rank(&sub) == 1 {
                    let (_, basis) = integer_kernel(&sub, size);
                    if let Some(v) = basis.first().filter(|v| v.iter().all(|x| !x.is_zero())) {
                        let mut full = vec![BigInt::zero(); n];
                        for (&j, x) in comb.iter().zip(v) {
                            full[j] = x.clone();
                        }
                        vectors.push(oriented(system, primitive(&full)));
                        found.push(mask);
                    }
                }
            }
            if !next_combination(&mut comb, n) {
                break;
            }
        }
    }
    work.finish_phase();
    Circuits { vectors, complete }
}

/// Whether the support `small` lies inside the support `big` (bit masks).
fn is_subset(small: u128, big: u128) -> bool {
    small & !big == 0
}

/// The next `k`-subset of `0..n` in lexicographic order; false after the last.
pub(crate) fn next_combination(comb: &mut [usize], n: usize) -> bool {
    let k = comb.len();
    let mut i = k;
    while i > 0 {
        i -= 1;
        if comb[i] < n - k + i {
            comb[i] += 1;
            for j in i + 1..k {
                comb[j] = comb[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// Orient a balance to agree with the written sides where possible: the sign that puts more
/// fixed species on their written side; on a tie, the first fixed species (in the order
/// written) on its side; with no fixed species, the first nonzero entry positive.
pub fn oriented(system: &System, v: Vec<BigInt>) -> Vec<BigInt> {
    let mut agree = 0i64;
    let mut first: Option<bool> = None;
    for j in system.fixed() {
        if v[j].is_zero() {
            continue;
        }
        let ok = (v[j].is_positive()) == (system.sigma(j) == Some(1));
        agree += if ok { 1 } else { -1 };
        first.get_or_insert(ok);
    }
    let first = first.unwrap_or_else(|| {
        v.iter()
            .find(|x| !x.is_zero())
            .is_none_or(|x| x.is_positive())
    });
    if agree < 0 || (agree == 0 && !first) {
        v.into_iter().map(|x| -x).collect()
    } else {
        v
    }
}

/// Whether an oriented balance puts every fixed species it uses on its written side.
pub fn agrees_with_sides(system: &System, v: &[BigInt]) -> bool {
    system
        .fixed()
        .all(|j| v[j].is_zero() || v[j].is_positive() == (system.sigma(j) == Some(1)))
}

/// The extreme rays of the fixed-sides cone: the circuits that agree with the written
/// sides, both orientations of a circuit among free species only.
pub fn extreme_rays(system: &System, circuits: &[Vec<BigInt>]) -> Vec<Vec<BigInt>> {
    let mut rays = Vec::new();
    for c in circuits {
        let touches_fixed = system.fixed().any(|j| !c[j].is_zero());
        if !touches_fixed {
            rays.push(c.clone());
            rays.push(c.iter().map(|x| -x).collect());
        } else if agrees_with_sides(system, c) {
            rays.push(c.clone());
        }
    }
    rays
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::parse_equation;
    use globopt_core::NoObserver;

    #[test]
    fn four_circuits_for_carbon_oxides() {
        let eq = parse_equation("C + O2 = CO + CO2").unwrap();
        let s = System::new(&eq, None);
        let mut obs = NoObserver;
        let mut w = Work::new(1000, &mut obs);
        let c = circuits(&s, 2, &mut w);
        assert!(c.complete);
        assert_eq!(c.vectors.len(), 4);
        let rays = extreme_rays(&s, &c.vectors);
        let as_i: Vec<Vec<i64>> = rays
            .iter()
            .map(|r| r.iter().map(|x| i64::try_from(x).unwrap()).collect())
            .collect();
        assert_eq!(as_i, vec![vec![-2, -1, 2, 0], vec![-1, -1, 0, 1]]);
    }

    #[test]
    fn combinations_in_order() {
        let mut c = vec![0, 1];
        let mut all = vec![c.clone()];
        while next_combination(&mut c, 4) {
            all.push(c.clone());
        }
        assert_eq!(all.len(), 6);
        assert_eq!(all[5], vec![2, 3]);
    }
}
