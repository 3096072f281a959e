//! Three objectives: dimension sweep over z3 with a 2-D staircase (shared digest 12, step 5,
//! 3-D), and the exclusive 3-D contribution of one point, which the 4-D sweep and the
//! contributions use.

use super::staircase::Staircase;

/// Sort by z3 ascending; before inserting each point add `A·(z3_i − z3_{i−1})`, where A is
/// the area of the staircase of the points seen so far; finish with `A·(r3 − z3_last)`.
/// O(n log n) searches (plus the staircase's moves).
pub(super) fn volume(pts: &mut [[f64; 3]], r: &[f64]) -> f64 {
    pts.sort_unstable_by(|a, b| a[2].total_cmp(&b[2]));
    let Some(first) = pts.first() else {
        return 0.0;
    };
    let mut stair = Staircase::new([r[0], r[1]]);
    let mut hv = 0.0;
    let mut z = first[2];
    for p in pts.iter() {
        hv += stair.area() * (p[2] - z);
        z = p[2];
        stair.insert([p[0], p[1]]);
    }
    hv + stair.area() * (r[2] - z)
}

/// A 3-D point set sorted by z3 ascending, stored by coordinate so that the scans of
/// [`Contribution::of`] run over contiguous arrays.
#[derive(Debug, Clone, Default)]
pub(super) struct Layer {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
}

impl Layer {
    /// The points of `sorted` (already in z3 order).
    pub(super) fn from_sorted<'a>(sorted: impl Iterator<Item = &'a [f64; 3]>) -> Self {
        let mut layer = Layer::default();
        for p in sorted {
            layer.x.push(p[0]);
            layer.y.push(p[1]);
            layer.z.push(p[2]);
        }
        layer
    }

    /// Append `q`, which lies at or above every point's z3.
    pub(super) fn push(&mut self, q: [f64; 3]) {
        self.x.push(q[0]);
        self.y.push(q[1]);
        self.z.push(q[2]);
    }

    /// Remove every point, keeping the storage.
    pub(super) fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.z.clear();
    }

    /// Remove the points at the ascending indices `gone`, then insert `q` in z3 order.
    #[inline]
    pub(super) fn replace(&mut self, gone: &[usize], q: [f64; 3]) {
        if let Some(&first) = gone.first() {
            let mut w = first;
            for (k, &g) in gone.iter().enumerate() {
                let end = gone.get(k + 1).copied().unwrap_or(self.z.len());
                for v in [&mut self.x, &mut self.y, &mut self.z] {
                    v.copy_within(g + 1..end, w);
                }
                w += end - g - 1;
            }
            for v in [&mut self.x, &mut self.y, &mut self.z] {
                v.truncate(w);
            }
        }
        let pos = self.z.partition_point(|&z| z < q[2]);
        self.x.insert(pos, q[0]);
        self.y.insert(pos, q[1]);
        self.z.insert(pos, q[2]);
    }
}

/// The length of the prefix of the ascending `zs` where `below` holds: a count without
/// branches on small sets (the many small sweeps of WFG's limit sets), a binary search on
/// large ones.
fn count_below(zs: &[f64], below: impl Fn(f64) -> bool) -> usize {
    if zs.len() <= 64 {
        zs.iter().map(|&z| usize::from(below(z))).sum()
    } else {
        zs.partition_point(|&z| below(z))
    }
}

/// The lowest `y` among points with `x ≤ p1` and the lowest `x` among points with
/// `y ≤ p2` (the covers of p's left and bottom edges, `r` when none), or `None` when a point
/// has both (it weakly dominates p in the plane). Four independent lanes, so that the
/// minimum reductions compile to packed compare-and-select.
fn edge_covers(p: [f64; 3], xs: &[f64], ys: &[f64], r: &[f64]) -> Option<(f64, f64)> {
    const LANES: usize = 4;
    let mut left = [r[1]; LANES];
    let mut bottom = [r[0]; LANES];
    let mut dominated = [false; LANES];
    let (xc, yc) = (xs.chunks_exact(LANES), ys.chunks_exact(LANES));
    let (x_rest, y_rest) = (xc.remainder(), yc.remainder());
    for (x, y) in xc.zip(yc) {
        for k in 0..LANES {
            let (on_left, on_bottom) = (x[k] <= p[0], y[k] <= p[1]);
            dominated[k] |= on_left & on_bottom;
            left[k] = if on_left && y[k] < left[k] {
                y[k]
            } else {
                left[k]
            };
            bottom[k] = if on_bottom && x[k] < bottom[k] {
                x[k]
            } else {
                bottom[k]
            };
        }
    }
    for (&a, &b) in x_rest.iter().zip(y_rest) {
        let (on_left, on_bottom) = (a <= p[0], b <= p[1]);
        dominated[0] |= on_left & on_bottom;
        left[0] = if on_left && b < left[0] { b } else { left[0] };
        bottom[0] = if on_bottom && a < bottom[0] {
            a
        } else {
            bottom[0]
        };
    }
    if dominated.iter().any(|&d| d) {
        return None;
    }
    Some((
        left.iter().copied().fold(r[1], f64::min),
        bottom.iter().copied().fold(r[0], f64::min),
    ))
}

