//! `kind = "fmt"` / `"gmt"` and `globopt perception-impact` end to end: the example specs,
//! the GCS comparison, and bad input that exits 1 with the field named.

use std::path::PathBuf;
mod common;
use common::{globopt, json_of};

fn temp(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("globopt-sampling-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn three_box_example_is_certified_against_gcs() {
    let out_dir = std::env::temp_dir().join(format!("globopt-three-box-{}", std::process::id()));
    let r = json_of(&globopt(&[
        "solve",
        "examples/sampling/three_box_gmt.toml",
        "--quiet",
        "--compact",
        "--out",
        out_dir.to_str().unwrap(),
    ]));
    assert_eq!(r["kind"], "gmt");
    assert_eq!(r["status"], "feasible");
    let gcs = &r["gcs"];
    assert_eq!(gcs["status"], "optimal");
    assert!((gcs["optimum"].as_f64().unwrap() - 1.212167).abs() < 1e-5);
    let cost = r["objective"].as_f64().unwrap();
    assert!((1.212167 - 1e-6..1.212167 * 1.05).contains(&cost));
    assert!((r["bound"].as_f64().unwrap() - 1.212167).abs() < 1e-5);
    assert_eq!(r["runs"].as_array().unwrap().len(), 10);
    assert!(r["cost_ratio"].as_f64().unwrap() >= 1.0 - 1e-9);
    assert!(out_dir.join("plan.svg").exists() && out_dir.join("costs.svg").exists());
}

#[test]
fn fmt_kind_and_3d_example_run() {
    let r = json_of(&globopt(&[
        "solve",
        "examples/sampling/forest_3d.toml",
        "--quiet",
        "--compact",
    ]));
    assert_eq!(r["kind"], "gmt");
    assert!(r["objective"].as_f64().unwrap() >= r["gcs"]["bound"].as_f64().unwrap() - 1e-7);
    let spec = temp(
        "fmt.toml",
        "kind = \"fmt\"\nworld = { bounds = [[0, 0], [1, 1]], obstacles = [[[0.4, 0.0], [0.6, 0.7]]] }\nstart = [0.1, 0.1]\ngoal_region = [[0.85, 0.05], [0.95, 0.15]]\nsamples = 800\n",
    );
    let r = json_of(&globopt(&[
        "solve",
        spec.to_str().unwrap(),
        "--quiet",
        "--compact",
    ]));
    assert_eq!(r["kind"], "fmt");
    assert!(r["objective"].as_f64().unwrap() > 0.8);
}

#[test]
fn bad_specs_exit_1_naming_the_field() {
    let cases = [
        (
            "start = [0.5, 0.3]\ngoal = [0.9, 0.9]\nsamples = 100\n",
            "start",
        ),
        (
            "start = [0.1, 0.1]\ngoal = [0.5, 0.3]\nsamples = 100\n",
            "goal",
        ),
        (
            "start = [0.1, 0.1]\ngoal = [0.9, 0.9]\nsamples = 0\n",
            "samples",
        ),
        (
            "start = [0.1, 0.1]\ngoal = [0.9, 0.9]\nlambda = 2.0\n",
            "lambda",
        ),
    ];
    for (i, (rest, field)) in cases.iter().enumerate() {
        let text = format!(
            "kind = \"gmt\"\nworld = {{ bounds = [[0, 0], [1, 1]], obstacles = [[[0.4, 0.2], [0.6, 0.4]]] }}\n{rest}"
        );
        let spec = temp(&format!("bad{i}.toml"), &text);
        let out = globopt(&["solve", spec.to_str().unwrap(), "--quiet"]);
        assert_eq!(out.status.code(), Some(1), "case {i}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "case {i}: {err}");
    }
    let degenerate = temp(
        "flat.toml",
        "kind = \"fmt\"\nworld = { bounds = [[0, 0], [1, 1]], obstacles = [[[0.4, 0.2], [0.4, 0.4]]] }\nstart = [0.1, 0.1]\ngoal = [0.9, 0.9]\n",
    );
    let out = globopt(&["solve", degenerate.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("obstacles[0]") && err.contains("degenerate"),
        "{err}"
    );
}

#[test]
fn perception_impact_scores_the_cone_example() {
    let r = json_of(&globopt(&[
        "perception-impact",
        "examples/sampling/cone.json",
        "--quiet",
        "--compact",
    ]));
    assert_eq!(r["kind"], "perception-impact");
    assert_eq!(r["status"], "optimal");
    assert_eq!(r["objective"].as_f64().unwrap(), -10.0);
    assert_eq!(r["regret"].as_f64().unwrap(), 5.0);
    let share = r["solution"]["decomposition"][0]["decomposition"]["critical_share"]
        .as_f64()
        .unwrap();
    assert!((share - 1.0 / 3.0).abs() < 1e-9);
    let out_dir = std::env::temp_dir().join(format!("globopt-corridor-{}", std::process::id()));
    let r = json_of(&globopt(&[
        "perception-impact",
        "examples/sampling/corridor.json",
        "--quiet",
        "--compact",
        "--out",
        out_dir.to_str().unwrap(),
    ]));
    assert!((r["objective"].as_f64().unwrap() + 100.0).abs() < 1e-9);
    assert!(out_dir.join("scene.svg").exists() && out_dir.join("false_positives.svg").exists());
    let bad = temp(
        "bad.json",
        r#"{"world": {"bounds": [[0], [1]]}, "ego": {"start": [0], "goal": [1]}, "actions": {}}"#,
    );
    let out = globopt(&["perception-impact", bad.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("perceived"));
}
