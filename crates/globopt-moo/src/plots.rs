//! SVG plots of a front analysis (shared digest 12, "SVG"): one staircase plot per pair of
//! objectives with one colour per group (for three or more objectives these are the pairwise
//! projections, with the rows on each group's full front highlighted), parallel coordinates of
//! all rows with the pooled front in colour, and the groups' hypervolumes as bars.
//!
//! Every axis label carries its direction (`realism (max)`); staircases are built in
//! minimization form and mapped back, so they step the right way for maximized axes.

use crate::error::MooError;
use crate::fronts::FrontReport;
use globopt_core::pareto::{Duplicates, nondominated};
use globopt_core::plot::{Axes, PALETTE, Series, Style, chart};
use plotters::prelude::*;

fn plot_err(e: impl std::fmt::Display) -> MooError {
    MooError::invalid("plot", e.to_string())
}

/// The 2-D staircase through `points` (table units) for the directions of the two axes: the
/// non-dominated points in minimization form sorted by the first coordinate, joined through
/// the corners `(z1_{i+1}, z2_i)`, mapped back to table units.
pub fn staircase(points: &[[f64; 2]], signs: [f64; 2]) -> Vec<(f64, f64)> {
    let z: Vec<[f64; 2]> = points
        .iter()
        .map(|p| [signs[0] * p[0], signs[1] * p[1]])
        .collect();
    let mut front: Vec<[f64; 2]> = nondominated(&z, Duplicates::KeepFirst)
        .map(|idx| idx.into_iter().map(|i| z[i]).collect())
        .unwrap_or_default();
    front.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let mut line = Vec::with_capacity(2 * front.len());
    for (i, p) in front.iter().enumerate() {
        if i > 0 {
            line.push((signs[0] * p[0], signs[1] * front[i - 1][1]));
        }
        line.push((signs[0] * p[0], signs[1] * p[1]));
    }
    line
}

fn sign(report: &FrontReport, j: usize) -> f64 {
    report.objectives[j].direction.oriented(1.0)
}

/// The plot of objectives `a` against `b`: every row as a point coloured by group, each
/// group's 2-D front of this pair as a staircase, and, with three or more objectives, the rows
/// on the group's front over all objectives as larger markers.
pub fn pair_plot(report: &FrontReport, a: usize, b: usize) -> Result<String, MooError> {
    let m = report.objectives.len();
    if a >= m || b >= m || a == b {
        return Err(MooError::invalid(
            "pair",
            format!("({a}, {b}) is not a pair of distinct objectives among {m}"),
        ));
    }
    let signs = [sign(report, a), sign(report, b)];
    let mut series = Vec::new();
    for (k, g) in report.groups.iter().enumerate() {
        let rows: Vec<usize> = (0..report.rows)
            .filter(|&i| report.group_of[i] == k)
            .collect();
        let pts: Vec<[f64; 2]> = rows
            .iter()
            .map(|&i| [report.values[i][a], report.values[i][b]])
            .collect();
        let label = if report.groups.len() > 1 {
            g.name.as_str()
        } else {
            "runs"
        };
        series.push(Series::new(
            label,
            pts.iter().map(|p| (p[0], p[1])).collect(),
            Style::Points,
            k,
        ));
        if m >= 3 {
            series.push(Series::new(
                "",
                g.front
                    .iter()
                    .map(|&i| (report.values[i][a], report.values[i][b]))
                    .collect(),
                Style::Highlight,
                k,
            ));
        }
        series.push(Series::new("", staircase(&pts, signs), Style::Line, k));
    }
    let (oa, ob) = (&report.objectives[a], &report.objectives[b]);
    let title = if m == 2 {
        "Pareto front".to_string()
    } else {
        format!("Pareto front, projection on {} × {}", oa.column, ob.column)
    };
    Ok(chart(
        &Axes::new(&title, &oa.label(), &ob.label()),
        &series,
        None,
        None,
    )?)
}

