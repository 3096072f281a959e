//! Four objectives: sweep over z4, adding each point's exact 3-D exclusive contribution to the
//! points below it (the dimension-sweep of HV4D, Guerreiro & Fonseca 2018).

use super::staircase::Staircase;
use super::three::{Contribution, Layer};

/// Sort by z4 ascending (then z3) and keep `S`, the 3-D projections seen so far that no later one
/// weakly dominates, sorted by z3, with their 3-D volume `V`. For each point p: add
/// `V·(z4_p − z4_prev)`, then `V += contribution(p, S)` and put p into S (removing what it
/// dominates) when that contribution is positive; finish with `V·(r4 − z4_last)`.
/// O(n·|S|) time.
pub(super) fn volume(pts: &mut [[f64; 4]], r: &[f64]) -> f64 {
    pts.sort_unstable_by(|a, b| a[3].total_cmp(&b[3]).then(a[2].total_cmp(&b[2])));
    sweep(pts, r)
}

/// The sweep of [`volume`] over points already sorted by z4 ascending, ties by z3 ascending.
pub(super) fn sweep(pts: &[[f64; 4]], r: &[f64]) -> f64 {
    Sweep::new(r).volume(pts, r)
}

/// The storage of [`sweep`], kept between the many small sweeps of WFG's limit sets.
#[derive(Debug, Clone)]
pub(super) struct Sweep {
    slice: Layer,
    contribution: Contribution,
    stair: Staircase,
    level: Vec<[f64; 4]>,
}

impl Sweep {
    /// Empty storage for sets below the reference `r`.
    pub(super) fn new(r: &[f64]) -> Self {
        Sweep {
            slice: Layer::default(),
            contribution: Contribution::new(r),
            stair: Staircase::new([r[0], r[1]]),
            level: Vec::new(),
        }
    }

    /// [`sweep`] of `pts` (same order) under the reference this storage was made for.
    ///
    /// The points at the lowest z4 (many, in WFG's limit sets, which put every row below p's
    /// z4 at p's z4) start the slice at once: a 3-D sweep over their z3 with a staircase gives
    /// their volume, and those that add area to it (inserted by x then y within each z3, so
    /// that a point never comes after one it weakly dominates) form the slice.
    pub(super) fn volume(&mut self, pts: &[[f64; 4]], r: &[f64]) -> f64 {
        let Some(first) = pts.first() else {
            return 0.0;
        };
        let Sweep {
            slice,
            contribution,
            stair,
            level,
        } = self;
        slice.clear();
        stair.clear();
        let lowest = pts.partition_point(|p| p[3] <= first[3]);
        let mut v3 = 0.0;
        let mut z3 = first[2];
        let mut i = 0;
        while i < lowest {
            let at = pts[i][2];
            let end = i + pts[i..lowest].partition_point(|p| p[2] <= at);
            v3 += stair.area() * (at - z3);
            z3 = at;
            level.clear();
            level.extend_from_slice(&pts[i..end]);
            level.sort_unstable_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
            for p in level.iter() {
                if stair.insert([p[0], p[1]]) > 0.0 {
                    slice.push([p[0], p[1], p[2]]);
                }
            }
            i = end;
        }
        v3 += stair.area() * (r[2] - z3);
        let mut hv = 0.0;
        let mut z = first[3];
        for p in &pts[lowest..] {
            hv += v3 * (p[3] - z);
            z = p[3];
            let q = [p[0], p[1], p[2]];
            let c = contribution.of(q, slice, r);
            if c > 0.0 {
                v3 += c;
                slice.replace(contribution.dominated(), q);
            }
        }
        hv + v3 * (r[3] - z)
    }
}
