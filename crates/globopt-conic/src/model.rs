//! A conic program under construction: variables, a linear or convex quadratic objective,
//! and constraint blocks `(e_1, …, e_k) ∈ K`.
//!
//! The model assembles Clarabel's standard form
//! `min ½ xᵀPx + qᵀx  s.t.  Ax + s = b, s ∈ K`: a block of expressions `e_i = a_iᵀx + c_i` in
//! cone `K` becomes rows `−a_iᵀ` of `A` and entries `c_i` of `b`, so that `s = e`.

use crate::cone::{Cone, triangle_off_diagonal};
use crate::error::ConicError;
use crate::expr::{AffExpr, Var};

/// A handle on a constraint block, to read its dual after the solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConstraintRef(pub(crate) usize);

/// One constraint block.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub cone: Cone,
    pub rows: Vec<AffExpr>,
    pub label: String,
}

/// A conic optimization model. See the module documentation.
#[derive(Debug, Clone, Default)]
pub struct Model {
    n_vars: usize,
    objective: AffExpr,
    /// Upper-triangle entries `(i, j, p_ij)` with `i ≤ j` of `P` in `½ xᵀPx` (summed on assembly).
    quadratic: Vec<(usize, usize, f64)>,
    pub(crate) blocks: Vec<Block>,
}

impl Model {
    /// An empty model.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new free scalar variable.
    pub fn add_var(&mut self) -> Var {
        self.n_vars += 1;
        Var(self.n_vars - 1)
    }

    /// `n` new free variables.
    pub fn add_vars(&mut self, n: usize) -> Vec<Var> {
        (0..n).map(|_| self.add_var()).collect()
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.n_vars
    }

    /// Number of constraint rows (entries of all blocks).
    pub fn num_rows(&self) -> usize {
        self.blocks.iter().map(|b| b.rows.len()).sum()
    }

    /// Number of constraint blocks.
    pub fn num_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Set the linear part of the objective (to be minimized), replacing the previous one.
    pub fn minimize(&mut self, objective: impl Into<AffExpr>) {
        self.objective = objective.into();
    }

    /// Add `e` to the linear part of the objective.
    pub fn add_objective(&mut self, e: impl Into<AffExpr>) {
        self.objective += e.into();
    }

    /// The linear part of the objective.
    pub fn objective(&self) -> &AffExpr {
        &self.objective
    }

    /// Add `weight · e²` to the objective (`weight ≥ 0` keeps it convex): contributes
    /// `2·weight·a aᵀ` to `P`, `2·weight·c·a` to `q` and `weight·c²` to the constant.
    pub fn add_objective_square(&mut self, e: &AffExpr, weight: f64) {
        let mut coef: std::collections::BTreeMap<usize, f64> = std::collections::BTreeMap::new();
        for &(v, a) in e.terms() {
            *coef.entry(v.0).or_insert(0.0) += a;
        }
        let coef: Vec<(usize, f64)> = coef.into_iter().collect();
        for (k, &(i, ai)) in coef.iter().enumerate() {
            for &(j, aj) in &coef[k..] {
                // ½ xᵀPx with P_ij = P_ji = 2w·a_i·a_j reproduces w·(aᵀx)²
                self.quadratic.push((i, j, 2.0 * weight * ai * aj));
            }
        }
        let c = e.constant_term();
        for &(i, ai) in &coef {
            self.objective.add_term(Var(i), 2.0 * weight * c * ai);
        }
        self.objective += weight * c * c;
    }

    /// Add `(e_1, …, e_k) ∈ cone` and return its handle. `label` names the block in errors.
    pub fn add_constraint(
        &mut self,
        cone: Cone,
        rows: Vec<AffExpr>,
        label: impl Into<String>,
    ) -> ConstraintRef {
        self.blocks.push(Block {
            cone,
            rows,
            label: label.into(),
        });
        ConstraintRef(self.blocks.len() - 1)
    }

