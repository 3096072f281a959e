//! External programs as multi-objective problems: the point goes to the program as a JSON
//! list on stdin (`[0.5, 1.25]`); the last non-empty line of its stdout holds the objective
//! values, as a JSON list or separated by spaces or commas.

use super::optimizer::MultiEvaluation;
use globopt_core::objective::run_command_at_point;
use std::path::PathBuf;
use std::time::Duration;

/// A program that evaluates all objectives at once (see the module documentation).
#[derive(Debug, Clone)]
pub struct CommandProblem {
    /// Program and arguments.
    pub argv: Vec<String>,
    /// Number of objectives it prints.
    pub n_obj: usize,
    /// Wall-clock limit per evaluation.
    pub timeout: Duration,
    /// Working directory (the spec file's directory in the CLI).
    pub workdir: Option<PathBuf>,
}

impl CommandProblem {
    /// Run the program at `x`. A non-zero exit, a timeout (the process is killed), output that
    /// is not `n_obj` numbers, or a non-finite number is a failed evaluation with the reason.
    pub fn evaluate(&self, x: &[f64]) -> MultiEvaluation {
        match self.run(x) {
            Ok(v) => MultiEvaluation::from_values(v, self.n_obj),
            Err(e) => MultiEvaluation::Failed(e),
        }
    }

    fn run(&self, x: &[f64]) -> Result<Vec<f64>, String> {
        let line = run_command_at_point(&self.argv, self.workdir.as_deref(), self.timeout, x)?;
        parse_values(&line)
    }
}

/// Numbers from a line: a JSON list, or values separated by spaces or commas.
fn parse_values(line: &str) -> Result<Vec<f64>, String> {
    let t = line.trim();
    let shown: String = t.chars().take(80).collect();
    if t.starts_with('[') {
        return serde_json::from_str::<Vec<f64>>(t)
            .map_err(|_| format!("printed `{shown}`, which is not a list of numbers"));
    }
    t.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f64>())
        .collect::<Result<Vec<f64>, _>>()
        .map_err(|_| format!("printed `{shown}`, which is not a list of numbers"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(script: &str) -> CommandProblem {
        CommandProblem {
            argv: vec!["sh".into(), "-c".into(), script.into()],
            n_obj: 2,
            timeout: Duration::from_secs(5),
            workdir: None,
        }
    }

    #[test]
    fn reads_lists_and_records_failures() {
        let ok = cmd("cat > /dev/null; echo log; echo '[1.5, 2]'").evaluate(&[0.0]);
        assert_eq!(ok, MultiEvaluation::Values(vec![1.5, 2.0]));
        let spaced = cmd("cat > /dev/null; echo '3 4'").evaluate(&[0.0]);
        assert_eq!(spaced, MultiEvaluation::Values(vec![3.0, 4.0]));
        let short = cmd("cat > /dev/null; echo 3").evaluate(&[0.0]);
        assert!(matches!(short, MultiEvaluation::Failed(ref m) if m.contains("expected 2")));
        let bad = cmd("cat > /dev/null; echo hello").evaluate(&[0.0]);
        assert!(matches!(bad, MultiEvaluation::Failed(ref m) if m.contains("hello")));
        let nan = cmd("cat > /dev/null; echo '[1, NaN]'").evaluate(&[0.0]);
        assert!(matches!(nan, MultiEvaluation::Failed(_)));
    }
}
