//! Front analysis of metric tables (shared digest 12, checks 2, 4 and 5) through the public API.

use globopt_core::pareto::Direction;
use globopt_moo::plots::{hypervolume_bars, pair_plots, parallel_coordinates, staircase};
use globopt_moo::{FrontSpec, MetricTable, Normalization, ObjectiveColumn, analyze};
use serde::Deserialize;
use std::collections::BTreeMap;

fn table(text: &str) -> MetricTable {
    MetricTable::from_csv_reader(text.as_bytes(), "test.csv").unwrap()
}

fn maxes(cols: &[&str]) -> Vec<ObjectiveColumn> {
    cols.iter()
        .map(|c| ObjectiveColumn::new(c, Direction::Maximize))
        .collect()
}

#[derive(Deserialize)]
struct Expected {
    groups: BTreeMap<String, ExpectedGroup>,
    pooled: ExpectedGroup,
}

#[derive(Deserialize)]
struct ExpectedGroup {
    front: Vec<usize>,
    hypervolume: f64,
}

#[test]
fn knob_sweep_fronts_equal_moocore() {
    let t =
        MetricTable::from_csv_reader(include_str!("fixtures/knobs.csv").as_bytes(), "knobs.csv")
            .unwrap();
    let expected: Expected =
        serde_json::from_str(include_str!("fixtures/knobs_expected.json")).unwrap();
    let spec = FrontSpec {
        objectives: maxes(&["consistency", "realism", "diversity"]),
        group: Some("model".into()),
        reference: Some(vec![0.0, 0.0, 0.0]),
        ..Default::default()
    };
    let r = analyze(&t, &spec).unwrap();
    assert_eq!(r.groups.len(), 3);
    for g in &r.groups {
        let want = &expected.groups[&g.name];
        assert_eq!(g.front, want.front, "{}", g.name);
        assert!((g.hypervolume - want.hypervolume).abs() < 1e-12 * want.hypervolume);
        assert_eq!(g.nondominated, g.front.len());
    }
    assert_eq!(r.front, expected.pooled.front);
    assert!((r.hypervolume - expected.pooled.hypervolume).abs() < 1e-12);
    // every pooled-front row names its knob setting, and the groups account for all of them
    assert_eq!(r.pareto_optimal.len(), r.front.len());
    assert_eq!(r.knob_columns, vec!["guidance", "filter"]);
    assert!(
        r.pareto_optimal
            .iter()
            .all(|f| f.knobs.contains_key("guidance"))
    );
    let on_pooled: usize = r.groups.iter().map(|g| g.on_pooled_front).sum();
    assert_eq!(on_pooled, r.front.len());
    let mut ranks: Vec<usize> = r.groups.iter().map(|g| g.hypervolume_rank).collect();
    ranks.sort();
    assert_eq!(ranks, vec![1, 2, 3]);
}

#[test]
fn zdt1_knob_grid_front_and_hypervolume() {
    // digest 12, check 2: x1 on 101 values, x2 on 11 values, ZDT1 with two variables
    let mut csv = String::from("x1,x2,f1,f2\n");
    for i in 0..=100 {
        for k in 0..=10 {
            let (x1, x2) = (i as f64 / 100.0, k as f64 / 10.0);
            let g = 1.0 + 9.0 * x2;
            csv.push_str(&format!("{x1},{x2},{x1},{}\n", g * (1.0 - (x1 / g).sqrt())));
        }
    }
    let t = table(&csv);
    let spec = FrontSpec {
        objectives: vec![
            ObjectiveColumn::new("f1", Direction::Minimize),
            ObjectiveColumn::new("f2", Direction::Minimize),
        ],
        reference: Some(vec![1.1, 1.1]),
        ..Default::default()
    };
    let r = analyze(&t, &spec).unwrap();
    assert_eq!(r.nondominated, 101);
    assert!(r.pareto_optimal.iter().all(|f| f.knobs["x2"] == "0"));
    assert!(
        (r.hypervolume - 0.871462947103148).abs() < 1e-12,
        "{}",
        r.hypervolume
    );
}

#[test]
fn flipping_a_direction_and_permuting_rows_change_nothing() {
    let base = "g,a,b,c\nu,1,5,0.3\nu,2,4,0.1\nv,3,3,0.9\nv,2,2,0.5\nu,5,1,0.2\nv,4,4,0.4\n";
    let flipped =
        "g,a,b,c\nu,1,-5,0.3\nu,2,-4,0.1\nv,3,-3,0.9\nv,2,-2,0.5\nu,5,-1,0.2\nv,4,-4,0.4\n";
    let spec = |dir_b: Direction, r_b: f64| FrontSpec {
        objectives: vec![
            ObjectiveColumn::new("a", Direction::Minimize),
            ObjectiveColumn::new("b", dir_b),
            ObjectiveColumn::new("c", Direction::Minimize),
        ],
        group: Some("g".into()),
        reference: Some(vec![6.0, r_b, 1.0]),
        ..Default::default()
    };
    let r1 = analyze(&table(base), &spec(Direction::Minimize, 6.0)).unwrap();
    let r2 = analyze(&table(flipped), &spec(Direction::Maximize, -6.0)).unwrap();
    assert_eq!(r1.front, r2.front);
    assert_eq!(r1.hypervolume, r2.hypervolume);
    for (g1, g2) in r1.groups.iter().zip(&r2.groups) {
        assert_eq!(
            (g1.front.clone(), g1.hypervolume),
            (g2.front.clone(), g2.hypervolume)
        );
    }
    // reversed rows: the same fronts, renumbered
    let mut lines: Vec<&str> = base.lines().collect();
    lines[1..].reverse();
    let reversed = lines.join("\n") + "\n";
    let r3 = analyze(&table(&reversed), &spec(Direction::Minimize, 6.0)).unwrap();
    let mut renumbered: Vec<usize> = r3.front.iter().map(|&i| r1.rows - 1 - i).collect();
    renumbered.sort();
    assert_eq!(renumbered, r1.front);
    assert!((r3.hypervolume - r1.hypervolume).abs() < 1e-15);
}

