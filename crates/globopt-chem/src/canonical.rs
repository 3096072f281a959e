//! The canonical balance for nullity ≥ 2 (shared digest 02, step 7): the minimum coefficient
//! sum `Σ_j |ν_j|` over integer balances with every fixed species on its written side
//! (`σ_j ν_j ≥ 1`), its LP lower bound through `globopt-conic`, an exact enumeration that
//! proves the minimum, and the lex-Hill tie-break.
//!
//! Enumeration box: every `ν` in the cone is a nonnegative combination `Σ λ_r r` of extreme
//! rays, so `Σ|ν| = Σ λ_r Σ|r|` and `|ν_j| ≤ Σ|ν| · max_r |r_j| / Σ|r|` on each side. With the
//! incumbent's sum `U` this bounds every coefficient of a better balance; the lattice points
//! of that box are all visited, so the best one found is the minimum.

use crate::error::ChemError;
use crate::exact::to_i128;
use crate::lattice::{Ranges, coefficient_sum, for_each_point};
use crate::matrix::System;
use crate::work::Work;
use globopt_conic::{AffExpr, Model, Settings};
use globopt_core::Status;
use num_bigint::BigInt;

/// The outcome of the min-sum search.
#[derive(Debug, Clone)]
pub struct MinSum {
    /// The best balance found (the minimum when `complete`).
    pub best: Vec<i128>,
    /// Whether every candidate was examined (then `best` is proved minimal).
    pub complete: bool,
}

/// The LP relaxation `min Σ_fixed y_j + Σ_free (p_j + q_j)` s.t. `A ν = 0`, `ν_j = σ_j y_j`,
/// `y_j ≥ 1` for fixed species, `ν_j = p_j − q_j`, `p, q ≥ 0` for free ones, solved by
/// Clarabel through `globopt-conic`. Returns the dual objective (a lower bound on every
/// balance's coefficient sum, by weak duality) or `None` when the solver did not converge.
pub fn lp_lower_bound(system: &System) -> Result<Option<f64>, ChemError> {
    let mut m = Model::new();
    let mut nu: Vec<AffExpr> = Vec::with_capacity(system.n());
    let mut cost = AffExpr::zero();
    let mut nonneg = Vec::new();
    for j in 0..system.n() {
        match system.sigma(j) {
            Some(s) => {
                let y = m.add_var();
                nonneg.push(y - 1.0);
                nu.push(y * s as f64);
                cost += y;
            }
            None => {
                let (p, q) = (m.add_var(), m.add_var());
                nonneg.push(p.into());
                nonneg.push(q.into());
                nu.push(p - q);
                cost += p + q;
            }
        }
    }
    m.add_nonneg(nonneg);
    let rows = system
        .a
        .iter()
        .map(|row| {
            let mut e = AffExpr::zero();
            for (j, &a) in row.iter().enumerate() {
                if a != 0 {
                    e += nu[j].clone() * a as f64;
                }
            }
            e
        })
        .collect();
    m.add_zero(rows);
    m.minimize(cost);
    let sol = m
        .solve(&Settings::default())
        .map_err(|e| ChemError::LinearProgram(e.to_string()))?;
    Ok((sol.status == Status::Optimal).then_some(sol.dual_objective))
}

/// The smallest integer sum the LP bound allows: `⌈bound − 10⁻⁶·max(1, |bound|)⌉`
/// (coefficient sums are integers; the margin absorbs the solver's tolerance).
pub fn integer_bound(lp: f64) -> i128 {
    (lp - 1e-6 * lp.abs().max(1.0)).ceil() as i128
}

/// A first feasible balance: for each fixed species the extreme ray of least sum that uses
/// it, all those rays added. `None` when some fixed species is on no ray.
pub fn incumbent(system: &System, rays: &[Vec<i128>]) -> Option<Vec<i128>> {
    let mut chosen: Vec<usize> = Vec::new();
    for j in system.fixed() {
        let best = (0..rays.len())
            .filter(|&r| rays[r][j] != 0)
            .min_by_key(|&r| (coefficient_sum(&rays[r]), r))?;
        if !chosen.contains(&best) {
            chosen.push(best);
        }
    }
    let mut x = vec![0i128; system.n()];
    for r in chosen {
        for (xi, ri) in x.iter_mut().zip(&rays[r]) {
            *xi = xi.saturating_add(*ri);
        }
    }
    Some(x)
}

/// The box that holds every balance with sum at most `u` and every fixed species on its
/// side with coefficient ≥ 1.
fn min_sum_box(system: &System, rays: &[Vec<i128>], u: i128) -> Ranges {
    (0..system.n())
        .map(|j| {
            let reach = |positive: bool| -> i128 {
                rays.iter()
                    .filter(|r| if positive { r[j] > 0 } else { r[j] < 0 })
                    .map(|r| u.saturating_mul(r[j].saturating_abs()) / coefficient_sum(r).max(1))
                    .max()
                    .unwrap_or(0)
            };
            match system.sigma(j) {
                Some(1) => (1, reach(true)),
                Some(_) => (-reach(false), -1),
                None => (-reach(false), reach(true)),
            }
        })
        .collect()
}

/// Minimise the coefficient sum over the cone's lattice points with every fixed species
/// present, ties broken by the smallest `key` (digest 02, step 7).
pub fn min_sum<K: Ord>(
    system: &System,
    kernel: &[Vec<BigInt>],
    rays: &[Vec<BigInt>],
    key: impl Fn(&[i128]) -> K,
    work: &mut Work,
) -> Result<Option<MinSum>, ChemError> {
    let rays: Vec<Vec<i128>> = rays
        .iter()
        .map(|r| to_i128(r).ok_or_else(|| ChemError::Overflow("extreme rays".into())))
        .collect::<Result<_, _>>()?;
    let Some(start) = incumbent(system, &rays) else {
        return Ok(None);
    };
    let u = coefficient_sum(&start);
    let ranges = min_sum_box(system, &rays, u);
    work.phase("min-sum", None);
    let mut best_key = (u, key(&start));
    let mut best = start;
    let complete = for_each_point(kernel, &ranges, work, |x| {
        let s = coefficient_sum(&x);
        if s > best_key.0 {
            return;
        }
        let k = (s, key(&x));
        if k < best_key {
            best_key = k;
            best = x;
        }
    })?;
    work.finish_phase();
    Ok(Some(MinSum { best, complete }))
}
