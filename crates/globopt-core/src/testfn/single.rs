//! Single-objective test functions with BoTorch's domains and known optima (shared digest 00).

use super::TestFunction;
use super::trig::{batch_with_cos_2pi, sum_with_cos_2pi};
use crate::bounds::Bounds;
use std::f64::consts::{E, PI};

fn cube(lo: f64, hi: f64, d: usize) -> Bounds {
    Bounds::new(vec![lo; d], vec![hi; d]).expect("static box is valid")
}

/// Branin on [−5, 10] × [0, 15]:
/// `(x2 − 5.1x1²/(4π²) + 5x1/π − 6)² + 10(1 − 1/(8π)) cos x1 + 10`, f* = 5/(4π) at three points.
#[derive(Debug, Clone, Copy, Default)]
pub struct Branin;

impl Branin {
    const B: f64 = 5.1 / (4.0 * PI * PI);
    const C: f64 = 5.0 / PI;
    const T: f64 = 1.0 / (8.0 * PI);
}

impl TestFunction for Branin {
    fn name(&self) -> String {
        "branin".into()
    }
    fn dim(&self) -> usize {
        2
    }
    fn bounds(&self) -> Bounds {
        Bounds::new(vec![-5.0, 0.0], vec![10.0, 15.0]).expect("static box is valid")
    }
    fn eval(&self, x: &[f64]) -> f64 {
        let (x1, x2) = (x[0], x[1]);
        let u = x2 - Self::B * x1 * x1 + Self::C * x1 - 6.0;
        u * u + 10.0 * (1.0 - Self::T) * x1.cos() + 10.0
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        let (x1, x2) = (x[0], x[1]);
        let u = x2 - Self::B * x1 * x1 + Self::C * x1 - 6.0;
        Some(vec![
            2.0 * u * (-2.0 * Self::B * x1 + Self::C) - 10.0 * (1.0 - Self::T) * x1.sin(),
            2.0 * u,
        ])
    }
    fn f_star(&self) -> Option<f64> {
        Some(5.0 / (4.0 * PI))
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        vec![vec![-PI, 12.275], vec![PI, 2.275], vec![3.0 * PI, 2.475]]
    }
}

/// Hartmann function in 3 or 6 dimensions on the unit cube:
/// `−Σ_{i=1..4} α_i exp(−Σ_j A_ij (x_j − P_ij)²)`, α = (1, 1.2, 3, 3.2).
#[derive(Debug, Clone, Copy)]
pub struct Hartmann {
    dim: usize,
}

const HARTMANN_ALPHA: [f64; 4] = [1.0, 1.2, 3.0, 3.2];
const HARTMANN3_A: [[f64; 3]; 4] = [
    [3.0, 10.0, 30.0],
    [0.1, 10.0, 35.0],
    [3.0, 10.0, 30.0],
    [0.1, 10.0, 35.0],
];
const HARTMANN3_P: [[f64; 3]; 4] = [
    [3689.0, 1170.0, 2673.0],
    [4699.0, 4387.0, 7470.0],
    [1091.0, 8732.0, 5547.0],
    [381.0, 5743.0, 8828.0],
];
const HARTMANN6_A: [[f64; 6]; 4] = [
    [10.0, 3.0, 17.0, 3.5, 1.7, 8.0],
    [0.05, 10.0, 17.0, 0.1, 8.0, 14.0],
    [3.0, 3.5, 1.7, 10.0, 17.0, 8.0],
    [17.0, 8.0, 0.05, 10.0, 0.1, 14.0],
];
const HARTMANN6_P: [[f64; 6]; 4] = [
    [1312.0, 1696.0, 5569.0, 124.0, 8283.0, 5886.0],
    [2329.0, 4135.0, 8307.0, 3736.0, 1004.0, 9991.0],
    [2348.0, 1451.0, 3522.0, 2883.0, 3047.0, 6650.0],
    [4047.0, 8828.0, 8732.0, 5743.0, 1091.0, 381.0],
];

impl Hartmann {
    /// Hartmann3 (`dim = 3`) or Hartmann6 (`dim = 6`); `None` for other dimensions.
    pub fn new(dim: usize) -> Option<Self> {
        matches!(dim, 3 | 6).then_some(Hartmann { dim })
    }

