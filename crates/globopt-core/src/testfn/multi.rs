//! Multi-objective test problems ZDT1–3 and DTLZ1/2/7 with lattices of their Pareto sets and
//! the true-front hypervolumes of shared digest 00.

use super::MultiObjective;
use crate::bounds::Bounds;
use std::f64::consts::PI;

/// Which published reference points to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// BoTorch's: ZDT (11, 11); DTLZ1 400, DTLZ2 1.1, DTLZ7 15 per objective.
    Botorch,
    /// 1.1 per objective (0.55 = 1.1 × nadir for DTLZ1); DTLZ7 has none.
    Unit,
}

/// The three ZDT problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZdtKind {
    /// Convex front `f2 = 1 − √f1`.
    Zdt1,
    /// Non-convex front `f2 = 1 − f1²`.
    Zdt2,
    /// Disconnected front `f2 = 1 − √f1 − f1 sin(10πf1)`.
    Zdt3,
}

/// A ZDT problem (Zitzler, Deb & Thiele, 2000) on `[0, 1]^n`:
/// `f1 = x1`, `g = 1 + 9/(n−1) Σ_{i≥2} x_i`, `f2 = g·h(f1/g)`.
#[derive(Debug, Clone, Copy)]
pub struct Zdt {
    kind: ZdtKind,
    n_var: usize,
}

impl Zdt {
    /// A ZDT problem with `n_var ≥ 2` variables (`None` otherwise).
    pub fn new(kind: ZdtKind, n_var: usize) -> Option<Self> {
        (n_var >= 2).then_some(Zdt { kind, n_var })
    }

    /// The front shape `h(t)`, with `f2 = g·h(f1/g)` (so `f2 = h(f1)` on the front, g = 1).
    fn shape(kind: ZdtKind, t: f64) -> f64 {
        match kind {
            ZdtKind::Zdt1 => 1.0 - t.sqrt(),
            ZdtKind::Zdt2 => 1.0 - t * t,
            ZdtKind::Zdt3 => 1.0 - t.sqrt() - t * (10.0 * PI * t).sin(),
        }
    }

    /// The f1-intervals of the true front (one for ZDT1/2, five for ZDT3).
    pub fn front_intervals(&self) -> Vec<(f64, f64)> {
        match self.kind {
            ZdtKind::Zdt3 => record_intervals(&|t| Self::shape(ZdtKind::Zdt3, t), 0.0, 1.0),
            _ => vec![(0.0, 1.0)],
        }
    }
}

