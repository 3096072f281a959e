//! External programs as multi-objective problems: the point goes to the program as a JSON
//! list on stdin (`[0.5, 1.25]`); the last non-empty line of its stdout holds the objective
//! values, as a JSON list or separated by spaces or commas.

use super::optimizer::MultiEvaluation;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

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
        let (prog, args) = self.argv.split_first().ok_or("command is empty")?;
        let mut cmd = Command::new(prog);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = &self.workdir {
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
        let status = match child
            .wait_timeout(self.timeout)
            .map_err(|e| e.to_string())?
        {
            Some(status) => status,
            None => {
                let _already_gone = child.kill();
                let _reaped = child.wait();
                return Err(format!(
                    "timed out after {:.3} s and was killed",
                    self.timeout.as_secs_f64()
                ));
            }
        };
        let out = out_reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        if !status.success() {
            let tail: String = err.lines().last().unwrap_or("").chars().take(200).collect();
            return Err(format!("exited with {status}: {tail}"));
        }
        let line = out
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .ok_or_else(|| "printed nothing".to_string())?;
        parse_values(line)
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
