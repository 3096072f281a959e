//! SVG plots of a CBO solve (shared digest 10, "Report"): particle-cloud snapshots on a 2-D
//! problem, and the median and interquartile range across runs of the best value against
//! evaluations. Each function returns the SVG document as a string; writing it is the
//! caller's business. Colours and the line chart come from globopt-core's shared plots.

use crate::error::SwarmError;
use crate::problem::Problem;
use crate::solution::{CboSolution, RunHistory, quartiles};
use globopt_core::Objective;
use globopt_core::plot::{Axes, Series, Style, chart, viridis};
use plotters::prelude::*;

fn plot_err<E: std::fmt::Display>(e: E) -> SwarmError {
    SwarmError::Plot(e.to_string())
}

/// Cells per side of the landscape shaded behind the particles.
const LANDSCAPE_CELLS: usize = 40;
/// Samples per side within a cell (the cell shows their minimum).
const CELL_SAMPLES: usize = 3;
/// Colour levels of the landscape.
const LANDSCAPE_LEVELS: f64 = 12.0;

/// One shaded rectangle of the landscape: lower-left corner, size, colour.
type Cell = ([f64; 2], [f64; 2], RGBColor);

/// The objective over `[x0, x1] × [y0, y1]` as shaded rectangles: a 40 × 40 grid whose cells
/// show the minimum of 3 × 3 samples (so narrow basins such as Rastrigin's are not aliased
/// away), coloured by `log(1 + f − min f)` in 12 viridis levels, with equal neighbours along
/// x merged to keep the SVG small. Failed evaluations are grey.
fn landscape_cells(f: &dyn Objective, (x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> Vec<Cell> {
    let n = LANDSCAPE_CELLS;
    let (dx, dy) = ((x1 - x0) / n as f64, (y1 - y0) / n as f64);
    let k = CELL_SAMPLES as f64;
    let mut values = vec![None; n * n];
    for j in 0..n {
        for i in 0..n {
            let mut best: Option<f64> = None;
            for a in 0..CELL_SAMPLES {
                for b in 0..CELL_SAMPLES {
                    let p = [
                        x0 + (i as f64 + (a as f64 + 0.5) / k) * dx,
                        y0 + (j as f64 + (b as f64 + 0.5) / k) * dy,
                    ];
                    if let Some(v) = f.evaluate(&p).value() {
                        best = Some(best.map_or(v, |m: f64| m.min(v)));
                    }
                }
            }
            values[j * n + i] = best;
        }
    }
    let fmin = values
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let top = values
        .iter()
        .flatten()
        .map(|v| (v - fmin).ln_1p())
        .fold(0.0, f64::max)
        .max(1e-300);
    let level = |v: Option<f64>| {
        v.map(|v| ((v - fmin).ln_1p() / top * (LANDSCAPE_LEVELS - 1.0)).round() as i64)
    };
    let mut cells = Vec::new();
    for j in 0..n {
        let mut i = 0;
        while i < n {
            let l = level(values[j * n + i]);
            let mut end = i + 1;
            while end < n && level(values[j * n + end]) == l {
                end += 1;
            }
            let color = l.map_or(RGBColor(200, 200, 200), |l| {
                viridis(l as f64 / (LANDSCAPE_LEVELS - 1.0))
            });
            cells.push((
                [x0 + i as f64 * dx, y0 + j as f64 * dy],
                [(end - i) as f64 * dx, dy],
                color,
            ));
            i = end;
        }
    }
    cells
}

/// Particle clouds of run 0 at the recorded iterations ([`crate::CboParams::snapshots`]), one
/// panel each, over the problem's domain (or its initial box): particles as dots, the consensus
/// as a red cross, known minimizers as triangles, and, when `landscape` is given, the objective
/// shaded on a 40 × 40 grid (see `landscape_cells`). Errors unless the problem is 2-D and
/// snapshots were recorded.
pub fn snapshots_svg(
    solution: &CboSolution,
    problem: &Problem,
    landscape: Option<&dyn Objective>,
) -> Result<String, SwarmError> {
    if problem.dim() != 2 {
        return Err(SwarmError::Plot(format!(
            "particle snapshots need a 2-D problem, this one has {} variables",
            problem.dim()
        )));
    }
    if solution.snapshots.is_empty() {
        return Err(SwarmError::Plot(
            "no snapshots were recorded; set `snapshots` to the iterations to show".into(),
        ));
    }
    let window = problem.domain.as_ref().unwrap_or(&problem.init_box);
    let (lo, hi) = (window.lower(), window.upper());
    let (x0, x1, y0, y1) = (lo[0], hi[0], lo[1], hi[1]);
    if x1 <= x0 || y1 <= y0 {
        return Err(SwarmError::Plot(
            "the plotting window has zero width".into(),
        ));
    }
    let shade = landscape.map(|f| landscape_cells(f, (x0, x1), (y0, y1)));

    let n = solution.snapshots.len();
    let cols = n.min(3);
    let rows = n.div_ceil(cols);
    let (pw, ph) = (330u32, 320u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (pw * cols as u32, ph * rows as u32 + 30))
            .into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (title, body) = root.split_vertically(30);
        title
            .titled(
                "particle cloud of run 0 (dots), consensus (red cross), minimizers (triangles)",
                ("sans-serif", 15),
            )
            .map_err(plot_err)?;
        let panels = body.split_evenly((rows, cols));
        for (snap, area) in solution.snapshots.iter().zip(panels.iter()) {
            let inside: Vec<(f64, f64)> = snap
                .particles
                .iter()
                .filter(|p| p.len() == 2 && (x0..=x1).contains(&p[0]) && (y0..=y1).contains(&p[1]))
                .map(|p| (p[0], p[1]))
                .collect();
            let outside = snap.particles.len() - inside.len();
            let caption = if outside > 0 {
                format!("iteration {} ({outside} outside)", snap.iteration)
            } else {
                format!("iteration {}", snap.iteration)
            };
            let mut chart = ChartBuilder::on(area)
                .caption(caption, ("sans-serif", 14))
                .margin(6)
                .x_label_area_size(22)
                .y_label_area_size(32)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(plot_err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(5)
                .y_labels(5)
                .label_style(("sans-serif", 10))
                .draw()
                .map_err(plot_err)?;
            if let Some(cells) = &shade {
                chart
                    .draw_series(cells.iter().map(|(a, w, c)| {
                        Rectangle::new([(a[0], a[1]), (a[0] + w[0], a[1] + w[1])], c.filled())
                    }))
                    .map_err(plot_err)?;
            }
            chart
                .draw_series(
                    problem
                        .x_star
                        .iter()
                        .filter(|s| s.len() == 2)
                        .map(|s| TriangleMarker::new((s[0], s[1]), 7, MAGENTA.filled())),
                )
                .map_err(plot_err)?;
            chart
                .draw_series(
                    inside
                        .iter()
                        .map(|&(a, b)| Circle::new((a, b), 3, WHITE.filled().stroke_width(1))),
                )
                .map_err(plot_err)?;
            chart
                .draw_series(inside.iter().map(|&(a, b)| Circle::new((a, b), 3, BLACK)))
                .map_err(plot_err)?;
            if let Some(c) = &snap.consensus
                && c.len() == 2
            {
                chart
                    .draw_series(std::iter::once(Cross::new(
                        (c[0], c[1]),
                        7,
                        RED.stroke_width(3),
                    )))
                    .map_err(plot_err)?;
            }
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// Smallest value shown on a log axis.
const LOG_FLOOR: f64 = 1e-16;

/// One curve across runs: at each sampled iteration, the evaluations per run and the quartiles
/// of a history column over the runs (a run that stopped keeps its last sample).
struct Band {
    x: Vec<f64>,
    q1: Vec<f64>,
    median: Vec<f64>,
    q3: Vec<f64>,
}

fn band(
    histories: &[RunHistory],
    column: impl Fn(&RunHistory, usize) -> Option<f64>,
    shift: f64,
    floor: Option<f64>,
) -> Band {
    let mut its: Vec<u64> = histories
        .iter()
        .flat_map(|h| h.iteration.iter().copied())
        .collect();
    its.sort_unstable();
    its.dedup();
    let mut out = Band {
        x: Vec::new(),
        q1: Vec::new(),
        median: Vec::new(),
        q3: Vec::new(),
    };
    for t in its {
        // evaluations per run at iteration t, from any run that sampled exactly t
        let Some(evals) = histories.iter().find_map(|h| {
            let i = h.index_at(t)?;
            (h.iteration[i] == t).then(|| h.evaluations[i])
        }) else {
            continue;
        };
        let vals: Vec<f64> = histories
            .iter()
            .filter_map(|h| h.index_at(t).and_then(|i| column(h, i)))
            .map(|v| floor.map_or(v - shift, |f| (v - shift).max(f)))
            .collect();
        if let Some(q) = quartiles(&vals) {
            out.x.push(evals as f64);
            out.q1.push(q.q1);
            out.median.push(q.median);
            out.q3.push(q.q3);
        }
    }
    out
}

/// The best value against evaluations per run: median (line) and interquartile range (band)
/// across runs, and the median weighted energy `Σwf/Σw` of the consensus. With a known optimal
/// value `f_star` the curves show `f − f*` on a log scale (floored at 1e-16); without one the
/// raw values on a linear scale. Drawn with globopt-core's shared chart.
pub fn energy_svg(solution: &CboSolution, f_star: Option<f64>) -> Result<String, SwarmError> {
    let hist = &solution.history;
    let log = f_star.is_some();
    let (shift, floor) = (f_star.unwrap_or(0.0), log.then_some(LOG_FLOOR));
    let best = band(hist, |h, i| h.best_f[i], shift, floor);
    let consensus = band(hist, |h, i| h.weighted_energy[i], shift, floor);
    if best.x.is_empty() {
        return Err(SwarmError::Plot("no finite values were recorded".into()));
    }
    let zip = |x: &[f64], y: &[f64]| x.iter().copied().zip(y.iter().copied()).collect::<Vec<_>>();
    let mut area = zip(&best.x, &best.q3);
    area.extend(zip(&best.x, &best.q1).into_iter().rev());
    let runs = hist.len();
    let mut axes = Axes::new(
        &format!(
            "best value over {runs} run{}: median and interquartile range",
            if runs == 1 { "" } else { "s" }
        ),
        "evaluations per run",
        if log { "(best f − f*)" } else { "best f" },
    )
    .sized(760, 440);
    if log {
        axes = axes.log_y();
    }
    let series = [
        Series::new("best f, interquartile range", area, Style::Filled, 0),
        Series::new("best f, median", zip(&best.x, &best.median), Style::Line, 0),
        Series::new(
            "consensus energy Σwf/Σw, median",
            zip(&consensus.x, &consensus.median),
            Style::Line,
            1,
        ),
    ];
    Ok(chart(&axes, &series, None, None)?)
}
