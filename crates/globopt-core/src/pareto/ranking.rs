//! Non-dominated sorting into ranks and NSGA-II crowding distance (shared digest 12,
//! algorithm step 4).

use super::dominance::{dominates, lex};
use super::points::objectives;
use crate::error::CoreError;

/// The Pareto rank of every row (0: non-dominated; rank k: dominated only by rows of ranks
/// below k), in minimization form. Exact copies share a rank.
///
/// Efficient non-dominated sort with binary search over fronts (ENS-BS, Zhang et al. 2015):
/// rows are taken in lexicographic order, so every row that dominates a row comes before it;
/// "front f holds a dominator of p" is monotone in f (a dominator in front f is itself
/// dominated from front f − 1), so the first front without one is found by bisection. A front
/// is scanned from its most recent member, the likeliest dominator. In two objectives only the
/// last member (smallest z2 of its front) can dominate a later row, which makes the sort
/// O(n log n) as in digest 12, step 4; in general O(M n²) in the worst case.
pub fn nondominated_sort<P: AsRef<[f64]>>(points: &[P]) -> Result<Vec<usize>, CoreError> {
    let m = objectives(points, "points")?;
    let row = |i: usize| points[i].as_ref();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| lex(row(a), row(b)).then(a.cmp(&b)));
    let mut fronts: Vec<Vec<usize>> = Vec::new();
    let mut rank = vec![0usize; points.len()];
    for i in order {
        let p = row(i);
        let dominated_by = |f: &Vec<usize>| -> bool {
            if m == 2 {
                f.last().is_some_and(|&q| dominates(row(q), p))
            } else {
                f.iter().rev().any(|&q| dominates(row(q), p))
            }
        };
        // first front index whose members do not dominate p
        let (mut lo, mut hi) = (0, fronts.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if dominated_by(&fronts[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == fronts.len() {
            fronts.push(Vec::new());
        }
        fronts[lo].push(i);
        rank[i] = lo;
    }
    Ok(rank)
}

/// The fronts of a ranking: `fronts(ranks)[k]` lists (ascending) the rows of rank k.
pub fn fronts(ranks: &[usize]) -> Vec<Vec<usize>> {
    let n_fronts = ranks.iter().max().map_or(0, |r| r + 1);
    let mut out = vec![Vec::new(); n_fronts];
    for (i, &r) in ranks.iter().enumerate() {
        out[r].push(i);
    }
    out
}

/// NSGA-II crowding distance of the rows of one front (Deb et al. 2002): for each objective,
/// sort the rows (ties by index), give the two ends `+∞`, and add to each interior row the gap
/// between its sorted neighbours divided by the objective's range. An objective with zero
/// range adds nothing. Fronts of one or two rows are all `+∞`.
pub fn crowding_distance<P: AsRef<[f64]>>(front: &[P]) -> Result<Vec<f64>, CoreError> {
    let m = objectives(front, "front")?;
    let n = front.len();
    let mut dist = vec![0.0; n];
    if n <= 2 {
        return Ok(vec![f64::INFINITY; n]);
    }
    let mut order: Vec<usize> = (0..n).collect();
    for j in 0..m {
        let v = |i: usize| front[i].as_ref()[j];
        order.sort_by(|&a, &b| v(a).total_cmp(&v(b)).then(a.cmp(&b)));
        let (lo, hi) = (v(order[0]), v(order[n - 1]));
        dist[order[0]] = f64::INFINITY;
        dist[order[n - 1]] = f64::INFINITY;
        let range = hi - lo;
        if range <= 0.0 {
            continue;
        }
        for w in order.windows(3) {
            dist[w[1]] += (v(w[2]) - v(w[0])) / range;
        }
    }
    Ok(dist)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;
    use rand::Rng;

    /// Rank by peeling: rank k holds the rows no remaining row dominates (O(n²M) per front).
    fn brute_force_ranks(points: &[Vec<f64>]) -> Vec<usize> {
        let mut rank = vec![usize::MAX; points.len()];
        let mut k = 0;
        while rank.contains(&usize::MAX) {
            let current: Vec<usize> = (0..points.len())
                .filter(|&i| {
                    rank[i] == usize::MAX
                        && !(0..points.len())
                            .any(|j| rank[j] == usize::MAX && dominates(&points[j], &points[i]))
                })
                .collect();
            for i in current {
                rank[i] = k;
            }
            k += 1;
        }
        rank
    }

    #[test]
    fn ranks_match_brute_force_on_random_sets() {
        let mut rng = seeded(5);
        for trial in 0..400 {
            let m = 1 + trial % 5;
            let n = rng.random_range(0..80);
            let coarse = trial % 2 == 0;
            let pts: Vec<Vec<f64>> = (0..n)
                .map(|_| {
                    (0..m)
                        .map(|_| {
                            if coarse {
                                rng.random_range(0..4) as f64
                            } else {
                                rng.random::<f64>()
                            }
                        })
                        .collect()
                })
                .collect();
            assert_eq!(
                nondominated_sort(&pts).unwrap(),
                brute_force_ranks(&pts),
                "m={m} {pts:?}"
            );
        }
    }

    #[test]
    fn digest_duplicate_ranks_and_fronts() {
        // digest 12, check 1: ranks [0,0,0,2,1]
        let p = vec![
            vec![1.0, 2.0],
            vec![1.0, 2.0],
            vec![2.0, 1.0],
            vec![3.0, 3.0],
            vec![1.0, 3.0],
        ];
        let r = nondominated_sort(&p).unwrap();
        assert_eq!(r, vec![0, 0, 0, 2, 1]);
        assert_eq!(fronts(&r), vec![vec![0, 1, 2], vec![4], vec![3]]);
    }

    #[test]
    fn crowding_distance_of_a_line() {
        // points on f2 = 1 − f1 at f1 = 0, 0.25, 0.5, 1: interior gaps (0.5, 0.75) per objective
        let f = vec![
            vec![0.0, 1.0],
            vec![0.25, 0.75],
            vec![0.5, 0.5],
            vec![1.0, 0.0],
        ];
        let d = crowding_distance(&f).unwrap();
        assert!(d[0].is_infinite() && d[3].is_infinite());
        assert!(
            (d[1] - 1.0).abs() < 1e-15 && (d[2] - 1.5).abs() < 1e-15,
            "{d:?}"
        );
        assert!(
            crowding_distance(&f[..2])
                .unwrap()
                .iter()
                .all(|v| v.is_infinite())
        );
    }
}
