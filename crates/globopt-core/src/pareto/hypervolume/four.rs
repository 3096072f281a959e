//! Four objectives: sweep over z4, adding each point's exact 3-D exclusive contribution to the
//! points below it (the dimension-sweep of HV4D, Guerreiro & Fonseca 2018).

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

/// The sweep of [`volume`] over points already sorted by z4 ascending (ties best by z3
/// ascending: a point that dominates another at the same z4 then comes first, and inserts
/// append to the slice).
pub(super) fn sweep(pts: &[[f64; 4]], r: &[f64]) -> f64 {
    Sweep::new(r).volume(pts, r)
}

/// The storage of [`sweep`], kept between the many small sweeps of WFG's limit sets.
#[derive(Debug, Clone)]
pub(super) struct Sweep {
    slice: Layer,
    contribution: Contribution,
}

impl Sweep {
    /// Empty storage for sets below the reference `r`.
    pub(super) fn new(r: &[f64]) -> Self {
        Sweep {
            slice: Layer::default(),
            contribution: Contribution::new(r),
        }
    }

    /// [`sweep`] of `pts` (same order) under the reference this storage was made for.
    pub(super) fn volume(&mut self, pts: &[[f64; 4]], r: &[f64]) -> f64 {
        let Some(first) = pts.first() else {
            return 0.0;
        };
        let (slice, contribution) = (&mut self.slice, &mut self.contribution);
        slice.clear();
        let mut v3 = 0.0;
        let mut hv = 0.0;
        let mut z = first[3];
        for p in pts {
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
