//! LP, QP, SOCP, exponential-cone, power-cone and SDP problems with known optima, infeasible and
//! unbounded instances, and strong-duality checks.

use globopt_conic::{AffExpr, Cone, Model, Settings, forms};
use globopt_core::{Status, Tolerance};

fn solve(m: &Model) -> globopt_conic::Solution {
    m.solve(&Settings::default()).expect("well-formed model")
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b} (tol {tol})");
}

/// max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18, x, y ≥ 0 (Hillier & Lieberman's Wyndor
/// Glass problem): optimum 36 at (2, 6) with shadow prices (0, 1.5, 1).
#[test]
fn lp_known_optimum_and_duals() {
    let mut m = Model::new();
    let (x, y) = (m.add_var(), m.add_var());
    m.minimize(-3.0 * x - 5.0 * y);
    let c1 = m.add_le(x, 4.0);
    let c2 = m.add_le(2.0 * y, 12.0);
    let c3 = m.add_le(3.0 * x + 2.0 * y, 18.0);
    m.add_nonneg(vec![x.into(), y.into()]);
    let s = solve(&m);
    assert_eq!(s.status, Status::Optimal);
    close(s.objective, -36.0, 1e-6);
    close(s.var(x), 2.0, 1e-6);
    close(s.var(y), 6.0, 1e-6);
    close(s.dual(c1)[0], 0.0, 1e-6);
    close(s.dual(c2)[0], 1.5, 1e-6);
    close(s.dual(c3)[0], 1.0, 1e-6);
    // strong duality: the dual objective −Σ z_i b_i equals the primal optimum
    let dual_by_hand = -(4.0 * s.dual(c1)[0] + 12.0 * s.dual(c2)[0] + 18.0 * s.dual(c3)[0]);
    close(dual_by_hand, s.objective, 1e-6);
    close(s.dual_objective, s.objective, 1e-6);
    let r = s.report("conic", Tolerance::default());
    assert_eq!(r.status(), Status::Optimal);
    assert!(r.gap_abs().unwrap().abs() < 1e-6);
}

/// min ½(x² + y²) − x − y + ... : the unconstrained minimizer of
/// (x − 1)² + 2(y + 0.5)² + 3 restricted to x + y ≥ 2 is x = 5/3 + ..., solved analytically.
#[test]
fn qp_known_optimum() {
    // minimize (x−1)² + 2(y+½)² + 3 subject to x + y ≥ 2.
    // KKT: 2(x−1) = μ, 4(y+½) = μ, x + y = 2 → x = 1 + μ/2, y = −½ + μ/4, μ = 2·(3/2)·(4/3)... :
    // 1 + μ/2 − ½ + μ/4 = 2 → 3μ/4 = 3/2 → μ = 2, x = 2, y = 0, value 1 + 0.5 + 3 = 4.5.
    let mut m = Model::new();
    let (x, y) = (m.add_var(), m.add_var());
    m.add_objective_square(&(x - 1.0), 1.0);
    m.add_objective_square(&(y + 0.5), 2.0);
    m.add_objective(3.0);
    let c = m.add_ge(x + y, 2.0);
    let s = solve(&m);
    assert_eq!(s.status, Status::Optimal);
    close(s.objective, 4.5, 1e-6);
    close(s.var(x), 2.0, 1e-6);
    close(s.var(y), 0.0, 1e-6);
    close(s.dual(c)[0], 2.0, 1e-6);
}

/// Distance from the point (3, 4) to the unit disc: min t s.t. ‖p − z‖ ≤ t, ‖z‖ ≤ 1 → 4.
#[test]
fn socp_distance_to_disc_and_duality() {
    let mut m = Model::new();
    let z = m.add_vars(2);
    let t = m.add_var();
    m.minimize(t);
    forms::norm_le(&mut m, &[3.0 - z[0], 4.0 - z[1]], t.into());
    forms::norm_le(&mut m, &[z[0].into(), z[1].into()], 1.0.into());
    let s = solve(&m);
    assert_eq!(s.status, Status::Optimal);
    close(s.objective, 4.0, 1e-6);
    close(s.var(z[0]), 0.6, 1e-6);
    close(s.var(z[1]), 0.8, 1e-6);
    close(s.dual_objective, s.objective, 1e-6);
}