    fn a(&self, i: usize, j: usize) -> f64 {
        if self.dim == 3 {
            HARTMANN3_A[i][j]
        } else {
            HARTMANN6_A[i][j]
        }
    }

    fn p(&self, i: usize, j: usize) -> f64 {
        1e-4 * if self.dim == 3 {
            HARTMANN3_P[i][j]
        } else {
            HARTMANN6_P[i][j]
        }
    }

    /// The inner exponent `Σ_j A_ij (x_j − P_ij)²` of term `i`.
    fn inner(&self, i: usize, x: &[f64]) -> f64 {
        (0..self.dim)
            .map(|j| self.a(i, j) * (x[j] - self.p(i, j)).powi(2))
            .sum()
    }
}

impl TestFunction for Hartmann {
    fn name(&self) -> String {
        format!("hartmann{}", self.dim)
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn bounds(&self) -> Bounds {
        cube(0.0, 1.0, self.dim)
    }
    fn eval(&self, x: &[f64]) -> f64 {
        -(0..4)
            .map(|i| HARTMANN_ALPHA[i] * (-self.inner(i, x)).exp())
            .sum::<f64>()
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        let mut g = vec![0.0; self.dim];
        for (i, alpha) in HARTMANN_ALPHA.iter().enumerate() {
            let w = alpha * (-self.inner(i, x)).exp();
            for (j, gj) in g.iter_mut().enumerate() {
                *gj += w * 2.0 * self.a(i, j) * (x[j] - self.p(i, j));
            }
        }
        Some(g)
    }
    fn f_star(&self) -> Option<f64> {
        Some(if self.dim == 3 {
            -3.862779787
        } else {
            -3.322368011
        })
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        if self.dim == 3 {
            vec![vec![0.114614, 0.555649, 0.852547]]
        } else {
            vec![vec![
                0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573,
            ]]
        }
    }
}

/// Ackley's value at `x` from `cos_sum = Σ cos 2πx_i`.
fn ackley_value(x: &[f64], cos_sum: f64) -> f64 {
    let d = x.len() as f64;
    let sq = x.iter().map(|v| v * v).sum::<f64>() / d;
    -20.0 * (-0.2 * sq.sqrt()).exp() - (cos_sum / d).exp() + 20.0 + E
}

/// Ackley on [−32.768, 32.768]^d:
/// `−20 exp(−0.2 √(mean x_i²)) − exp(mean cos 2πx_i) + 20 + e`, f* = 0 at 0.
#[derive(Debug, Clone, Copy)]
pub struct Ackley {
    /// Dimension.
    pub dim: usize,
}

impl TestFunction for Ackley {
    fn name(&self) -> String {
        format!("ackley:{}", self.dim)
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn bounds(&self) -> Bounds {
        cube(-32.768, 32.768, self.dim)
    }
    fn eval(&self, x: &[f64]) -> f64 {
        ackley_value(x, sum_with_cos_2pi(x, |_, c| c))
    }
    fn eval_batch(&self, points: &[f64], values: &mut [f64]) {
        batch_with_cos_2pi(points, self.dim, values, |_, c| c, ackley_value);
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        let d = x.len() as f64;
        let r = (x.iter().map(|v| v * v).sum::<f64>() / d).sqrt();
        let cs = x.iter().map(|v| (2.0 * PI * v).cos()).sum::<f64>() / d;
        let a = if r > 0.0 {
            4.0 * (-0.2 * r).exp() / (d * r)
        } else {
            0.0
        };
        let b = cs.exp() * 2.0 * PI / d;
        Some(x.iter().map(|v| a * v + b * (2.0 * PI * v).sin()).collect())
    }
    fn f_star(&self) -> Option<f64> {
        Some(0.0)
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0; self.dim]]
    }
}

/// Rastrigin on [−5.12, 5.12]^d: `10d + Σ(x_i² − 10 cos 2πx_i)`, f* = 0 at 0.
#[derive(Debug, Clone, Copy)]
pub struct Rastrigin {
    /// Dimension.
    pub dim: usize,
}

