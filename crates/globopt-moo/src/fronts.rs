//! Front analysis of metric tables (shared digest 12, `globopt-moo::fronts`): the Pareto front
//! of every group of runs (e.g. per model), their hypervolumes against one shared reference,
//! the pooled front and the knob settings on it.
//!
//! Every metric column is marked minimized or maximized; internally the table is oriented to
//! minimization (`z = +y` or `−y`, digest 12 step 1), optionally min–max normalized over all
//! rows (step 6), and handed to `globopt_core::pareto`. The fronts and hypervolumes of a finite
//! table are exact; the report stores the reference point and the normalization with every
//! hypervolume, since both change model rankings.

use crate::error::MooError;
use crate::table::MetricTable;
use globopt_core::pareto::{
    Direction, Duplicates, hv_contributions, hypervolume, nondominated, nondominated_sort,
    outside_reference,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A metric column and whether it is minimized or maximized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveColumn {
    /// The column's name in the table.
    pub column: String,
    /// `"min"` or `"max"`.
    pub direction: Direction,
}

impl ObjectiveColumn {
    /// A column with its direction.
    pub fn new(column: &str, direction: Direction) -> Self {
        ObjectiveColumn {
            column: column.to_string(),
            direction,
        }
    }

    /// `name (min)` or `name (max)`: how axes are labelled, so that the direction is never
    /// lost (digest 12, pitfalls).
    pub fn label(&self) -> String {
        format!("{} ({})", self.column, self.direction.as_str())
    }
}

/// How objectives are scaled before the hypervolume (digest 12, step 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Normalization {
    /// Raw values (default): the reference point is in the table's units.
    #[default]
    None,
    /// `z' = (z − ideal)/(nadir − ideal)` with the ideal and nadir over all rows of all groups.
    GlobalMinmax,
}

/// What to analyze in a table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontSpec {
    /// The metric columns with their directions; empty: every numeric column (other than the
    /// group column) is minimized.
    pub objectives: Vec<ObjectiveColumn>,
    /// The column whose values split the rows into groups (e.g. `model`); none: one group.
    pub group: Option<String>,
    /// The knob columns reported for front rows; none: every column that is neither an
    /// objective nor the group.
    pub knobs: Option<Vec<String>>,
    /// The reference point in the table's units, one value per objective in the order of
    /// `objectives`; none: `nadir + 0.1·(nadir − ideal)` over all rows (1.1 per objective
    /// after normalization).
    pub reference: Option<Vec<f64>>,
    /// Scaling before the hypervolume (default none).
    pub normalize: Normalization,
}

/// How the objectives were scaled for the hypervolumes: the ideal and nadir over all rows in
/// the table's units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaling {
    /// The normalization applied.
    pub kind: Normalization,
    /// Best value per objective over all rows.
    pub ideal: Vec<f64>,
    /// Worst value per objective over all rows.
    pub nadir: Vec<f64>,
}

/// The front of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFront {
    /// The group's value in the group column (`"all"` without one).
    pub name: String,
    /// Number of rows in the group.
    pub rows: usize,
    /// Hypervolume of the group's rows against the shared reference.
    pub hypervolume: f64,
    /// 1 for the group with the largest hypervolume, 2 for the next, ...
    pub hypervolume_rank: usize,
    /// Number of rows on the group's front (copies included).
    pub nondominated: usize,
    /// Table rows (0-based data rows) on the group's front, ascending.
    pub front: Vec<usize>,
    /// Exclusive hypervolume contribution of each front row (0 for copies).
    pub contributions: Vec<f64>,
    /// Rows of this group on the pooled front of all groups.
    pub on_pooled_front: usize,
    /// Rows that do not strictly dominate the reference and add no volume.
    pub outside_reference: usize,
}

/// A row on the pooled front: its knob setting and metric values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontRow {
    /// Table row (0-based data row).
    pub row: usize,
    /// Its group.
    pub group: String,
    /// Knob column → cell.
    pub knobs: BTreeMap<String, String>,
    /// Metric values in the table's units, in objective order.
    pub values: Vec<f64>,
}

/// The analysis of a table: pooled front over all rows, one front per group, hypervolumes
/// against one reference, and the Pareto-optimal knob settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontReport {
    /// Where the table came from.
    pub source: String,
    /// The objectives, in the order of every vector in the report.
    pub objectives: Vec<ObjectiveColumn>,
    /// The group column, if any.
    pub group_column: Option<String>,
    /// The knob columns.
    pub knob_columns: Vec<String>,
    /// Number of data rows.
    pub rows: usize,
    /// The reference point in the table's units.
    pub reference: Vec<f64>,
    /// Whether the reference was chosen automatically.
    pub reference_auto: bool,
    /// The reference in the space the hypervolumes are computed in (minimization form,
    /// normalized if asked).
    pub reference_internal: Vec<f64>,
    /// Ideal, nadir and normalization.
    pub scaling: Scaling,
    /// Hypervolume of all rows together.
    pub hypervolume: f64,
    /// Number of rows on the pooled front (copies included).
    pub nondominated: usize,
    /// Rows on the pooled front, ascending.
    pub front: Vec<usize>,
    /// Pareto rank of every row over all groups (0: on the pooled front).
    pub ranks: Vec<usize>,
    /// Rows that do not strictly dominate the reference.
    pub outside_reference: usize,
    /// One front per group, in order of first appearance.
    pub groups: Vec<GroupFront>,
    /// The pooled front's rows with their knob settings.
    pub pareto_optimal: Vec<FrontRow>,
    /// Metric values of every row in the table's units (for plots; not serialized).
    #[serde(skip)]
    pub values: Vec<Vec<f64>>,
    /// The group index (into `groups`) of every row (for plots; not serialized).
    #[serde(skip)]
    pub group_of: Vec<usize>,
}

