//! Multi-objective benchmark problems for Pareto set learning (shared digest 21): the ZDT and
//! DTLZ problems of `globopt_core::testfn`, and two real-world problems of the RE suite
//! (Tanabe & Ishibuchi 2020, "An easy-to-use real-world multi-objective optimization problem
//! suite"), with the metric conventions of the SVH-PSL experiments: the fixed ideal and nadir
//! points that normalize RE objectives, the reference point 1.1 per objective and the
//! reference hypervolume HV*.

use crate::error::MooError;
use globopt_core::Bounds;
use globopt_core::pareto::hypervolume;
use globopt_core::testfn::{Convention, MultiObjective, multi_objective};

/// RE33, disc brake design (RE3-4-3): 4 variables (inner and outer radius, engaging force,
/// number of friction surfaces), 3 objectives (mass, stopping time, and the sum of the four
/// constraint violations folded into a third objective).
#[derive(Debug, Clone, Copy, Default)]
pub struct Re33;

impl MultiObjective for Re33 {
    fn name(&self) -> String {
        "re33".into()
    }
    fn n_var(&self) -> usize {
        4
    }
    fn n_obj(&self) -> usize {
        3
    }
    fn bounds(&self) -> Bounds {
        Bounds::from_pairs(&[[55.0, 80.0], [75.0, 110.0], [1000.0, 3000.0], [11.0, 20.0]])
            .expect("constant, valid box")
    }
    /// `f1 = 4.9e-5 (x2² − x1²)(x4 − 1)`, `f2 = 9.82e6 (x2² − x1²)/(x3 x4 (x2³ − x1³))`, `f3` the
    /// summed violations of `x2 − x1 ≥ 20`, `0.4 ≥ x3/(3.14 (x2² − x1²))`,
    /// `2.22e-3 x3 (x2³ − x1³)/(x2² − x1²)² ≤ 1` and `2.66e-2 x3 x4 (x2³ − x1³)/(x2² − x1²) ≥ 900`
    /// (each `g < 0` counts `−g`). Non-finite at `x1 = x2`, as in the reference code.
    fn eval(&self, x: &[f64]) -> Vec<f64> {
        let (x1, x2, x3, x4) = (x[0], x[1], x[2], x[3]);
        let d2 = x2 * x2 - x1 * x1;
        let d3 = x2 * x2 * x2 - x1 * x1 * x1;
        let f1 = 4.9e-5 * d2 * (x4 - 1.0);
        let f2 = 9.82e6 * d2 / (x3 * x4 * d3);
        // the suite writes 3.14 (not π) in the second constraint
        #[allow(clippy::approx_constant)]
        let g = [
            (x2 - x1) - 20.0,
            0.4 - x3 / (3.14 * d2),
            1.0 - 2.22e-3 * x3 * d3 / (d2 * d2),
            2.66e-2 * x3 * x4 * d3 / d2 - 900.0,
        ];
        let f3 = g.iter().map(|&v| if v < 0.0 { -v } else { 0.0 }).sum();
        vec![f1, f2, f3]
    }
    fn pareto_set(&self, _n: usize) -> Vec<Vec<f64>> {
        Vec::new()
    }
    fn ref_point(&self, _convention: Convention) -> Option<Vec<f64>> {
        None
    }
    fn max_hv(&self, _reference: &[f64]) -> Option<f64> {
        None
    }
}

/// RE37, rocket injector design (RE3-4-7): 4 variables in `[0, 1]` (hydrogen flow angle,
/// hydrogen area, oxygen area, oxidiser post tip thickness), 3 objectives from quadratic and
/// cubic response surfaces (face temperature, distance, tip temperature).
#[derive(Debug, Clone, Copy, Default)]
pub struct Re37;

