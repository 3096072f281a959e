//! Black-box objectives shared by every derivative-free optimizer: a Rust closure, a named
//! test function, or an external command that reads a JSON point on stdin and prints a number.
//!
//! Evaluations never panic and never propagate a NaN: a non-finite value, a crash, a timeout
//! or unparsable output becomes [`Evaluation::Failed`] with the reason, which optimizers record
//! and count.

use crate::bounds::Bounds;
use crate::testfn::TestFunction;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// The outcome of one objective evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evaluation {
    /// A finite objective value.
    Value(f64),
    /// The evaluation failed; the string says how (non-finite value, exit status, timeout, output).
    Failed(String),
}

impl Evaluation {
    /// A value, turned into a failure when it is not finite.
    pub fn from_value(v: f64) -> Self {
        if v.is_finite() {
            Evaluation::Value(v)
        } else {
            Evaluation::Failed(format!("objective returned {v}"))
        }
    }
    /// The finite value, if the evaluation succeeded.
    pub fn value(&self) -> Option<f64> {
        match self {
            Evaluation::Value(v) => Some(*v),
            Evaluation::Failed(_) => None,
        }
    }
}

/// A function to minimize over a box, evaluated one point at a time.
pub trait Objective: Sync {
    /// Number of variables.
    fn dim(&self) -> usize;
    /// Evaluate at `x` (length [`Objective::dim`]).
    fn evaluate(&self, x: &[f64]) -> Evaluation;
    /// The values at the points of the row-major batch `points` (rows of length
    /// [`Objective::dim`], one per element of `values`), failed evaluations as NaN: the form
    /// used by optimizers that evaluate many points per step (consensus-based optimization).
    /// The default evaluates point by point; [`TestObjective`] evaluates whole batches.
    fn evaluate_values(&self, points: &[f64], values: &mut [f64]) {
        for (v, p) in values
            .iter_mut()
            .zip(points.chunks_exact(self.dim().max(1)))
        {
            *v = self.evaluate(p).value().unwrap_or(f64::NAN);
        }
    }
}

/// A closure `f(x) -> f64` as an objective; non-finite returns become failures.
pub struct FnObjective<F> {
    dim: usize,
    f: F,
}

impl<F: Fn(&[f64]) -> f64 + Sync> FnObjective<F> {
    /// Wrap `f`, a function of `dim` variables.
    pub fn new(dim: usize, f: F) -> Self {
        FnObjective { dim, f }
    }
}

impl<F: Fn(&[f64]) -> f64 + Sync> Objective for FnObjective<F> {
    fn dim(&self) -> usize {
        self.dim
    }
    fn evaluate(&self, x: &[f64]) -> Evaluation {
        Evaluation::from_value((self.f)(x))
    }
}

/// A named test function as an objective.
pub struct TestObjective(pub Box<dyn TestFunction>);

impl Objective for TestObjective {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn evaluate(&self, x: &[f64]) -> Evaluation {
        Evaluation::from_value(self.0.eval(x))
    }
    fn evaluate_values(&self, points: &[f64], values: &mut [f64]) {
        self.0.eval_batch(points, values);
        for v in values.iter_mut().filter(|v| !v.is_finite()) {
            *v = f64::NAN;
        }
    }
}

/// An external program as an objective: it receives the point as a JSON list on stdin
/// (`[0.5, 1.25]`) and prints the objective value as its last non-empty line of stdout.
///
/// A non-zero exit, a timeout (the process is killed), output that is not a number, or a
/// non-finite number is a failed evaluation with the reason.
#[derive(Debug, Clone)]
pub struct CommandObjective {
    /// Program and arguments.
    pub argv: Vec<String>,
    /// Number of variables.
    pub dim: usize,
    /// Wall-clock limit per evaluation.
    pub timeout: Duration,
    /// Working directory (the spec file's directory in the CLI).
    pub workdir: Option<PathBuf>,
}

impl CommandObjective {
    fn run(&self, x: &[f64]) -> Result<f64, String> {
        let line = run_command_at_point(&self.argv, self.workdir.as_deref(), self.timeout, x)?;
        let v: f64 = line.trim().parse().map_err(|_| {
            let shown: String = line.chars().take(80).collect();
            format!("printed `{shown}`, which is not a number")
        })?;
        if !v.is_finite() {
            return Err(format!("printed {v}"));
        }
        Ok(v)
    }
}

/// One evaluation of an external program at `x`, the protocol every command objective shares
/// (single- and multi-objective): `argv` runs in `workdir` with `x` as a JSON list on stdin,
/// and is killed after `timeout`. Returns the last non-empty line of its stdout, or why the
/// evaluation failed (could not start, non-zero exit with the last stderr line, timeout,
/// printed nothing).
pub fn run_command_at_point(
    argv: &[String],
    workdir: Option<&Path>,
    timeout: Duration,
    x: &[f64],
) -> Result<String, String> {
    let (prog, args) = argv
        .split_first()
        .ok_or_else(|| "command is empty".to_string())?;
    let mut cmd = Command::new(prog);
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = workdir {
        cmd.current_dir(dir);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("could not start `{prog}`: {e}"))?;
    let input = serde_json::to_string(x).map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        // a program that exits without reading its input is not an error by itself
        let _ignored = stdin.write_all(input.as_bytes());
    }
    let mut stdout = child.stdout.take().ok_or("no stdout pipe")?;
    let mut stderr = child.stderr.take().ok_or("no stderr pipe")?;
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _partial = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _partial = stderr.read_to_string(&mut s);
        s
    });
    let status = match child.wait_timeout(timeout).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            let _already_gone = child.kill();
            let _reaped = child.wait();
            return Err(format!(
                "timed out after {:.3} s and was killed",
                timeout.as_secs_f64()
            ));
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let tail: String = err.lines().last().unwrap_or("").chars().take(200).collect();
        return Err(format!("exited with {status}: {tail}"));
    }
    out.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(|| "printed nothing".to_string())
}

