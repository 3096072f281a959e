//! `globopt minimize`: black-box minimization from the command line, without writing a spec.
//!
//! The flags become a spec of the method's kind (`--method cbo` → `kind = "cbo"`,
//! `--method random-search` → `kind = "random-search"`), solved exactly as `globopt solve`
//! would solve it; options without a flag of their own go through `--set KEY=VALUE`. A new
//! method is a new [`Method`] variant naming its kind.
//!
//! ```text
//! globopt minimize --method cbo --problem rastrigin --dim 20 --runs 100 --seed 1
//! globopt minimize --method cbo --bounds=-5:5,-5:5 --iterations 200 -- python3 f.py
//! ```

use crate::error::CliError;
use crate::kinds::{self, RunContext};
use crate::output;
use crate::spec::{Format, SpecDoc};
use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// The minimizers `globopt minimize` knows, each a spec kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Consensus-based optimization (kind `cbo`): many independent runs in parallel.
    Cbo,
    /// The random-search baseline (kind `random-search`).
    RandomSearch,
}

impl Method {
    /// The spec kind that solves it.
    fn kind(self) -> &'static str {
        match self {
            Method::Cbo => "cbo",
            Method::RandomSearch => "random-search",
        }
    }
}

/// Flags of `globopt minimize`.
#[derive(Debug, Args)]
pub struct MinimizeArgs {
    /// The method.
    #[arg(long, value_enum, default_value = "cbo")]
    pub method: Method,
    /// A test function (`rastrigin`, `ackley`, `branin`, ...; see `globopt testfn list`).
    #[arg(long)]
    pub problem: Option<String>,
    /// Dimension of a scalable test function.
    #[arg(long)]
    pub dim: Option<usize>,
    /// Box: `LO:HI` for every coordinate, or `LO:HI,LO:HI,...` (required with a command;
    /// write `--bounds=-5:5` when it starts with a minus sign).
    #[arg(long)]
    pub bounds: Option<String>,
    /// Seconds allowed per evaluation of an external command.
    #[arg(long)]
    pub timeout_s: Option<f64>,
    /// Independent runs (cbo).
    #[arg(long)]
    pub runs: Option<usize>,
    /// Particles per run (cbo).
    #[arg(long)]
    pub particles: Option<usize>,
    /// Iterations per run (cbo).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Noise scale σ (cbo).
    #[arg(long)]
    pub sigma: Option<f64>,
    /// Initial α of the weights exp(−αf) (cbo).
    #[arg(long)]
    pub alpha: Option<f64>,
    /// `anisotropic` or `isotropic` (cbo).
    #[arg(long)]
    pub noise: Option<String>,
    /// Number of evaluations (random-search).
    #[arg(long)]
    pub budget: Option<usize>,
    /// Seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Any other spec field of the method's kind, as KEY=VALUE with a JSON value or a bare
    /// string: `--set batch=10 --set boundary=reflect --set 'alpha_schedule="ess"'`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Also write report.json, the plots and index.html into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Hide the progress bar and the summary line.
    #[arg(long)]
    pub quiet: bool,
    /// Print the JSON on one line.
    #[arg(long)]
    pub compact: bool,
    /// An external objective after `--`: it reads the point as a JSON list on stdin and
    /// prints the value.
    #[arg(last = true)]
    pub command: Vec<String>,
}

fn input(message: String) -> CliError {
    CliError::Input(format!("globopt minimize: {message}"))
}

/// `LO:HI` or `LO:HI,LO:HI,...` as `[[lo, hi], ...]`; a single pair is repeated `dim` times
/// when a dimension is given.
fn parse_bounds(text: &str, dim: Option<usize>) -> Result<Value, CliError> {
    let mut pairs = Vec::new();
    for (i, part) in text.split(',').enumerate() {
        let (lo, hi) = part
            .split_once(':')
            .ok_or_else(|| input(format!("--bounds: `{part}` (entry {i}) is not LO:HI")))?;
        let num = |s: &str| -> Result<f64, CliError> {
            s.trim()
                .parse::<f64>()
                .map_err(|_| input(format!("--bounds: `{s}` (entry {i}) is not a number")))
        };
        pairs.push(json!([num(lo)?, num(hi)?]));
    }
    if let (1, Some(d)) = (pairs.len(), dim) {
        pairs = vec![pairs[0].clone(); d];
    }
    Ok(Value::Array(pairs))
}

