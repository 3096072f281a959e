//! `kind = "gcs-shortest-path"` end to end (globopt-gcs, shared digest 01): the paper's maze
//! spec certifies 150.139270, branch and bound closes the gap around a missing centre, the
//! outputs (report, SVG, path CSV) are written, and bad specs exit 1 naming the field.

use std::path::{Path, PathBuf};
mod common;
use common::globopt;

fn solve_json(spec: &str, out: &Path) -> serde_json::Value {
    let out_s = out.to_str().unwrap();
    let o = globopt(&["solve", spec, "--out", out_s, "--quiet"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{spec}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("globopt-gcs-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn maze50_spec_is_certified_optimal() {
    let out = scratch("maze50");
    let r = solve_json("examples/gcs/maze50.toml", &out);
    assert_eq!(r["kind"], "gcs-shortest-path");
    assert_eq!(r["status"], "optimal");
    let obj = r["objective"].as_f64().unwrap();
    let bound = r["bound"].as_f64().unwrap();
    assert!((obj - 150.139270).abs() < 1e-4, "{obj}");
    assert!((bound - 150.139270).abs() < 1e-4, "{bound}");
    assert!(r["gap"].as_f64().unwrap() < 1e-6);
    assert!(out.join("path.svg").exists());
    let csv = std::fs::read_to_string(out.join("path.csv")).unwrap();
    assert!(csv.starts_with("x1,x2\n"));
    assert!(csv.lines().count() > 20);
}

#[test]
fn branch_and_bound_closes_the_gap_around_the_centre() {
    let out = scratch("centre");
    let r = solve_json("examples/gcs/around_the_centre.toml", &out);
    assert_eq!(r["status"], "optimal");
    let opt = 2.0 * 5f64.sqrt();
    assert!((r["objective"].as_f64().unwrap() - opt).abs() < 1e-6);
    assert!((r["relaxation_cost"].as_f64().unwrap() - 4.357388).abs() < 1e-5);
    assert_eq!(r["branch_and_bound"]["complete"], true);
}

#[test]
fn generated_maze_and_bad_specs() {
    let dir = scratch("specs");
    std::fs::create_dir_all(&dir).unwrap();
    let maze = dir.join("maze.toml");
    std::fs::write(
        &maze,
        "kind = \"gcs-shortest-path\"\nmaze = { size = 6, knock_downs = 4, seed = 2 }\nexact = true\n",
    )
    .unwrap();
    let r = solve_json(maze.to_str().unwrap(), &dir.join("out"));
    assert_eq!(r["status"], "optimal");

    // a start outside every region: exit 1, the message names `start` and its line
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "kind = \"gcs-shortest-path\"\nregions = [[[0, 0], [1, 1]], [[1, 0], [2, 1]]]\nstart = [5.0, 5.0]\ngoal = [1.5, 0.5]\n",
    )
    .unwrap();
    let o = globopt(&["solve", bad.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("start") && err.contains("no region"), "{err}");

    // a disconnected world is an answer: infeasible, exit 0
    let apart = dir.join("apart.toml");
    std::fs::write(
        &apart,
        "kind = \"gcs-shortest-path\"\nregions = [[[0, 0], [1, 1]], [[3, 0], [4, 1]]]\nstart = [0.5, 0.5]\ngoal = [3.5, 0.5]\n",
    )
    .unwrap();
    let r = solve_json(apart.to_str().unwrap(), &dir.join("apart"));
    assert_eq!(r["status"], "infeasible");

    // unknown fields and two instance sources are input errors
    let typo = dir.join("typo.toml");
    std::fs::write(
        &typo,
        "kind = \"gcs-shortest-path\"\nmaze = { size = 4 }\n[rounding]\npath = 3\n",
    )
    .unwrap();
    let o = globopt(&["solve", typo.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("path"));
    let both = dir.join("both.toml");
    std::fs::write(
        &both,
        "kind = \"gcs-shortest-path\"\nmaze = { size = 4 }\ninstance = \"x.json\"\n",
    )
    .unwrap();
    let o = globopt(&["solve", both.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exactly one"));
}