/// Every pair plot, named `front_<a>_<b>.svg` after the columns.
pub fn pair_plots(report: &FrontReport) -> Result<Vec<(String, String)>, MooError> {
    let m = report.objectives.len();
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    let mut out = Vec::new();
    for a in 0..m {
        for b in a + 1..m {
            let name = format!(
                "front_{}_{}.svg",
                clean(&report.objectives[a].column),
                clean(&report.objectives[b].column)
            );
            out.push((name, pair_plot(report, a, b)?));
        }
    }
    Ok(out)
}

/// Parallel coordinates: one vertical axis per objective, scaled so that the best value over
/// the table is at the top (1) and the worst at the bottom (0); rows on the pooled front are
/// drawn in their group's colour, the others in light grey.
pub fn parallel_coordinates(report: &FrontReport) -> Result<String, MooError> {
    let m = report.objectives.len();
    let best = &report.scaling.ideal;
    let worst = &report.scaling.nadir;
    let scaled = |i: usize, j: usize| -> f64 {
        let span = best[j] - worst[j];
        if span == 0.0 {
            0.5
        } else {
            (report.values[i][j] - worst[j]) / span
        }
    };
    let labels: Vec<String> = report.objectives.iter().map(|o| o.label()).collect();
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (760, 440)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut c = ChartBuilder::on(&root)
            .caption("Parallel coordinates (top = best)", ("sans-serif", 18))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(-0.2f64..(m as f64 - 0.8), -0.05f64..1.05f64)
            .map_err(plot_err)?;
        c.configure_mesh()
            .disable_mesh()
            .x_labels(m)
            .x_label_formatter(&|x| {
                let k = x.round();
                if (x - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < labels.len() {
                    labels[k as usize].clone()
                } else {
                    String::new()
                }
            })
            .y_desc("scaled value")
            .draw()
            .map_err(plot_err)?;
        for j in 0..m {
            c.draw_series(LineSeries::new(
                vec![(j as f64, 0.0), (j as f64, 1.0)],
                BLACK.mix(0.5).stroke_width(1),
            ))
            .map_err(plot_err)?;
        }
        let line =
            |i: usize| -> Vec<(f64, f64)> { (0..m).map(|j| (j as f64, scaled(i, j))).collect() };
        for i in (0..report.rows).filter(|&i| report.ranks[i] > 0) {
            c.draw_series(LineSeries::new(
                line(i),
                RGBColor(200, 200, 200).stroke_width(1),
            ))
            .map_err(plot_err)?;
        }
        for (k, g) in report.groups.iter().enumerate() {
            let col = PALETTE[k % PALETTE.len()];
            let mut first = true;
            for i in (0..report.rows).filter(|&i| report.ranks[i] == 0 && report.group_of[i] == k) {
                let anno = c
                    .draw_series(LineSeries::new(line(i), col.stroke_width(2)))
                    .map_err(plot_err)?;
                if first && report.groups.len() > 1 {
                    anno.label(g.name.clone()).legend(move |(x, y)| {
                        Rectangle::new([(x, y - 4), (x + 14, y + 4)], col.filled())
                    });
                    first = false;
                }
            }
        }
        if report.groups.len() > 1 {
            c.configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .position(SeriesLabelPosition::UpperRight)
                .draw()
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(buf)
}

/// The hypervolume of every group as a bar (one colour per group, legend with the values),
/// against the report's shared reference.
pub fn hypervolume_bars(report: &FrontReport) -> Result<String, MooError> {
    let series: Vec<Series> = report
        .groups
        .iter()
        .enumerate()
        .map(|(k, g)| {
            let (x0, x1, h) = (k as f64 + 0.1, k as f64 + 0.9, g.hypervolume);
            Series::new(
                &format!("{}: {:.6}", g.name, h),
                vec![(x0, 0.0), (x1, 0.0), (x1, h), (x0, h)],
                Style::Filled,
                k,
            )
        })
        .collect();
    let top = report
        .groups
        .iter()
        .map(|g| g.hypervolume)
        .fold(0.0, f64::max);
    let axes = Axes::new(
        "Hypervolume per group (shared reference)",
        "group",
        "hypervolume",
    );
    Ok(chart(
        &axes,
        &series,
        Some((0.0, report.groups.len() as f64)),
        Some((0.0, if top > 0.0 { 1.15 * top } else { 1.0 })),
    )?)
}
