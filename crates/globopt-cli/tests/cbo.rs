//! `kind = "cbo"` and `globopt minimize` end to end: the JSON report, plots and files, errors
//! that name the field, the external-command objective.

mod common;
use common::{globopt, json_of, temp_dir};

#[test]
fn solve_a_cbo_spec_with_plots_and_history() {
    let dir = temp_dir("cbo", "spec");
    let spec = dir.join("r2.toml");
    std::fs::write(
        &spec,
        "kind = \"cbo\"\nproblem = \"rastrigin\"\ndim = 2\nruns = 6\niterations = 400\nseed = 3\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let r = json_of(&globopt(&[
        "solve",
        spec.to_str().unwrap(),
        "--quiet",
        "--compact",
        "--out",
        out_dir.to_str().unwrap(),
    ]));
    assert_eq!(r["kind"], "cbo");
    assert_eq!(r["status"], "budget_exhausted");
    assert!(r["bound"].is_null());
    assert_eq!(r["evaluations"], 6 * 40 * 400);
    assert_eq!(r["success_rate"], 1.0);
    assert!(r["objective"].as_f64().unwrap() < 1e-6);
    assert_eq!(r["problem"], "rastrigin:2");
    assert_eq!(r["solution"]["runs"].as_array().unwrap().len(), 6);
    assert!(
        !r["solution"]["consensus_trajectory"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(r["message"].as_str().unwrap().contains("6 of 6 runs"));
    for f in [
        "report.json",
        "energy.svg",
        "particles.svg",
        "history.csv",
        "index.html",
    ] {
        assert!(out_dir.join(f).exists(), "{f}");
    }
    let csv = std::fs::read_to_string(out_dir.join("history.csv")).unwrap();
    assert!(csv.starts_with("run,iteration,evaluations,best_f"));
}

#[test]
fn minimize_subcommand_is_the_same_solve() {
    let r = json_of(&globopt(&[
        "minimize",
        "--method",
        "cbo",
        "--problem",
        "rastrigin",
        "--dim",
        "3",
        "--runs",
        "4",
        "--iterations",
        "300",
        "--seed",
        "1",
        "--quiet",
        "--compact",
    ]));
    assert_eq!(r["kind"], "cbo");
    assert_eq!(r["runs"], 4);
    assert_eq!(r["evaluations"], 4 * 40 * 300);
    // the same through a spec gives the same answer
    let dir = temp_dir("cbo", "same");
    let spec = dir.join("r3.json");
    std::fs::write(
        &spec,
        r#"{"kind": "cbo", "problem": "rastrigin", "dim": 3, "runs": 4, "iterations": 300, "seed": 1}"#,
    )
    .unwrap();
    let s = json_of(&globopt(&[
        "solve",
        spec.to_str().unwrap(),
        "--quiet",
        "--compact",
    ]));
    assert_eq!(s["objective"], r["objective"]);
    assert_eq!(s["solution"]["x"], r["solution"]["x"]);
    // the baseline through the same subcommand
    let b = json_of(&globopt(&[
        "minimize",
        "--method",
        "random-search",
        "--problem",
        "branin",
        "--budget",
        "50",
        "--quiet",
        "--compact",
    ]));
    assert_eq!(b["kind"], "random-search");
    assert_eq!(b["evaluations"], 50);
}

#[test]
fn bad_input_exits_1_naming_the_field() {
    let dir = temp_dir("cbo", "bad");
    let spec = dir.join("bad.toml");
    std::fs::write(
        &spec,
        "kind = \"cbo\"\nproblem = \"ackley\"\ndim = 2\nalpha = 0\n",
    )
    .unwrap();
    let out = globopt(&["solve", spec.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("bad.toml:4: alpha:"), "{e}");
    std::fs::write(
        &spec,
        "kind = \"cbo\"\nproblem = \"ackley\"\nparticles = 0\n",
    )
    .unwrap();
    let e =
        String::from_utf8_lossy(&globopt(&["solve", spec.to_str().unwrap()]).stderr).to_string();
    assert!(e.contains("bad.toml:3: particles:"), "{e}");
    std::fs::write(
        &spec,
        "kind = \"cbo\"\nproblem = \"ackley\"\nparticle = 3\n",
    )
    .unwrap();
    let e =
        String::from_utf8_lossy(&globopt(&["solve", spec.to_str().unwrap()]).stderr).to_string();
    assert!(e.contains("particle"), "{e}");
    std::fs::write(
        &spec,
        "kind = \"cbo\"\nproblem = \"ackley\"\ndim = 2\ninit_box = [[0, 1]]\n",
    )
    .unwrap();
    let e =
        String::from_utf8_lossy(&globopt(&["solve", spec.to_str().unwrap()]).stderr).to_string();
    assert!(e.contains("bad.toml:4: init_box"), "{e}");
    let out = globopt(&[
        "minimize",
        "--problem",
        "ackley",
        "--set",
        "batch=0",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("batch"));
    let out = globopt(&[
        "minimize",
        "--problem",
        "branin",
        "--method",
        "random-search",
        "--runs",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(1), "random search has no runs");
}

#[test]
fn an_external_command_is_minimized_and_failures_are_counted() {
    // NaN for x1 < -2 (counted, excluded), the shifted sphere elsewhere; dt = 0.1 lets the
    // 40 steps contract the swarm (seeds 0-7 end between 1e-4 and 0.36)
    let out = globopt(&[
        "minimize",
        "--bounds=-3:3",
        "--dim",
        "2",
        "--particles",
        "8",
        "--iterations",
        "40",
        "--sigma",
        "1",
        "--set",
        "dt=0.1",
        "--quiet",
        "--compact",
        "--",
        "awk",
        "-F[][,]",
        "{ if ($2 < -2) print \"nan\"; else print ($2 - 1)^2 + ($3 + 0.5)^2 }",
    ]);
    let r = json_of(&out);
    assert_eq!(r["evaluations"], 8 * 40);
    assert!(r["objective"].as_f64().unwrap() < 0.5, "{}", r["objective"]);
    assert!(r["success_rate"].is_null());
    assert!(r["failed_evaluations"].as_u64().is_some());
}