impl MultiObjective for Zdt {
    fn name(&self) -> String {
        let k = match self.kind {
            ZdtKind::Zdt1 => 1,
            ZdtKind::Zdt2 => 2,
            ZdtKind::Zdt3 => 3,
        };
        format!("zdt{k}:{}", self.n_var)
    }
    fn n_var(&self) -> usize {
        self.n_var
    }
    fn n_obj(&self) -> usize {
        2
    }
    fn bounds(&self) -> Bounds {
        Bounds::unit(self.n_var)
    }
    fn eval(&self, x: &[f64]) -> Vec<f64> {
        let f1 = x[0];
        let g = 1.0 + 9.0 / (self.n_var as f64 - 1.0) * x[1..].iter().sum::<f64>();
        vec![f1, g * Self::shape(self.kind, f1 / g)]
    }
    fn pareto_set(&self, n: usize) -> Vec<Vec<f64>> {
        spread_over(&self.front_intervals(), n.max(2))
            .into_iter()
            .map(|t| {
                let mut x = vec![0.0; self.n_var];
                x[0] = t;
                x
            })
            .collect()
    }
    fn ref_point(&self, convention: Convention) -> Option<Vec<f64>> {
        Some(match convention {
            Convention::Botorch => vec![11.0, 11.0],
            Convention::Unit => vec![1.1, 1.1],
        })
    }
    /// HV = ∫_0^{r1} (r2 − m(a)) da with m the cumulative minimum of the front: `r1 r2 − 1/3`
    /// (ZDT1) and `r1 r2 − 2/3` (ZDT2) in closed form; ZDT3 integrates the front exactly over
    /// its five pieces, whose ends are found by bisection and golden-section search.
    fn max_hv(&self, r: &[f64]) -> Option<f64> {
        if r.len() != 2 || r[1] < 1.0 {
            return None;
        }
        match self.kind {
            ZdtKind::Zdt1 if r[0] >= 1.0 => Some(r[0] * r[1] - 1.0 / 3.0),
            ZdtKind::Zdt2 if r[0] >= 1.0 => Some(r[0] * r[1] - 2.0 / 3.0),
            ZdtKind::Zdt3 => {
                let iv = self.front_intervals();
                let end = iv.last()?.1;
                if r[0] < end {
                    return None;
                }
                let shape = |t: f64| Self::shape(ZdtKind::Zdt3, t);
                // ∫ (1 − √t − t sin(ct)) dt = t − (2/3) t^{3/2} − sin(ct)/c² + t cos(ct)/c
                let c = 10.0 * PI;
                let anti = |t: f64| {
                    t - 2.0 / 3.0 * t.powf(1.5) - (c * t).sin() / (c * c) + t * (c * t).cos() / c
                };
                Some(r[0] * r[1] - cummin_integral(&shape, &anti, &iv, r[0]))
            }
            _ => None,
        }
    }
}

/// The three DTLZ problems implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DtlzKind {
    /// Linear front `Σf = ½`.
    Dtlz1,
    /// Spherical front `Σf² = 1`.
    Dtlz2,
    /// Disconnected front with `2^{M−1}` pieces.
    Dtlz7,
}

/// A DTLZ problem (Deb, Thiele, Laumanns & Zitzler, 2005) with `m` objectives and `k` distance
/// variables: `n = m + k − 1` variables on the unit box.
#[derive(Debug, Clone, Copy)]
pub struct Dtlz {
    kind: DtlzKind,
    m: usize,
    k: usize,
}

impl Dtlz {
    /// `None` unless `m ≥ 2` and `k ≥ 1`.
    pub fn new(kind: DtlzKind, m: usize, k: usize) -> Option<Self> {
        (m >= 2 && k >= 1).then_some(Dtlz { kind, m, k })
    }

    /// Deb et al.'s recommended k: 5 (DTLZ1), 10 (DTLZ2), 20 (DTLZ7).
    pub fn default_k(kind: DtlzKind) -> usize {
        match kind {
            DtlzKind::Dtlz1 => 5,
            DtlzKind::Dtlz2 => 10,
            DtlzKind::Dtlz7 => 20,
        }
    }

    fn n(&self) -> usize {
        self.m + self.k - 1
    }

    /// The distance function g over the last k variables.
    fn g(&self, xm: &[f64]) -> f64 {
        match self.kind {
            DtlzKind::Dtlz1 => {
                100.0
                    * (self.k as f64
                        + xm.iter()
                            .map(|x| (x - 0.5).powi(2) - (20.0 * PI * (x - 0.5)).cos())
                            .sum::<f64>())
            }
            DtlzKind::Dtlz2 => xm.iter().map(|x| (x - 0.5).powi(2)).sum(),
            DtlzKind::Dtlz7 => 1.0 + 9.0 / self.k as f64 * xm.iter().sum::<f64>(),
        }
    }