/// Rotated cone and sum of squares: min t s.t. x² + y² ≤ t, x + y = 2 → t = 2 at (1, 1);
/// and min u + v s.t. 2uv ≥ 1 → 2·(1/√2)... u = v = 1/√2, value √2.
#[test]
fn rotated_cone_and_sum_of_squares() {
    let mut m = Model::new();
    let (x, y, t) = (m.add_var(), m.add_var(), m.add_var());
    m.minimize(t);
    forms::sum_squares_le(&mut m, &[x.into(), y.into()], t.into());
    m.add_eq(x + y, 2.0);
    let s = solve(&m);
    close(s.objective, 2.0, 1e-6);

    let mut m = Model::new();
    let (u, v) = (m.add_var(), m.add_var());
    m.minimize(u + v);
    forms::rotated_soc(&mut m, u.into(), v.into(), &[AffExpr::constant(1.0)]);
    let s = solve(&m);
    close(s.objective, 2f64.sqrt(), 1e-6);
    close(s.var(u), 1.0 / 2f64.sqrt(), 1e-5);
}

/// Perspective of the squared norm: min t s.t. ‖x‖²/λ ≤ t, x = (1, 1), λ ≤ 4 → t = 2/4 = 0.5.
#[test]
fn quad_over_lin_perspective() {
    let mut m = Model::new();
    let (l, t) = (m.add_var(), m.add_var());
    m.minimize(t);
    forms::quad_over_lin_le(&mut m, &[1.0.into(), 1.0.into()], l.into(), t.into());
    m.add_le(l, 4.0);
    let s = solve(&m);
    close(s.objective, 0.5, 1e-6);
    close(s.var(l), 4.0, 1e-5);
}

/// Exponential cone: min x s.t. exp(x) ≥ 2, i.e. (x, 1, ... ) — written as
/// max log(z) with z ≤ 2: min −u s.t. (u, 1, z) ∈ K_exp, z ≤ 2 → −log 2.
#[test]
fn exponential_cone_log() {
    let mut m = Model::new();
    let (u, z) = (m.add_var(), m.add_var());
    m.minimize(-u);
    m.add_exp(u, 1.0, z);
    m.add_le(z, 2.0);
    let s = solve(&m);
    assert_eq!(s.status, Status::Optimal);
    close(s.objective, -(2f64.ln()), 1e-7);
}

/// Power cone: max z s.t. x^0.5 y^0.5 ≥ |z|, x + y ≤ 2 → z = 1.
#[test]
fn power_cone_geometric_mean() {
    let mut m = Model::new();
    let (x, y, z) = (m.add_var(), m.add_var(), m.add_var());
    m.minimize(-z);
    m.add_power(x, y, z, 0.5);
    m.add_le(x + y, 2.0);
    let s = solve(&m);
    close(s.objective, -1.0, 1e-6);
}

/// SDP: the smallest eigenvalue of C = [[2, 1], [1, 2]] is max t s.t. C − tI ⪰ 0 → 1;
/// and min tr(CX) s.t. tr(X) = 1, X ⪰ 0 gives the same value with X = v vᵀ.
#[test]
fn psd_smallest_eigenvalue_primal_and_dual() {
    let mut m = Model::new();
    let t = m.add_var();
    m.minimize(-t);
    // upper triangle column-major: C11 − t, C12, C22 − t
    m.add_psd(2, vec![2.0 - t, AffExpr::constant(1.0), 2.0 - t]);
    let s = solve(&m);
    assert_eq!(s.status, Status::Optimal);
    close(-s.objective, 1.0, 1e-6);

    let mut m = Model::new();
    let x = m.add_vars(3); // X11, X12, X22
    m.minimize(2.0 * x[0] + 2.0 * x[1] + 2.0 * x[2]);
    m.add_eq(x[0] + x[2], 1.0);
    let c = m.add_psd(2, vec![x[0].into(), x[1].into(), x[2].into()]);
    let s = solve(&m);
    close(s.objective, 1.0, 1e-6);
    close(s.var(x[1]), -0.5, 1e-5);
    // the dual matrix Z = C − y I with y = 1 is [[1, 1], [1, 1]]
    let z = s.dual(c);
    close(z[0], 1.0, 1e-5);
    close(z[1], 1.0, 1e-5);
    close(z[2], 1.0, 1e-5);
}

#[test]
fn infeasible_lp_is_reported() {
    let mut m = Model::new();
    let x = m.add_var();
    m.minimize(x);
    m.add_ge(x, 2.0);
    m.add_le(x, 1.0);
    let s = solve(&m);
    assert_eq!(s.status, Status::Infeasible);
    let r = s.report("conic", Tolerance::default());
    assert_eq!(r.status(), Status::Infeasible);
    assert!(r.solution.is_none());
}

#[test]
fn unbounded_lp_is_reported() {
    let mut m = Model::new();
    let (x, y) = (m.add_var(), m.add_var());
    m.minimize(-x - y);
    m.add_ge(x, 0.0);
    m.add_le(x - y, 1.0);
    let s = solve(&m);
    assert_eq!(s.status, Status::Unbounded);
    assert_eq!(
        s.report("conic", Tolerance::default()).status(),
        Status::Unbounded
    );
}

