//! Enumeration of the kernel lattice inside a box of coefficients (shared digest 02, steps
//! 6.2 and 7.2): `k` pivot species are chosen so that their coefficients determine a kernel
//! vector (the rows of the kernel basis at the pivots are independent), the pivots run over
//! their ranges, and each candidate is mapped back exactly and kept only when integral and
//! inside every other range.

use crate::error::ChemError;
use crate::exact::{PivotMap, rank};
use crate::work::Work;
use num_bigint::BigInt;

/// Inclusive coefficient ranges `[lo_j, hi_j]` of every species.
pub type Ranges = Vec<(i128, i128)>;

/// The pivots that minimise the product of the pivot range widths among the sets whose
/// kernel-basis rows are independent: matroid greedy over species sorted by width, which is
/// optimal for a product of positive weights.
pub fn best_pivots(kernel: &[Vec<BigInt>], ranges: &Ranges) -> Result<PivotMap, ChemError> {
    let k = kernel.len();
    let n = ranges.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&j| (ranges[j].1.saturating_sub(ranges[j].0), j));
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    let mut rows: Vec<Vec<BigInt>> = Vec::with_capacity(k);
    for j in order {
        if chosen.len() == k {
            break;
        }
        rows.push(kernel.iter().map(|b| b[j].clone()).collect());
        if rank(&rows) == rows.len() {
            chosen.push(j);
        } else {
            rows.pop();
        }
    }
    PivotMap::new(kernel, chosen)
        .map_err(ChemError::Overflow)?
        .ok_or_else(|| {
            ChemError::Overflow("pivot choice: the kernel basis has dependent rows".into())
        })
}

/// Call `visit` on every integer kernel vector inside `ranges`, in pivot-coordinate order.
/// Returns false when the budget stopped the enumeration.
pub fn for_each_point(
    kernel: &[Vec<BigInt>],
    ranges: &Ranges,
    work: &mut Work,
    mut visit: impl FnMut(Vec<i128>),
) -> Result<bool, ChemError> {
    if ranges.iter().any(|&(lo, hi)| lo > hi) {
        return Ok(true);
    }
    let map = best_pivots(kernel, ranges)?;
    let lo: Vec<i128> = map.pivots.iter().map(|&p| ranges[p].0).collect();
    let hi: Vec<i128> = map.pivots.iter().map(|&p| ranges[p].1).collect();
    let mut xp = lo.clone();
    let k = xp.len();
    loop {
        if !work.tick() {
            return Ok(false);
        }
        if let Some(x) = map.point(&xp)
            && x.iter().zip(ranges).all(|(v, &(l, h))| l <= *v && *v <= h)
        {
            visit(x);
        }
        let mut i = 0;
        loop {
            if i == k {
                return Ok(true);
            }
            match xp[i].checked_add(1) {
                Some(v) if v <= hi[i] => {
                    xp[i] = v;
                    break;
                }
                _ => {
                    xp[i] = lo[i];
                    i += 1;
                }
            }
        }
    }
}

/// `Σ_j |ν_j|`: the coefficient sum of a balance (free species count their magnitude).
pub fn coefficient_sum(nu: &[i128]) -> i128 {
    nu.iter()
        .fold(0i128, |s, x| s.saturating_add(x.saturating_abs()))
}
