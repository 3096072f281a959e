//! `kind = "gcs-trajectory"` end to end (globopt-gcs, shared digest 01): the ring spec is
//! certified with its boundary conditions, a building flight in 3D writes three projections,
//! the outputs (report, SVGs, dense samples as CSV and JSON) are written and hold the
//! invariants, an unreachable start is `infeasible` with its reason, and bad specs exit 1
//! naming the field.

use std::path::{Path, PathBuf};
mod common;
use common::globopt;

fn solve_json(spec: &str, out: &Path) -> serde_json::Value {
    let o = globopt(&["solve", spec, "--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{spec}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("globopt-traj-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn ring_spec_is_certified_with_its_boundary_conditions() {
    let out = scratch("ring");
    let r = solve_json("examples/gcs/ring_trajectory.toml", &out);
    assert_eq!(r["kind"], "gcs-trajectory");
    assert_eq!(r["status"], "optimal");
    assert_eq!(r["flavour"], "D");
    let check = &r["check"];
    for key in [
        "region_violation",
        "velocity_violation",
        "continuity_violation",
        "endpoint_error",
        "boundary_violation",
    ] {
        assert!(check[key].as_f64().unwrap() <= 1e-6, "{key}: {check}");
    }
    assert!(r["bound"].as_f64().unwrap() <= r["objective"].as_f64().unwrap() + 1e-9);
    let csv = std::fs::read_to_string(out.join("trajectory.csv")).unwrap();
    assert!(csv.starts_with("t,segment,x1,x2,v1,v2\n"));
    let first: Vec<f64> = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();
    // t = 0 at the start (0, 0) with the asked velocity (0.5, 0)
    assert!(first[0].abs() < 1e-12 && first[2].abs() < 1e-6 && first[3].abs() < 1e-6);
    assert!(
        (first[4] - 0.5).abs() < 1e-6 && first[5].abs() < 1e-6,
        "{first:?}"
    );
    let samples: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("trajectory.json")).unwrap())
            .unwrap();
    assert_eq!(samples.as_array().unwrap().len(), csv.lines().count() - 1);
    assert!(out.join("trajectory.svg").exists());
    assert!(
        std::fs::read_to_string(out.join("speed.svg"))
            .unwrap()
            .contains("<svg")
    );
}

#[test]
fn building_flight_in_3d_and_infeasible_start() {
    let dir = scratch("building");
    let spec = dir.join("building.toml");
    std::fs::write(
        &spec,
        "kind = \"gcs-trajectory\"\nbuilding = { seed = 5 }\norder = 3\ncontinuity = 1\n\
         velocity_max = 10.0\ncost = { time = 1.0, length = 1.0 }\n",
    )
    .unwrap();
    let out = dir.join("out");
    let r = solve_json(spec.to_str().unwrap(), &out);
    assert!(
        r["status"] == "feasible" || r["status"] == "optimal",
        "{}",
        r["status"]
    );
    assert!(r["check"]["region_violation"].as_f64().unwrap() <= 1e-6);
    let svg = std::fs::read_to_string(out.join("trajectory.svg")).unwrap();
    // three projections
    assert!(svg.contains("x1 – x2") && svg.contains("x1 – x3") && svg.contains("x2 – x3"));
    std::fs::write(
        &spec,
        "kind = \"gcs-trajectory\"\nbuilding = { seed = 5 }\nstart = [50.0, 0.0, 1.0]\n\
         velocity_max = 10.0\n",
    )
    .unwrap();
    let r = solve_json(spec.to_str().unwrap(), &dir.join("out2"));
    assert_eq!(r["status"], "infeasible");
    assert!(
        r["message"].as_str().unwrap().contains("start"),
        "{}",
        r["message"]
    );
}

#[test]
fn bad_specs_name_the_field() {
    let dir = scratch("bad");
    let spec = dir.join("bad.toml");
    for (text, field) in [
        (
            "maze = { size = 3 }\nvelocity_max = [1.0]\n",
            "velocity_max",
        ),
        ("maze = { size = 3 }\norder = 0\n", "order"),
        ("maze = { size = 3 }\ncost = { time = 0.0 }\n", "cost"),
        (
            "maze = { size = 3 }\nboundary = { start_acceleration = [1.0, 0.0] }\n",
            "start_acceleration",
        ),
        ("maze = { size = 3 }\nbogus = 1\n", "bogus"),
        ("velocity_max = 1.0\n", "instance"),
    ] {
        std::fs::write(&spec, format!("kind = \"gcs-trajectory\"\n{text}")).unwrap();
        let o = globopt(&[
            "solve",
            spec.to_str().unwrap(),
            "--out",
            dir.join("o").to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(field), "{text}: {err}");
    }
}