impl TestFunction for Rastrigin {
    fn name(&self) -> String {
        format!("rastrigin:{}", self.dim)
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn bounds(&self) -> Bounds {
        cube(-5.12, 5.12, self.dim)
    }
    fn eval(&self, x: &[f64]) -> f64 {
        10.0 * x.len() as f64 + sum_with_cos_2pi(x, |v, c| v * v - 10.0 * c)
    }
    fn eval_batch(&self, points: &[f64], values: &mut [f64]) {
        let ten_d = 10.0 * self.dim as f64;
        batch_with_cos_2pi(
            points,
            self.dim,
            values,
            |v, c| v * v - 10.0 * c,
            |_, s| ten_d + s,
        );
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        Some(
            x.iter()
                .map(|v| 2.0 * v + 20.0 * PI * (2.0 * PI * v).sin())
                .collect(),
        )
    }
    fn f_star(&self) -> Option<f64> {
        Some(0.0)
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0; self.dim]]
    }
}

/// Rosenbrock on [−5, 10]^d: `Σ_{i<d} [100(x_{i+1} − x_i²)² + (1 − x_i)²]`, f* = 0 at (1,…,1).
#[derive(Debug, Clone, Copy)]
pub struct Rosenbrock {
    /// Dimension (at least 2).
    pub dim: usize,
}

