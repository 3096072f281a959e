//! Pareto dominance with per-objective directions and the non-dominated filter (shared
//! digest 12, algorithm steps 1–3).

use super::points::objectives;
use crate::error::CoreError;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Whether an objective (a table column) is to be minimized or maximized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// Smaller is better (`"min"`).
    #[serde(rename = "min")]
    Minimize,
    /// Larger is better (`"max"`).
    #[serde(rename = "max")]
    Maximize,
}

impl Direction {
    /// The value in minimization form: `+y` for minimized objectives, `−y` for maximized ones
    /// (digest 12, step 1).
    pub fn oriented(self, y: f64) -> f64 {
        match self {
            Direction::Minimize => y,
            Direction::Maximize => -y,
        }
    }

    /// `"min"` or `"max"`, as echoed in axis labels and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Minimize => "min",
            Direction::Maximize => "max",
        }
    }
}

/// What the non-dominated filter does with exact copies of a non-dominated point
/// (digest 12, step 2: duplicates dominate neither way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duplicates {
    /// Keep every copy (pymoo's filter and every rank function).
    KeepAll,
    /// Keep the first copy in input order (moocore's `is_nondominated` default).
    KeepFirst,
}

/// Every row in minimization form: `z_ij = directions[j].oriented(y_ij)` (digest 12, step 1).
/// Errors name the row and column of a non-finite value or the row of a wrong length.
pub fn orient<P: AsRef<[f64]>>(
    points: &[P],
    directions: &[Direction],
) -> Result<Vec<Vec<f64>>, CoreError> {
    let m = objectives(points, "points")?;
    if m != 0 && m != directions.len() {
        return Err(CoreError::DimensionMismatch {
            what: "directions".into(),
            expected: m,
            got: directions.len(),
        });
    }
    Ok(points
        .iter()
        .map(|p| {
            p.as_ref()
                .iter()
                .zip(directions)
                .map(|(&y, d)| d.oriented(y))
                .collect()
        })
        .collect())
}

/// Pareto dominance in minimization form: `a ≺ b` iff `a_j ≤ b_j` for every j and
/// `a_j < b_j` for some j (digest 12, step 2). Exact copies dominate neither way. Both slices
/// must have the same length.
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    let mut strict = false;
    for (x, y) in a.iter().zip(b) {
        if x > y {
            return false;
        }
        strict |= x < y;
    }
    strict
}

/// Weak dominance `a ⪯ b`: `a_j ≤ b_j` for every j (a dominates b or equals it).
pub fn weakly_dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y)
}

/// Dominance of raw rows under per-column directions: `a ≺ b` after orienting both rows.
pub fn dominates_in(a: &[f64], b: &[f64], directions: &[Direction]) -> bool {
    let mut strict = false;
    for ((x, y), d) in a.iter().zip(b).zip(directions) {
        let (x, y) = (d.oriented(*x), d.oriented(*y));
        if x > y {
            return false;
        }
        strict |= x < y;
    }
    strict
}

