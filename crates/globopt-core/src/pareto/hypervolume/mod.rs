//! Exact hypervolume (shared digest 12, algorithm step 5): the Lebesgue measure of the region
//! dominated by a point set and bounded by a reference point `r`, in minimization form.
//!
//! Only points that strictly dominate `r` (`p_j < r_j` for every j) add volume; the others
//! are skipped and counted by [`outside_reference`]. The algorithm depends on the number of
//! objectives M:
//! - M = 1: `r − min z`;
//! - M = 2: sort and sweep, O(n log n) ([`two`]);
//! - M = 3: dimension sweep over z3 with a 2-D staircase, O(n log n) ([`three`]);
//! - M = 4: sweep over z4 adding each point's exact 3-D exclusive contribution
//!   ([`four`], in the manner of HV4D, Guerreiro & Fonseca 2018), O(n²) in practice;
//! - M ≥ 5: WFG (While, Bradstreet & Barone 2012) with the last objective sliced off, down to
//!   the 4-D sweep ([`wfg`]); at five objectives each limit set is first cut down to the rows
//!   inside the box its axis-aligned members leave, O(n²) scans plus small 4-D sweeps.

mod contributions;
mod four;
mod staircase;
mod three;
mod two;
mod wfg;

pub use contributions::{hv_contributions, hypervolume_improvement};

use super::dominance::dominates;
use super::points::{check_vector, inside, objectives};
use crate::error::CoreError;

/// The hypervolume of `points` with respect to `reference` (see the module documentation).
/// Errors: rows of different lengths, a reference of another length, non-finite entries.
pub fn hypervolume<P: AsRef<[f64]>>(points: &[P], reference: &[f64]) -> Result<f64, CoreError> {
    let m = checked_objectives(points, reference)?;
    let mut flat = inside(points, reference);
    Ok(volume(&mut flat, m, reference))
}

/// How many rows do not strictly dominate `reference` and so add no volume (digest 12: count
/// them in the report).
pub fn outside_reference<P: AsRef<[f64]>>(
    points: &[P],
    reference: &[f64],
) -> Result<usize, CoreError> {
    checked_objectives(points, reference)?;
    Ok(points
        .iter()
        .filter(|p| p.as_ref().iter().zip(reference).any(|(a, r)| a >= r))
        .count())
}

/// The number of objectives after checking the rows and that the reference matches them.
fn checked_objectives<P: AsRef<[f64]>>(
    points: &[P],
    reference: &[f64],
) -> Result<usize, CoreError> {
    let m = match objectives(points, "points")? {
        0 => reference.len(),
        m => m,
    };
    if m == 0 {
        return Err(CoreError::param("reference", "has no objective values"));
    }
    check_vector(reference, m, "reference")?;
    Ok(m)
}

/// The volume of `[p, r]` for a point `p` below `r`.
pub(crate) fn box_volume(p: &[f64], r: &[f64]) -> f64 {
    p.iter().zip(r).map(|(a, b)| b - a).product()
}

/// The hypervolume of a row-major set of `m`-dimensional points that all strictly dominate
/// `r` (only the first `m` entries of `r` are read). The rows may be reordered. From four
/// objectives on, the rows that a few pivots dominate are dropped first.
pub(crate) fn volume(flat: &mut [f64], m: usize, r: &[f64]) -> f64 {
    if flat.is_empty() {
        return 0.0;
    }
    match m {
        1 => r[0] - flat.iter().copied().fold(f64::INFINITY, f64::min),
        2 => two::volume(&mut rows(flat), r),
        3 => three::volume(&mut rows(flat), r),
        4 => {
            let kept = drop_dominated_by_pivots(flat, m);
            four::volume(&mut rows::<4>(&flat[..kept]), r)
        }
        _ => {
            let kept = drop_dominated_by_pivots(flat, m);
            wfg::volume(&flat[..kept], m, r)
        }
    }
}

/// Move to the front the rows that none of the 16 rows with the smallest coordinate sums
/// strictly dominates, and return their length in entries: O(n) work that empties most of a
/// set of scattered points (uniform in a box) before the sweeps, and costs little on a front
/// where nothing is dominated.
fn drop_dominated_by_pivots(flat: &mut [f64], m: usize) -> usize {
    const PIVOTS: usize = 16;
    let n = flat.len() / m;
    if n <= 4 * PIVOTS {
        return flat.len();
    }
    let mut sums: Vec<(f64, usize)> = flat
        .chunks_exact(m)
        .enumerate()
        .map(|(i, p)| (p.iter().sum(), i))
        .collect();
    sums.select_nth_unstable_by(PIVOTS, |a, b| a.0.total_cmp(&b.0));
    let pivots: Vec<f64> = sums[..PIVOTS]
        .iter()
        .flat_map(|&(_, i)| flat[i * m..(i + 1) * m].iter().copied())
        .collect();
    let mut kept = 0;
    for i in 0..n {
        let row = i * m..(i + 1) * m;
        if !pivots
            .chunks_exact(m)
            .any(|q| dominates(q, &flat[row.clone()]))
        {
            flat.copy_within(row, kept * m);
            kept += 1;
        }
    }
    kept * m
}

/// A row-major buffer as fixed-size rows.
fn rows<const M: usize>(flat: &[f64]) -> Vec<[f64; M]> {
    flat.chunks_exact(M)
        .map(|c| {
            let mut a = [0.0; M];
            a.copy_from_slice(c);
            a
        })
        .collect()
}

#[cfg(test)]
mod tests;
