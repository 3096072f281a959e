//! Seeded data sets for the papers' small experiments, and the [`Dataset`] container the
//! training loop reads.
//!
//! Every generator draws from `globopt_core::rng::seeded(seed)`, so a seed fixes the data.

use crate::activation::sigmoid;
use crate::error::NnError;
use crate::gradient::Batch;
use crate::loss::Targets;
use faer::Mat;
use rand::Rng;
use rand::seq::SliceRandom;
use rand_distr::StandardNormal;
use std::f64::consts::PI;

/// Owned targets of a [`Dataset`].
#[derive(Debug, Clone, PartialEq)]
pub enum Labels {
    /// Real-valued targets, one row per sample.
    Values(Mat<f64>),
    /// Class indices.
    Classes(Vec<usize>),
}

/// Inputs (one sample per row) with their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// `n × d` inputs.
    pub inputs: Mat<f64>,
    /// `n` labels.
    pub labels: Labels,
}

/// A teacher-student data set: the data and the teacher that labelled it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeacherData {
    /// The samples.
    pub data: Dataset,
    /// Teacher weights `W*` (`outputs × d`, one row per output).
    pub weights: Mat<f64>,
}

impl Dataset {
    /// Inputs with labels; errors unless they have the same number of rows.
    pub fn new(inputs: Mat<f64>, labels: Labels) -> Result<Dataset, NnError> {
        let n = match &labels {
            Labels::Values(y) => y.nrows(),
            Labels::Classes(c) => c.len(),
        };
        if n != inputs.nrows() {
            return Err(NnError::shape("labels rows", inputs.nrows(), n));
        }
        Ok(Dataset { inputs, labels })
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.inputs.nrows()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Borrowed targets.
    pub fn targets(&self) -> Targets<'_> {
        match &self.labels {
            Labels::Values(y) => Targets::Values(y.as_ref()),
            Labels::Classes(c) => Targets::Classes(c),
        }
    }

    /// The whole set as one batch.
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(self.inputs.as_ref(), self.targets())
    }

    /// Class labels, if the labels are classes.
    pub fn classes(&self) -> Option<&[usize]> {
        match &self.labels {
            Labels::Classes(c) => Some(c),
            Labels::Values(_) => None,
        }
    }

    /// The samples at `rows`, in that order (indices must be `< len()`).
    pub fn subset(&self, rows: &[usize]) -> Result<Dataset, NnError> {
        if let Some(&r) = rows.iter().find(|&&r| r >= self.len()) {
            return Err(NnError::param(
                "rows",
                format!("index {r} out of range 0..{}", self.len()),
            ));
        }
        let inputs = Mat::from_fn(rows.len(), self.inputs.ncols(), |i, j| {
            self.inputs[(rows[i], j)]
        });
        let labels = match &self.labels {
            Labels::Values(y) => {
                Labels::Values(Mat::from_fn(rows.len(), y.ncols(), |i, j| y[(rows[i], j)]))
            }
            Labels::Classes(c) => Labels::Classes(rows.iter().map(|&r| c[r]).collect()),
        };
        Ok(Dataset { inputs, labels })
    }

    /// A seeded random split into (first, second) with `round(fraction · n)` samples in the
    /// second part; `fraction ∈ (0, 1)` and both parts non-empty.
    pub fn split(&self, fraction: f64, seed: u64) -> Result<(Dataset, Dataset), NnError> {
        let k = (fraction * self.len() as f64).round() as usize;
        if !(fraction > 0.0 && fraction < 1.0) || k == 0 || k == self.len() {
            return Err(NnError::param(
                "fraction",
                format!("{fraction} leaves an empty part of {} samples", self.len()),
            ));
        }
        let mut idx: Vec<usize> = (0..self.len()).collect();
        idx.shuffle(&mut globopt_core::rng::seeded(seed));
        let (second, first) = idx.split_at(k);
        Ok((self.subset(first)?, self.subset(second)?))
    }
}

fn normal(rng: &mut impl Rng) -> f64 {
    rng.sample(StandardNormal)
}

fn positive(name: &str, v: usize) -> Result<(), NnError> {
    if v == 0 {
        Err(NnError::param(name, "must be at least 1"))
    } else {
        Ok(())
    }
}

fn non_negative(name: &str, v: f64) -> Result<(), NnError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(NnError::param(name, format!("{v} must be finite and ≥ 0")))
    }
}

/// Settings of a [`gaussian_mixture`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixtureSettings {
    /// Number of classes.
    pub classes: usize,
    /// Input dimension.
    pub dim: usize,
    /// Samples per class.
    pub n_per_class: usize,
    /// Standard deviation of the class means.
    pub separation: f64,
    /// Standard deviation of the samples around their mean.
    pub std: f64,
    /// Seed.
    pub seed: u64,
}

