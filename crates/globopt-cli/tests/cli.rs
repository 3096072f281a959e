//! The `globopt` binary end to end: exit codes, error messages that name file, line and
//! field, the example specs, the demo's output, and `testfn`.

mod common;
use common::{globopt, temp_dir};

fn solve_json(spec: &str) -> serde_json::Value {
    let out = globopt(&["solve", spec, "--quiet", "--compact"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is the JSON report")
}

fn stderr_of_bad_spec(name: &str, text: &str) -> String {
    let dir = temp_dir("cli", "bad");
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = globopt(&["solve", path.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1), "{name} should exit 1");
    assert!(out.stdout.is_empty());
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn malformed_specs_exit_1_naming_file_line_and_field() {
    let e = stderr_of_bad_spec("missing.toml", "kind = \"conic\"\nvariables = [\"x\"]\n");
    assert!(
        e.contains("missing.toml:1") && e.contains("missing field `objective`"),
        "{e}"
    );
    let e = stderr_of_bad_spec(
        "type.toml",
        "kind = \"random-search\"\nproblem = \"branin\"\nbudget = \"lots\"\n",
    );
    assert!(e.contains("type.toml:3:") && e.contains("`budget`"), "{e}");
    let e = stderr_of_bad_spec("kind.toml", "kind = \"telepathy\"\n");
    assert!(
        e.contains("kind.toml:1: kind: unknown kind `telepathy`"),
        "{e}"
    );
    let e = stderr_of_bad_spec(
        "nan.toml",
        "kind = \"random-search\"\nproblem = \"branin\"\nbounds = [[-5, 10],\n  [nan, 15]]\n",
    );
    assert!(
        e.contains("nan.toml:4: bounds[1][0]") && e.contains("NaN"),
        "{e}"
    );
    let e = stderr_of_bad_spec(
        "order.toml",
        "kind = \"random-search\"\nproblem = \"branin\"\nbounds = [[10, -5], [0, 15]]\n",
    );
    assert!(
        e.contains("order.toml:3: bounds[0]") && e.contains("greater than"),
        "{e}"
    );
    let e = stderr_of_bad_spec(
        "var.toml",
        "kind = \"conic\"\nvariables = [\"x\"]\nobjective = { y = 1.0 }\n",
    );
    assert!(
        e.contains("var.toml:3: objective: unknown variable `y`"),
        "{e}"
    );
    let e = stderr_of_bad_spec(
        "cone.toml",
        "kind = \"conic\"\nvariables = [\"x\"]\nobjective = { x = 1.0 }\n[[constraints]]\ncone = \"exponential\"\nrows = [{ x = 1.0 }]\n",
    );
    assert!(
        e.contains("constraints[0].rows") && e.contains("3 rows"),
        "{e}"
    );
    let e = stderr_of_bad_spec(
        "extra.toml",
        "kind = \"random-search\"\nproblem = \"branin\"\nbogus = 1\n",
    );
    assert!(e.contains("extra.toml:3") && e.contains("bogus"), "{e}");
    let e = stderr_of_bad_spec("syntax.json", "{\"kind\": \"conic\",");
    assert!(e.contains("syntax.json:1:"), "{e}");
    let e = stderr_of_bad_spec("nokind.toml", "budget = 3\n");
    assert!(
        e.contains("missing field `kind`") && e.contains("conic"),
        "{e}"
    );
}

#[test]
fn example_specs_reach_their_known_optima() {
    let r = solve_json("examples/conic/wyndor.toml");
    assert_eq!(r["status"], "optimal");
    assert_eq!(r["sense"], "maximize");
    assert!((r["value"].as_f64().unwrap() - 36.0).abs() < 1e-6);
    assert!((r["solution"]["y"].as_f64().unwrap() - 6.0).abs() < 1e-6);
    assert!((r["duals"]["plant 2 (le)"][0].as_f64().unwrap() - 1.5).abs() < 1e-6);
    let r = solve_json("examples/conic/distance_to_disc.toml");
    assert_eq!(r["status"], "optimal");
    assert!((r["objective"].as_f64().unwrap() - 4.0).abs() < 1e-6);
    assert!(r["bound"].as_f64().unwrap() <= r["objective"].as_f64().unwrap() + 1e-9);
    let r = solve_json("examples/conic/min_eigenvalue.toml");
    assert!((r["value"].as_f64().unwrap() - 1.0).abs() < 1e-6);
    let r = solve_json("examples/baseline/branin.toml");
    assert_eq!(r["status"], "feasible");
    assert!(r["bound"].is_null());
    let regret = r["regret"].as_f64().unwrap();
    assert!(regret > 0.0 && regret < 1.0, "{regret}");
}

#[test]
fn infeasible_and_unbounded_are_answers_with_exit_0() {
    let dir = temp_dir("cli", "answers");
    let inf = dir.join("inf.toml");
    std::fs::write(&inf, "kind = \"conic\"\nvariables = [\"x\"]\nobjective = { x = 1.0 }\n[[constraints]]\nexpr = { x = 1.0 }\nge = 2.0\nle = 1.0\n").unwrap();
    let r = solve_json(inf.to_str().unwrap());
    assert_eq!(r["status"], "infeasible");
    assert!(r["solution"].is_null());
    let unb = dir.join("unb.toml");
    std::fs::write(&unb, "kind = \"conic\"\nvariables = [\"x\"]\nobjective = { x = -1.0 }\n[[constraints]]\nexpr = { x = 1.0 }\nge = 0.0\n").unwrap();
    assert_eq!(solve_json(unb.to_str().unwrap())["status"], "unbounded");
}

#[test]
fn external_command_objective_through_a_spec() {
    let dir = temp_dir("cli", "command");
    std::fs::write(
        dir.join("f.sh"),
        "awk -F'[][,]' '{print ($2 - 0.3)^2 + ($3 + 0.2)^2}'\n",
    )
    .unwrap();
    let spec = dir.join("cmd.toml");
    std::fs::write(&spec, "kind = \"random-search\"\ncommand = [\"sh\", \"f.sh\"]\nbounds = [[-1, 1], [-1, 1]]\nbudget = 50\nseed = 3\n").unwrap();
    let r = solve_json(spec.to_str().unwrap());
    assert_eq!(r["status"], "feasible");
    assert_eq!(r["evaluations"], 50);
    assert_eq!(r["failed_evaluations"], 0);
    let x = r["solution"].as_array().unwrap();
    let f = (x[0].as_f64().unwrap() - 0.3).powi(2) + (x[1].as_f64().unwrap() + 0.2).powi(2);
    assert!((f - r["objective"].as_f64().unwrap()).abs() < 1e-9);
}

#[test]
fn solve_writes_report_plots_and_page() {
    let dir = temp_dir("cli", "out");
    let out = globopt(&[
        "solve",
        "examples/baseline/branin.toml",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    for f in [
        "report.json",
        "convergence.svg",
        "landscape.svg",
        "trials.csv",
        "index.html",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(page.contains("convergence.svg") && page.contains("proves no lower bound"));
    let csv = std::fs::read_to_string(dir.join("trials.csv")).unwrap();
    assert_eq!(csv.lines().count(), 501);
}

#[test]
fn demo_writes_every_report_and_plot() {
    let dir = temp_dir("cli", "demo");
    let out = globopt(&["demo", "--quiet", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for s in summary.as_array().unwrap() {
        assert!(s["error"].is_null(), "{s}");
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(s["report"].as_str().unwrap())).unwrap(),
        )
        .unwrap();
        for field in [
            "kind",
            "status",
            "objective",
            "bound",
            "gap",
            "solution",
            "evaluations",
            "elapsed_s",
        ] {
            assert!(report.get(field).is_some(), "{} lacks {field}", s["id"]);
        }
        let plots = s["plots"].as_array().unwrap();
        assert!(!plots.is_empty(), "{} has no plot", s["id"]);
        for p in plots {
            let p = p.as_str().unwrap();
            assert!(
                std::fs::read_to_string(dir.join(p))
                    .unwrap()
                    .starts_with("<svg")
            );
            assert!(index.contains(p), "{p} not on the page");
        }
    }
}

#[test]
fn testfn_eval_list_and_plot() {
    let out = globopt(&["testfn", "eval", "branin", "0", "0"]);
    let v: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!((v - 55.602112642270).abs() < 1e-9);
    let out = globopt(&["testfn", "eval", "zdt1:3", "0.25", "0", "0", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((j["f"][1].as_f64().unwrap() - 0.5).abs() < 1e-12);
    let out = globopt(&["testfn", "eval", "branin", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let out = globopt(&["testfn", "list", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(j.as_array().unwrap().len() >= 14);
    let dir = temp_dir("cli", "plot");
    let svg = dir.join("b.svg");
    let out = globopt(&["testfn", "plot", "branin", "--out", svg.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(svg).unwrap().starts_with("<svg"));
}