    /// Inverse of the position map on the front: decision variables whose objectives are the
    /// front point `f` (the distance variables at their optimum).
    fn position_of(&self, f: &[f64]) -> Vec<f64> {
        let m = self.m;
        let mut x = vec![0.0; self.n()];
        match self.kind {
            DtlzKind::Dtlz1 => {
                // f_{M−k+1} = ½ x_1⋯x_{k−1}(1 − x_k) and ρ_k = ½ x_1⋯x_k = Σ_{j ≤ M−k} f_j
                let mut prev = 0.5;
                for kk in 1..m {
                    let rho: f64 = f[..m - kk].iter().sum();
                    x[kk - 1] = if prev > 0.0 {
                        (rho / prev).clamp(0.0, 1.0)
                    } else {
                        0.5
                    };
                    prev = rho;
                }
                x[m - 1..].iter_mut().for_each(|v| *v = 0.5);
            }
            DtlzKind::Dtlz2 => {
                // θ_k = atan2(f_{M−k+1}, ‖f_{1..M−k}‖), x_k = 2θ_k/π
                for kk in 1..m {
                    let rest: f64 = f[..m - kk].iter().map(|v| v * v).sum::<f64>().sqrt();
                    x[kk - 1] = (2.0 / PI) * f[m - kk].atan2(rest);
                }
                x[m - 1..].iter_mut().for_each(|v| *v = 0.5);
            }
            DtlzKind::Dtlz7 => {
                x[..m - 1].copy_from_slice(&f[..m - 1]);
            }
        }
        x
    }
}

/// DTLZ7's per-objective shape `φ(t) = t(1 + sin 3πt)`.
fn dtlz7_phi(t: f64) -> f64 {
    t * (1.0 + (3.0 * PI * t).sin())
}

/// `(Φ*, t*, I)` for DTLZ7: `Φ* = max_{[0,1]} φ` attained at `t*`, and
/// `I = ∫_0^1 max_{s≤a} φ(s) da` (digest 00: 1.6929956, 0.859401, 0.7288346).
pub fn dtlz7_constants() -> (f64, f64, f64) {
    let neg = |t: f64| -dtlz7_phi(t);
    let iv = record_intervals(&neg, 0.0, 1.0);
    let t_star = iv.last().map_or(1.0, |p| p.1);
    let c = 3.0 * PI;
    // ∫ −t(1 + sin ct) dt = −t²/2 − sin(ct)/c² + t cos(ct)/c
    let anti = |t: f64| -t * t / 2.0 - (c * t).sin() / (c * c) + t * (c * t).cos() / c;
    let integral = -cummin_integral(&neg, &anti, &iv, 1.0);
    (dtlz7_phi(t_star), t_star, integral)
}

