//! Helpers shared by the CLI behaviour tests: run the built `globopt` binary from the
//! repository root, read its JSON report, make a scratch directory.

// each test file uses the helpers it needs
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (example specs and fixtures are given relative to it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `globopt args…` from the repository root.
pub fn globopt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_globopt"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("the globopt binary runs")
}

/// The JSON report on stdout of a run that must have succeeded (stderr shown otherwise).
pub fn json_of(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is the JSON report")
}

/// A fresh-or-existing scratch directory `globopt-{suite}-test-{pid}-{name}` under the
/// system temporary directory.
pub fn temp_dir(suite: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "globopt-{suite}-test-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}
