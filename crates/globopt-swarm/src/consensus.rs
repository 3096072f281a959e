//! The consensus point and the effective sample size of the Gibbs weights `exp(−α f)`
//! (shared digest 10, steps 3 and 5), computed stably in log space.

/// Summary of one consensus computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConsensusStats {
    /// Number of points with a finite energy (the others have weight 0).
    pub finite: usize,
    /// The lowest finite energy.
    pub min_energy: f64,
    /// The weighted energy `Σ w_i f_i` (normalized weights), the energy of the consensus.
    pub weighted_energy: f64,
}

/// `exp(t)`, with the arguments below −746 (where `exp` underflows to 0) answered without
/// calling `exp`: glibc's slow underflow path costs a few percent of a CBO step at α = 1e5.
fn exp_or_zero(t: f64) -> f64 {
    if t < -746.0 { 0.0 } else { t.exp() }
}

/// `ln Σ_i exp(a_i)` with SciPy's arithmetic (`scipy.special.logsumexp`, which CBXpy uses):
/// the `m` terms equal to the maximum `a_max` are taken out of the sum, and
/// `lse = ln1p(s/m) + ln m + a_max` with `s = Σ_{a_i < a_max} exp(a_i − a_max)`. Terms of −∞
/// contribute nothing; `−∞` when every term is.
pub fn log_sum_exp(a: &[f64]) -> f64 {
    let a_max = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if a_max == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    let m = a.iter().filter(|&&v| v == a_max).count() as f64;
    let mut s: f64 = a
        .iter()
        .filter(|&&v| v != a_max)
        .map(|&v| exp_or_zero(v - a_max))
        .sum();
    if s != 0.0 {
        s /= m;
    }
    s.ln_1p() + m.ln() + a_max
}

/// The consensus point `c = Σ_i w_i x_i` with normalized Gibbs weights
/// `w_i = exp(−α f_i − lse_j(−α f_j))` (digest 10, step 3), written into `out`, computed as
/// CBXpy computes it: log-weights `−α f_i`, their [`log_sum_exp`], and the weighted points summed
/// in index order.
///
/// The floating-point order matters more than one would think: on Ackley-100 (N = 100, σ = 10.1,
/// 5000 steps) the textbook form `Σ e^{−α(f_i − f_min)} x_i / Σ e^{−α(f_i − f_min)}` with the
/// step written as `x − λdt·d + σ√dt·(ξ ⊙ d)` succeeded in about half the runs where CBXpy's
/// arithmetic (this function and [`crate::update::cbo_step`]) succeeds in 95%, although the two
/// agree to 1e-14 in a single step: the heavy-tailed dynamics amplify rounding into different
/// statistics.
///
/// `points` holds the points row by row (`energies.len()` rows of `out.len()` coordinates).
/// Nothing overflows at α = 1e5: the largest log-weight is subtracted before exponentiating. As
/// α → ∞ the consensus tends to the best point, and α = 0 gives the mean. Points with a
/// non-finite energy get weight 0 (when `−α f` itself overflows, the energies are shifted by
/// their minimum first). Returns `None` (and leaves `out` untouched) when no energy is finite.
pub fn consensus_point(
    points: &[f64],
    energies: &[f64],
    alpha: f64,
    out: &mut [f64],
) -> Option<ConsensusStats> {
    let dim = out.len();
    debug_assert_eq!(points.len(), energies.len() * dim);
    let min_energy = energies
        .iter()
        .copied()
        .filter(|f| f.is_finite())
        .fold(f64::INFINITY, f64::min);
    if !min_energy.is_finite() {
        return None;
    }
    let raw = |f: f64| {
        if f.is_finite() {
            -alpha * f
        } else {
            f64::NEG_INFINITY
        }
    };
    let mut log_w: Vec<f64> = energies.iter().map(|&f| raw(f)).collect();
    if energies
        .iter()
        .zip(&log_w)
        .any(|(f, w)| f.is_finite() && !w.is_finite())
    {
        for (w, &f) in log_w.iter_mut().zip(energies) {
            *w = if f.is_finite() {
                -alpha * (f - min_energy)
            } else {
                f64::NEG_INFINITY
            };
        }
    }
    let lse = log_sum_exp(&log_w);
    out.iter_mut().for_each(|c| *c = 0.0);
    let mut weighted = 0.0;
    for ((x, &f), &lw) in points.chunks_exact(dim).zip(energies).zip(&log_w) {
        if lw == f64::NEG_INFINITY {
            continue;
        }
        let w = exp_or_zero(lw - lse);
        weighted += w * f;
        for (c, &xi) in out.iter_mut().zip(x) {
            *c += xi * w;
        }
    }
    Some(ConsensusStats {
        finite: energies.iter().filter(|f| f.is_finite()).count(),
        min_energy,
        weighted_energy: weighted,
    })
}

/// The effective sample size `J(α) = (Σ w_i)² / Σ w_i²` of the weights `w_i = exp(−α f_i)` over
/// the finite energies (digest 10, step 5), computed as `exp(2·lse(−α f) − lse(−2α f))` with
/// the energies shifted by their minimum. It falls from the number of finite energies at α = 0
/// towards 1 as α grows; 0 when no energy is finite.
pub fn effective_sample_size(energies: &[f64], alpha: f64) -> f64 {
    let min_energy = energies
        .iter()
        .copied()
        .filter(|f| f.is_finite())
        .fold(f64::INFINITY, f64::min);
    if !min_energy.is_finite() {
        return 0.0;
    }
    let (mut s1, mut s2) = (0.0, 0.0);
    for &f in energies.iter().filter(|f| f.is_finite()) {
        let w = exp_or_zero(-alpha * (f - min_energy));
        s1 += w;
        s2 += w * w;
    }
    s1 * s1 / s2
}

