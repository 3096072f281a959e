//! `kind = "psl"` end to end: the report of a small SVH-PSL run, its plots and files, the
//! named problems (ZDT, DTLZ, RE), an external command with maximized objectives, and spec
//! errors that name the field.

use std::path::Path;
use std::process::Output;
mod common;
use common::{globopt, json_of, temp_dir};

/// A tiny preset: 8 initial points, 2 batches of 3, 40 training steps of a 16-unit network.
const TINY: &str = "[psl]\nn_init = 8\niterations = 2\nbatch = 3\nsteps = 40\n\
                    checkpoint_every = 10\nhidden = [16, 16]\ncandidates = 60\nseed = 1\n";

fn solve(name: &str, spec: &str, out: Option<&Path>) -> Output {
    let dir = temp_dir("psl", name);
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, spec).unwrap();
    let mut args = vec!["solve", path.to_str().unwrap(), "--quiet", "--compact"];
    if let Some(o) = out {
        args.extend(["--out", o.to_str().unwrap()]);
    }
    globopt(&args)
}

#[test]
fn zdt1_report_plots_and_files() {
    let out_dir = temp_dir("psl", "zdt1-out");
    let spec = format!("kind = \"psl\"\n[problem]\nfunction = \"zdt1:6\"\n{TINY}");
    let r = json_of(&solve("zdt1", &spec, Some(&out_dir)));
    assert_eq!(r["kind"], "psl");
    assert_eq!(r["status"], "budget_exhausted");
    assert!(r["bound"].is_null());
    assert_eq!(r["evaluations"], 8 + 2 * 3);
    let sol = &r["solution"];
    assert_eq!(sol["trials"].as_array().unwrap().len(), 14);
    assert_eq!(sol["history"].as_array().unwrap().len(), 14);
    // the predicted front: 100·M spread preferences
    assert_eq!(sol["predicted_front"].as_array().unwrap().len(), 200);
    let hv = r["hypervolume"].as_f64().unwrap();
    assert!((0.0..0.876667).contains(&hv), "{hv}");
    // LHD against the 100-point front (HV* = 0.871409) is a diagnostic
    let lhd = r["lhd"].as_f64().unwrap();
    assert!((lhd - (0.871409 - hv).ln()).abs() < 1e-5, "{lhd} {hv}");
    for f in [
        "report.json",
        "front_f1_f2.svg",
        "lhd.svg",
        "trials.csv",
        "index.html",
    ] {
        assert!(out_dir.join(f).exists(), "{f}");
    }
    let svg = std::fs::read_to_string(out_dir.join("front_f1_f2.svg")).unwrap();
    assert!(svg.contains("true front") && svg.contains("predicted front"));
    let csv = std::fs::read_to_string(out_dir.join("trials.csv")).unwrap();
    assert!(csv.starts_with("index,x,objectives,failure"));
    assert_eq!(csv.lines().count(), 15);
}

#[test]
fn every_named_problem_runs() {
    // ZDT1–3, DTLZ1/2/7 and the two RE problems; three objectives give three projections
    for (name, m) in [
        ("zdt2:4", 2),
        ("zdt3:4", 2),
        ("dtlz1:m=3,k=2", 3),
        ("dtlz2:m=3,k=2", 3),
        ("dtlz7:m=2,k=3", 2),
        ("re33", 3),
        ("re37", 3),
    ] {
        let out_dir = temp_dir(
            "psl",
            &format!("named-{}", name.replace([':', '=', ','], "_")),
        );
        let spec = format!("kind = \"psl\"\n[problem]\nfunction = \"{name}\"\n{TINY}");
        let r = json_of(&solve("named", &spec, Some(&out_dir)));
        assert_eq!(r["status"], "budget_exhausted", "{name}");
        assert_eq!(r["evaluations"], 14, "{name}");
        assert!(r["hypervolume"].as_f64().unwrap() >= 0.0, "{name}");
        let plots = if m == 3 {
            vec!["front_f1_f2.svg", "front_f1_f3.svg", "front_f2_f3.svg"]
        } else {
            vec!["front_f1_f2.svg"]
        };
        for f in plots {
            assert!(out_dir.join(f).exists(), "{name}: {f}");
        }
    }
}

#[test]
fn an_external_command_with_a_maximized_objective() {
    // f1 = x1 (min), f2 = −(1 − x1)² − x2 (maximized: the optimizer sees (1 − x1)² + x2)
    let spec = format!(
        "kind = \"psl\"\n[problem]\ncommand = [\"awk\", \"-F[][,]\", \
         \"{{ print $2, -(1 - $2)^2 - $3 }}\"]\nbounds = [[0, 1], [0, 1]]\nn_obj = 2\n\
         maximize = [false, true]\nref_point = [1.1, -1.1]\n{TINY}"
    );
    let r = json_of(&solve("command", &spec, None));
    assert_eq!(r["evaluations"], 14);
    assert_eq!(r["maximize"], serde_json::json!([false, true]));
    let hv = r["hypervolume"].as_f64().unwrap();
    // the front f2' = (1 − f1)² under the reference (1.1, 1.1) encloses 1.21 − 1/3 at most
    assert!(hv > 0.2 && hv < 1.21 - 1.0 / 3.0, "{hv}");
    assert!(r["lhd"].is_null());
}

#[test]
fn spec_errors_name_the_field() {
    let cases: [(&str, &str); 6] = [
        (
            "[problem]\ncommand = [\"echo\", \"1\"]\nbounds = [[0, 1]]\nn_obj = 1\n",
            "problem.n_obj",
        ),
        ("[problem]\nfunction = \"zdt9\"\n", "problem.function"),
        (
            "[problem]\nfunction = \"zdt1:4\"\n[psl]\nsteps = 0\n",
            "steps",
        ),
        (
            "[problem]\nfunction = \"zdt1:4\"\nmaximize = [true]\n",
            "problem.maximize",
        ),
        (
            "[problem]\nfunction = \"zdt1:4\"\nref_point = [1, 1, 1]\n",
            "problem.ref_point",
        ),
        (
            "[problem]\ncommand = [\"echo\", \"1 2\"]\nn_obj = 2\n",
            "problem.bounds",
        ),
    ];
    for (body, field) in cases {
        let out = solve("bad", &format!("kind = \"psl\"\n{body}"), None);
        assert_eq!(out.status.code(), Some(1), "{body}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{body}: {err}");
    }
    let out = solve(
        "unknown",
        "kind = \"psl\"\n[problem]\nfunction = \"zdt1\"\n[psl]\nstep = 3\n",
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("step"));
}
