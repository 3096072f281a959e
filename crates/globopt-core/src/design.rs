//! Space-filling designs: Latin hypercubes (plain and maximin), uniform samples and Halton
//! sequences, on the unit box or on a [`Bounds`].

use crate::bounds::Bounds;
use rand::Rng;
use rand::seq::SliceRandom;

/// A Latin hypercube of `n` points in `[0, 1]^dim` (McKay, Beckman & Conover, 1979): each
/// coordinate's range is cut into `n` equal strata, every stratum holds exactly one point, and
/// the point sits uniformly at random inside its stratum.
pub fn latin_hypercube<R: Rng + ?Sized>(n: usize, dim: usize, rng: &mut R) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; dim]; n];
    let mut perm: Vec<usize> = (0..n).collect();
    for j in 0..dim {
        perm.shuffle(rng);
        for (i, p) in points.iter_mut().enumerate() {
            p[j] = (perm[i] as f64 + rng.random::<f64>()) / n as f64;
        }
    }
    points
}

/// The smallest pairwise Euclidean distance of a point set (`inf` for fewer than two points).
pub fn min_pairwise_distance(points: &[Vec<f64>]) -> f64 {
    let mut best = f64::INFINITY;
    for i in 0..points.len() {
        for j in i + 1..points.len() {
            let d: f64 = points[i]
                .iter()
                .zip(&points[j])
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            best = best.min(d);
        }
    }
    best.sqrt()
}

/// The best of `candidates` Latin hypercubes by the maximin criterion (largest smallest
/// pairwise distance), as pyDOE's and egobox's `maximin` option do.
pub fn maximin_latin_hypercube<R: Rng + ?Sized>(
    n: usize,
    dim: usize,
    candidates: usize,
    rng: &mut R,
) -> Vec<Vec<f64>> {
    let mut best = latin_hypercube(n, dim, rng);
    let mut best_d = min_pairwise_distance(&best);
    for _ in 1..candidates.max(1) {
        let cand = latin_hypercube(n, dim, rng);
        let d = min_pairwise_distance(&cand);
        if d > best_d {
            best = cand;
            best_d = d;
        }
    }
    best
}

/// `n` independent uniform points in `[0, 1]^dim`.
pub fn uniform<R: Rng + ?Sized>(n: usize, dim: usize, rng: &mut R) -> Vec<Vec<f64>> {
    (0..n)
        .map(|_| (0..dim).map(|_| rng.random::<f64>()).collect())
        .collect()
}

/// Map unit-box points into `bounds`.
pub fn scale_to(bounds: &Bounds, unit_points: &[Vec<f64>]) -> Vec<Vec<f64>> {
    unit_points.iter().map(|u| bounds.from_unit(u)).collect()
}

/// The first primes, the Halton bases of coordinates 0, 1, 2, ...
const PRIMES: [u64; 32] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131,
];

/// The van der Corput radical inverse of `i` in base `b`: the digits of `i` mirrored about the
/// radix point.
pub fn radical_inverse(mut i: u64, b: u64) -> f64 {
    let inv = 1.0 / b as f64;
    let mut f = inv;
    let mut r = 0.0;
    while i > 0 {
        r += (i % b) as f64 * f;
        i /= b;
        f *= inv;
    }
    r
}

/// `n` points of the Halton sequence in `[0, 1]^dim` (coordinate j uses the j-th prime as
/// base), starting at index `skip + 1` so that the origin is never returned. Supports up to 32
/// dimensions; `None` beyond.
pub fn halton(n: usize, dim: usize, skip: u64) -> Option<Vec<Vec<f64>>> {
    if dim > PRIMES.len() {
        return None;
    }
    Some(
        (0..n as u64)
            .map(|i| {
                (0..dim)
                    .map(|j| radical_inverse(skip + i + 1, PRIMES[j]))
                    .collect()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;

    #[test]
    fn latin_hypercube_has_one_point_per_stratum() {
        let mut rng = seeded(3);
        let n = 17;
        let pts = latin_hypercube(n, 4, &mut rng);
        for j in 0..4 {
            let mut strata: Vec<usize> = pts.iter().map(|p| (p[j] * n as f64) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn maximin_is_no_worse_than_first_candidate() {
        let a = latin_hypercube(10, 2, &mut seeded(5));
        let b = maximin_latin_hypercube(10, 2, 20, &mut seeded(5));
        assert!(min_pairwise_distance(&b) >= min_pairwise_distance(&a));
    }

    #[test]
    fn halton_matches_known_values() {
        // base 2: 1/2, 1/4, 3/4; base 3: 1/3, 2/3, 1/9
        let h = halton(3, 2, 0).unwrap();
        assert_eq!(h[0], vec![0.5, 1.0 / 3.0]);
        assert_eq!(h[1], vec![0.25, 2.0 / 3.0]);
        assert!((h[2][0] - 0.75).abs() < 1e-15 && (h[2][1] - 1.0 / 9.0).abs() < 1e-15);
        assert!(halton(1, 33, 0).is_none());
    }
}
