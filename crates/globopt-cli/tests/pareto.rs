//! `globopt pareto`: fronts of a CSV table from the command line (shared digest 12, check 5).

use std::path::PathBuf;
use std::process::Command;

fn globopt(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_globopt"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../globopt-moo/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("globopt-pareto-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn per_model_fronts_and_hypervolumes_equal_moocore() {
    let knobs = fixture("knobs.csv");
    let (code, out, err) = globopt(&[
        "pareto",
        &knobs,
        "--max",
        "realism,consistency",
        "--max",
        "diversity",
        "--group",
        "model",
        "--ref",
        "0,0,0",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("knobs_expected.json")).unwrap())
            .unwrap();
    assert_eq!(got["front"], want["pooled"]["front"]);
    let hv = got["hypervolume"].as_f64().unwrap();
    assert!((hv - want["pooled"]["hypervolume"].as_f64().unwrap()).abs() < 1e-12);
    assert_eq!(
        got["nondominated"].as_u64().unwrap() as usize,
        got["front"].as_array().unwrap().len()
    );
    for g in got["groups"].as_array().unwrap() {
        let w = &want["groups"][g["name"].as_str().unwrap()];
        assert_eq!(g["front"], w["front"]);
        let d = g["hypervolume"].as_f64().unwrap() - w["hypervolume"].as_f64().unwrap();
        assert!(d.abs() < 1e-12);
    }
    // objectives in file order, with the direction each flag gave
    assert_eq!(got["objectives"][0]["column"], "consistency");
    assert_eq!(got["objectives"][0]["direction"], "max");
}

#[test]
fn without_directions_every_numeric_column_is_minimized() {
    let f = temp_file("min.csv", "label,f1,f2\na,0,1\nb,1,0\nc,1,1\nd,0.5,0.5\n");
    let (code, out, err) = globopt(&["pareto", &f, "--ref", "1.6,1.6", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["front"], serde_json::json!([0, 1, 3]));
    assert_eq!(v["nondominated"], 3);
    // slabs of the 2-D sweep: (1.6 − 0)(1.6 − 1) + (1.6 − 0.5)(1 − 0.5) + (1.6 − 1)(0.5 − 0)
    let want = 1.6 * 0.6 + 1.1 * 0.5 + 0.6 * 0.5;
    assert!((v["hypervolume"].as_f64().unwrap() - want).abs() < 1e-12);
}

#[test]
fn bad_input_exits_1_with_the_row_and_column() {
    let f = temp_file("bad.csv", "f1,f2\n1,2\n3,\n");
    let (code, _, err) = globopt(&["pareto", &f, "--min", "f1,f2"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("row 1 (line 3), column `f2`: the value is missing"),
        "{err}"
    );
    let f = temp_file("nan.csv", "f1,f2\n1,2\n3,abc\n");
    let (code, _, err) = globopt(&["pareto", &f, "--min", "f1", "--max", "f2"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("column `f2`: `abc` is not a finite number"),
        "{err}"
    );
    let f = temp_file("ok.csv", "f1,f2\n1,2\n2,1\n");
    let (code, _, err) = globopt(&["pareto", &f, "--ref", "1.5,3"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("reference[0]") && err.contains("worst value is 2"),
        "{err}"
    );
    let (code, _, err) = globopt(&["pareto", &f, "--min", "f1"]);
    assert_eq!(code, 1);
    assert!(err.contains("at least two objectives"), "{err}");
    let (code, _, err) = globopt(&["pareto", &f, "--min", "f1,f3"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--min: column `f3` is not in the table"),
        "{err}"
    );
}

#[test]
fn out_writes_plots_and_a_page() {
    let dir = std::env::temp_dir().join(format!("globopt-pareto-out-{}", std::process::id()));
    let knobs = fixture("knobs.csv");
    let (code, out, err) = globopt(&[
        "pareto",
        &knobs,
        "--max",
        "consistency,realism,diversity",
        "--group",
        "model",
        "--normalize",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pooled front:"), "{out}");
    for f in [
        "report.json",
        "index.html",
        "parallel.svg",
        "hypervolume.svg",
        "front_consistency_realism.svg",
        "front_realism_diversity.svg",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
}