impl MultiObjective for Re37 {
    fn name(&self) -> String {
        "re37".into()
    }
    fn n_var(&self) -> usize {
        4
    }
    fn n_obj(&self) -> usize {
        3
    }
    fn bounds(&self) -> Bounds {
        Bounds::unit(4)
    }
    /// The three response surfaces of Tanabe & Ishibuchi's Table (RE37), term for term.
    fn eval(&self, x: &[f64]) -> Vec<f64> {
        let (a, h, o, t) = (x[0], x[1], x[2], x[3]);
        let f1 =
            0.692 + 0.477 * a - 0.687 * h - 0.080 * o - 0.0650 * t - 0.167 * a * a - 0.0129 * h * a
                + 0.0796 * h * h
                - 0.0634 * o * a
                - 0.0257 * o * h
                + 0.0877 * o * o
                - 0.0521 * t * a
                + 0.00156 * t * h
                + 0.00198 * t * o
                + 0.0184 * t * t;
        let f2 =
            0.153 - 0.322 * a + 0.396 * h + 0.424 * o + 0.0226 * t + 0.175 * a * a + 0.0185 * h * a
                - 0.0701 * h * h
                - 0.251 * o * a
                + 0.179 * o * h
                + 0.0150 * o * o
                + 0.0134 * t * a
                + 0.0296 * t * h
                + 0.0752 * t * o
                + 0.0192 * t * t;
        let f3 = 0.370 - 0.205 * a + 0.0307 * h + 0.108 * o + 1.019 * t - 0.135 * a * a
            + 0.0141 * h * a
            + 0.0998 * h * h
            + 0.208 * o * a
            - 0.0301 * o * h
            - 0.226 * o * o
            + 0.353 * t * a
            - 0.0497 * t * o
            - 0.423 * t * t
            + 0.202 * h * a * a
            - 0.281 * o * a * a
            - 0.342 * h * h * a
            - 0.245 * h * h * o
            + 0.281 * o * o * h
            - 0.184 * t * t * a
            - 0.281 * h * a * o;
        vec![f1, f2, f3]
    }
    fn pareto_set(&self, _n: usize) -> Vec<Vec<f64>> {
        Vec::new()
    }
    fn ref_point(&self, _convention: Convention) -> Option<Vec<f64>> {
        None
    }
    fn max_hv(&self, _reference: &[f64]) -> Option<f64> {
        None
    }
}

/// How a problem's results are scored (digest 21, step 3): objectives normalized with fixed
/// ideal and nadir points (RE problems) or taken raw, the reference point (1.1 per objective
/// after normalization), and the reference hypervolume HV* of a known front under the same
/// convention, both of the discrete front the reference code uses and of the continuous one.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricConvention {
    /// `(ideal, nadir)` for `z' = (z − ideal)/(nadir − ideal)`, when the problem is normalized.
    pub normalization: Option<(Vec<f64>, Vec<f64>)>,
    /// The reference point, in normalized units when there is a normalization.
    pub reference: Vec<f64>,
    /// HV* of the discrete reference front (pymoo's 100-point ZDT fronts, the RE suite's
    /// approximate fronts), when known.
    pub hv_star: Option<f64>,
    /// HV* of the continuous front, when known in closed form.
    pub hv_star_continuous: Option<f64>,
}

impl MetricConvention {
    /// `z` normalized (or unchanged).
    pub fn normalized(&self, z: &[f64]) -> Vec<f64> {
        match &self.normalization {
            Some((lo, hi)) => z
                .iter()
                .zip(lo.iter().zip(hi))
                .map(|(v, (a, b))| (v - a) / (b - a))
                .collect(),
            None => z.to_vec(),
        }
    }

    /// The hypervolume of objective vectors under this convention (0 for an empty set).
    pub fn hypervolume(&self, ys: &[Vec<f64>]) -> Result<f64, MooError> {
        let z: Vec<Vec<f64>> = ys.iter().map(|y| self.normalized(y)).collect();
        Ok(hypervolume(&z, &self.reference)?)
    }

    /// The log hypervolume difference `ln max(HV* − HV, 1e-14)` against `hv_star`
    /// (digest 21, step 3).
    pub fn log_hv_difference(hv_star: f64, hv: f64) -> f64 {
        (hv_star - hv).max(1e-14).ln()
    }
}

/// A problem by name: `re33`, `re37`, or a `globopt_core::testfn` spec (`zdt1:20`,
/// `dtlz2:m=3,k=10`).
pub fn problem(spec: &str) -> Result<Box<dyn MultiObjective>, MooError> {
    match spec.trim().to_ascii_lowercase().as_str() {
        "re33" => Ok(Box::new(Re33)),
        "re37" => Ok(Box::new(Re37)),
        _ => Ok(multi_objective(spec)?),
    }
}

