//! The connection radius of FMT* and GMT* (shared digest 13, "Algorithm" step 2 and "Options
//! and defaults").
//!
//! The asymptotic-optimality radius of Janson et al. for `n` uniform samples in `d`
//! dimensions with Euclidean cost is `r = γ (log n / n)^{1/d}` with
//! `γ = m · 2 (1/d)^{1/d} (μ(X_free)/ζ_d)^{1/d}`, `ζ_d` the volume of the unit ball. The factor
//! `m` is OMPL's `radius_multiplier`; the GMT* paper writes the same radius as
//! `4 (1 + η)^{1/d} (1/d)^{1/d} (μ/ζ_d)^{1/d} (log n/n)^{1/d}`, i.e. `m = 2 (1 + η)^{1/d}`, so
//! the default `m = 2` is the paper's `η = 0`.

/// `ζ_d = π^{d/2} / Γ(d/2 + 1)`, the volume of the unit ball of `ℝ^d`, by the recursion
/// `ζ_0 = 1`, `ζ_1 = 2`, `ζ_d = (2π/d) ζ_{d−2}`.
pub fn unit_ball_volume(d: usize) -> f64 {
    match d {
        0 => 1.0,
        1 => 2.0,
        _ => 2.0 * std::f64::consts::PI / d as f64 * unit_ball_volume(d - 2),
    }
}

/// `r = m · 2 (1/d)^{1/d} (μ/ζ_d)^{1/d} (log n / n)^{1/d}` (see the module documentation) for
/// `n` nodes (samples, start and goal), free measure `μ` and radius multiplier `m`.
pub fn connection_radius(d: usize, n: usize, free_measure: f64, multiplier: f64) -> f64 {
    let a = 1.0 / d as f64;
    let n = n.max(2) as f64;
    multiplier
        * 2.0
        * a.powf(a)
        * (free_measure / unit_ball_volume(d)).powf(a)
        * (n.ln() / n).powf(a)
}

/// The paper's `η` for a multiplier `m`: `η = (m/2)^d − 1`.
pub fn eta_of_multiplier(d: usize, multiplier: f64) -> f64 {
    (multiplier / 2.0).powi(d as i32) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ball_volumes_and_the_ompl_radius() {
        assert!((unit_ball_volume(2) - std::f64::consts::PI).abs() < 1e-15);
        assert!((unit_ball_volume(3) - 4.0 / 3.0 * std::f64::consts::PI).abs() < 1e-14);
        // OMPL 2.0.1 FMT, 3-box world, 2000 samples + start + goal, m = 2, μ estimate 0.829:
        // its log reads "Using radius of 0.089538"
        let r = connection_radius(2, 2002, 0.8290, 2.0);
        assert!((r - 0.089538).abs() < 5e-5, "{r}");
        assert!(eta_of_multiplier(2, 2.0).abs() < 1e-15);
    }
}
