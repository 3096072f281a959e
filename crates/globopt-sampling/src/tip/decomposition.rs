//! The split of a perception error into its planning-critical and planning-invariant parts
//! (shared digest 29, "Algorithm" step 6), on a grid of one object's positions.
//!
//! With cell masses `m_i` under `p` and `q`, `Δm = m_q − m_p`, cell measures `|c_i|` and
//! `ΔU_i = U_{a*}(i) − U_â(i)` the utility difference with the object in cell `i`:
//! `⟨Δμ, ΔU⟩ = Σ Δm_i ΔU_i`, `‖Δμ‖² = Σ Δm_i² / |c_i|`, `‖ΔU‖² = Σ ΔU_i² |c_i|` (the L² norms
//! of the densities `Δm_i/|c_i|`). The planning-critical energy is the squared length of
//! `Δμ`'s component along `ΔU`, `⟨Δμ, ΔU⟩² / ‖ΔU‖²`; the planning-invariant energy is the rest
//! of `‖Δμ‖²`, which changes no preference between `a*` and `â`.

use serde::Serialize;

/// The decomposition of one object's perception error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decomposition {
    /// `⟨Δμ, ΔU⟩` (equals the object's `Δξ(a*, â)` on the grid).
    pub inner: f64,
    /// `‖Δμ‖²`.
    pub error_energy: f64,
    /// `‖ΔU‖²`.
    pub utility_energy: f64,
    /// `⟨Δμ, ΔU⟩² / ‖ΔU‖²`.
    pub critical_energy: f64,
    /// `‖Δμ‖² − critical`.
    pub invariant_energy: f64,
    /// `critical / ‖Δμ‖²` (0 when there is no error).
    pub critical_share: f64,
}

/// The decomposition from cell masses under `p` and `q`, cell measures and the utility
/// difference per cell (see the module documentation).
pub fn decompose(
    mass_p: &[f64],
    mass_q: &[f64],
    measure: &[f64],
    delta_u: &[f64],
) -> Decomposition {
    let (mut inner, mut err, mut util) = (0.0, 0.0, 0.0);
    for i in 0..mass_p.len() {
        let dm = mass_q[i] - mass_p[i];
        inner += dm * delta_u[i];
        err += dm * dm / measure[i];
        util += delta_u[i] * delta_u[i] * measure[i];
    }
    let critical = if util > 0.0 {
        inner * inner / util
    } else {
        0.0
    };
    Decomposition {
        inner,
        error_energy: err,
        utility_energy: util,
        critical_energy: critical,
        invariant_energy: (err - critical).max(0.0),
        critical_share: if err > 0.0 { critical / err } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cone_example_splits_one_third_critical() {
        // road [−3, 3] in 600 cells of 0.01; p: U[−3, −2], q: U[−1, 0]; ΔU = U_go − U_brake
        let n = 600;
        let x = |i: usize| -3.0 + 0.01 * (i as f64 + 0.5);
        let mp: Vec<f64> = (0..n)
            .map(|i| if x(i) < -2.0 { 0.01 } else { 0.0 })
            .collect();
        let mq: Vec<f64> = (0..n)
            .map(|i| if x(i) > -1.0 && x(i) < 0.0 { 0.01 } else { 0.0 })
            .collect();
        let du: Vec<f64> = (0..n)
            .map(|i| if x(i).abs() <= 1.0 { -5.0 } else { 5.0 })
            .collect();
        let d = decompose(&mp, &mq, &vec![0.01; n], &du);
        assert!((d.inner + 10.0).abs() < 1e-9);
        assert!((d.error_energy - 2.0).abs() < 1e-9);
        assert!((d.utility_energy - 150.0).abs() < 1e-9);
        assert!((d.critical_energy - 100.0 / 150.0).abs() < 1e-9);
        assert!((d.critical_share - 1.0 / 3.0).abs() < 1e-9);
    }
}