impl MultiObjective for Dtlz {
    fn name(&self) -> String {
        let k = match self.kind {
            DtlzKind::Dtlz1 => 1,
            DtlzKind::Dtlz2 => 2,
            DtlzKind::Dtlz7 => 7,
        };
        format!("dtlz{k}:m={},k={}", self.m, self.k)
    }
    fn n_var(&self) -> usize {
        self.n()
    }
    fn n_obj(&self) -> usize {
        self.m
    }
    fn bounds(&self) -> Bounds {
        Bounds::unit(self.n())
    }
    fn eval(&self, x: &[f64]) -> Vec<f64> {
        let m = self.m;
        let g = self.g(&x[m - 1..]);
        match self.kind {
            DtlzKind::Dtlz1 => (1..=m)
                .map(|j| {
                    let mut f = 0.5 * (1.0 + g);
                    f *= x[..m - j].iter().product::<f64>();
                    if j > 1 {
                        f *= 1.0 - x[m - j];
                    }
                    f
                })
                .collect(),
            DtlzKind::Dtlz2 => (1..=m)
                .map(|j| {
                    let mut f = 1.0 + g;
                    f *= x[..m - j]
                        .iter()
                        .map(|v| (PI * v / 2.0).cos())
                        .product::<f64>();
                    if j > 1 {
                        f *= (PI * x[m - j] / 2.0).sin();
                    }
                    f
                })
                .collect(),
            DtlzKind::Dtlz7 => {
                let mut f: Vec<f64> = x[..m - 1].to_vec();
                let h = m as f64
                    - f.iter()
                        .map(|fi| fi / (1.0 + g) * (1.0 + (3.0 * PI * fi).sin()))
                        .sum::<f64>();
                f.push((1.0 + g) * h);
                f
            }
        }
    }
    fn pareto_set(&self, n: usize) -> Vec<Vec<f64>> {
        let m = self.m;
        let fronts: Vec<Vec<f64>> = match self.kind {
            DtlzKind::Dtlz1 | DtlzKind::Dtlz2 => {
                let p = largest_partition(m, n.max(m));
                simplex_lattice(m, p)
                    .into_iter()
                    .map(|w| {
                        if self.kind == DtlzKind::Dtlz1 {
                            w.iter().map(|v| 0.5 * v).collect()
                        } else {
                            let norm = w.iter().map(|v| v * v).sum::<f64>().sqrt();
                            w.iter().map(|v| v / norm).collect()
                        }
                    })
                    .collect()
            }
            DtlzKind::Dtlz7 => {
                let iv = record_intervals(&|t| -dtlz7_phi(t), 0.0, 1.0);
                let q = ((n.max(2) as f64).powf(1.0 / (m - 1) as f64).floor() as usize).max(2);
                let axis = spread_over(&iv, q);
                let mut out = Vec::new();
                let mut idx = vec![0usize; m - 1];
                loop {
                    let mut f: Vec<f64> = idx.iter().map(|&i| axis[i]).collect();
                    f.push(2.0 * m as f64 - f.iter().map(|&t| dtlz7_phi(t)).sum::<f64>());
                    out.push(f);
                    let mut d = 0;
                    while d < m - 1 {
                        idx[d] += 1;
                        if idx[d] < q {
                            break;
                        }
                        idx[d] = 0;
                        d += 1;
                    }
                    if d == m - 1 {
                        break;
                    }
                }
                out
            }
        };
        fronts.iter().map(|f| self.position_of(f)).collect()
    }
    fn ref_point(&self, convention: Convention) -> Option<Vec<f64>> {
        let r = match (self.kind, convention) {
            (DtlzKind::Dtlz1, Convention::Botorch) => 400.0,
            (DtlzKind::Dtlz1, Convention::Unit) => 0.55,
            (DtlzKind::Dtlz2, _) => 1.1,
            (DtlzKind::Dtlz7, Convention::Botorch) => 15.0,
            (DtlzKind::Dtlz7, Convention::Unit) => return None,
        };
        Some(vec![r; self.m])
    }
    /// Closed forms for a reference `r` equal in every objective (digest 00):
    /// DTLZ1 `r^M − (½)^M/M!` (r ≥ ½); DTLZ2 `r^M − π^{M/2}/(Γ(M/2+1) 2^M)` (r ≥ 1);
    /// DTLZ7 `r^{M−1}(r − 2M) + (M−1) r^{M−2}(I + (r − 1)Φ*)` (r ≥ 2M), which reduces to the
    /// digest's M = 2 and M = 3 formulas because the cumulative minimum separates by objective.
    fn max_hv(&self, reference: &[f64]) -> Option<f64> {
        let m = self.m;
        if reference.len() != m || reference.iter().any(|&v| v != reference[0]) {
            return None;
        }
        let r = reference[0];
        let mf = m as f64;
        match self.kind {
            DtlzKind::Dtlz1 if r >= 0.5 => {
                let fact: f64 = (1..=m).map(|i| i as f64).product();
                Some(r.powi(m as i32) - 0.5f64.powi(m as i32) / fact)
            }
            DtlzKind::Dtlz2 if r >= 1.0 => Some(
                r.powi(m as i32)
                    - PI.powf(mf / 2.0) / (gamma_half_integer(m + 2) * 2f64.powi(m as i32)),
            ),
            DtlzKind::Dtlz7 if r >= 2.0 * mf => {
                let (phi_star, _, integral) = dtlz7_constants();
                Some(
                    r.powi(m as i32 - 1) * (r - 2.0 * mf)
                        + (mf - 1.0) * r.powi(m as i32 - 2) * (integral + (r - 1.0) * phi_star),
                )
            }
            _ => None,
        }
    }
}