    /// `lhs = rhs`.
    pub fn add_eq(&mut self, lhs: impl Into<AffExpr>, rhs: impl Into<AffExpr>) -> ConstraintRef {
        let e = lhs.into() - rhs.into();
        self.add_constraint(Cone::Zero, vec![e], "equality")
    }

    /// `lhs ≤ rhs` (dual `≥ 0`).
    pub fn add_le(&mut self, lhs: impl Into<AffExpr>, rhs: impl Into<AffExpr>) -> ConstraintRef {
        let e = rhs.into() - lhs.into();
        self.add_constraint(Cone::Nonnegative, vec![e], "inequality")
    }

    /// `lhs ≥ rhs` (dual `≥ 0`).
    pub fn add_ge(&mut self, lhs: impl Into<AffExpr>, rhs: impl Into<AffExpr>) -> ConstraintRef {
        let e = lhs.into() - rhs.into();
        self.add_constraint(Cone::Nonnegative, vec![e], "inequality")
    }

    /// Every `e_i ≥ 0` as one block.
    pub fn add_nonneg(&mut self, rows: Vec<AffExpr>) -> ConstraintRef {
        self.add_constraint(Cone::Nonnegative, rows, "nonnegative")
    }

    /// Every `e_i = 0` as one block.
    pub fn add_zero(&mut self, rows: Vec<AffExpr>) -> ConstraintRef {
        self.add_constraint(Cone::Zero, rows, "equalities")
    }

    /// `‖x‖₂ ≤ t`, the second-order cone `(t, x) ∈ Q^{k+1}`.
    pub fn add_soc(&mut self, t: impl Into<AffExpr>, x: Vec<AffExpr>) -> ConstraintRef {
        let mut rows = Vec::with_capacity(x.len() + 1);
        rows.push(t.into());
        rows.extend(x);
        self.add_constraint(Cone::SecondOrder, rows, "second-order cone")
    }

    /// `(x, y, z) ∈ K_exp`, i.e. `y·exp(x/y) ≤ z` with `y > 0`.
    pub fn add_exp(
        &mut self,
        x: impl Into<AffExpr>,
        y: impl Into<AffExpr>,
        z: impl Into<AffExpr>,
    ) -> ConstraintRef {
        self.add_constraint(
            Cone::Exponential,
            vec![x.into(), y.into(), z.into()],
            "exponential cone",
        )
    }

    /// `x^α y^(1−α) ≥ |z|` with `x, y ≥ 0`.
    pub fn add_power(
        &mut self,
        x: impl Into<AffExpr>,
        y: impl Into<AffExpr>,
        z: impl Into<AffExpr>,
        alpha: f64,
    ) -> ConstraintRef {
        self.add_constraint(
            Cone::Power(alpha),
            vec![x.into(), y.into(), z.into()],
            "power cone",
        )
    }

    /// The symmetric matrix with upper triangle `upper` (column-major: `X11, X12, X22, X13,
    /// …`) is positive semidefinite.
    pub fn add_psd(&mut self, n: usize, upper: Vec<AffExpr>) -> ConstraintRef {
        self.add_constraint(Cone::Psd(n), upper, "psd cone")
    }

