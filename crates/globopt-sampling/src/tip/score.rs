//! The TIP score from expected utilities (shared digest 29, "Algorithm" steps 1–3).
//!
//! With `EU(p, a)` and `EU(q, a)` the expected utilities of each action under the true world
//! distribution `p` and the perceived one `q`: `a* = argmax_a EU(p, a)`, the preference
//! `ξ(q; α, β) = EU(q, α) − EU(q, β)`, its change `Δξ(a*, a) = ξ(q; a*, a) − ξ(p; a*, a)`,
//! and `TIP = min_a Δξ(a*, a) ≤ 0` (the term `a = a*` is 0). If `q` makes the planner pick
//! `â_q ≠ a*`, then `TIP ≤ Δξ(a*, â_q) ≤ −[EU(p, a*) − EU(p, â_q)]`: `|TIP|` bounds the regret.

use serde::Serialize;

/// The score of one pair of expected-utility tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TipScore {
    /// `a* = argmax EU(p, ·)` (ties by index).
    pub a_star: usize,
    /// `â_q = argmax EU(q, ·)`, the planner's pick under perception (ties by index).
    pub a_hat_q: usize,
    /// `â = argmin Δξ(a*, ·)` (ties by index).
    pub a_hat: usize,
    /// `Δξ(a*, a)` for every action.
    pub delta_xi: Vec<f64>,
    /// `TIP = min_a Δξ(a*, a)`.
    pub tip: f64,
    /// `EU(p, a*) − EU(p, â_q)`, the utility lost by acting on the perception.
    pub regret: f64,
}

fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// `Δξ(a*, a) = [EU(q, a*) − EU(q, a)] − [EU(p, a*) − EU(p, a)]` for every `a`, with `a*` given.
pub fn preference_change(eu_p: &[f64], eu_q: &[f64], a_star: usize) -> Vec<f64> {
    (0..eu_p.len())
        .map(|a| (eu_q[a_star] - eu_q[a]) - (eu_p[a_star] - eu_p[a]))
        .collect()
}

/// TIP and its parts from the two tables (see the module documentation). The tables must be
/// non-empty and of equal length (the caller validates).
pub fn tip_from_expected_utilities(eu_p: &[f64], eu_q: &[f64]) -> TipScore {
    let a_star = argmax(eu_p);
    let a_hat_q = argmax(eu_q);
    let delta_xi = preference_change(eu_p, eu_q, a_star);
    let mut a_hat = a_star;
    for (a, d) in delta_xi.iter().enumerate() {
        if *d < delta_xi[a_hat] {
            a_hat = a;
        }
    }
    TipScore {
        a_star,
        a_hat_q,
        a_hat,
        tip: delta_xi[a_hat].min(0.0),
        delta_xi,
        regret: eu_p[a_star] - eu_p[a_hat_q],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cone_example_in_closed_form() {
        // actions: go, brake; p: EU(go) = 0, EU(brake) = −5; q: EU(go) = −10, EU(brake) = −5
        let s = tip_from_expected_utilities(&[0.0, -5.0], &[-10.0, -5.0]);
        assert_eq!((s.a_star, s.a_hat_q, s.a_hat), (0, 1, 1));
        assert_eq!(s.tip, -10.0);
        assert_eq!(s.regret, 5.0);
        assert!(s.tip <= -s.regret);
    }

    #[test]
    fn identical_tables_score_zero_and_tip_is_never_positive() {
        let s = tip_from_expected_utilities(&[-1.0, -2.0, -3.0], &[-1.0, -2.0, -3.0]);
        assert_eq!(s.tip, 0.0);
        assert_eq!(s.regret, 0.0);
        let s = tip_from_expected_utilities(&[-1.0, -2.0], &[-1.0, -9.0]);
        assert_eq!(s.tip, 0.0);
    }
}