impl TestFunction for Rosenbrock {
    fn name(&self) -> String {
        format!("rosenbrock:{}", self.dim)
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn bounds(&self) -> Bounds {
        cube(-5.0, 10.0, self.dim)
    }
    fn eval(&self, x: &[f64]) -> f64 {
        x.windows(2)
            .map(|w| 100.0 * (w[1] - w[0] * w[0]).powi(2) + (1.0 - w[0]).powi(2))
            .sum()
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        let mut g = vec![0.0; x.len()];
        for i in 0..x.len().saturating_sub(1) {
            let t = x[i + 1] - x[i] * x[i];
            g[i] += -400.0 * x[i] * t - 2.0 * (1.0 - x[i]);
            g[i + 1] += 200.0 * t;
        }
        Some(g)
    }
    fn f_star(&self) -> Option<f64> {
        Some(0.0)
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        vec![vec![1.0; self.dim]]
    }
}

/// Levy on [−10, 10]^d with `w_i = 1 + (x_i − 1)/4`:
/// `sin²(πw_1) + Σ_{i<d}(w_i − 1)²[1 + 10 sin²(πw_i + 1)] + (w_d − 1)²[1 + sin²(2πw_d)]`,
/// f* = 0 at (1,…,1).
#[derive(Debug, Clone, Copy)]
pub struct Levy {
    /// Dimension.
    pub dim: usize,
}

impl TestFunction for Levy {
    fn name(&self) -> String {
        format!("levy:{}", self.dim)
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn bounds(&self) -> Bounds {
        cube(-10.0, 10.0, self.dim)
    }
    fn eval(&self, x: &[f64]) -> f64 {
        let w: Vec<f64> = x.iter().map(|v| 1.0 + (v - 1.0) / 4.0).collect();
        let d = w.len();
        let mut s = (PI * w[0]).sin().powi(2);
        for wi in &w[..d - 1] {
            s += (wi - 1.0).powi(2) * (1.0 + 10.0 * (PI * wi + 1.0).sin().powi(2));
        }
        s + (w[d - 1] - 1.0).powi(2) * (1.0 + (2.0 * PI * w[d - 1]).sin().powi(2))
    }
    fn f_star(&self) -> Option<f64> {
        Some(0.0)
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        vec![vec![1.0; self.dim]]
    }
}

/// Styblinski–Tang on [−5, 5]^d: `½ Σ(x_i⁴ − 16x_i² + 5x_i)`,
/// f* = −39.16616570377142·d at x_i = −2.903534.
#[derive(Debug, Clone, Copy)]
pub struct StyblinskiTang {
    /// Dimension.
    pub dim: usize,
}

impl TestFunction for StyblinskiTang {
    fn name(&self) -> String {
        format!("styblinski_tang:{}", self.dim)
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn bounds(&self) -> Bounds {
        cube(-5.0, 5.0, self.dim)
    }
    fn eval(&self, x: &[f64]) -> f64 {
        0.5 * x
            .iter()
            .map(|v| v.powi(4) - 16.0 * v * v + 5.0 * v)
            .sum::<f64>()
    }
    fn grad(&self, x: &[f64]) -> Option<Vec<f64>> {
        Some(
            x.iter()
                .map(|v| 0.5 * (4.0 * v.powi(3) - 32.0 * v + 5.0))
                .collect(),
        )
    }
    fn f_star(&self) -> Option<f64> {
        Some(-39.16616570377142 * self.dim as f64)
    }
    fn x_star(&self) -> Vec<Vec<f64>> {
        vec![vec![-2.903534; self.dim]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b} (tol {tol})");
    }

    #[test]
    fn values_at_the_optima() {
        let b = Branin;
        for x in b.x_star() {
            close(b.eval(&x), 0.397887357729738, 1e-12);
        }
        let h3 = Hartmann::new(3).unwrap();
        close(h3.eval(&h3.x_star()[0]), -3.8627797869, 1e-9);
        let h6 = Hartmann::new(6).unwrap();
        close(h6.eval(&h6.x_star()[0]), -3.3223680114, 1e-9);
        assert!(Ackley { dim: 7 }.eval(&[0.0; 7]) <= 1e-15);
        assert_eq!(Rastrigin { dim: 5 }.eval(&[0.0; 5]), 0.0);
        assert_eq!(Rosenbrock { dim: 4 }.eval(&[1.0; 4]), 0.0);
        close(Levy { dim: 3 }.eval(&[1.0; 3]), 0.0, 1e-30);
        let st = StyblinskiTang { dim: 4 };
        let v = st.eval(&st.x_star()[0]);
        assert!((v / (-39.1661657 * 4.0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn canaries_at_other_points() {
        close(Branin.eval(&[0.0, 0.0]), 55.602112642270, 1e-9);
        for d in [1, 2, 5, 20] {
            close(Ackley { dim: d }.eval(&vec![1.0; d]), 3.625384938440, 1e-9);
            close(Rastrigin { dim: d }.eval(&vec![1.0; d]), d as f64, 1e-9);
        }
        close(Rosenbrock { dim: 6 }.eval(&[0.0; 6]), 5.0, 1e-12);
        close(Levy { dim: 2 }.eval(&[0.0; 2]), 0.715844554117, 1e-9);
        close(Levy { dim: 10 }.eval(&[0.0; 10]), 1.442600987053, 1e-9);
        close(
            Hartmann::new(3).unwrap().eval(&[0.5; 3]),
            -0.628022015071,
            1e-9,
        );
        close(
            Hartmann::new(6).unwrap().eval(&[0.5; 6]),
            -0.505314991702,
            1e-9,
        );
        assert!(Hartmann::new(4).is_none());
    }

    #[test]
    fn gradients_match_central_differences() {
        let fns: Vec<Box<dyn TestFunction>> = vec![
            Box::new(Branin),
            Box::new(Hartmann::new(3).unwrap()),
            Box::new(Hartmann::new(6).unwrap()),
            Box::new(Ackley { dim: 3 }),
            Box::new(Rastrigin { dim: 3 }),
            Box::new(Rosenbrock { dim: 3 }),
            Box::new(StyblinskiTang { dim: 3 }),
        ];
        for f in fns {
            let b = f.bounds();
            let x: Vec<f64> = (0..f.dim())
                .map(|i| b.lower()[i] + (0.31 + 0.07 * i as f64) * (b.upper()[i] - b.lower()[i]))
                .collect();
            let g = f.grad(&x).unwrap();
            for i in 0..f.dim() {
                let h = 1e-6 * (1.0 + x[i].abs());
                let mut xp = x.clone();
                let mut xm = x.clone();
                xp[i] += h;
                xm[i] -= h;
                let fd = (f.eval(&xp) - f.eval(&xm)) / (2.0 * h);
                assert!(
                    (fd - g[i]).abs() <= 1e-5 * (1.0 + fd.abs()),
                    "{} d/dx{i}: {} vs {fd}",
                    f.name(),
                    g[i]
                );
            }
        }
    }
}
