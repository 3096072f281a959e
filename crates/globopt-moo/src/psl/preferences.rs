//! Preference vectors on the simplex (shared digest 21, steps 5.1, 5.7 and 6): Dirichlet
//! draws for training and candidates, and an evenly spread set by Riesz s-energy for the
//! checkpoints and the predicted front.

use rand::Rng;

/// `n` draws of Dirichlet(1, …, 1) on the `m`-simplex (normalized `−ln U` variates), each
/// coordinate plus `offset` without renormalizing (the reference code adds 1e-4, so a
/// preference sums to `1 + m·1e-4`).
pub fn dirichlet_preferences<R: Rng + ?Sized>(
    n: usize,
    m: usize,
    offset: f64,
    rng: &mut R,
) -> Vec<Vec<f64>> {
    (0..n)
        .map(|_| {
            let e: Vec<f64> = (0..m).map(|_| -(1.0 - rng.random::<f64>()).ln()).collect();
            let s: f64 = e.iter().sum();
            e.iter().map(|v| v / s + offset).collect()
        })
        .collect()
}

/// Euclidean projection onto the probability simplex (Duchi et al. 2008): sort descending,
/// find the largest k with `u_k − (Σ_{j≤k} u_j − 1)/k > 0`, shift by that threshold, clip.
fn project_to_simplex(v: &mut [f64]) {
    let mut u = v.to_vec();
    u.sort_by(|a, b| b.total_cmp(a));
    let mut cum = 0.0;
    let mut theta = 0.0;
    for (k, &uk) in u.iter().enumerate() {
        cum += uk;
        let t = (cum - 1.0) / (k + 1) as f64;
        if uk - t > 0.0 {
            theta = t;
        }
    }
    v.iter_mut().for_each(|x| *x = (*x - theta).max(0.0));
}

/// `n` evenly spread preferences on the `m`-simplex: the Das–Dennis lattice with the most
/// points not above `n`, filled up with seeded Dirichlet draws, then 300 steps of projected
/// gradient descent on the Riesz s-energy `Σ_{i≠j} ‖w_i − w_j‖^{−s}` with `s = m`
/// (the construction behind pymoo's "energy" directions; the reference code uses seed 1).
/// With two objectives the lattice (n points evenly spaced, both ends included) is the set.
pub fn spread_preferences(m: usize, n: usize, seed: u64) -> Vec<Vec<f64>> {
    if m == 1 {
        return vec![vec![1.0]; n];
    }
    let mut p = 1;
    let count = |p: usize| -> f64 { (1..m).map(|i| (p + i) as f64 / i as f64).product() };
    while count(p + 1) <= n as f64 {
        p += 1;
    }
    let mut w = lattice(m, p);
    w.truncate(n);
    let mut rng = globopt_core::rng::seeded(seed);
    let extra = n - w.len();
    w.extend(dirichlet_preferences(extra, m, 0.0, &mut rng));
    if n < 2 {
        return w;
    }
    if m == 2 {
        // on a segment the lattice of n points is already evenly spread
        return w;
    }
    let s = m as f64;
    let mut step = 0.1 / n as f64;
    for _ in 0..300 {
        let mut grad = vec![vec![0.0; m]; n];
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                let d2: f64 = w[i].iter().zip(&w[j]).map(|(a, b)| (a - b) * (a - b)).sum();
                let dist = d2.max(1e-24).sqrt();
                // ∂/∂w_i of ‖w_i − w_j‖^{−s} = −s ‖·‖^{−s−2} (w_i − w_j)
                let f = -s * dist.powi(-(m as i32) - 2);
                for k in 0..m {
                    grad[i][k] += f * (w[i][k] - w[j][k]);
                }
            }
        }
        for (wi, gi) in w.iter_mut().zip(&grad) {
            let norm = gi.iter().map(|g| g * g).sum::<f64>().sqrt().max(1e-300);
            for (x, g) in wi.iter_mut().zip(gi) {
                *x -= step * g / norm;
            }
            project_to_simplex(wi);
        }
        step *= 0.99;
    }
    w
}

/// The Das–Dennis lattice on the `m`-simplex with `p` partitions.
fn lattice(m: usize, p: usize) -> Vec<Vec<f64>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirichlet_draws_lie_on_the_shifted_simplex() {
        let mut rng = globopt_core::rng::seeded(3);
        let w = dirichlet_preferences(500, 3, 1e-4, &mut rng);
        for p in &w {
            assert!((p.iter().sum::<f64>() - (1.0 + 3e-4)).abs() < 1e-12);
            assert!(p.iter().all(|&v| v >= 1e-4));
        }
        // Dirichlet(1,1,1) has mean 1/3 per coordinate
        let mean0 = w.iter().map(|p| p[0]).sum::<f64>() / 500.0;
        assert!((mean0 - 1.0 / 3.0).abs() < 0.03, "{mean0}");
    }

    #[test]
    fn spread_sets_are_even() {
        let w2 = spread_preferences(2, 200, 1);
        assert_eq!(w2.len(), 200);
        let mut xs: Vec<f64> = w2.iter().map(|p| p[0]).collect();
        xs.sort_by(f64::total_cmp);
        assert!(xs[0] < 1e-9 && xs[199] > 1.0 - 1e-9);
        let gaps: Vec<f64> = xs.windows(2).map(|g| g[1] - g[0]).collect();
        let (lo, hi) = gaps
            .iter()
            .fold((1.0f64, 0.0f64), |(a, b), &g| (a.min(g), b.max(g)));
        assert!(lo > 0.5 / 199.0 && hi < 2.0 / 199.0, "{lo} {hi}");
        let w3 = spread_preferences(3, 300, 1);
        assert!(
            w3.iter()
                .all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-9)
        );
        let mut min_d = f64::INFINITY;
        for i in 0..300 {
            for j in 0..i {
                let d: f64 = w3[i].iter().zip(&w3[j]).map(|(a, b)| (a - b).powi(2)).sum();
                min_d = min_d.min(d.sqrt());
            }
        }
        // a lattice of 300 points on the 2-simplex has spacing about 1/23·√2
        assert!(min_d > 0.02, "{min_d}");
    }
}