/// `Γ(h/2)` for a positive integer `h`: `(h/2 − 1)!` for even h, and
/// `(2k)! √π / (4^k k!)` with `k = (h − 1)/2` for odd h.
fn gamma_half_integer(h: usize) -> f64 {
    if h % 2 == 0 {
        (1..h / 2).map(|i| i as f64).product()
    } else {
        let k = (h - 1) / 2;
        let mut v = PI.sqrt();
        for i in 0..k {
            v *= i as f64 + 0.5;
        }
        v
    }
}

/// The largest number of partitions `p` whose Das–Dennis lattice on the `m`-simplex has at
/// most `n` points (`C(p + m − 1, m − 1) ≤ n`), at least 1.
fn largest_partition(m: usize, n: usize) -> usize {
    let count = |p: usize| -> f64 { (1..m).map(|i| (p + i) as f64 / i as f64).product::<f64>() };
    let mut p = 1;
    while count(p + 1) <= n as f64 + 1e-9 {
        p += 1;
    }
    p
}

/// The Das–Dennis lattice: all `w ≥ 0` with `Σ w = 1` and every `w_i` a multiple of `1/p`.
pub(crate) fn simplex_lattice(m: usize, p: usize) -> Vec<Vec<f64>> {
    fn rec(m: usize, left: usize, p: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<f64>>) {
        if cur.len() == m - 1 {
            cur.push(left);
            out.push(cur.iter().map(|&c| c as f64 / p as f64).collect());
            cur.pop();
            return;
        }
        for c in (0..=left).rev() {
            cur.push(c);
            rec(m, left - c, p, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    rec(m, p, p, &mut Vec::new(), &mut out);
    out
}

/// `n` parameters spread evenly by length over a union of intervals (both ends included).
fn spread_over(intervals: &[(f64, f64)], n: usize) -> Vec<f64> {
    let total: f64 = intervals.iter().map(|(a, b)| b - a).sum();
    (0..n)
        .map(|i| {
            let mut s = total * i as f64 / (n - 1).max(1) as f64;
            for &(a, b) in intervals {
                if s <= b - a + 1e-15 {
                    return (a + s).min(b);
                }
                s -= b - a;
            }
            intervals.last().map_or(0.0, |p| p.1)
        })
        .collect()
}

/// The maximal intervals of `[lo, hi]` on which `h(t) ≤ min_{s<t} h(s)`: the parameters of a
/// curve `(t, h(t))` that no earlier point dominates. Found on a grid of 20 000 cells, then
/// each interval end (a local minimum of h) refined by golden-section search and each
/// interval start (a crossing of the previous minimum) by bisection.
fn record_intervals(h: &dyn Fn(f64) -> f64, lo: f64, hi: f64) -> Vec<(f64, f64)> {
    const CELLS: usize = 20_000;
    let step = (hi - lo) / CELLS as f64;
    let t = |i: usize| lo + step * i as f64;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut best = f64::INFINITY;
    for i in 0..=CELLS {
        let v = h(t(i));
        if v <= best {
            best = v;
            match runs.last_mut() {
                Some(r) if r.1 + 1 == i => r.1 = i,
                _ => runs.push((i, i)),
            }
        }
    }
    let mut out = Vec::new();
    let mut prev_min = f64::INFINITY;
    for (s, e) in runs {
        let start = if s == 0 {
            lo
        } else {
            // h(t(s−1)) > prev_min ≥ h(t(s)): bisect for h = prev_min
            let (mut a, mut b) = (t(s - 1), t(s));
            for _ in 0..80 {
                let mid = 0.5 * (a + b);
                if h(mid) > prev_min { a = mid } else { b = mid }
            }
            b
        };
        let end = if e == CELLS {
            hi
        } else {
            golden_section_min(h, t(e.saturating_sub(1)).max(start), t(e + 1))
        };
        prev_min = h(end);
        out.push((start, end));
    }
    out
}

/// The minimizer of a unimodal `h` on `[a, b]` by golden-section search to round-off.
fn golden_section_min(h: &dyn Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..200 {
        let c = b - g * (b - a);
        let d = a + g * (b - a);
        if h(c) <= h(d) {
            b = d
        } else {
            a = c
        }
        if b - a < 1e-15 {
            break;
        }
    }
    0.5 * (a + b)
}

/// `∫_{intervals[0].0}^{upto} min_{s≤min(a, last end)} h(s) da`, given the record intervals of
/// h and an antiderivative: h itself on the intervals, its running minimum (a constant) on the
/// gaps and after the last interval.
fn cummin_integral(
    h: &dyn Fn(f64) -> f64,
    anti: &dyn Fn(f64) -> f64,
    intervals: &[(f64, f64)],
    upto: f64,
) -> f64 {
    let mut total = 0.0;
    for (i, &(a, b)) in intervals.iter().enumerate() {
        total += anti(b) - anti(a);
        let next = intervals.get(i + 1).map_or(upto, |p| p.0);
        total += (next - b) * h(b);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b} (tol {tol})");
    }

    #[test]
    fn zdt3_and_dtlz7_front_pieces_match_the_digest() {
        let iv = Zdt::new(ZdtKind::Zdt3, 30).unwrap().front_intervals();
        let want = [
            (0.0, 0.083001),
            (0.182229, 0.257762),
            (0.409314, 0.453882),
            (0.618397, 0.652512),
            (0.823332, 0.851833),
        ];
        assert_eq!(iv.len(), 5);
        for (got, w) in iv.iter().zip(want) {
            close(got.0, w.0, 1e-6);
            close(got.1, w.1, 1e-6);
        }
        close(Zdt::shape(ZdtKind::Zdt3, iv[4].1), -0.773369, 1e-6);
        let (phi_star, t_star, integral) = dtlz7_constants();
        close(phi_star, 1.6929956, 1e-7);
        close(t_star, 0.859401, 1e-6);
        close(integral, 0.7288346, 1e-7);
    }

    #[test]
    fn max_hv_matches_the_digest_table() {
        let z = |k| Zdt::new(k, 30).unwrap();
        close(
            z(ZdtKind::Zdt1).max_hv(&[1.1, 1.1]).unwrap(),
            0.876667,
            1e-6,
        );
        close(
            z(ZdtKind::Zdt1).max_hv(&[11.0, 11.0]).unwrap(),
            120.666667,
            1e-6,
        );
        close(
            z(ZdtKind::Zdt2).max_hv(&[1.1, 1.1]).unwrap(),
            0.543333,
            1e-6,
        );
        close(
            z(ZdtKind::Zdt2).max_hv(&[11.0, 11.0]).unwrap(),
            120.333333,
            1e-6,
        );
        close(
            z(ZdtKind::Zdt3).max_hv(&[1.1, 1.1]).unwrap(),
            1.331763,
            1e-6,
        );
        close(
            z(ZdtKind::Zdt3).max_hv(&[11.0, 11.0]).unwrap(),
            128.77811613,
            1e-7,
        );
        let d = |k, m| Dtlz::new(k, m, Dtlz::default_k(k)).unwrap();
        close(
            d(DtlzKind::Dtlz1, 2).max_hv(&[0.55; 2]).unwrap(),
            0.1775,
            1e-12,
        );
        close(
            d(DtlzKind::Dtlz1, 2).max_hv(&[400.0; 2]).unwrap(),
            159999.875,
            1e-6,
        );
        close(
            d(DtlzKind::Dtlz1, 3).max_hv(&[0.55; 3]).unwrap(),
            0.1455417,
            1e-7,
        );
        close(
            d(DtlzKind::Dtlz1, 3).max_hv(&[400.0; 3]).unwrap(),
            63999999.979167,
            1e-5,
        );
        close(
            d(DtlzKind::Dtlz2, 2).max_hv(&[1.1; 2]).unwrap(),
            0.424602,
            1e-6,
        );
        close(
            d(DtlzKind::Dtlz2, 3).max_hv(&[1.1; 3]).unwrap(),
            0.807401,
            1e-6,
        );
        close(
            d(DtlzKind::Dtlz7, 2).max_hv(&[15.0; 2]).unwrap(),
            189.430773,
            1e-5,
        );
        close(
            d(DtlzKind::Dtlz7, 3).max_hv(&[15.0; 3]).unwrap(),
            2757.9232,
            1e-3,
        );
        assert!(d(DtlzKind::Dtlz7, 3).max_hv(&[5.0; 3]).is_none());
        assert!(d(DtlzKind::Dtlz7, 2).ref_point(Convention::Unit).is_none());
    }

    #[test]
    fn true_fronts_lie_on_the_front() {
        for kind in [ZdtKind::Zdt1, ZdtKind::Zdt2, ZdtKind::Zdt3] {
            let p = Zdt::new(kind, 30).unwrap();
            for f in p.true_front(101) {
                close(f[1], Zdt::shape(kind, f[0]), 1e-12);
            }
        }
        let d1 = Dtlz::new(DtlzKind::Dtlz1, 3, 5).unwrap();
        let front = d1.true_front(91);
        assert_eq!(front.len(), 91); // p = 12
        for f in &front {
            close(f.iter().sum::<f64>(), 0.5, 1e-12);
        }
        let d2 = Dtlz::new(DtlzKind::Dtlz2, 4, 10).unwrap();
        let lattice = simplex_lattice(4, largest_partition(4, 120));
        for (f, w) in d2.true_front(120).iter().zip(&lattice) {
            close(f.iter().map(|v| v * v).sum::<f64>(), 1.0, 1e-12);
            // the inverse map reproduces the lattice direction
            let norm = w.iter().map(|v| v * v).sum::<f64>().sqrt();
            for (a, b) in f.iter().zip(w) {
                close(*a, b / norm, 1e-12);
            }
        }
        let d7 = Dtlz::new(DtlzKind::Dtlz7, 3, 20).unwrap();
        for f in d7.true_front(400) {
            let want = 6.0 - dtlz7_phi(f[0]) - dtlz7_phi(f[1]);
            close(f[2], want, 1e-12);
        }
    }

    #[test]
    fn disconnected_lattices_are_nondominated() {
        let fronts = [
            Zdt::new(ZdtKind::Zdt3, 30).unwrap().true_front(300),
            Dtlz::new(DtlzKind::Dtlz7, 2, 20).unwrap().true_front(300),
            Dtlz::new(DtlzKind::Dtlz7, 3, 20).unwrap().true_front(400),
        ];
        for front in fronts {
            for a in &front {
                for b in &front {
                    let dominates =
                        a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y);
                    assert!(!dominates, "{a:?} dominates {b:?}");
                }
            }
        }
    }

    #[test]
    fn lattice_hv_2d_converges_to_the_formula() {
        // exact 2-D hypervolume of a sorted front by a sweep, against max_hv
        let p = Zdt::new(ZdtKind::Zdt1, 30).unwrap();
        let mut front = p.true_front(100_000);
        front.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let r = [1.1, 1.1];
        let mut hv = 0.0;
        let mut best_f2 = r[1];
        for (i, f) in front.iter().enumerate() {
            let next_f1 = front.get(i + 1).map_or(r[0], |g| g[0]);
            best_f2 = best_f2.min(f[1]);
            hv += (next_f1 - f[0]) * (r[1] - best_f2);
        }
        close(hv, p.max_hv(&r).unwrap(), 1e-4);
    }
}
