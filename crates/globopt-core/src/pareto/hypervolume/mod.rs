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
//!   the 4-D sweep ([`wfg`]).

mod contributions;
mod four;
mod staircase;
mod three;
mod two;
mod wfg;

pub use contributions::{hv_contributions, hypervolume_improvement};

use super::dominance::{Duplicates, nondominated_rows};
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
/// `r` (only the first `m` entries of `r` are read). The rows may be reordered. From five
/// objectives on, dominated rows are dropped before WFG.
pub(crate) fn volume(flat: &mut [f64], m: usize, r: &[f64]) -> f64 {
    if flat.is_empty() {
        return 0.0;
    }
    match m {
        1 => r[0] - flat.iter().copied().fold(f64::INFINITY, f64::min),
        2 => two::volume(&mut rows(flat), r),
        3 => three::volume(&mut rows(flat), r),
        4 => four::volume(&mut rows::<4>(flat), r),
        _ => {
            let rows: Vec<&[f64]> = flat.chunks_exact(m).collect();
            let mut front = Vec::with_capacity(flat.len());
            for i in nondominated_rows(&rows, m, Duplicates::KeepFirst) {
                front.extend_from_slice(rows[i]);
            }
            wfg::volume(&front, m, r)
        }
    }
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