/// The lexicographic order of two rows (`total_cmp` per entry).
pub(crate) fn lex(a: &[f64], b: &[f64]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.total_cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Indices (ascending) of the rows that no other row dominates, in minimization form.
///
/// - 2 objectives (digest 12, step 3): sort by `(z1, z2)`, keep a row iff its `z2` is below
///   every earlier kept `z2`, or it is an exact copy of the last kept row (`KeepAll`);
///   O(n log n).
/// - Otherwise: rows in increasing order of their coordinate sum (ties lexicographically, so
///   a dominating row or an earlier copy always comes first) are compared with the rows kept
///   so far; O(n·k·M) for k non-dominated rows, with early exits on the first dominator.
pub fn nondominated<P: AsRef<[f64]>>(
    points: &[P],
    duplicates: Duplicates,
) -> Result<Vec<usize>, CoreError> {
    let m = objectives(points, "points")?;
    let rows: Vec<&[f64]> = points.iter().map(|p| p.as_ref()).collect();
    Ok(nondominated_rows(&rows, m, duplicates))
}

/// [`nondominated`] on rows already checked to have `m` finite entries.
pub(crate) fn nondominated_rows(rows: &[&[f64]], m: usize, duplicates: Duplicates) -> Vec<usize> {
    let mut kept = match m {
        0 => Vec::new(),
        1 | 2 => {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by(|&a, &b| lex(rows[a], rows[b]).then(a.cmp(&b)));
            let mut kept: Vec<usize> = Vec::new();
            let mut best = f64::INFINITY;
            let mut last: Option<usize> = None;
            for i in order {
                let z = rows[i][m - 1];
                let copy = last.is_some_and(|l| rows[l] == rows[i]);
                // in one dimension every row after the first minimum is dominated or a copy
                let better = if m == 1 { last.is_none() } else { z < best };
                if better {
                    best = z;
                    last = Some(i);
                    kept.push(i);
                } else if copy && duplicates == Duplicates::KeepAll {
                    kept.push(i);
                }
            }
            kept
        }
        _ => {
            let sums: Vec<f64> = rows.iter().map(|p| p.iter().sum()).collect();
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by(|&a, &b| {
                sums[a]
                    .total_cmp(&sums[b])
                    .then_with(|| lex(rows[a], rows[b]))
                    .then(a.cmp(&b))
            });
            let mut kept: Vec<usize> = Vec::new();
            for i in order {
                let p = rows[i];
                let mut keep = true;
                for &k in &kept {
                    let q = rows[k];
                    if weakly_dominates(q, p) {
                        // a copy of a kept (hence non-dominated) row is non-dominated too
                        keep = q == p && duplicates == Duplicates::KeepAll;
                        break;
                    }
                }
                if keep {
                    kept.push(i);
                }
            }
            kept
        }
    };
    kept.sort_unstable();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;
    use rand::Rng;

    fn brute_force(points: &[Vec<f64>], duplicates: Duplicates) -> Vec<usize> {
        (0..points.len())
            .filter(|&i| {
                !points.iter().any(|q| dominates(q, &points[i]))
                    && (duplicates == Duplicates::KeepAll
                        || !points[..i].iter().any(|q| q == &points[i]))
            })
            .collect()
    }

    #[test]
    fn digest_duplicate_semantics() {
        // digest 12, check 1: moocore is_nondominated [T,F,T,F,F], keep_weakly [T,T,T,F,F]
        let p = vec![
            vec![1.0, 2.0],
            vec![1.0, 2.0],
            vec![2.0, 1.0],
            vec![3.0, 3.0],
            vec![1.0, 3.0],
        ];
        assert_eq!(nondominated(&p, Duplicates::KeepFirst).unwrap(), vec![0, 2]);
        assert_eq!(
            nondominated(&p, Duplicates::KeepAll).unwrap(),
            vec![0, 1, 2]
        );
        // the same in three objectives through the general path
        let p3: Vec<Vec<f64>> = p.iter().map(|r| vec![r[0], r[1], 0.0]).collect();
        assert_eq!(
            nondominated(&p3, Duplicates::KeepFirst).unwrap(),
            vec![0, 2]
        );
        assert_eq!(
            nondominated(&p3, Duplicates::KeepAll).unwrap(),
            vec![0, 1, 2]
        );
    }

    #[test]
    fn filter_matches_brute_force_with_ties() {
        let mut rng = seeded(11);
        for trial in 0..300 {
            let m = 1 + trial % 5;
            let n = rng.random_range(0..60);
            // coarse grid values give many ties and copies
            let pts: Vec<Vec<f64>> = (0..n)
                .map(|_| (0..m).map(|_| rng.random_range(0..5) as f64).collect())
                .collect();
            for d in [Duplicates::KeepAll, Duplicates::KeepFirst] {
                assert_eq!(
                    nondominated(&pts, d).unwrap(),
                    brute_force(&pts, d),
                    "m={m} {d:?} {pts:?}"
                );
            }
        }
    }

    #[test]
    fn directions_flip_columns() {
        let dirs = [Direction::Minimize, Direction::Maximize];
        assert!(dominates_in(&[1.0, 5.0], &[2.0, 4.0], &dirs));
        assert!(!dominates_in(&[1.0, 3.0], &[2.0, 4.0], &dirs));
        let z = orient(&[vec![1.0, 5.0]], &dirs).unwrap();
        assert_eq!(z, vec![vec![1.0, -5.0]]);
        assert!(orient(&[vec![1.0, 5.0]], &dirs[..1]).is_err());
        let err = nondominated(&[vec![1.0, 2.0], vec![f64::NAN, 1.0]], Duplicates::KeepAll)
            .unwrap_err()
            .to_string();
        assert!(err.contains("points[1][0]"), "{err}");
        let err = nondominated(&[vec![1.0, 2.0], vec![1.0]], Duplicates::KeepAll)
            .unwrap_err()
            .to_string();
        assert!(err.contains("points[1]"), "{err}");
    }
}