#[test]
fn automatic_reference_and_normalization() {
    let t = table("f1,f2\n0,10\n1,5\n2,0\n2,10\n");
    // without objectives every numeric column is minimized; auto ref = nadir + 10% range
    let r = analyze(&t, &FrontSpec::default()).unwrap();
    assert_eq!(r.objectives.len(), 2);
    assert!(r.reference_auto);
    assert_eq!(r.reference, vec![2.2, 11.0]);
    assert_eq!(r.front, vec![0, 1, 2]);
    let n = analyze(
        &t,
        &FrontSpec {
            normalize: Normalization::GlobalMinmax,
            ..Default::default()
        },
    )
    .unwrap();
    // in normalized space the reference is 1.1 and the front (0,1), (.5,.5), (1,0)
    assert!(n.reference_internal.iter().all(|v| (v - 1.1).abs() < 1e-15));
    assert!(
        (n.hypervolume - (1.21 - 0.5 - 0.25)).abs() < 1e-12,
        "{}",
        n.hypervolume
    );
}

#[test]
fn bad_input_gives_clear_errors() {
    let spec2 = FrontSpec {
        objectives: vec![
            ObjectiveColumn::new("f1", Direction::Minimize),
            ObjectiveColumn::new("f2", Direction::Minimize),
        ],
        ..Default::default()
    };
    let e = analyze(&table("f1,f2\n1,2\n3,\n"), &spec2)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "row 1 (line 3), column `f2`: the value is missing");
    let e = analyze(&table("f1,f2\n1,2\nabc,1\n"), &spec2)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "row 1 (line 3), column `f1`: `abc` is not a finite number"
    );
    let e = analyze(&table("model,f1\na,1\nb,2\n"), &FrontSpec::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("1 objective(s) (f1)") && e.contains("at least two"),
        "{e}"
    );
    let bad_ref = FrontSpec {
        reference: Some(vec![2.5, 1.5]),
        ..spec2.clone()
    };
    let e = analyze(&table("f1,f2\n1,2\n2,1\n"), &bad_ref)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("reference[1]: `f2` (min) is 1.5 but the front's worst value is 2"),
        "{e}"
    );
    let max_ref = FrontSpec {
        objectives: maxes(&["f1", "f2"]),
        reference: Some(vec![0.0, 1.5]),
        ..Default::default()
    };
    let e = analyze(&table("f1,f2\n1,2\n2,1\n"), &max_ref)
        .unwrap_err()
        .to_string();
    assert!(e.contains("strictly below 1"), "{e}");
    let short = FrontSpec {
        reference: Some(vec![3.0]),
        ..spec2.clone()
    };
    let e = analyze(&table("f1,f2\n1,2\n"), &short)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("reference: has 1 value(s) but there are 2 objectives (f1, f2)"),
        "{e}"
    );
    let e = analyze(
        &table("f1,f2\n1,2\n"),
        &FrontSpec {
            objectives: vec![ObjectiveColumn::new("f3", Direction::Minimize); 2],
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("column `f3` is not in the table"), "{e}");
}

#[test]
fn staircases_step_the_right_way_and_plots_render() {
    // max–max: the corners are (x_{i+1}, y_i) in order of decreasing x
    let pts = [[3.0, 1.0], [2.0, 2.0], [1.0, 3.0], [1.0, 1.0]];
    assert_eq!(
        staircase(&pts, [-1.0, -1.0]),
        vec![(3.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 3.0)]
    );
    // min–min on the mirrored set: corners (x_{i+1}, y_i) in order of increasing x
    let mirrored = [[1.0, 3.0], [2.0, 2.0], [3.0, 1.0], [3.0, 3.0]];
    assert_eq!(
        staircase(&mirrored, [1.0, 1.0]),
        vec![(1.0, 3.0), (2.0, 3.0), (2.0, 2.0), (3.0, 2.0), (3.0, 1.0)]
    );
    let t =
        MetricTable::from_csv_reader(include_str!("fixtures/knobs.csv").as_bytes(), "knobs.csv")
            .unwrap();
    let r = analyze(
        &t,
        &FrontSpec {
            objectives: maxes(&["consistency", "realism", "diversity"]),
            group: Some("model".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let plots = pair_plots(&r).unwrap();
    assert_eq!(plots.len(), 3);
    assert_eq!(plots[0].0, "front_consistency_realism.svg");
    assert!(plots[0].1.contains("realism (max)") && plots[0].1.contains("gamma"));
    let pc = parallel_coordinates(&r).unwrap();
    assert!(pc.contains("diversity (max)") && pc.contains("<polyline"));
    let bars = hypervolume_bars(&r).unwrap();
    assert!(bars.contains("alpha: "));
}
