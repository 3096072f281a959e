//! Batch selection by hypervolume improvement (shared digest 21, step 6).

use globopt_core::CoreError;
use globopt_core::pareto::hypervolume_improvement;

/// Greedily pick `batch` of the candidates' LCB vectors: each time, with the reference point
/// the componentwise maximum of the current set `Y_p` (starting from the non-dominated
/// observations) and all candidates, take the unpicked candidate whose vector adds the most
/// hypervolume to `Y_p` (ties and an all-zero round: the lowest index), and add it to `Y_p`.
pub fn select_batch(
    candidates: &[Vec<f64>],
    y_nd: &[Vec<f64>],
    batch: usize,
) -> Result<Vec<usize>, CoreError> {
    let m = candidates.first().map_or(0, Vec::len);
    let mut set: Vec<Vec<f64>> = y_nd.to_vec();
    let mut picked = vec![false; candidates.len()];
    let mut out = Vec::with_capacity(batch);
    for _ in 0..batch.min(candidates.len()) {
        let reference: Vec<f64> = (0..m)
            .map(|j| {
                set.iter()
                    .chain(candidates)
                    .map(|v| v[j])
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let mut best: Option<(usize, f64)> = None;
        for (c, v) in candidates.iter().enumerate() {
            if picked[c] {
                continue;
            }
            let gain = hypervolume_improvement(v, &set, &reference)?;
            if best.is_none_or(|b| gain > b.1) {
                best = Some((c, gain));
            }
        }
        if let Some((c, _)) = best {
            picked[c] = true;
            out.push(c);
            set.push(candidates[c].clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_gains_in_turn() {
        // a front (0,1), (1,0) and candidates; reference = max over all = (1, 1)
        let y = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
        let c = vec![
            vec![0.9, 0.9],  // gain 0.01
            vec![0.5, 0.5],  // gain 0.25
            vec![0.45, 0.5], // gain 0.275: first
            vec![0.2, 0.2],  // gain 0.64: dominates the others
        ];
        let picks = select_batch(&c, &y, 2).unwrap();
        assert_eq!(picks[0], 3);
        // after (0.2, 0.2) only (0.9,0.9) etc. are dominated: zero gains, lowest index
        assert_eq!(picks[1], 0);
    }
}