/// The α of CBXpy's effective-sample-size scheduler: bisection of `J(α) − η·n` on
/// `[1e-5, max]` (n = number of finite energies), taking midpoints until `|J − η·n| ≤ 1e-2` or
/// 16 midpoints were tried, and returning the last midpoint (digest 10, step 5; CBXpy
/// `effective_sample_size` with `solve_max_it = 15`). `None` when no energy is finite.
pub fn effective_sample_size_alpha(energies: &[f64], eta: f64, max: f64) -> Option<f64> {
    let n = energies.iter().filter(|f| f.is_finite()).count();
    if n == 0 {
        return None;
    }
    let target = eta * n as f64;
    let (mut low, mut high) = (1e-5, max);
    let mut alpha = high;
    for _ in 0..16 {
        alpha = 0.5 * (low + high);
        let gap = effective_sample_size(energies, alpha) - target;
        if gap > 0.0 {
            low = alpha;
        } else if gap < 0.0 {
            high = alpha;
        }
        if gap.abs() <= 1e-2 {
            break;
        }
    }
    Some(alpha.min(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_alpha_gives_the_best_point_without_overflow() {
        // digest 10, check 1: α = 1e5 with f ~ 1e3, gap to the second best > 1e-3
        let points = [1.0, 2.0, -3.0, 4.0, 0.5, 0.25];
        let energies = [1000.0, 1000.002, 1500.0];
        let mut c = [0.0; 2];
        let s = consensus_point(&points, &energies, 1e5, &mut c).unwrap();
        assert!(
            (c[0] - 1.0).abs() < 1e-12 && (c[1] - 2.0).abs() < 1e-12,
            "{c:?}"
        );
        assert!(c.iter().all(|v| v.is_finite()));
        assert_eq!(s.finite, 3);
        assert_eq!(s.min_energy, 1000.0);
    }

    #[test]
    fn zero_alpha_gives_the_mean_and_nonfinite_energies_are_excluded() {
        let points = [0.0, 0.0, 2.0, 4.0, 100.0, 100.0];
        let mut c = [0.0; 2];
        let s = consensus_point(&points, &[5.0, 7.0, 3.0], 0.0, &mut c).unwrap();
        assert!(
            (c[0] - 34.0).abs() < 1e-13 && (c[1] - 104.0 / 3.0).abs() < 1e-13,
            "{c:?}"
        );
        assert!((s.weighted_energy - 5.0).abs() < 1e-14);
        let s = consensus_point(&points, &[5.0, 7.0, f64::NAN], 0.0, &mut c).unwrap();
        assert!(
            (c[0] - 1.0).abs() < 1e-15 && (c[1] - 2.0).abs() < 1e-15,
            "{c:?}"
        );
        assert_eq!(s.finite, 2);
        let mut untouched = [9.0, 9.0];
        assert!(
            consensus_point(
                &points,
                &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
                1.0,
                &mut untouched
            )
            .is_none()
        );
        assert_eq!(untouched, [9.0, 9.0]);
    }

    #[test]
    fn log_sum_exp_separates_the_maximum() {
        assert!((log_sum_exp(&[0.0, 0.0, 2f64.ln()]) - 4f64.ln()).abs() < 1e-15);
        // scipy.special.logsumexp([-1e5, -1e5 - 30]) = -99999.99999999999990643...
        assert_eq!(
            log_sum_exp(&[-1e5, -1e5 - 30.0]),
            -1e5 + (-30f64).exp().ln_1p()
        );
        assert_eq!(log_sum_exp(&[f64::NEG_INFINITY; 2]), f64::NEG_INFINITY);
        assert_eq!(log_sum_exp(&[3.0, f64::NEG_INFINITY]), 3.0);
    }

    #[test]
    fn overflowing_log_weights_fall_back_to_shifted_energies() {
        let points = [1.0, -1.0, 5.0];
        let mut c = [0.0];
        let s = consensus_point(&points, &[-1e304, -1.5e304, -1e304], 1e5, &mut c).unwrap();
        assert_eq!(c, [-1.0]);
        assert_eq!(s.min_energy, -1.5e304);
    }

    #[test]
    fn ess_falls_from_n_to_one_and_bisection_hits_the_target() {
        let energies: Vec<f64> = (0..40)
            .map(|i| (i as f64 * 0.37).sin() * 3.0 + i as f64 * 0.1)
            .collect();
        assert!((effective_sample_size(&energies, 0.0) - 40.0).abs() < 1e-12);
        assert!((effective_sample_size(&energies, 1e5) - 1.0).abs() < 1e-9);
        let a = effective_sample_size_alpha(&energies, 0.5, 1e5).unwrap();
        // 16 halvings of [1e-5, 1e5] resolve α to 1e5/2^16 ≈ 1.53; J is decreasing, so the
        // target η·n = 20 lies between J at the ends of the last bracket
        let step = 1e5 / 65536.0;
        assert!(
            effective_sample_size(&energies, (a - step).max(0.0)) >= 20.0 - 1e-2,
            "{a}"
        );
        assert!(
            effective_sample_size(&energies, a + step) <= 20.0 + 1e-2,
            "{a}"
        );
        assert!(effective_sample_size_alpha(&[f64::NAN], 0.5, 1e5).is_none());
        // all energies equal: J = n for every α, so the bisection climbs to the cap
        let flat = effective_sample_size_alpha(&[1.0; 10], 0.5, 1e5).unwrap();
        assert!(flat > 0.99e5 && flat <= 1e5);
    }
}
