//! Five or more objectives: the WFG algorithm (While, Bradstreet & Barone 2012; shared
//! digest 12, step 5, M ≥ 4) with the last objective sliced off, and each limit set pruned by
//! its axis-aligned members before the recursion.

use super::{box_volume, four, volume as volume_any};
use crate::pareto::dominance::{Duplicates, nondominated_rows};

/// `HV(S) = Σ_k excl(k)` with `excl(k) = box(p_k) − HV(limit(k))` and
/// `limit(k) = {max(p_k, p_j) : j > k}`. With S sorted by the last objective descending, every
/// limit point shares p_k's last coordinate, so
/// `excl(k) = (r_M − p_kM)·(box_{M−1}(p_k) − HV_{M−1}(limit_{M−1}(k)))`: the recursion drops
/// one objective per level and ends in the 4-D sweep. The sum telescopes
/// (`excl(k) = HV({p_j : j ≥ k}) − HV({p_j : j > k})`), so it is exact whether or not S holds
/// dominated rows.
pub(super) fn volume(flat: &[f64], m: usize, r: &[f64]) -> f64 {
    let mut rows: Vec<&[f64]> = flat.chunks_exact(m).collect();
    rows.sort_unstable_by(|a, b| b[m - 1].total_cmp(&a[m - 1]));
    sorted_volume(&rows.concat(), m, r)
}

/// [`volume`] of `m`-dimensional rows already sorted by the last objective, descending. At
/// five objectives (d = 4) each limit set is pruned by [`limit4`] and measured by the 4-D
/// sweep; above, the limit set's dominated rows are dropped and the recursion goes on.
fn sorted_volume(sorted: &[f64], m: usize, r: &[f64]) -> f64 {
    let d = m - 1;
    let heads: Vec<[f64; 4]> = if d == 4 {
        sorted
            .chunks_exact(m)
            .map(|row| [row[0], row[1], row[2], row[3]])
            .collect()
    } else {
        Vec::new()
    };
    let mut limit4s: Vec<[f64; 4]> = Vec::new();
    let mut limit: Vec<f64> = Vec::new();
    let mut reduced: Vec<f64> = Vec::new();
    let mut total = 0.0;
    for (k, row) in sorted.chunks_exact(m).enumerate() {
        let p = &row[..d];
        let base = box_volume(p, &r[..d]);
        let covered = if d == 4 {
            let p4 = heads[k];
            if limit4(&p4, &heads[k + 1..], [r[0], r[1], r[2], r[3]], &mut limit4s) {
                limit4s.sort_unstable_by(|a, b| a[3].total_cmp(&b[3]).then(a[2].total_cmp(&b[2])));
                four::sweep(&limit4s, r)
            } else {
                base
            }
        } else {
            limit.clear();
            for q in sorted[(k + 1) * m..].chunks_exact(m) {
                limit.extend(p.iter().zip(q).map(|(a, b)| a.max(*b)));
            }
            if d < 4 {
                // only the tests call WFG below five objectives, as a check of the sweeps
                volume_any(&mut limit, d, r)
            } else {
                let rows: Vec<&[f64]> = limit.chunks_exact(d).collect();
                let mut front: Vec<&[f64]> = nondominated_rows(&rows, d, Duplicates::KeepFirst)
                    .into_iter()
                    .map(|i| rows[i])
                    .collect();
                front.sort_unstable_by(|a, b| b[d - 1].total_cmp(&a[d - 1]));
                reduced.clear();
                for q in front {
                    reduced.extend_from_slice(q);
                }
                if reduced.is_empty() {
                    0.0
                } else {
                    sorted_volume(&reduced, d, r)
                }
            }
        };
        total += (r[d] - row[d]) * (base - covered);
    }
    total
}

/// Write into `out` a subset of the 4-D limit set `{max(p, q) : q ∈ later}` with the same
/// hypervolume, or return `false` when a row of `later` weakly dominates p (the limit set then
/// covers all of p's box).
///
/// Axis pruning: a row q above p in exactly one coordinate i gives the limit point
/// `e_i = p` with coordinate i raised to `q_i`. With `b_i` the lowest such `q_i` (`r_i` when
/// none), `e_i` weakly dominates every limit point whose coordinate i is at least `b_i`, so
/// only the rows with `q < b` in every coordinate are kept, plus the points `e_i` themselves.
/// Two O(|later|) scans without data-dependent branches (the comparisons are coin flips on a
/// front).
fn limit4(p: &[f64; 4], later: &[[f64; 4]], r: [f64; 4], out: &mut Vec<[f64; 4]>) -> bool {
    let mut bound = r;
    let mut dominated = false;
    for q in later {
        let up = [q[0] > p[0], q[1] > p[1], q[2] > p[2], q[3] > p[3]];
        let count: u32 = up.iter().map(|&u| u32::from(u)).sum();
        dominated |= count == 0;
        for i in 0..4 {
            // q is above p in coordinate i only (or nowhere, and then p is covered)
            let v = if count - u32::from(up[i]) == 0 {
                q[i]
            } else {
                f64::INFINITY
            };
            bound[i] = if v < bound[i] { v } else { bound[i] };
        }
    }
    if dominated {
        return false;
    }
    out.clear();
    for q in later {
        if (q[0] < bound[0]) & (q[1] < bound[1]) & (q[2] < bound[2]) & (q[3] < bound[3]) {
            out.push([
                q[0].max(p[0]),
                q[1].max(p[1]),
                q[2].max(p[2]),
                q[3].max(p[3]),
            ]);
        }
    }
    for i in 0..4 {
        if bound[i] < r[i] {
            let mut e = *p;
            e[i] = bound[i];
            out.push(e);
        }
    }
    true
}