#[test]
fn malformed_models_are_errors_naming_the_block() {
    let mut m = Model::new();
    let x = m.add_var();
    m.minimize(x);
    m.add_ge(x * f64::NAN, 1.0);
    let e = m.solve(&Settings::default()).unwrap_err().to_string();
    assert!(e.contains("constraint 0"), "{e}");

    let mut m = Model::new();
    let x = m.add_var();
    m.add_constraint(Cone::Exponential, vec![x.into()], "bad exp");
    let e = m.solve(&Settings::default()).unwrap_err().to_string();
    assert!(e.contains("bad exp") && e.contains("3 entries"), "{e}");

    let mut m = Model::new();
    let x = m.add_var();
    m.add_power(x, x, x, 1.5);
    assert!(m.solve(&Settings::default()).is_err());

    let mut other = Model::new();
    let _ = other.add_vars(5);
    let far = other.add_var();
    let mut m = Model::new();
    m.minimize(far);
    assert!(
        m.solve(&Settings::default())
            .unwrap_err()
            .to_string()
            .contains("variable 5")
    );
}

#[test]
fn iteration_limit_is_budget_exhausted() {
    let mut m = Model::new();
    let z = m.add_vars(2);
    let t = m.add_var();
    m.minimize(t);
    forms::norm_le(&mut m, &[3.0 - z[0], 4.0 - z[1]], t.into());
    forms::norm_le(&mut m, &[z[0].into(), z[1].into()], 1.0.into());
    let s = m
        .solve(&Settings {
            max_iter: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(s.status, Status::BudgetExhausted);
}

/// Polytope and box perspectives: with λ = 0 the point is forced to 0; with λ = 1 it ranges
/// over the set itself.
#[test]
fn perspectives_scale_the_set() {
    for (lam, want) in [(0.0, 0.0), (0.5, 1.0), (1.0, 2.0)] {
        // max x s.t. (x, y) ∈ λ·{x + y ≤ 2, x, y ≥ 0} ∩ λ·[−5, 5]²
        let mut m = Model::new();
        let (x, y, l) = (m.add_var(), m.add_var(), m.add_var());
        m.minimize(-x);
        m.add_eq(l, lam);
        let pts: [AffExpr; 2] = [x.into(), y.into()];
        forms::in_polytope_perspective(
            &mut m,
            &[vec![1.0, 1.0], vec![-1.0, 0.0], vec![0.0, -1.0]],
            &[2.0, 0.0, 0.0],
            &pts,
            l.into(),
        );
        forms::in_box_perspective(&mut m, &pts, &[-5.0, -5.0], &[5.0, 5.0], l.into());
        let s = solve(&m);
        close(-s.objective, want, 1e-6);
    }
    // ball perspective: max x s.t. ‖(x, y) − λ(1, 0)‖ ≤ λ·2 with λ = 0.5 → 0.5 + 1 = 1.5
    let mut m = Model::new();
    let (x, y, l) = (m.add_var(), m.add_var(), m.add_var());
    m.minimize(-x);
    m.add_eq(l, 0.5);
    forms::in_ball_perspective(&mut m, &[x.into(), y.into()], &[1.0, 0.0], 2.0, l.into());
    close(-solve(&m).objective, 1.5, 1e-6);
}

/// The multi-threaded faer factorization gives the same optimum as QDLDL.
#[test]
fn faer_linear_solver_agrees() {
    let mut m = Model::new();
    let z = m.add_vars(2);
    let t = m.add_var();
    m.minimize(t);
    forms::norm_le(&mut m, &[3.0 - z[0], 4.0 - z[1]], t.into());
    forms::norm_le(&mut m, &[z[0].into(), z[1].into()], 1.0.into());
    let s = m
        .solve(&Settings {
            linear_solver: globopt_conic::LinearSolver::Faer,
            threads: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(s.status, Status::Optimal);
    close(s.objective, 4.0, 1e-6);
}

/// The iterates close the duality gap: the last primal and dual objectives agree with the
/// solution's, and the report's trace carries them.
#[test]
fn iterates_record_the_closing_gap() {
    let mut m = Model::new();
    let (x, y) = (m.add_var(), m.add_var());
    m.minimize(-3.0 * x - 5.0 * y);
    m.add_le(x, 4.0);
    m.add_le(2.0 * y, 12.0);
    m.add_le(3.0 * x + 2.0 * y, 18.0);
    m.add_nonneg(vec![x.into(), y.into()]);
    let s = solve(&m);
    assert!(s.iterates.len() >= 3);
    let first = s.iterates[0];
    let last = *s.iterates.last().unwrap();
    assert!((first.primal - first.dual).abs() > (last.primal - last.dual).abs());
    close(last.primal, -36.0, 1e-5);
    let r = s.report("conic", Tolerance::default());
    assert_eq!(r.trace.len(), s.iterates.len());
}
