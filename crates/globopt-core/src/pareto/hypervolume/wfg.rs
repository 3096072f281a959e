//! Five or more objectives: the WFG algorithm (While, Bradstreet & Barone 2012; shared
//! digest 12, step 5, M ≥ 4) with the last objective sliced off; at five objectives each limit
//! set is pruned by its axis-aligned members before the 4-D sweep.

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
/// five objectives (d = 4) each limit set is pruned by [`Limits4::limit`] and measured by the
/// 4-D sweep; above, the limit set's dominated rows are dropped and the recursion goes on.
fn sorted_volume(sorted: &[f64], m: usize, r: &[f64]) -> f64 {
    let d = m - 1;
    let mut limits = Limits4::of(if d == 4 { sorted } else { &[] }, m);
    let mut limit4s: Vec<[f64; 4]> = Vec::new();
    let mut sweep = four::Sweep::new(r);
    let mut limit: Vec<f64> = Vec::new();
    let mut reduced: Vec<f64> = Vec::new();
    let mut total = 0.0;
    for (k, row) in sorted.chunks_exact(m).enumerate() {
        let p = &row[..d];
        let base = box_volume(p, &r[..d]);
        let covered = if d == 4 {
            if limits.limit(k, [r[0], r[1], r[2], r[3]], &mut limit4s) {
                drop_weakly_dominated(&mut limit4s);
                sweep.volume(&limit4s, r)
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

/// The first four coordinates of the rows of a WFG level at five objectives, their positions
/// in the orders the limit sets are read in, and the scratch of [`Limits4::limit`].
#[derive(Debug, Default)]
struct Limits4 {
    rows: Vec<[f64; 4]>,
    /// the sort keys: for row i, `position[i]` is its position by z3 and `position[n + i]`
    /// n plus its position by (z4, z3)
    position: Vec<u32>,
    /// the row at each key
    at: Vec<u32>,
    /// one bit per key, set for the kept rows: reading the bits in order sorts them
    marks: Vec<u64>,
    candidates: Vec<usize>,
}

impl Limits4 {
    /// The rows of the row-major `sorted` (`m` entries each).
    fn of(sorted: &[f64], m: usize) -> Self {
        let rows: Vec<[f64; 4]> = sorted
            .chunks_exact(m)
            .map(|row| [row[0], row[1], row[2], row[3]])
            .collect();
        let n = rows.len();
        let order = |cmp: &dyn Fn(&[f64; 4], &[f64; 4]) -> std::cmp::Ordering| {
            let mut order: Vec<u32> = (0..n as u32).collect();
            order.sort_unstable_by(|&a, &b| cmp(&rows[a as usize], &rows[b as usize]));
            order
        };
        // at most u32::MAX rows: more would not fit in memory as [f64; 4]
        let mut at = order(&|a, b| a[2].total_cmp(&b[2]));
        at.extend(order(&|a, b| {
            a[3].total_cmp(&b[3]).then(a[2].total_cmp(&b[2]))
        }));
        let mut position = vec![0u32; 2 * n];
        for (pos, &i) in at.iter().enumerate() {
            let slot = if pos < n { i as usize } else { n + i as usize };
            position[slot] = pos as u32;
        }
        Limits4 {
            rows,
            position,
            at,
            marks: vec![0; (2 * n).div_ceil(64)],
            // room for every later row, and the one write past the last hit
            candidates: vec![0; n + 1],
        }
    }

    /// Write into `out` a subset of the 4-D limit set `{max(p, q) : q = rows[j], j > k}`,
    /// with `p = rows[k]`, that has the same hypervolume, in the order of [`four::sweep`] (z4
    /// ascending, ties by z3 ascending), or return `false` when a later row weakly dominates p
    /// (the limit set then covers all of p's box).
    ///
    /// Axis pruning: a row q above p in exactly one coordinate i gives the limit point
    /// `e_i = p` with coordinate i raised to `q_i`. With `b_i` the lowest such `q_i` (`r_i`
    /// when none), `e_i` weakly dominates every limit point whose coordinate i is at least
    /// `b_i`, so only the rows with `q < b` in every coordinate are kept, plus the points
    /// `e_i` themselves. One O(|later|) scan without data-dependent branches (the comparisons
    /// are coin flips on a front) finds the bounds and, by a compaction, the rows below the
    /// bounds so far (a superset of the kept rows: the bounds only fall). The kept rows are
    /// ordered by integer keys from the precomputed positions (marked in a bitset read in
    /// order, no sort): the rows at or below p's z4 all take p's z4 and come first, by z3;
    /// the others by (z4, z3).
    fn limit(&mut self, k: usize, r: [f64; 4], out: &mut Vec<[f64; 4]>) -> bool {
        let p = self.rows[k];
        let later = &self.rows[k + 1..];
        let mut bound = r;
        // the rows below the bounds so far, a superset of the rows kept: the bounds only fall
        // (written at every step, counted only on a hit: a compaction without branches)
        let candidates = &mut self.candidates[..];
        let mut found = 0;
        for (j, q) in later.iter().enumerate() {
            let at_most = [q[0] <= p[0], q[1] <= p[1], q[2] <= p[2], q[3] <= p[3]];
            let (low01, low23) = (at_most[0] & at_most[1], at_most[2] & at_most[3]);
            // q is above p in coordinate i only, or nowhere (p is then covered, and the bound
            // falls to p_i or below, which no row above p in i alone can do)
            let alone = [
                at_most[1] & low23,
                at_most[0] & low23,
                low01 & at_most[3],
                low01 & at_most[2],
            ];
            for i in 0..4 {
                let v = if alone[i] { q[i] } else { f64::INFINITY };
                bound[i] = if v < bound[i] { v } else { bound[i] };
            }
            let below =
                (q[0] < bound[0]) & (q[1] < bound[1]) & (q[2] < bound[2]) & (q[3] < bound[3]);
            candidates[found] = j;
            found += usize::from(below);
        }
        if (0..4).any(|i| bound[i] <= p[i]) {
            return false;
        }
        let n = self.rows.len();
        for &j in &candidates[..found] {
            let q = later[j];
            if (q[0] < bound[0]) & (q[1] < bound[1]) & (q[2] < bound[2]) & (q[3] < bound[3]) {
                let j = k + 1 + j;
                let key = if q[3] <= p[3] { j } else { n + j };
                let key = self.position[key] as usize;
                self.marks[key / 64] |= 1 << (key % 64);
            }
        }
        out.clear();
        for (w, word) in self.marks.iter_mut().enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                let q = self.rows[self.at[w * 64 + bits.trailing_zeros() as usize] as usize];
                bits &= bits - 1;
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
                let mut e = p;
                e[i] = bound[i];
                let at = out.partition_point(|v| (v[3], v[2]) < (e[3], e[2]));
                out.insert(at, e);
            }
        }
        true
    }
}

/// Keep, of rows sorted by z4 ascending, those that no earlier kept row weakly dominates
/// (checked from the most recent, the likeliest to); a row dominated only by a later one, at
/// the same z4 and z3, stays: the sweep handles it.
fn drop_weakly_dominated(rows: &mut Vec<[f64; 4]>) {
    let mut kept = 0;
    for i in 0..rows.len() {
        let u = rows[i];
        let covered = rows[..kept]
            .iter()
            .rev()
            .any(|v| (v[0] <= u[0]) & (v[1] <= u[1]) & (v[2] <= u[2]) & (v[3] <= u[3]));
        if !covered {
            rows[kept] = u;
            kept += 1;
        }
    }
    rows.truncate(kept);
}
