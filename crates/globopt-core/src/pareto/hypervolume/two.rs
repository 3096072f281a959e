//! Two objectives: sort by `(z1, z2)` and sweep (shared digest 12, step 5, 2-D).

/// `HV = Σ_records (r1 − z1)·(previous best z2 − z2)`: each point that lowers the best `z2`
/// seen so far adds the slab `[z1, r1] × [z2, best)`. O(n log n).
pub(super) fn volume(pts: &mut [[f64; 2]], r: &[f64]) -> f64 {
    pts.sort_unstable_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let mut best = r[1];
    let mut hv = 0.0;
    for p in pts.iter() {
        if p[1] < best {
            hv += (r[0] - p[0]) * (best - p[1]);
            best = p[1];
        }
    }
    hv
}