/// The spec the flags describe, as JSON text.
fn spec_text(args: &MinimizeArgs) -> Result<String, CliError> {
    let mut spec = Map::new();
    spec.insert("kind".into(), json!(args.method.kind()));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            spec.insert(key.to_string(), v);
        }
    };
    put("problem", args.problem.as_ref().map(|p| json!(p)));
    // a command's dimension comes from its bounds
    put(
        "dim",
        args.dim
            .filter(|_| args.command.is_empty())
            .map(|d| json!(d)),
    );
    put(
        "command",
        (!args.command.is_empty()).then(|| json!(args.command)),
    );
    put(
        "bounds",
        args.bounds
            .as_deref()
            .map(|b| parse_bounds(b, args.dim))
            .transpose()?,
    );
    put("timeout_s", args.timeout_s.map(|v| json!(v)));
    put("runs", args.runs.map(|v| json!(v)));
    put("particles", args.particles.map(|v| json!(v)));
    put("iterations", args.iterations.map(|v| json!(v)));
    put("sigma", args.sigma.map(|v| json!(v)));
    put("alpha", args.alpha.map(|v| json!(v)));
    put("noise", args.noise.as_ref().map(|v| json!(v)));
    put("budget", args.budget.map(|v| json!(v)));
    put("seed", args.seed.map(|v| json!(v)));
    for kv in &args.set {
        let (key, raw) = kv
            .split_once('=')
            .ok_or_else(|| input(format!("--set `{kv}`: expected KEY=VALUE")))?;
        let value = serde_json::from_str(raw).unwrap_or_else(|_| json!(raw));
        spec.insert(key.trim().to_string(), value);
    }
    serde_json::to_string_pretty(&Value::Object(spec))
        .map_err(|e| CliError::Internal(e.to_string()))
}

/// Build the spec from the flags, solve it with the method's kind, print the JSON report
/// (and a summary line on stderr), and write the output directory when asked. Returns the
/// exit code: 0 for an answer, 2 for a failed solve.
pub fn run(args: &MinimizeArgs, ctx: &mut RunContext) -> Result<i32, CliError> {
    let text = spec_text(args)?;
    let doc = SpecDoc::from_text("globopt minimize", &text, Format::Json, Path::new("."))?;
    let outcome = kinds::solve(&doc, ctx)?;
    if let Some(dir) = &args.out {
        output::write_outcome(
            dir,
            &outcome,
            &format!("globopt minimize --method {}", args.method.kind()),
            &format!("The spec these flags describe:\n{text}"),
        )?;
    }
    let r = &outcome.report;
    if !args.quiet {
        let mut line = format!(
            "{}: {}, best f = {}, {} evaluations, {:.2} s",
            args.method.kind(),
            r["status"].as_str().unwrap_or("error"),
            r["objective"],
            r["evaluations"],
            r["elapsed_s"].as_f64().unwrap_or(0.0)
        );
        if let Some(rate) = r["success_rate"].as_f64() {
            line.push_str(&format!(
                ", success rate {rate:.2} ({} runs)",
                r["runs"].as_u64().unwrap_or(0)
            ));
        }
        eprintln!("{line}");
    }
    let json = if args.compact {
        serde_json::to_string(r)
    } else {
        serde_json::to_string_pretty(r)
    }
    .map_err(|e| CliError::Internal(e.to_string()))?;
    println!("{json}");
    Ok(if outcome.status().is_answer() { 0 } else { 2 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: MinimizeArgs,
    }

    fn spec(argv: &[&str]) -> Value {
        let w = Wrapper::try_parse_from(std::iter::once("minimize").chain(argv.iter().copied()))
            .unwrap();
        serde_json::from_str(&spec_text(&w.args).unwrap()).unwrap()
    }

    #[test]
    fn flags_become_a_spec_of_the_methods_kind() {
        let s = spec(&[
            "--problem",
            "rastrigin",
            "--dim",
            "20",
            "--runs",
            "100",
            "--seed",
            "1",
        ]);
        assert_eq!(
            s,
            json!({"kind": "cbo", "problem": "rastrigin", "dim": 20, "runs": 100, "seed": 1})
        );
        let s = spec(&[
            "--method",
            "cbo",
            "--bounds=-5:5",
            "--dim",
            "2",
            "--set",
            "boundary=reflect",
            "--set",
            "batch=10",
            "--",
            "python3",
            "f.py",
        ]);
        assert_eq!(s["bounds"], json!([[-5.0, 5.0], [-5.0, 5.0]]));
        assert_eq!(s["command"], json!(["python3", "f.py"]));
        assert_eq!(
            (s["boundary"].clone(), s["batch"].clone()),
            (json!("reflect"), json!(10))
        );
        assert!(s.get("dim").is_none());
        let s = spec(&[
            "--method",
            "random-search",
            "--problem",
            "branin",
            "--budget",
            "50",
        ]);
        assert_eq!(s["kind"], "random-search");
        assert!(parse_bounds("0:1,x:2", None).is_err());
        assert!(parse_bounds("0-1", None).is_err());
    }
}