/// The overlapping 10-class mixture in `R^5` (600 samples) on which softmax regression is
/// checked against an independent solver (`benches/reference/nn/softmax_optimum.py`).
pub const MIXTURE10: MixtureSettings = MixtureSettings {
    classes: 10,
    dim: 5,
    n_per_class: 60,
    separation: 1.5,
    std: 1.0,
    seed: 2024,
};

/// A mixture of `classes` isotropic Gaussians in `R^dim`: class means `μ_c ~ N(0, s² I)`
/// with `s = separation`, then `n_per_class` samples `x = μ_c + std · N(0, I)` per class,
/// class by class. Labels are the classes.
pub fn gaussian_mixture(
    classes: usize,
    dim: usize,
    n_per_class: usize,
    separation: f64,
    std: f64,
    seed: u64,
) -> Result<Dataset, NnError> {
    positive("classes", classes)?;
    positive("dim", dim)?;
    positive("n_per_class", n_per_class)?;
    non_negative("separation", separation)?;
    non_negative("std", std)?;
    let mut rng = globopt_core::rng::seeded(seed);
    let means: Vec<Vec<f64>> = (0..classes)
        .map(|_| (0..dim).map(|_| separation * normal(&mut rng)).collect())
        .collect();
    let n = classes * n_per_class;
    let mut x = Mat::zeros(n, dim);
    let mut y = Vec::with_capacity(n);
    for (c, mu) in means.iter().enumerate() {
        for s in 0..n_per_class {
            let i = c * n_per_class + s;
            for (j, &m) in mu.iter().enumerate() {
                x[(i, j)] = m + std * normal(&mut rng);
            }
            y.push(c);
        }
    }
    Dataset::new(x, Labels::Classes(y))
}

/// Two interleaved half circles (scikit-learn's `make_moons`): `⌊n/2⌋` points
/// `(cos t, sin t)` of class 0 and the rest `(1 − cos t, 1/2 − sin t)` of class 1, with `t`
/// evenly spaced on `[0, π]`, plus Gaussian noise of standard deviation `noise`.
pub fn two_moons(n: usize, noise: f64, seed: u64) -> Result<Dataset, NnError> {
    if n < 2 {
        return Err(NnError::param("n", "need at least 2 samples"));
    }
    non_negative("noise", noise)?;
    let mut rng = globopt_core::rng::seeded(seed);
    let n_out = n / 2;
    let n_in = n - n_out;
    let spaced = |k: usize, m: usize| {
        if m > 1 {
            PI * k as f64 / (m - 1) as f64
        } else {
            0.0
        }
    };
    let mut x = Mat::zeros(n, 2);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        let (px, py, c) = if i < n_out {
            let t = spaced(i, n_out);
            (t.cos(), t.sin(), 0)
        } else {
            let t = spaced(i - n_out, n_in);
            (1.0 - t.cos(), 0.5 - t.sin(), 1)
        };
        x[(i, 0)] = px + noise * normal(&mut rng);
        x[(i, 1)] = py + noise * normal(&mut rng);
        y.push(c);
    }
    Dataset::new(x, Labels::Classes(y))
}

/// Interleaved spirals (the CS231n toy set): for class `c`, `n_per_class` points
/// `r (sin θ, cos θ)` with `r` evenly spaced on `[0, 1]` and
/// `θ = 4c + 4r + noise · N(0, 1)` — each arm turns by 4 radians.
pub fn spirals(
    classes: usize,
    n_per_class: usize,
    noise: f64,
    seed: u64,
) -> Result<Dataset, NnError> {
    positive("classes", classes)?;
    positive("n_per_class", n_per_class)?;
    non_negative("noise", noise)?;
    let mut rng = globopt_core::rng::seeded(seed);
    let n = classes * n_per_class;
    let mut x = Mat::zeros(n, 2);
    let mut y = Vec::with_capacity(n);
    for c in 0..classes {
        for s in 0..n_per_class {
            let i = c * n_per_class + s;
            let r = if n_per_class > 1 {
                s as f64 / (n_per_class - 1) as f64
            } else {
                0.0
            };
            let theta = 4.0 * c as f64 + 4.0 * r + noise * normal(&mut rng);
            x[(i, 0)] = r * theta.sin();
            x[(i, 1)] = r * theta.cos();
            y.push(c);
        }
    }
    Dataset::new(x, Labels::Classes(y))
}