/// The metric convention of a problem (see [`MetricConvention`]): RE33 and RE37 with the
/// digest's ideal/nadir and repository HV* (1.014314, 0.847196); ZDT with raw objectives, HV*
/// of the 100-point discrete front and the continuous value; DTLZ with raw objectives and the
/// continuous value at its unit reference (DTLZ7, which has none, at BoTorch's 15 per
/// objective); otherwise raw objectives with reference 1.1 and no HV*.
pub fn metric_convention(problem: &dyn MultiObjective) -> MetricConvention {
    let m = problem.n_obj();
    let name = problem.name();
    let unit = vec![1.1; m];
    match name.as_str() {
        "re33" => MetricConvention {
            normalization: Some((
                vec![-0.721525, 1.13907203907, 0.0],
                vec![5.3067, 3.12833430979, 25.0],
            )),
            reference: unit,
            hv_star: Some(1.014314),
            hv_star_continuous: None,
        },
        "re37" => MetricConvention {
            normalization: Some((
                vec![0.00889341391106, 0.00488, -0.431499999825],
                vec![0.98949120096, 0.956587924661, 0.987530948586],
            )),
            reference: unit,
            hv_star: Some(0.847196),
            hv_star_continuous: None,
        },
        _ => {
            let reference = problem
                .ref_point(Convention::Unit)
                .or_else(|| problem.ref_point(Convention::Botorch))
                .unwrap_or(unit);
            let continuous = problem.max_hv(&reference);
            let discrete = if name.starts_with("zdt") {
                hypervolume(&problem.true_front(100), &reference).ok()
            } else {
                None
            };
            MetricConvention {
                normalization: None,
                reference,
                hv_star: discrete.or(continuous),
                hv_star_continuous: continuous,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Componentwise minimum of a problem's objectives over a grid of `k^4` points.
    fn grid_minimum(p: &dyn MultiObjective, k: usize) -> Vec<f64> {
        let b = p.bounds();
        let mut best = vec![f64::INFINITY; p.n_obj()];
        let mut idx = [0usize; 4];
        loop {
            let u: Vec<f64> = idx.iter().map(|&i| i as f64 / (k - 1) as f64).collect();
            let f = p.eval(&b.from_unit(&u));
            for (m, v) in best.iter_mut().zip(&f) {
                if v.is_finite() {
                    *m = m.min(*v);
                }
            }
            let mut d = 0;
            while d < 4 {
                idx[d] += 1;
                if idx[d] < k {
                    break;
                }
                idx[d] = 0;
                d += 1;
            }
            if d == 4 {
                return best;
            }
        }
    }

    #[test]
    fn re_ports_reach_the_published_ideal_points() {
        // the ideal point of a front is the minimum of each objective over the box: a grid
        // that contains the minimizers reproduces the suite's ideal vectors (digest 21, step 3)
        let re33 = grid_minimum(&Re33, 41);
        let want33 = [-0.721525, 1.13907203907, 0.0];
        for (a, b) in re33.iter().zip(want33) {
            assert!((a - b).abs() < 1e-8, "{re33:?}");
        }
        let re37 = grid_minimum(&Re37, 41);
        let want37 = [0.00889341391106, 0.00488, -0.431499999825];
        for (a, b) in re37.iter().zip(want37) {
            assert!((a - b).abs() < 1e-5, "{re37:?}");
        }
        // a point of the suite's RE37 front family: face temperature at the centre
        assert!((Re37.eval(&[0.5; 4])[0] - 0.481535).abs() < 1e-12);
        assert!(
            Re33.eval(&[77.0, 77.0, 2000.0, 15.0])
                .iter()
                .any(|v| !v.is_finite())
        );
    }

    #[test]
    fn zdt_hv_star_is_the_100_point_front() {
        let c = metric_convention(problem("zdt1:20").unwrap().as_ref());
        assert!((c.hv_star.unwrap() - 0.871409).abs() < 1e-6);
        assert!((c.hv_star_continuous.unwrap() - 0.876667).abs() < 1e-6);
        let c7 = metric_convention(problem("dtlz7:m=2,k=20").unwrap().as_ref());
        assert_eq!(c7.reference, vec![15.0, 15.0]);
        assert!((c7.hv_star.unwrap() - 189.430773).abs() < 1e-5);
        let c2 = metric_convention(problem("zdt2:20").unwrap().as_ref());
        assert!((c2.hv_star.unwrap() - 0.538300).abs() < 1e-6);
        let r = metric_convention(&Re37);
        assert_eq!(
            r.normalized(&[0.98949120096, 0.00488, -0.431499999825]),
            vec![1.0, 0.0, 0.0]
        );
        assert!((MetricConvention::log_hv_difference(1.0, 1.0) - 1e-14f64.ln()).abs() < 1e-12);
    }
}
