use super::*;
use crate::pareto::Duplicates;
use crate::rng::seeded;
use crate::testfn::{Dtlz, DtlzKind, MultiObjective, Zdt, ZdtKind};
use rand::Rng;
use rand::seq::SliceRandom;

/// Exact hypervolume on the grid of all coordinate values: a grid cell is dominated iff some
/// point weakly dominates its lower corner. O(n^M · n), for small sets only.
fn grid_volume(points: &[Vec<f64>], r: &[f64]) -> f64 {
    let m = r.len();
    let pts: Vec<&Vec<f64>> = points
        .iter()
        .filter(|p| p.iter().zip(r).all(|(a, b)| a < b))
        .collect();
    let axes: Vec<Vec<f64>> = (0..m)
        .map(|j| {
            let mut v: Vec<f64> = pts.iter().map(|p| p[j]).collect();
            v.push(r[j]);
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        })
        .collect();
    let mut idx = vec![0usize; m];
    let mut total = 0.0;
    'cells: loop {
        if idx.iter().zip(&axes).all(|(&i, a)| i + 1 < a.len()) {
            let lower: Vec<f64> = idx.iter().zip(&axes).map(|(&i, a)| a[i]).collect();
            if pts
                .iter()
                .any(|p| p.iter().zip(&lower).all(|(a, b)| a <= b))
            {
                total += idx
                    .iter()
                    .zip(&axes)
                    .map(|(&i, a)| a[i + 1] - a[i])
                    .product::<f64>();
            }
        }
        for d in 0..m {
            idx[d] += 1;
            if idx[d] < axes[d].len() {
                continue 'cells;
            }
            idx[d] = 0;
        }
        break;
    }
    total
}