/// Analyze `table` as `spec` says (see the module documentation).
///
/// Errors: unknown columns, fewer than two objectives, a missing or non-numeric metric cell
/// (named by row and column), a reference of the wrong length or one that is not worse than
/// every point of the pooled front, a normalization over a constant column.
pub fn analyze(table: &MetricTable, spec: &FrontSpec) -> Result<FrontReport, MooError> {
    if table.rows.is_empty() {
        return Err(MooError::invalid(
            &table.source,
            "the table has no data rows",
        ));
    }
    let group_col = spec.group.as_deref().map(|g| table.column(g)).transpose()?;
    let objectives: Vec<ObjectiveColumn> = if spec.objectives.is_empty() {
        let except: Vec<usize> = group_col.into_iter().collect();
        table
            .numeric_columns(&except)
            .into_iter()
            .map(|i| ObjectiveColumn::new(&table.columns[i], Direction::Minimize))
            .collect()
    } else {
        spec.objectives.clone()
    };
    let m = objectives.len();
    if m < 2 {
        return Err(MooError::TooFewObjectives {
            count: m,
            names: objectives
                .iter()
                .map(|o| o.column.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let mut obj_cols = Vec::with_capacity(m);
    for (k, o) in objectives.iter().enumerate() {
        let c = table.column(&o.column)?;
        if Some(c) == group_col {
            return Err(MooError::invalid(
                format!("objectives[{k}]"),
                format!("`{}` is the group column", o.column),
            ));
        }
        if obj_cols.contains(&c) {
            return Err(MooError::invalid(
                format!("objectives[{k}]"),
                format!("`{}` is named twice", o.column),
            ));
        }
        obj_cols.push(c);
    }
    let knob_cols: Vec<usize> = match &spec.knobs {
        Some(names) => names
            .iter()
            .map(|k| table.column(k))
            .collect::<Result<_, _>>()?,
        None => (0..table.columns.len())
            .filter(|c| !obj_cols.contains(c) && Some(*c) != group_col)
            .collect(),
    };
    // metric values (table units), row-major
    let columns: Vec<Vec<f64>> = obj_cols
        .iter()
        .map(|&c| table.numbers(c))
        .collect::<Result<_, _>>()?;
    let n = table.rows.len();
    let values: Vec<Vec<f64>> = (0..n)
        .map(|i| columns.iter().map(|c| c[i]).collect())
        .collect();
    let dirs: Vec<Direction> = objectives.iter().map(|o| o.direction).collect();
    let oriented =
        |v: &[f64]| -> Vec<f64> { v.iter().zip(&dirs).map(|(y, d)| d.oriented(*y)).collect() };
    let z: Vec<Vec<f64>> = values.iter().map(|v| oriented(v)).collect();

    // ideal and nadir over all rows, in minimization form
    let lo: Vec<f64> = (0..m)
        .map(|j| z.iter().map(|p| p[j]).fold(f64::INFINITY, f64::min))
        .collect();
    let hi: Vec<f64> = (0..m)
        .map(|j| z.iter().map(|p| p[j]).fold(f64::NEG_INFINITY, f64::max))
        .collect();
    if spec.normalize == Normalization::GlobalMinmax
        && let Some(j) = (0..m).find(|&j| hi[j] <= lo[j])
    {
        return Err(MooError::invalid(
            "normalize",
            format!(
                "objective `{}` has the same value {} in every row, so it cannot be min-max normalized; use no normalization",
                objectives[j].column, values[0][j]
            ),
        ));
    }
    let scale = |j: usize, v: f64| -> f64 {
        match spec.normalize {
            Normalization::None => v,
            Normalization::GlobalMinmax => (v - lo[j]) / (hi[j] - lo[j]),
        }
    };
    let zs: Vec<Vec<f64>> = z
        .iter()
        .map(|p| p.iter().enumerate().map(|(j, &v)| scale(j, v)).collect())
        .collect();
    let (reference_internal, reference_auto) = match &spec.reference {
        Some(r) => {
            if r.len() != m {
                return Err(MooError::invalid(
                    "reference",
                    format!(
                        "has {} value(s) but there are {m} objectives ({}), one value each in that order",
                        r.len(),
                        objectives
                            .iter()
                            .map(|o| o.column.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if let Some(j) = r.iter().position(|v| !v.is_finite()) {
                return Err(MooError::invalid(
                    format!("reference[{j}]"),
                    "is not a finite number",
                ));
            }
            (
                oriented(r)
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| scale(j, v))
                    .collect::<Vec<f64>>(),
                false,
            )
        }
        None => (
            (0..m)
                .map(|j| {
                    let range = if hi[j] > lo[j] { hi[j] - lo[j] } else { 1.0 };
                    scale(j, hi[j] + 0.1 * range)
                })
                .collect(),
            true,
        ),
    };
    let unscale = |j: usize, v: f64| -> f64 {
        let raw = match spec.normalize {
            Normalization::None => v,
            Normalization::GlobalMinmax => lo[j] + v * (hi[j] - lo[j]),
        };
        dirs[j].oriented(raw)
    };
    let reference: Vec<f64> = match &spec.reference {
        Some(r) => r.clone(),
        None => reference_internal
            .iter()
            .enumerate()
            .map(|(j, &v)| unscale(j, v))
            .collect(),
    };

    // pooled front and ranks
    let ranks = nondominated_sort(&zs)?;
    let front: Vec<usize> = (0..n).filter(|&i| ranks[i] == 0).collect();
    for j in 0..m {
        if front.iter().any(|&i| zs[i][j] >= reference_internal[j]) {
            let o = &objectives[j];
            // the front's worst value in table units: its largest z, oriented back
            let worst = dirs[j].oriented(
                front
                    .iter()
                    .map(|&i| z[i][j])
                    .fold(f64::NEG_INFINITY, f64::max),
            );
            let side = match o.direction {
                Direction::Minimize => "above",
                Direction::Maximize => "below",
            };
            return Err(MooError::invalid(
                format!("reference[{j}]"),
                format!(
                    "`{}` ({}) is {} but the front's worst value is {worst}: the reference point must be worse than every front point, i.e. strictly {side} {worst}",
                    o.column,
                    o.direction.as_str(),
                    reference[j],
                ),
            ));
        }
    }
    let total = hypervolume(&zs, &reference_internal)?;
    let outside = outside_reference(&zs, &reference_internal)?;

    // groups in order of first appearance
    let mut names: Vec<String> = Vec::new();
    let mut group_of = vec![0usize; n];
    for (i, row) in table.rows.iter().enumerate() {
        let name = group_col.map_or_else(|| "all".to_string(), |g| row[g].clone());
        group_of[i] = match names.iter().position(|g| *g == name) {
            Some(k) => k,
            None => {
                names.push(name);
                names.len() - 1
            }
        };
    }
    let mut groups = Vec::with_capacity(names.len());
    for (k, name) in names.iter().enumerate() {
        let rows: Vec<usize> = (0..n).filter(|&i| group_of[i] == k).collect();
        let pts: Vec<&[f64]> = rows.iter().map(|&i| zs[i].as_slice()).collect();
        let local = nondominated(&pts, Duplicates::KeepAll)?;
        let contrib = hv_contributions(&pts, &reference_internal)?;
        groups.push(GroupFront {
            name: name.clone(),
            rows: rows.len(),
            hypervolume: hypervolume(&pts, &reference_internal)?,
            hypervolume_rank: 0,
            nondominated: local.len(),
            front: local.iter().map(|&l| rows[l]).collect(),
            contributions: local.iter().map(|&l| contrib[l]).collect(),
            on_pooled_front: rows.iter().filter(|&&i| ranks[i] == 0).count(),
            outside_reference: outside_reference(&pts, &reference_internal)?,
        });
    }
    let mut by_hv: Vec<usize> = (0..groups.len()).collect();
    by_hv.sort_by(|&a, &b| groups[b].hypervolume.total_cmp(&groups[a].hypervolume));
    for (rank, &g) in by_hv.iter().enumerate() {
        groups[g].hypervolume_rank = rank + 1;
    }
    let pareto_optimal = front
        .iter()
        .map(|&i| FrontRow {
            row: i,
            group: names[group_of[i]].clone(),
            knobs: knob_cols
                .iter()
                .map(|&c| (table.columns[c].clone(), table.rows[i][c].clone()))
                .collect(),
            values: values[i].clone(),
        })
        .collect();
    Ok(FrontReport {
        source: table.source.clone(),
        objectives,
        group_column: spec.group.clone(),
        knob_columns: knob_cols
            .iter()
            .map(|&c| table.columns[c].clone())
            .collect(),
        rows: n,
        reference,
        reference_auto,
        reference_internal,
        scaling: Scaling {
            kind: spec.normalize,
            ideal: (0..m).map(|j| dirs[j].oriented(lo[j])).collect(),
            nadir: (0..m).map(|j| dirs[j].oriented(hi[j])).collect(),
        },
        hypervolume: total,
        nondominated: front.len(),
        front,
        ranks,
        outside_reference: outside,
        groups,
        pareto_optimal,
        values,
        group_of,
    })
}