    /// Check sizes, finiteness and variable indices before a solve; errors name the block.
    pub(crate) fn validate(&self) -> Result<(), ConicError> {
        if !self.objective.is_finite() {
            return Err(ConicError::NonFinite {
                what: "objective".into(),
            });
        }
        if self.quadratic.iter().any(|t| !t.2.is_finite()) {
            return Err(ConicError::NonFinite {
                what: "quadratic objective".into(),
            });
        }
        let check_vars = |e: &AffExpr, what: &str| -> Result<(), ConicError> {
            match e.max_var() {
                Some(v) if v >= self.n_vars => Err(ConicError::UnknownVariable {
                    what: what.to_string(),
                    index: v,
                }),
                _ => Ok(()),
            }
        };
        check_vars(&self.objective, "objective")?;
        for (b, block) in self.blocks.iter().enumerate() {
            let what = format!("constraint {b} ({})", block.label);
            if block.rows.is_empty() {
                return Err(ConicError::BadBlock {
                    what,
                    message: "has no entries".into(),
                });
            }
            if let Some(k) = block.cone.fixed_size()
                && k != block.rows.len()
            {
                return Err(ConicError::BadBlock {
                    what,
                    message: format!(
                        "a {} cone needs {k} entries, got {}",
                        block.cone.name(),
                        block.rows.len()
                    ),
                });
            }
            if let Cone::Power(a) = block.cone
                && !(a > 0.0 && a < 1.0)
            {
                return Err(ConicError::BadBlock {
                    what,
                    message: format!("power cone exponent {a} must lie in (0, 1)"),
                });
            }
            for (r, e) in block.rows.iter().enumerate() {
                if !e.is_finite() {
                    return Err(ConicError::NonFinite {
                        what: format!("{what}, entry {r}"),
                    });
                }
                check_vars(e, &what)?;
            }
        }
        Ok(())
    }

    /// Assemble `(P, q, constant, A, b, cones)` in Clarabel's form (see module docs), with
    /// duplicate entries summed and PSD off-diagonal rows scaled by `√2`.
    pub(crate) fn assemble(&self) -> Assembled {
        let n = self.n_vars;
        let mut q = vec![0.0; n];
        for &(v, a) in self.objective.terms() {
            q[v.0] += a;
        }
        let p = csc_from_triplets(
            n,
            n,
            self.quadratic.iter().map(|&(i, j, v)| (i, j, v)).collect(),
        );
        let mut triplets = Vec::new();
        let mut b = Vec::with_capacity(self.num_rows());
        let mut cones = Vec::with_capacity(self.blocks.len());
        let mut row = 0;
        for block in &self.blocks {
            let psd = matches!(block.cone, Cone::Psd(_));
            for (k, e) in block.rows.iter().enumerate() {
                let scale = if psd && triangle_off_diagonal(k) {
                    std::f64::consts::SQRT_2
                } else {
                    1.0
                };
                for &(v, a) in e.terms() {
                    triplets.push((row, v.0, -a * scale));
                }
                b.push(e.constant_term() * scale);
                row += 1;
            }
            cones.push(block.cone.to_clarabel(block.rows.len()));
        }
        let a = csc_from_triplets(row, n, triplets);
        Assembled {
            p,
            q,
            constant: self.objective.constant_term(),
            a,
            b,
            cones,
        }
    }
}

/// Clarabel's problem data.
pub(crate) struct Assembled {
    pub p: clarabel::algebra::CscMatrix<f64>,
    pub q: Vec<f64>,
    pub constant: f64,
    pub a: clarabel::algebra::CscMatrix<f64>,
    pub b: Vec<f64>,
    pub cones: Vec<clarabel::solver::SupportedConeT<f64>>,
}

/// A compressed-sparse-column matrix from `(row, col, value)` triplets, duplicates summed and
/// explicit zeros dropped.
pub(crate) fn csc_from_triplets(
    m: usize,
    n: usize,
    mut t: Vec<(usize, usize, f64)>,
) -> clarabel::algebra::CscMatrix<f64> {
    t.sort_unstable_by_key(|&(r, c, _)| (c, r));
    let mut colptr = vec![0usize; n + 1];
    let mut rowval = Vec::with_capacity(t.len());
    let mut nzval: Vec<f64> = Vec::with_capacity(t.len());
    let mut last: Option<(usize, usize)> = None;
    for (r, c, v) in t {
        if last == Some((r, c)) {
            if let Some(x) = nzval.last_mut() {
                *x += v;
            }
            continue;
        }
        last = Some((r, c));
        rowval.push(r);
        nzval.push(v);
        colptr[c + 1] += 1;
    }
    for j in 0..n {
        colptr[j + 1] += colptr[j];
    }
    let mut mat = clarabel::algebra::CscMatrix::new(m, n, colptr, rowval, nzval);
    mat.dropzeros();
    mat
}
