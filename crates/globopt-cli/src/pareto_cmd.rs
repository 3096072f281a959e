//! `globopt pareto FILE.csv`: Pareto fronts of a table of runs (shared digest 12): the
//! pooled front, one front per group, hypervolumes against one shared reference, and the
//! knob settings on the front; optionally SVG plots and an HTML page.

use crate::error::CliError;
use crate::output::{escape, page};
use clap::Args;
use globopt_core::pareto::Direction;
use globopt_moo::plots::{hypervolume_bars, pair_plots, parallel_coordinates};
use globopt_moo::{
    FrontReport, FrontSpec, MetricTable, MooError, Normalization, ObjectiveColumn, analyze,
};
use std::path::{Path, PathBuf};

/// Arguments of `globopt pareto`.
#[derive(Args)]
pub struct ParetoArgs {
    /// CSV file with a header row: one row per run, knob columns and metric columns.
    pub file: PathBuf,
    /// Metric columns to minimize (comma separated, repeatable). Without --min and --max,
    /// every numeric column (other than --group) is minimized.
    #[arg(long, value_delimiter = ',')]
    pub min: Vec<String>,
    /// Metric columns to maximize (comma separated, repeatable).
    #[arg(long, value_delimiter = ',')]
    pub max: Vec<String>,
    /// Reference point in the table's units, one value per objective in the order the
    /// objective columns appear in the file (default: worst value + 10% of the range).
    #[arg(long = "ref", value_delimiter = ',', allow_negative_numbers = true)]
    pub reference: Vec<f64>,
    /// Column whose values split the rows into groups (e.g. `model`), one front each.
    #[arg(long)]
    pub group: Option<String>,
    /// Knob columns to report for front rows (default: every other column).
    #[arg(long, value_delimiter = ',')]
    pub knobs: Vec<String>,
    /// Min–max normalize every objective over all rows before the hypervolume (the default
    /// reference is then 1.1 per objective).
    #[arg(long)]
    pub normalize: bool,
    /// Print the full report as JSON (otherwise a summary).
    #[arg(long)]
    pub json: bool,
    /// Also write report.json, the SVG plots and index.html into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn input(e: MooError) -> CliError {
    CliError::Input(e.to_string())
}

/// The objectives in file order, with the direction each flag gives; an error names a column
/// that is not in the file or that is both minimized and maximized.
fn objectives(table: &MetricTable, args: &ParetoArgs) -> Result<Vec<ObjectiveColumn>, CliError> {
    for (flag, names) in [("--min", &args.min), ("--max", &args.max)] {
        for name in names {
            table
                .column(name)
                .map_err(|e| CliError::Input(format!("{flag}: {e}")))?;
        }
    }
    if let Some(both) = args.min.iter().find(|c| args.max.contains(c)) {
        return Err(CliError::Input(format!(
            "column `{both}` is given to both --min and --max"
        )));
    }
    Ok(table
        .columns
        .iter()
        .filter_map(|c| {
            if args.min.contains(c) {
                Some(ObjectiveColumn::new(c, Direction::Minimize))
            } else if args.max.contains(c) {
                Some(ObjectiveColumn::new(c, Direction::Maximize))
            } else {
                None
            }
        })
        .collect())
}

/// Run the analysis, print JSON or a summary, and write the plots if asked. Exit code 0.
pub fn run(args: &ParetoArgs) -> Result<i32, CliError> {
    let table = MetricTable::from_csv_path(&args.file).map_err(input)?;
    let spec = FrontSpec {
        objectives: objectives(&table, args)?,
        group: args.group.clone(),
        knobs: (!args.knobs.is_empty()).then(|| args.knobs.clone()),
        reference: (!args.reference.is_empty()).then(|| args.reference.clone()),
        normalize: if args.normalize {
            Normalization::GlobalMinmax
        } else {
            Normalization::None
        },
    };
    let report = analyze(&table, &spec).map_err(input)?;
    if let Some(dir) = &args.out {
        write_outputs(dir, &report)?;
    }
    if args.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        println!("{json}");
    } else {
        print!("{}", summary(&report));
    }
    Ok(0)
}

/// The human-readable summary: objectives, reference, pooled front, one line per group.
fn summary(r: &FrontReport) -> String {
    let mut s = String::new();
    let objs: Vec<String> = r.objectives.iter().map(ObjectiveColumn::label).collect();
    s.push_str(&format!(
        "{}: {} rows, objectives {}\n",
        r.source,
        r.rows,
        objs.join(", ")
    ));
    s.push_str(&format!(
        "reference {:?}{}{}\n",
        r.reference,
        if r.reference_auto { " (automatic)" } else { "" },
        if r.scaling.kind == Normalization::GlobalMinmax {
            ", normalized"
        } else {
            ""
        }
    ));
    s.push_str(&format!(
        "pooled front: {} rows, hypervolume {:.10}\n",
        r.nondominated, r.hypervolume
    ));
    if r.groups.len() > 1 {
        for g in &r.groups {
            s.push_str(&format!(
                "  {:<16} rows {:>5}  front {:>4}  on pooled front {:>4}  hypervolume {:.10}  (#{})\n",
                g.name, g.rows, g.nondominated, g.on_pooled_front, g.hypervolume, g.hypervolume_rank
            ));
        }
    }
    s.push_str("Pareto-optimal rows:\n");
    for f in &r.pareto_optimal {
        let knobs: Vec<String> = f.knobs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        s.push_str(&format!(
            "  row {:>5}  {}  {:?}\n",
            f.row,
            knobs.join(" "),
            f.values
        ));
    }
    s
}

fn write(path: &Path, contents: &str) -> Result<(), CliError> {
    std::fs::write(path, contents)
        .map_err(|e| CliError::Internal(format!("{}: cannot write: {e}", path.display())))
}

/// report.json, one SVG per objective pair, parallel coordinates, hypervolume bars and an HTML
/// page with them.
fn write_outputs(dir: &Path, r: &FrontReport) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Internal(format!("{}: cannot create: {e}", dir.display())))?;
    let json = serde_json::to_string_pretty(r).map_err(|e| CliError::Internal(e.to_string()))?;
    write(&dir.join("report.json"), &(json + "\n"))?;
    let mut plots = pair_plots(r).map_err(input)?;
    plots.push((
        "parallel.svg".into(),
        parallel_coordinates(r).map_err(input)?,
    ));
    plots.push((
        "hypervolume.svg".into(),
        hypervolume_bars(r).map_err(input)?,
    ));
    let mut body = format!(
        "<p>{} rows; reference {:?}; pooled front {} rows, hypervolume {:.10}.</p>\n<table class=\"numbers\">\n",
        r.rows, r.reference, r.nondominated, r.hypervolume
    );
    for g in &r.groups {
        body.push_str(&format!(
            "<tr><th>{}</th><td>front {} of {} rows, hypervolume {:.10} (#{})</td></tr>\n",
            escape(&g.name),
            g.nondominated,
            g.rows,
            g.hypervolume,
            g.hypervolume_rank
        ));
    }
    body.push_str("</table>\n");
    for (file, svg) in &plots {
        write(&dir.join(file), svg)?;
        body.push_str(&format!(
            "<figure><img src=\"{}\" alt=\"{}\"></figure>\n",
            escape(file),
            escape(file)
        ));
    }
    write(
        &dir.join("index.html"),
        &page(&format!("globopt pareto {}", r.source), &body),
    )
}
