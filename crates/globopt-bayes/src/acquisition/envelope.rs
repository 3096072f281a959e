//! The upper-envelope computation of E[max_i (a_i + b_i Z)] for Z ~ N(0, 1) (digest 25,
//! step 7; Frazier, Powell & Dayanik 2009, Algorithm 1), shared by noisy EI, the discrete
//! knowledge gradient and the multi-fidelity knowledge gradient.

use crate::normal::ei_kernel;

/// E[max_i (a_i + b_i Z)] − max_i a_i for Z ~ N(0, 1), exactly, in O(n log n).
///
/// The lines are sorted by slope (equal slopes keep the larger intercept), lines never on
/// the upper envelope are dropped, and with the breakpoints c_j = (a_j − a_{j+1})/(b_{j+1} − b_j)
/// of consecutive envelope lines the excess is Σ_j (b_{j+1} − b_j)·h(−|c_j|), with
/// h(z) = zΦ(z) + φ(z). Lines with a non-finite intercept or slope are ignored.
pub fn expected_max_excess(a: &[f64], b: &[f64]) -> f64 {
    let mut lines: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(&x, &y)| (x, y))
        .collect();
    if lines.len() < 2 {
        return 0.0;
    }
    // by slope, then intercept; among equal slopes only the last (largest intercept) stays
    lines.sort_by(|p, q| p.1.total_cmp(&q.1).then(p.0.total_cmp(&q.0)));
    let mut dedup: Vec<(f64, f64)> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(last) = dedup.last()
            && last.1 == l.1
        {
            dedup.pop();
        }
        dedup.push(l);
    }
    // the envelope: indices into dedup, with the breakpoint where each line takes over
    let mut env: Vec<usize> = Vec::with_capacity(dedup.len());
    let mut breaks: Vec<f64> = Vec::with_capacity(dedup.len());
    for i in 0..dedup.len() {
        loop {
            let Some(&j) = env.last() else {
                env.push(i);
                breaks.push(f64::NEG_INFINITY);
                break;
            };
            let c = (dedup[j].0 - dedup[i].0) / (dedup[i].1 - dedup[j].1);
            if c <= *breaks.last().unwrap_or(&f64::NEG_INFINITY) {
                env.pop();
                breaks.pop();
                if env.is_empty() {
                    env.push(i);
                    breaks.push(f64::NEG_INFINITY);
                    break;
                }
            } else {
                env.push(i);
                breaks.push(c);
                break;
            }
        }
    }
    let mut total = 0.0;
    for k in 1..env.len() {
        let db = dedup[env[k]].1 - dedup[env[k - 1]].1;
        total += db * ei_kernel(-breaks[k].abs());
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use globopt_core::rng::seeded;
    use rand::Rng;
    use rand_distr::{Distribution, StandardNormal};

    #[test]
    fn random_lines_match_monte_carlo() {
        let mut rng = seeded(11);
        for _ in 0..3 {
            let a: Vec<f64> = (0..8).map(|_| rng.random::<f64>() * 2.0 - 1.0).collect();
            let b: Vec<f64> = (0..8).map(|_| rng.random::<f64>() * 2.0 - 1.0).collect();
            let exact = expected_max_excess(&a, &b);
            let amax = a.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let n = 400_000;
            let (mut s, mut s2) = (0.0, 0.0);
            for _ in 0..n {
                let z: f64 = StandardNormal.sample(&mut rng);
                let m = a
                    .iter()
                    .zip(&b)
                    .map(|(x, y)| x + y * z)
                    .fold(f64::NEG_INFINITY, f64::max)
                    - amax;
                s += m;
                s2 += m * m;
            }
            let mean = s / n as f64;
            let se = ((s2 / n as f64 - mean * mean) / n as f64).sqrt();
            assert!((mean - exact).abs() < 4.0 * se, "{exact} vs {mean} ± {se}");
        }
    }

    #[test]
    fn degenerate_cases() {
        assert_eq!(expected_max_excess(&[1.0], &[2.0]), 0.0);
        // equal slopes: no spread, no excess
        assert_eq!(expected_max_excess(&[1.0, 0.0, 3.0], &[0.5, 0.5, 0.5]), 0.0);
        // two lines crossing at 0 with slopes ±1: E[|Z|] = √(2/π)
        let v = expected_max_excess(&[0.0, 0.0], &[-1.0, 1.0]);
        assert!((v - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-15);
    }
}
