//! `kind = "bayesopt"` end to end (globopt-bayes, shared digest 25): a short Branin run with
//! its certificate text, the journal and `--resume`, and bad specs exiting 1 with the field.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn globopt(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_globopt"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the globopt binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "globopt-cli-bayesopt-{name}-{}",
        std::process::id()
    ));
    let _fresh = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn report(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

#[test]
fn branin_run_journals_and_resumes() {
    let dir = temp_dir("resume");
    let spec = "kind = \"bayesopt\"\nproblem = \"branin\"\ninitial = 5\nbudget = 8\n\
                raw_samples = 128\nrestarts = 3\nseed = 2\njournal = \"run.jsonl\"\n";
    std::fs::write(dir.join("bo.toml"), spec).unwrap();
    let r = report(&globopt(
        &["solve", "bo.toml", "--quiet", "--compact", "--out", "out"],
        &dir,
    ));
    assert_eq!(r["kind"], "bayesopt");
    assert_eq!(r["status"], "budget_exhausted");
    assert!(r["bound"].is_null());
    assert_eq!(r["certificate"], "none: BO proves no bound");
    assert_eq!(r["evaluations"], 8);
    assert!(r["regret"].as_f64().unwrap() >= 0.0);
    for f in [
        "report.json",
        "convergence.svg",
        "posterior_mean.svg",
        "acquisition.svg",
        "trials.csv",
    ] {
        assert!(dir.join("out").join(f).exists(), "{f}");
    }
    let journal = std::fs::read_to_string(dir.join("run.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 9, "a header and 8 trials");
    // running again would overwrite the journal: refused, naming the field and line
    let again = globopt(&["solve", "bo.toml", "--quiet"], &dir);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("bo.toml:8") && err.contains("journal"),
        "{err}"
    );
    // a larger budget and --resume continue from the 8 journaled trials
    std::fs::write(
        dir.join("bo.toml"),
        spec.replace("budget = 8", "budget = 11"),
    )
    .unwrap();
    let r = report(&globopt(
        &["solve", "bo.toml", "--quiet", "--compact", "--resume"],
        &dir,
    ));
    assert_eq!(r["evaluations"], 11);
    assert_eq!(r["resumed_trials"], 8);
    let journal = std::fs::read_to_string(dir.join("run.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 12);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_specs_exit_1_naming_the_field() {
    let dir = temp_dir("bad");
    let cases = [
        (
            "kind = \"bayesopt\"\nproblem = \"branin\"\nbudget = 0\n",
            "budget",
        ),
        (
            "kind = \"bayesopt\"\ncommand = [\"sh\", \"-c\", \"echo 1\"]\nbounds = [[0, 1], [1, 1]]\n",
            "bounds[1]",
        ),
        (
            "kind = \"bayesopt\"\ncommand = [\"sh\", \"-c\", \"echo 1\"]\nbounds = [[0, 1], [0, nan]]\n",
            "bounds[1][1]",
        ),
        (
            "kind = \"bayesopt\"\nproblem = \"branin\"\nacquisition = \"magic\"\n",
            "magic",
        ),
        ("kind = \"bayesopt\"\nproblem = \"branin\"\n", "journal"),
    ];
    for (i, (spec, field)) in cases.iter().enumerate() {
        let name = format!("bad{i}.toml");
        std::fs::write(dir.join(&name), spec).unwrap();
        let mut args = vec!["solve", name.as_str(), "--quiet"];
        if *field == "journal" {
            args.push("--resume");
        }
        let out = globopt(&args, &dir);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{spec}: {err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_command_that_hangs_or_prints_garbage_is_a_failed_trial() {
    let dir = temp_dir("cmd");
    // garbage when the first coordinate is below 0.5, a hang above 0.9, a number otherwise
    let spec = "kind = \"bayesopt\"\n\
                command = [\"sh\", \"-c\", \"read p; case \\\"$p\\\" in '[0.'[0-4]*) echo garbage;; '[0.9'*) sleep 30;; *) echo 1.0;; esac\"]\n\
                bounds = [[0, 1]]\ntimeout_s = 0.5\ninitial = 6\nbudget = 6\n";
    std::fs::write(dir.join("cmd.toml"), spec).unwrap();
    let started = std::time::Instant::now();
    let r = report(&globopt(
        &["solve", "cmd.toml", "--quiet", "--compact"],
        &dir,
    ));
    assert!(
        started.elapsed().as_secs() < 60,
        "the hanging command was killed"
    );
    assert_eq!(r["evaluations"], 6);
    assert!(r["failed_evaluations"].as_u64().unwrap() >= 2, "{r}");
    let reasons: Vec<String> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["failed"].as_str().map(String::from))
        .collect();
    assert!(
        reasons.iter().any(|m| m.contains("not a number")),
        "{reasons:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