/// Computes the volume one point adds to a 3-D set, reusing its staircase between calls.
#[derive(Debug, Clone)]
pub(super) struct Contribution {
    stair: Staircase,
    dominated: Vec<usize>,
    window: Vec<usize>,
}

impl Contribution {
    /// A staircase for sets below the reference `r`.
    pub(super) fn new(r: &[f64]) -> Self {
        Contribution {
            stair: Staircase::new([r[0], r[1]]),
            dominated: Vec::new(),
            window: Vec::new(),
        }
    }

    /// The volume that `p` adds to `set`: `∫_{p3}^{r3} A(z) dz`, where `A(z)` is the area of
    /// `[p1, r1] × [p2, r2]` not covered by the boxes of the points with `z3 ≤ z`.
    ///
    /// A first pass over the points with `z3 ≤ p3` finds the lowest cover of p's left edge and
    /// the leftmost cover of its bottom edge (the volume is 0 if a point weakly dominates p).
    /// Any point at or beyond an edge cover is covered inside p's box, so only the points
    /// strictly inside the window the covers leave go into the staircase of limits
    /// `max(q, p)`: first those with `z3 ≤ p3`, then the later ones in z3 order, integrating the
    /// uncovered area between insertions. O(|set|) plus the staircase work of the window.
    ///
    /// When the volume is positive and the set is non-dominated, [`Contribution::dominated`]
    /// then lists the points p weakly dominates: they lie at p's z3 or in the window of the
    /// sweep (a point beyond an edge cover that p dominated would be dominated by the cover).
    #[inline]
    pub(super) fn of(&mut self, p: [f64; 3], set: &Layer, r: &[f64]) -> f64 {
        let split = count_below(&set.z, |z| z <= p[2]);
        let tie = count_below(&set.z[..split], |z| z < p[2]);
        // the points at p's z3 that p weakly dominates, by a compaction without branches (the
        // limit sets of WFG put many points at p's z3)
        let dominated = &mut self.dominated;
        dominated.clear();
        dominated.resize(split - tie + 1, 0);
        let mut found = 0;
        for i in tie..split {
            dominated[found] = i;
            found += usize::from((set.x[i] >= p[0]) & (set.y[i] >= p[1]));
        }
        dominated.truncate(found);
        let (xs, ys) = (&set.x[..split], &set.y[..split]);
        let Some((left, bottom)) = edge_covers(p, xs, ys, r) else {
            return 0.0;
        };
        let (mut left, mut bottom) = (left, bottom);
        let stair = &mut self.stair;
        stair.clear();
        if left < r[1] {
            stair.insert([p[0], left]);
        }
        if bottom < r[0] {
            stair.insert([bottom, p[1]]);
        }
        // the window holds a few of the points: find them by a compaction without branches
        // (each index is written, and counted only when inside), then insert them
        let window = &mut self.window;
        window.clear();
        window.resize(xs.len() + 1, 0);
        let mut found = 0;
        for (i, (&a, &b)) in xs.iter().zip(ys).enumerate() {
            window[found] = i;
            found += usize::from((a > p[0]) & (b > p[1]) & (a < bottom) & (b < left));
        }
        for &i in &window[..found] {
            stair.insert([xs[i], ys[i]]);
        }
        let full = (r[0] - p[0]) * (r[1] - p[1]);
        let mut vol = 0.0;
        let mut z = p[2];
        for i in split..set.z.len() {
            let (a, b) = (set.x[i], set.y[i]);
            if a >= bottom || b >= left {
                continue;
            }
            if a >= p[0] && b >= p[1] {
                self.dominated.push(i);
            }
            let u = [a.max(p[0]), b.max(p[1])];
            vol += (full - stair.area()) * (set.z[i] - z);
            z = set.z[i];
            if u == [p[0], p[1]] {
                return vol;
            }
            stair.insert(u);
            if u[0] == p[0] {
                left = u[1];
            } else if u[1] == p[1] {
                bottom = u[0];
            }
        }
        vol + (full - stair.area()) * (r[2] - z)
    }

    /// The indices (ascending) of the set's points that the last [`Contribution::of`]'s point
    /// weakly dominates.
    pub(super) fn dominated(&self) -> &[usize] {
        &self.dominated
    }
}
