//! Five or more objectives: the WFG algorithm (While, Bradstreet & Barone 2012; shared
//! digest 12, step 5, M ≥ 4) with the last objective sliced off.

use super::{box_volume, four, volume as volume_any};
use crate::pareto::dominance::{Duplicates, nondominated_rows};

/// `HV(S) = Σ_k excl(k)` with `excl(k) = box(p_k) − HV(limit(k))` and
/// `limit(k) = {max(p_k, p_j) : j > k}`. With S sorted by the last objective descending, every
/// limit point shares p_k's last coordinate, so
/// `excl(k) = (r_M − p_kM)·(box_{M−1}(p_k) − HV_{M−1}(nd(limit_{M−1}(k))))`: the recursion
/// drops one objective per level and ends in the 4-D sweep. The caller removes dominated rows
/// first.
pub(super) fn volume(flat: &[f64], m: usize, r: &[f64]) -> f64 {
    let n = flat.len() / m;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| flat[b * m + m - 1].total_cmp(&flat[a * m + m - 1]));
    let sorted: Vec<f64> = order
        .iter()
        .flat_map(|&i| flat[i * m..(i + 1) * m].iter().copied())
        .collect();
    sorted_volume(&sorted, m, r)
}

/// [`volume`] of rows already sorted by the last objective, descending.
///
/// Each limit set is written in the order the next level sorts by (its own last objective:
/// ascending for the 4-D sweep, descending for WFG), read off one ordering of all rows by that
/// objective: the rows at or below p_k's value all take p_k's value and stay first (last when
/// descending), the others keep their order. No limit set is sorted again.
fn sorted_volume(sorted: &[f64], m: usize, r: &[f64]) -> f64 {
    let n = sorted.len() / m;
    if n == 1 {
        return box_volume(sorted, &r[..m]);
    }
    let d = m - 1;
    let row = |i: usize| &sorted[i * m..(i + 1) * m];
    let mut by_next: Vec<usize> = (0..n).collect();
    by_next.sort_unstable_by(|&a, &b| row(a)[d - 1].total_cmp(&row(b)[d - 1]));
    let mut limit4: Vec<[f64; 4]> = Vec::with_capacity(n);
    let mut limit: Vec<f64> = Vec::with_capacity(n * d);
    let mut reduced: Vec<f64> = Vec::with_capacity(n * d);
    let mut total = 0.0;
    for k in 0..n {
        let p = row(k);
        let base = box_volume(&p[..d], &r[..d]);
        let covered = if d == 4 {
            limit4.clear();
            limit4.extend(by_next.iter().filter(|&&j| j > k).map(|&j| {
                let q = row(j);
                [
                    p[0].max(q[0]),
                    p[1].max(q[1]),
                    p[2].max(q[2]),
                    p[3].max(q[3]),
                ]
            }));
            // the rows tied at p_k's z4 come first: order them by z3 for the sweep
            let tied = limit4.partition_point(|q| q[3] <= p[3]);
            limit4[..tied].sort_unstable_by(|a, b| a[2].total_cmp(&b[2]));
            four::sweep(&limit4, r)
        } else {
            limit.clear();
            for &j in by_next.iter().rev().filter(|&&j| j > k) {
                limit.extend(p[..d].iter().zip(&row(j)[..d]).map(|(a, b)| a.max(*b)));
            }
            if d < 4 {
                volume_any(&mut limit, d, r)
            } else {
                let rows: Vec<&[f64]> = limit.chunks_exact(d).collect();
                reduced.clear();
                for i in nondominated_rows(&rows, d, Duplicates::KeepFirst) {
                    reduced.extend_from_slice(rows[i]);
                }
                if reduced.is_empty() {
                    0.0
                } else {
                    sorted_volume(&reduced, d, r)
                }
            }
        };
        total += (r[d] - p[d]) * (base - covered);
    }
    total
}