/// Linear teacher-student regression: `x ~ N(0, I_d)`, teacher `W* ~ N(0, 1/d)` entrywise
/// (`outputs × d`), targets `y = W* x + noise · N(0, I)`.
pub fn linear_teacher(
    n: usize,
    dim: usize,
    outputs: usize,
    noise: f64,
    seed: u64,
) -> Result<TeacherData, NnError> {
    positive("n", n)?;
    positive("dim", dim)?;
    positive("outputs", outputs)?;
    non_negative("noise", noise)?;
    let mut rng = globopt_core::rng::seeded(seed);
    let scale = 1.0 / (dim as f64).sqrt();
    let w = Mat::from_fn(outputs, dim, |_, _| scale * normal(&mut rng));
    let x = Mat::from_fn(n, dim, |_, _| normal(&mut rng));
    let mut y = crate::ops::matmul(x.as_ref(), w.transpose(), faer::Par::Seq);
    for j in 0..outputs {
        for i in 0..n {
            y[(i, j)] += noise * normal(&mut rng);
        }
    }
    Ok(TeacherData {
        data: Dataset::new(x, Labels::Values(y))?,
        weights: w,
    })
}

/// Logistic teacher-student classification: `x ~ N(0, I_d)`, teacher `w* ~ N(0, s²/d)`
/// with `s = scale` (larger: cleaner labels), labels `y ~ Bernoulli(sigmoid(w*ᵀx))` in
/// `{0, 1}`. The teacher is returned as a `1 × d` matrix.
pub fn logistic_teacher(
    n: usize,
    dim: usize,
    scale: f64,
    seed: u64,
) -> Result<TeacherData, NnError> {
    positive("n", n)?;
    positive("dim", dim)?;
    non_negative("scale", scale)?;
    let mut rng = globopt_core::rng::seeded(seed);
    let s = scale / (dim as f64).sqrt();
    let w = Mat::from_fn(1, dim, |_, _| s * normal(&mut rng));
    let x = Mat::from_fn(n, dim, |_, _| normal(&mut rng));
    let y = (0..n)
        .map(|i| {
            let z: f64 = (0..dim).map(|j| w[(0, j)] * x[(i, j)]).sum();
            usize::from(rng.random::<f64>() < sigmoid(z))
        })
        .collect();
    Ok(TeacherData {
        data: Dataset::new(x, Labels::Classes(y))?,
        weights: w,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_seeded_and_shaped() {
        let a = gaussian_mixture(3, 4, 5, 3.0, 0.5, 1).unwrap();
        assert_eq!((a.len(), a.inputs.ncols()), (15, 4));
        assert_eq!(a, gaussian_mixture(3, 4, 5, 3.0, 0.5, 1).unwrap());
        assert_ne!(a, gaussian_mixture(3, 4, 5, 3.0, 0.5, 2).unwrap());
        assert_eq!(a.classes().unwrap()[14], 2);
        let m = two_moons(7, 0.0, 0).unwrap();
        assert_eq!(m.classes().unwrap(), &[0, 0, 0, 1, 1, 1, 1]);
        assert!((m.inputs[(0, 0)] - 1.0).abs() < 1e-15 && (m.inputs[(2, 0)] + 1.0).abs() < 1e-15);
        assert!((m.inputs[(3, 1)] - 0.5).abs() < 1e-15);
        let s = spirals(3, 10, 0.0, 0).unwrap();
        assert_eq!(s.len(), 30);
        // the last point of each arm lies on the unit circle
        assert!(((s.inputs[(9, 0)].powi(2) + s.inputs[(9, 1)].powi(2)) - 1.0).abs() < 1e-12);
        let t = linear_teacher(20, 3, 2, 0.0, 4).unwrap();
        let Labels::Values(y) = &t.data.labels else {
            panic!("values")
        };
        let pred: f64 = (0..3)
            .map(|j| t.weights[(1, j)] * t.data.inputs[(5, j)])
            .sum();
        assert!((y[(5, 1)] - pred).abs() < 1e-12);
        let l = logistic_teacher(200, 5, 10.0, 3).unwrap();
        assert!(l.data.classes().unwrap().iter().all(|&c| c <= 1));
    }

    #[test]
    fn split_and_subset() {
        let d = two_moons(10, 0.1, 0).unwrap();
        let (a, b) = d.split(0.3, 7).unwrap();
        assert_eq!((a.len(), b.len()), (7, 3));
        assert!(d.split(0.0, 7).is_err());
        assert!(d.subset(&[10]).is_err());
        let s = d.subset(&[3, 3]).unwrap();
        assert_eq!(s.inputs[(1, 0)], d.inputs[(3, 0)]);
        assert!(gaussian_mixture(0, 1, 1, 1.0, 1.0, 0).is_err());
        assert!(two_moons(10, -1.0, 0).is_err());
    }
}
