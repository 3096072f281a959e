//! The JSON-lines journal of a run: a header line naming the box and seed, then one line per
//! told trial, appended and flushed to disk as the trial completes. A run that dies (even by
//! SIGKILL) loses at most the line being written; [`Journal::resume`] drops such a torn last
//! line, truncates the file to its last complete line, and returns every complete trial, so a
//! resumed run holds every told trial exactly once.

use crate::error::BayesError;
use crate::gp::Hyperparameters;
use globopt_core::Evaluation;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalHeader {
    /// Always `"globopt-bayes"`.
    pub journal: String,
    /// Format version (1).
    pub version: u32,
    /// The box, as `[lo, hi]` pairs.
    pub bounds: Vec<[f64; 2]>,
    /// The run's seed.
    pub seed: u64,
}

/// One told trial, as journaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialRecord {
    /// Position among the told trials (0-based).
    pub index: usize,
    /// The point.
    pub x: Vec<f64>,
    /// The objective's outcome (a value, or the failure's reason).
    pub outcome: Evaluation,
    /// Constraint values g_j(x) (feasible when all ≤ 0), when the run has constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<f64>,
    /// Known noise variance of this observation, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<f64>,
    /// The GP hyperparameters when the point was proposed (absent for design points), so that
    /// a resumed run warm-starts its fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hyperparameters: Option<Hyperparameters>,
}

/// An open journal, appending trials.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> BayesError {
    BayesError::Journal {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

impl Journal {
    /// Start a new journal at `path` with `header`. An existing non-empty file is an error
    /// (resume it instead), so a journal is never overwritten.
    pub fn create(path: &Path, header: &JournalHeader) -> Result<Journal, BayesError> {
        if let Ok(meta) = std::fs::metadata(path)
            && meta.len() > 0
        {
            return Err(io_error(
                path,
                "already exists and is not empty; resume it or choose another file",
            ));
        }
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        let line = serde_json::to_string(header).map_err(|e| io_error(path, e))?;
        writeln!(file, "{line}").map_err(|e| io_error(path, e))?;
        file.sync_data().map_err(|e| io_error(path, e))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Open an existing journal for appending: returns its header and complete trials. A
    /// torn last line (a crash mid-write) is dropped and cut from the file; a malformed line
    /// elsewhere is an error naming its line number. A missing or empty file starts a new
    /// journal with `header`.
    pub fn resume(
        path: &Path,
        header: &JournalHeader,
    ) -> Result<(Journal, JournalHeader, Vec<TrialRecord>), BayesError> {
        let exists = std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if !exists {
            let j = Self::create(path, header)?;
            return Ok((j, header.clone(), Vec::new()));
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| io_error(path, e))?;
        let mut good_len = 0usize;
        let mut found_header: Option<JournalHeader> = None;
        let mut trials = Vec::new();
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            // a line without its newline was torn by a crash: its trial was never told
            if !raw.ends_with('\n') {
                break;
            }
            let line = raw.trim();
            if !line.is_empty() {
                let parsed = match found_header {
                    None => serde_json::from_str::<JournalHeader>(line).map(|h| {
                        found_header = Some(h);
                    }),
                    Some(_) => serde_json::from_str::<TrialRecord>(line).map(|t| trials.push(t)),
                };
                parsed.map_err(|e| io_error(path, format!("line {}: {e}", i + 1)))?;
            }
            good_len += raw.len();
        }
        if found_header.is_none() {
            // only a torn header: start over
            drop(file);
            std::fs::remove_file(path).map_err(|e| io_error(path, e))?;
            let j = Self::create(path, header)?;
            return Ok((j, header.clone(), Vec::new()));
        }
        let found = found_header.ok_or_else(|| io_error(path, "line 1: no journal header"))?;
        if found.bounds.len() != header.bounds.len() {
            return Err(io_error(
                path,
                format!(
                    "bounds: the journal has dimension {}, the run {}",
                    found.bounds.len(),
                    header.bounds.len()
                ),
            ));
        }
        if found.bounds != header.bounds {
            return Err(io_error(
                path,
                "bounds: the journal was written for another box",
            ));
        }
        for (k, t) in trials.iter().enumerate() {
            if t.index != k {
                return Err(io_error(
                    path,
                    format!(
                        "trial {k} carries index {}: the journal is out of order",
                        t.index
                    ),
                ));
            }
        }
        file.set_len(good_len as u64)
            .map_err(|e| io_error(path, e))?;
        file.seek(SeekFrom::End(0)).map_err(|e| io_error(path, e))?;
        Ok((
            Journal {
                path: path.to_path_buf(),
                file,
            },
            found,
            trials,
        ))
    }

    /// Append one trial and flush it to disk before returning.
    pub fn append(&mut self, record: &TrialRecord) -> Result<(), BayesError> {
        let line = serde_json::to_string(record).map_err(|e| io_error(&self.path, e))?;
        self.file
            .write_all(format!("{line}\n").as_bytes())
            .map_err(|e| io_error(&self.path, e))?;
        self.file.sync_data().map_err(|e| io_error(&self.path, e))
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> JournalHeader {
        JournalHeader {
            journal: "globopt-bayes".into(),
            version: 1,
            bounds: vec![[0.0, 1.0]],
            seed: 3,
        }
    }

    fn record(i: usize) -> TrialRecord {
        TrialRecord {
            index: i,
            x: vec![i as f64 / 10.0],
            outcome: if i == 1 {
                Evaluation::Failed("timed out".into())
            } else {
                Evaluation::Value(i as f64)
            },
            constraints: vec![],
            noise: None,
            hyperparameters: None,
        }
    }

    #[test]
    fn torn_last_line_is_dropped_and_appends_continue_cleanly() {
        let dir =
            std::env::temp_dir().join(format!("globopt-bayes-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j.jsonl");
        let _fresh = std::fs::remove_file(&path);
        let mut j = Journal::create(&path, &header()).unwrap();
        for i in 0..3 {
            j.append(&record(i)).unwrap();
        }
        drop(j);
        assert!(Journal::create(&path, &header()).is_err());
        // a crash in the middle of the fourth line
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        write!(f, "{{\"index\":3,\"x\":[0.").unwrap();
        drop(f);
        let (mut j, h, trials) = Journal::resume(&path, &header()).unwrap();
        assert_eq!(h.seed, 3);
        assert_eq!(trials, vec![record(0), record(1), record(2)]);
        j.append(&record(3)).unwrap();
        drop(j);
        let (_, _, trials) = Journal::resume(&path, &header()).unwrap();
        assert_eq!(trials.len(), 4);
        assert_eq!(trials[3], record(3));
        // another box is refused
        let other = JournalHeader {
            bounds: vec![[0.0, 2.0]],
            ..header()
        };
        assert!(
            Journal::resume(&path, &other)
                .unwrap_err()
                .to_string()
                .contains("bounds")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
