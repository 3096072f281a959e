//! Metric tables: one row per run (a model × knob setting), with text cells read from CSV
//! (shared digest 12, `MetricTable`). Columns are typed when an analysis asks for them, so
//! that an error can name the row and column of a bad metric cell.

use crate::error::MooError;
use std::io::Read;
use std::path::Path;

/// A table of runs: the header and the cells of every data row, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricTable {
    /// Where the table came from (a path, or `<input>`), for messages.
    pub source: String,
    /// Column names, in file order.
    pub columns: Vec<String>,
    /// Data rows (without the header), each with one cell per column, trimmed.
    pub rows: Vec<Vec<String>>,
}

impl MetricTable {
    /// Read a CSV file with a header row.
    pub fn from_csv_path(path: &Path) -> Result<Self, MooError> {
        let file = std::fs::File::open(path).map_err(|e| MooError::Csv {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::from_csv_reader(file, &path.display().to_string())
    }

    /// Read CSV text with a header row from any reader; `source` names it in errors.
    /// Every row must have as many cells as the header.
    pub fn from_csv_reader<R: Read>(reader: R, source: &str) -> Result<Self, MooError> {
        let csv_err = |e: csv::Error| MooError::Csv {
            file: source.to_string(),
            message: e.to_string(),
        };
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let columns: Vec<String> = r
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(String::from)
            .collect();
        if columns.is_empty() || columns.iter().all(String::is_empty) {
            return Err(MooError::Csv {
                file: source.to_string(),
                message: "no header row".into(),
            });
        }
        if let Some(dup) = columns
            .iter()
            .enumerate()
            .find(|(i, c)| columns[..*i].contains(c))
        {
            return Err(MooError::Csv {
                file: source.to_string(),
                message: format!("column `{}` appears twice in the header", dup.1),
            });
        }
        let mut rows = Vec::new();
        for record in r.records() {
            let record = record.map_err(csv_err)?;
            rows.push(record.iter().map(String::from).collect());
        }
        Ok(MetricTable {
            source: source.to_string(),
            columns,
            rows,
        })
    }

    /// The index of the column `name`, or an error listing the columns.
    pub fn column(&self, name: &str) -> Result<usize, MooError> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| MooError::UnknownColumn {
                column: name.to_string(),
                available: self.columns.join(", "),
            })
    }

    /// The values of column `index` as finite numbers; an empty or non-numeric cell is an
    /// error naming its row (0-based), file line and column.
    pub fn numbers(&self, index: usize) -> Result<Vec<f64>, MooError> {
        let column = &self.columns[index];
        self.rows
            .iter()
            .enumerate()
            .map(|(row, cells)| {
                let cell = cells[index].as_str();
                if cell.is_empty() {
                    return Err(MooError::MissingValue {
                        row,
                        line: row + 2,
                        column: column.clone(),
                    });
                }
                match cell.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ => Err(MooError::NotANumber {
                        row,
                        line: row + 2,
                        column: column.clone(),
                        value: cell.to_string(),
                    }),
                }
            })
            .collect()
    }

    /// The columns whose every cell is a finite number (in file order), excluding `except`.
    pub fn numeric_columns(&self, except: &[usize]) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|i| !except.contains(i))
            .filter(|&i| {
                !self.rows.is_empty()
                    && self
                        .rows
                        .iter()
                        .all(|r| r[i].parse::<f64>().is_ok_and(f64::is_finite))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_typed_with_row_and_column_in_errors() {
        let t = MetricTable::from_csv_reader(
            "model, f1 ,f2\na,1.5,2\nb,,3\nc,x,4\n".as_bytes(),
            "runs.csv",
        )
        .unwrap();
        assert_eq!(t.columns, vec!["model", "f1", "f2"]);
        assert_eq!(t.numbers(2).unwrap(), vec![2.0, 3.0, 4.0]);
        let e = t.numbers(1).unwrap_err().to_string();
        assert_eq!(e, "row 1 (line 3), column `f1`: the value is missing");
        let t2 = MetricTable::from_csv_reader("f1,f2\n1,inf\n".as_bytes(), "x").unwrap();
        let e = t2.numbers(1).unwrap_err().to_string();
        assert!(e.contains("row 0 (line 2), column `f2`: `inf`"), "{e}");
        assert_eq!(t.numeric_columns(&[]), vec![2]);
        let e = t.column("f3").unwrap_err().to_string();
        assert!(e.contains("model, f1, f2"), "{e}");
        let ragged = MetricTable::from_csv_reader("a,b\n1,2\n3\n".as_bytes(), "r.csv");
        assert!(ragged.unwrap_err().to_string().starts_with("r.csv:"));
        let dup = MetricTable::from_csv_reader("a,a\n1,2\n".as_bytes(), "d.csv");
        assert!(dup.unwrap_err().to_string().contains("`a` appears twice"));
    }
}
