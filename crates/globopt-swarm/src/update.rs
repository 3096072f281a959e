//! The discrete CBO step in Euler–Maruyama form with CBXpy's convention (shared digest 10,
//! step 4), kept exactly as CBXpy performs it; no other SDE integrator is substituted.

use crate::params::Noise;

/// Move one particle: with `d = x − c` and the standard normals `ξ` (one per coordinate,
/// drawn by the caller), `x ← x − λ·dt·d + σ·√dt·D(d)ξ`, where `D(d)ξ = ‖d‖₂ ξ` (isotropic)
/// or `d ⊙ ξ` (anisotropic), evaluated in CBXpy's order `x + ((−λ·dt)·d + σ·(√dt·(ξ·D)))` (see
/// [`crate::consensus::consensus_point`] on why the order is kept).
///
/// Per coordinate the anisotropic step multiplies `d` by `a = 1 − λdt + σ√dt ξ`; at σ = 10.1,
/// dt = 0.01 the second moment of `a` grows (E a² = 2.0) while E ln|a| = −0.213 < 0, which is
/// why the swarm both jumps and contracts (digest 10, "Why σ = 10.1 works").
pub fn cbo_step(
    x: &mut [f64],
    consensus: &[f64],
    lambda: f64,
    dt: f64,
    sigma: f64,
    noise: Noise,
    xi: &[f64],
) {
    let drift_rate = -lambda * dt;
    let sqrt_dt = dt.sqrt();
    match noise {
        Noise::Anisotropic => {
            for ((v, &c), &z) in x.iter_mut().zip(consensus).zip(xi) {
                let d = *v - c;
                *v += drift_rate * d + sigma * (sqrt_dt * (z * d));
            }
        }
        Noise::Isotropic => {
            let norm = x
                .iter()
                .zip(consensus)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
                .sqrt();
            for ((v, &c), &z) in x.iter_mut().zip(consensus).zip(xi) {
                let d = *v - c;
                *v += drift_rate * d + sigma * (sqrt_dt * (z * norm));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_core::rng::seeded;
    use rand::Rng;
    use rand_distr::StandardNormal;

    fn normals(rng: &mut impl Rng, n: usize) -> Vec<f64> {
        (0..n).map(|_| rng.sample(StandardNormal)).collect()
    }

    #[test]
    fn without_noise_pairwise_distances_shrink_by_one_minus_lambda_dt() {
        // digest 10, check 1: σ = 0 contracts every pair by exactly (1 − λdt)
        let mut rng = seeded(3);
        let c = [0.3, -1.2, 2.0];
        let mut a: [f64; 3] = [1.0, 2.0, -3.0];
        let mut b: [f64; 3] = [-0.5, 0.7, 4.0];
        let before: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (x - y).powi(2))
            .sum::<f64>()
            .sqrt();
        for noise in [Noise::Anisotropic, Noise::Isotropic] {
            cbo_step(&mut a, &c, 1.0, 0.01, 0.0, noise, &normals(&mut rng, 3));
            cbo_step(&mut b, &c, 1.0, 0.01, 0.0, noise, &normals(&mut rng, 3));
        }
        let after: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (x - y).powi(2))
            .sum::<f64>()
            .sqrt();
        assert!((after / before - 0.99f64.powi(2)).abs() < 1e-12);
    }

    #[test]
    fn anisotropic_noise_vanishes_per_coordinate_isotropic_does_not() {
        let mut rng = seeded(5);
        let c = [1.0, 2.0];
        let mut x = [1.0, 5.0];
        cbo_step(
            &mut x,
            &c,
            1.0,
            0.01,
            10.1,
            Noise::Anisotropic,
            &normals(&mut rng, 2),
        );
        assert_eq!(x[0], 1.0);
        let mut y = [1.0, 5.0];
        cbo_step(
            &mut y,
            &c,
            1.0,
            0.01,
            10.1,
            Noise::Isotropic,
            &normals(&mut rng, 2),
        );
        assert_ne!(y[0], 1.0);
    }
}