impl Objective for CommandObjective {
    fn dim(&self) -> usize {
        self.dim
    }
    fn evaluate(&self, x: &[f64]) -> Evaluation {
        match self.run(x) {
            Ok(v) => Evaluation::Value(v),
            Err(e) => Evaluation::Failed(e),
        }
    }
}

/// The ask/tell interface shared by every sequential black-box optimizer (Bayesian
/// optimization, consensus-based optimization, Pareto set learning): the caller asks for `q`
/// points, evaluates them however it likes (a cluster, a lab), and tells the outcomes back.
///
/// Failed evaluations are told as [`Evaluation::Failed`] (or a non-finite value through
/// [`Evaluation::from_value`]); optimizers record and count them and never propagate them into
/// their models.
pub trait AskTell {
    /// The optimizer's error type.
    type Error;
    /// The next `q` points to evaluate.
    fn ask(&mut self, q: usize) -> Result<Vec<Vec<f64>>, Self::Error>;
    /// Report the outcomes of evaluated points (usually those of the last `ask`).
    fn tell(&mut self, points: &[Vec<f64>], outcomes: &[Evaluation]) -> Result<(), Self::Error>;
    /// The best successful point and value told so far.
    fn best(&self) -> Option<(Vec<f64>, f64)>;
}

/// One evaluated point, as optimizers record it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    /// The point.
    pub x: Vec<f64>,
    /// What the objective said.
    pub outcome: Evaluation,
}

/// The best successful trial of a list (ties: the earliest).
pub fn best_trial(trials: &[Trial]) -> Option<(usize, f64)> {
    trials
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.outcome.value().map(|v| (i, v)))
        .fold(None, |best: Option<(usize, f64)>, (i, v)| match best {
            Some((_, b)) if b <= v => best,
            _ => Some((i, v)),
        })
}

/// Error unless `x` lies inside `bounds`: ask/tell interfaces check told points with it.
pub fn check_point(bounds: &Bounds, x: &[f64]) -> Result<(), crate::error::CoreError> {
    bounds.check_dim(x, "point")?;
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(crate::error::CoreError::param(
            format!("point[{i}]"),
            "is not a finite number",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(script: &str, timeout_ms: u64) -> CommandObjective {
        CommandObjective {
            argv: vec!["sh".into(), "-c".into(), script.into()],
            dim: 2,
            timeout: Duration::from_millis(timeout_ms),
            workdir: None,
        }
    }

    #[test]
    fn command_reads_json_and_prints_a_number() {
        // sum of the two coordinates, computed by the shell from the JSON on stdin
        let c = cmd("echo \"log line\"; awk -F'[][,]' '{print $2 + $3}'", 5000);
        assert_eq!(c.evaluate(&[2.0, 3.0]), Evaluation::Value(5.0));
    }

    #[test]
    fn command_failures_are_recorded_not_raised() {
        let garbage = cmd("cat > /dev/null; echo hello", 5000).evaluate(&[0.0, 0.0]);
        assert!(matches!(garbage, Evaluation::Failed(ref m) if m.contains("hello")));
        let exit = cmd("cat > /dev/null; echo boom >&2; exit 3", 5000).evaluate(&[0.0, 0.0]);
        assert!(matches!(exit, Evaluation::Failed(ref m) if m.contains("boom")));
        let hang = cmd("sleep 5", 200).evaluate(&[0.0, 0.0]);
        assert!(matches!(hang, Evaluation::Failed(ref m) if m.contains("timed out")));
        let nan = cmd("cat > /dev/null; echo nan", 5000).evaluate(&[0.0, 0.0]);
        assert!(matches!(nan, Evaluation::Failed(_)));
        let missing = CommandObjective {
            argv: vec!["/nonexistent/program".into()],
            ..cmd("", 100)
        };
        assert!(
            matches!(missing.evaluate(&[0.0, 0.0]), Evaluation::Failed(ref m) if m.contains("could not start"))
        );
    }

    #[test]
    fn closures_and_best_trial() {
        let f = FnObjective::new(1, |x: &[f64]| 1.0 / x[0]);
        assert_eq!(f.evaluate(&[2.0]), Evaluation::Value(0.5));
        assert!(f.evaluate(&[0.0]).value().is_none());
        let trials = vec![
            Trial {
                x: vec![0.0],
                outcome: Evaluation::Failed("x".into()),
            },
            Trial {
                x: vec![1.0],
                outcome: Evaluation::Value(3.0),
            },
            Trial {
                x: vec![2.0],
                outcome: Evaluation::Value(1.0),
            },
            Trial {
                x: vec![3.0],
                outcome: Evaluation::Value(1.0),
            },
        ];
        assert_eq!(best_trial(&trials), Some((2, 1.0)));
    }
}