fn random_set(rng: &mut impl Rng, n: usize, m: usize, coarse: bool) -> Vec<Vec<f64>> {
    (0..n)
        .map(|_| {
            (0..m)
                .map(|_| {
                    if coarse {
                        rng.random_range(0..6) as f64 / 5.0
                    } else {
                        rng.random::<f64>()
                    }
                })
                .collect()
        })
        .collect()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

#[test]
fn equals_the_grid_volume_for_every_dimension() {
    let mut rng = seeded(3);
    for trial in 0..250 {
        let m = 1 + trial % 6;
        let n = rng.random_range(0..if m >= 5 { 7 } else { 12 });
        let pts = random_set(&mut rng, n, m, trial % 3 == 0);
        let r = vec![1.05; m];
        let hv = hypervolume(&pts, &r).unwrap();
        let want = grid_volume(&pts, &r);
        assert!(
            (hv - want).abs() <= 1e-12 * (1.0 + want),
            "m={m} {hv} vs {want} {pts:?}"
        );
    }
}

#[test]
fn ties_and_copies_on_a_coarse_grid_match_the_grid_volume() {
    // six values per axis: many exact ties, copies and weakly dominated rows, which exercise
    // the tie handling of the 4-D sweep and of the WFG limit sets
    let mut rng = seeded(13);
    for trial in 0..90 {
        let m = 3 + trial % 4;
        let n = rng.random_range(1..70);
        let pts = random_set(&mut rng, n, m, true);
        let r = vec![1.1; m];
        let hv = hypervolume(&pts, &r).unwrap();
        let want = grid_volume(&pts, &r);
        assert!(
            (hv - want).abs() <= 1e-12 * (1.0 + want),
            "m={m} {hv} vs {want}"
        );
    }
}

#[test]
fn the_sweeps_agree_with_wfg_and_with_permutations() {
    let mut rng = seeded(8);
    for m in [3usize, 4, 5] {
        for trial in 0..24 {
            let n = rng.random_range(1..300);
            let mut pts = random_set(&mut rng, n, m, false);
            // half the sets on the sphere, where most points are non-dominated; the others
            // scattered in the cube, where most are dominated
            if trial % 2 == 0 {
                for p in &mut pts {
                    let norm = p.iter().map(|v| v * v).sum::<f64>().sqrt();
                    p.iter_mut().for_each(|v| *v /= norm);
                }
            }
            let r = vec![1.1; m];
            let hv = hypervolume(&pts, &r).unwrap();
            let by_wfg = wfg::volume(&pts.concat(), m, &r);
            assert!(rel(hv, by_wfg) < 1e-12, "m={m} {hv} {by_wfg}");
            pts.shuffle(&mut rng);
            assert!(rel(hypervolume(&pts, &r).unwrap(), hv) < 1e-12);
        }
    }
}

#[test]
fn sampled_true_fronts_reach_the_digest_values() {
    // digest 00/12: ZDT1 at (1.1, 1.1) tends to 1.21 − 1/3 = 0.876667 from below
    let zdt1 = Zdt::new(ZdtKind::Zdt1, 30).unwrap();
    let r = [1.1, 1.1];
    let hv = hypervolume(&zdt1.true_front(100_000), &r).unwrap();
    let exact = zdt1.max_hv(&r).unwrap();
    assert!(hv < exact && exact - hv < 1e-4, "{hv}");
    assert_eq!(
        format!("{:.4}", hypervolume(&zdt1.true_front(10_000), &r).unwrap()),
        "0.8766"
    );
    // digest 12, check 2 (moocore): the Das–Dennis lattice with 12 partitions on the sphere
    let dtlz2 = Dtlz::new(DtlzKind::Dtlz2, 3, 10).unwrap();
    let front = dtlz2.true_front(91);
    assert_eq!(front.len(), 91);
    let hv = hypervolume(&front, &[1.1; 3]).unwrap();
    assert!((hv - 0.744850899188484).abs() < 1e-12, "{hv}");
    // ... and DTLZ2 with M = 2 on 100 lattice points
    let d22 = Dtlz::new(DtlzKind::Dtlz2, 2, 10).unwrap();
    let hv = hypervolume(&d22.true_front(100), &[1.1; 2]).unwrap();
    assert!((hv - 0.420130351468825).abs() < 1e-12, "{hv}");
    // finer lattices approach 0.807401 like O(1/p): 0.8022 at p = 150 (digest 00, check 3)
    let fine = dtlz2.true_front(11_476); // p = 150
    let hv = hypervolume(&fine, &[1.1; 3]).unwrap();
    let exact = dtlz2.max_hv(&[1.1; 3]).unwrap();
    assert!((hv - 0.8022).abs() < 5e-4 && hv < exact, "{hv}");
    assert_eq!(format!("{exact:.4}"), "0.8074");
}

#[test]
fn contributions_are_exclusive_volumes() {
    // moocore's documented examples
    let x = [[5.0, 1.0], [1.0, 5.0], [4.0, 2.0], [4.0, 4.0], [5.0, 1.0]];
    assert_eq!(
        hv_contributions(&x, &[6.0, 6.0]).unwrap(),
        vec![0.0, 3.0, 3.0, 0.0, 0.0]
    );
    let x = [[5.0, 5.0], [4.0, 6.0], [2.0, 7.0], [7.0, 4.0]];
    assert_eq!(
        hv_contributions(&x, &[10.0, 10.0]).unwrap(),
        vec![2.0, 1.0, 6.0, 3.0]
    );
    let mut rng = seeded(21);
    for trial in 0..120 {
        let m = 1 + trial % 5;
        let n = rng.random_range(1..25);
        let pts = random_set(&mut rng, n, m, false);
        let r = vec![1.0; m];
        let c = hv_contributions(&pts, &r).unwrap();
        let front = crate::pareto::nondominated(&pts, Duplicates::KeepAll).unwrap();
        let set: Vec<Vec<f64>> = front.iter().map(|&i| pts[i].clone()).collect();
        let total = hypervolume(&set, &r).unwrap();
        for i in 0..n {
            let want = if front.contains(&i) {
                let rest: Vec<Vec<f64>> = set.iter().filter(|p| **p != pts[i]).cloned().collect();
                total - hypervolume(&rest, &r).unwrap()
            } else {
                0.0
            };
            assert!(
                (c[i] - want).abs() < 1e-12,
                "m={m} i={i} {} vs {want}",
                c[i]
            );
        }
    }
}

#[test]
fn contributions_sum_with_the_inner_corners_to_the_volume_in_2d() {
    // On a 2-D front sorted by z1, HV = Σ_i c_i + HV({(z1_{i+1}, z2_i)}): the exclusive slabs
    // plus the region dominated by at least two points, whose staircase has the inner corners.
    let mut rng = seeded(2);
    for _ in 0..50 {
        let n = rng.random_range(2..200);
        let mut front: Vec<[f64; 2]> = (0..n)
            .map(|_| {
                let t: f64 = rng.random();
                [t, 1.0 - t.sqrt() + 0.05 * rng.random::<f64>()]
            })
            .collect();
        let keep = crate::pareto::nondominated(&front, Duplicates::KeepFirst).unwrap();
        front = keep.iter().map(|&i| front[i]).collect();
        front.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let r = [1.2, 1.3];
        let c = hv_contributions(&front, &r).unwrap();
        let corners: Vec<[f64; 2]> = front.windows(2).map(|w| [w[1][0], w[0][1]]).collect();
        let sum: f64 = c.iter().sum::<f64>() + hypervolume(&corners, &r).unwrap();
        assert!(rel(sum, hypervolume(&front, &r).unwrap()) < 1e-13);
    }
}

#[test]
fn improvement_is_the_volume_added() {
    let mut rng = seeded(4);
    for trial in 0..100 {
        let m = 2 + trial % 4;
        let pts = random_set(&mut rng, 15, m, false);
        let c: Vec<f64> = (0..m).map(|_| rng.random::<f64>() * 0.8).collect();
        let r = vec![1.0; m];
        let mut with = pts.clone();
        with.push(c.clone());
        let want = hypervolume(&with, &r).unwrap() - hypervolume(&pts, &r).unwrap();
        let got = hypervolume_improvement(&c, &pts, &r).unwrap();
        assert!((got - want).abs() < 1e-12, "{got} {want}");
    }
    assert_eq!(
        hypervolume_improvement(&[2.0, 0.0], &[[0.5, 0.5]], &[1.0, 1.0]).unwrap(),
        0.0
    );
}

#[test]
fn bad_input_is_an_error_and_outside_points_are_counted() {
    let err = hypervolume(&[[0.0, 0.0]], &[1.0]).unwrap_err().to_string();
    assert!(err.contains("reference"), "{err}");
    let err = hypervolume(&[[0.0, f64::NAN]], &[1.0, 1.0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("points[0][1]"), "{err}");
    assert!(hypervolume::<[f64; 2]>(&[], &[]).is_err());
    assert_eq!(hypervolume::<[f64; 2]>(&[], &[1.0, 1.0]).unwrap(), 0.0);
    let pts = [[0.5, 0.5], [1.0, 0.2], [0.2, 2.0]];
    assert_eq!(outside_reference(&pts, &[1.0, 1.0]).unwrap(), 2);
    assert_eq!(hypervolume(&pts, &[1.0, 1.0]).unwrap(), 0.25);
}
