//! Exclusive hypervolume contributions of the points of a set, and the hypervolume a
//! candidate would add to a set (shared digest 12, step 5; digest 21, batch selection).

use super::three::{Contribution, Layer};
use super::{box_volume, checked_objectives, volume};
use crate::error::CoreError;
use crate::pareto::dominance::{Duplicates, lex, nondominated_rows};
use crate::pareto::points::check_vector;

/// The exclusive contribution `HV(S) − HV(S ∖ {p})` of every row, where S holds the
/// non-dominated rows that strictly dominate the reference (moocore's `hv_contributions`
/// with `ignore_dominated = True`): dominated rows, rows outside the reference and rows with an
/// exact copy get 0, and dominated rows do not change the contributions of the others.
///
/// - M = 2, with S sorted by z1: `c_i = (z1_{i+1} − z1_i)·(z2_{i−1} − z2_i)`, `z1_{n+1} = r1`,
///   `z2_0 = r2` (digest 12, step 5);
/// - M = 3: each point's 3-D exclusive volume by one sweep over the others, O(n²) in all;
/// - otherwise: `box(p) − HV(nd({max(p, q) : q ∈ S ∖ {p}}))`.
pub fn hv_contributions<P: AsRef<[f64]>>(
    points: &[P],
    reference: &[f64],
) -> Result<Vec<f64>, CoreError> {
    let m = checked_objectives(points, reference)?;
    let r = reference;
    let mut out = vec![0.0; points.len()];
    let inside: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].as_ref().iter().zip(r).all(|(a, b)| a < b))
        .collect();
    let rows: Vec<&[f64]> = inside.iter().map(|&i| points[i].as_ref()).collect();
    // the set S (one copy of each non-dominated row), and which of its rows have copies
    let mut front = nondominated_rows(&rows, m, Duplicates::KeepAll);
    front.sort_by(|&a, &b| lex(rows[a], rows[b]).then(a.cmp(&b)));
    let mut set: Vec<usize> = Vec::with_capacity(front.len());
    let mut copied: Vec<bool> = Vec::with_capacity(front.len());
    for &i in &front {
        if set.last().is_some_and(|&l| rows[l] == rows[i]) {
            if let Some(c) = copied.last_mut() {
                *c = true;
            }
        } else {
            set.push(i);
            copied.push(false);
        }
    }
    let values: Vec<f64> = match m {
        // the single minimum adds all of [min, r]: dominated rows are ignored
        1 => set.iter().map(|&s| r[0] - rows[s][0]).collect(),
        2 => {
            // lexicographic order is z1 ascending, z2 descending on a front
            (0..set.len())
                .map(|k| {
                    let p = rows[set[k]];
                    let right = set.get(k + 1).map_or(r[0], |&s| rows[s][0]);
                    let above = if k == 0 { r[1] } else { rows[set[k - 1]][1] };
                    (right - p[0]) * (above - p[1])
                })
                .collect()
        }
        3 => {
            let mut pts: Vec<([f64; 3], usize)> = set
                .iter()
                .enumerate()
                .map(|(k, &s)| ([rows[s][0], rows[s][1], rows[s][2]], k))
                .collect();
            pts.sort_by(|a, b| a.0[2].total_cmp(&b.0[2]));
            let mut contribution = Contribution::new(r);
            let mut values = vec![0.0; set.len()];
            for (pos, (p, k)) in pts.iter().enumerate() {
                let others =
                    Layer::from_sorted(pts[..pos].iter().chain(&pts[pos + 1..]).map(|o| &o.0));
                values[*k] = contribution.of(*p, &others, r);
            }
            values
        }
        _ => {
            let mut limit = Vec::with_capacity(set.len() * m);
            set.iter()
                .map(|&s| {
                    let p = rows[s];
                    limit.clear();
                    for &t in set.iter().filter(|&&t| t != s) {
                        limit.extend(p.iter().zip(rows[t]).map(|(a, b)| a.max(*b)));
                    }
                    box_volume(p, r) - volume(&mut limit, m, r)
                })
                .collect()
        }
    };
    for ((&s, &dup), v) in set.iter().zip(&copied).zip(values) {
        if !dup {
            out[inside[s]] = v;
        }
    }
    Ok(out)
}

/// The hypervolume that `candidate` adds to `points`: `HV(points ∪ {c}) − HV(points) =
/// box(c) − HV({max(c, q) : q ∈ points})`, 0 when c does not strictly dominate the reference.
/// This is the greedy criterion of SVH-PSL's batch selection (digest 21, step 6).
pub fn hypervolume_improvement<P: AsRef<[f64]>>(
    candidate: &[f64],
    points: &[P],
    reference: &[f64],
) -> Result<f64, CoreError> {
    let m = checked_objectives(points, reference)?;
    check_vector(candidate, m, "candidate")?;
    let r = reference;
    if candidate.iter().zip(r).any(|(a, b)| a >= b) {
        return Ok(0.0);
    }
    let mut limit = Vec::with_capacity(points.len() * m);
    for q in points {
        let q = q.as_ref();
        if q.iter().zip(r).all(|(a, b)| a < b) {
            limit.extend(candidate.iter().zip(q).map(|(a, b)| a.max(*b)));
        }
    }
    Ok((box_volume(candidate, r) - volume(&mut limit, m, r)).max(0.0))
}
