//! SVG plots of a planning instance and its solution (shared digest 01, "Outputs"): the
//! regions, the graph (segments between region centers), the relaxation's flows shaded by
//! `φ`, the rounded path, start and goal. Worlds of three or more dimensions are drawn as
//! their `x–y` and `x–z` projections side by side.

use crate::error::GcsError;
use crate::geometry::{bounding_box, outline};
use crate::instance::RegionProblem;
use crate::shortest_path::GcsSolution;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// What to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlotOptions {
    /// Width in pixels of one panel (default 800); the height follows the data's aspect.
    pub width: u32,
    /// A caption above the plot.
    pub title: Option<String>,
    /// Draw the graph's edges (default true).
    pub show_graph: bool,
    /// Draw the relaxation's flows, opacity `∝ φ` (default true).
    pub show_flows: bool,
    /// Flows at or below this are not drawn (default 1e-3).
    pub flow_threshold: f64,
}

impl Default for PlotOptions {
    fn default() -> Self {
        PlotOptions {
            width: 800,
            title: None,
            show_graph: true,
            show_flows: true,
            flow_threshold: 1e-3,
        }
    }
}

pub(crate) fn plot_err(e: impl std::fmt::Display) -> GcsError {
    GcsError::Plot(e.to_string())
}

/// A 2D chart over `f64` axes drawn into an SVG string.
pub(crate) type SvgChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The regions' outlines: filled light grey (at `fill_alpha`) where they have an area, with a
/// grey border; shared by the shortest-path and trajectory plots.
pub(crate) fn draw_regions(
    chart: &mut SvgChart,
    polys: &[Vec<(f64, f64)>],
    fill_alpha: f64,
) -> Result<(), GcsError> {
    let fill = RGBColor(225, 232, 240).mix(fill_alpha).filled();
    let line = RGBColor(140, 150, 165).stroke_width(1);
    chart
        .draw_series(
            polys
                .iter()
                .filter(|p| p.len() >= 3)
                .map(|p| Polygon::new(p.clone(), fill)),
        )
        .map_err(plot_err)?;
    chart
        .draw_series(polys.iter().filter(|p| p.len() >= 2).map(|p| {
            let mut closed = p.clone();
            closed.push(p[0]);
            PathElement::new(closed, line)
        }))
        .map_err(plot_err)?;
    Ok(())
}

/// The 2D outline of every region on axes `(i, j)`; a 1D world is drawn on a band `[0, 1]`.
fn outlines(problem: &RegionProblem, i: usize, j: usize) -> Result<Vec<Vec<(f64, f64)>>, GcsError> {
    problem
        .regions()
        .iter()
        .map(|r| {
            if r.dim() == 1 {
                let (lo, hi) = bounding_box(r)?;
                Ok(vec![(lo[0], 0.0), (hi[0], 0.0), (hi[0], 1.0), (lo[0], 1.0)])
            } else {
                outline(r, i, j)
            }
        })
        .collect()
}

/// The SVG plot of `problem` with an optional `solution` (see the module documentation).
pub fn plot_svg(
    problem: &RegionProblem,
    solution: Option<&GcsSolution>,
    options: &PlotOptions,
) -> Result<String, GcsError> {
    let n = problem.dim();
    let axes: Vec<(usize, usize)> = match n {
        1 | 2 => vec![(0, n - 1)],
        _ => vec![(0, 1), (0, 2)],
    };
    let project = |p: &[f64], (i, j): (usize, usize)| {
        if n == 1 { (p[0], 0.5) } else { (p[i], p[j]) }
    };
    let mut panels = Vec::with_capacity(axes.len());
    for &(i, j) in &axes {
        let polys = outlines(problem, i, j)?;
        let mut lo = (f64::INFINITY, f64::INFINITY);
        let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        let extra = [
            project(problem.start(), (i, j)),
            project(problem.goal(), (i, j)),
        ];
        for &(x, y) in polys.iter().flatten().chain(extra.iter()) {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        panels.push((polys, lo, hi));
    }
    let (_, lo0, hi0) = &panels[0];
    let aspect = ((hi0.1 - lo0.1) / (hi0.0 - lo0.0).max(1e-12)).clamp(0.25, 2.0);
    let panel_w = options.width.max(100);
    let height = ((f64::from(panel_w) * aspect) as u32 + 60).max(160);
    let total_w = panel_w * axes.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (total_w, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let areas = root.split_evenly((1, axes.len()));
        for (k, area) in areas.iter().enumerate() {
            let (polys, lo, hi) = &panels[k];
            let (i, j) = axes[k];
            let extra = [
                project(problem.start(), (i, j)),
                project(problem.goal(), (i, j)),
            ];
            let pad_x = 0.02 * (hi.0 - lo.0).max(1e-9);
            let pad_y = 0.02 * (hi.1 - lo.1).max(1e-9);
            let caption = match (&options.title, axes.len()) {
                (Some(t), 1) => t.clone(),
                (Some(t), _) => format!("{t} (x{} – x{})", i + 1, j + 1),
                (None, 1) => String::new(),
                (None, _) => format!("x{} – x{}", i + 1, j + 1),
            };
            let mut builder = ChartBuilder::on(area);
            builder
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(40);
            if !caption.is_empty() {
                builder.caption(caption, ("sans-serif", 18));
            }
            let mut chart = builder
                .build_cartesian_2d(lo.0 - pad_x..hi.0 + pad_x, lo.1 - pad_y..hi.1 + pad_y)
                .map_err(plot_err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .draw()
                .map_err(plot_err)?;
            let region_line = RGBColor(140, 150, 165).stroke_width(1);
            draw_regions(&mut chart, polys, 1.0)?;
            chart
                .draw_series(
                    polys
                        .iter()
                        .filter(|p| p.len() == 1)
                        .map(|p| Circle::new(p[0], 3, region_line)),
                )
                .map_err(plot_err)?;
            let centers: Vec<(f64, f64)> = polys
                .iter()
                .map(|p| {
                    let m = p.len().max(1) as f64;
                    (
                        p.iter().map(|q| q.0).sum::<f64>() / m,
                        p.iter().map(|q| q.1).sum::<f64>() / m,
                    )
                })
                .collect();
            let vertex_point = |v: usize| {
                if v == problem.source() {
                    extra[0]
                } else if v == problem.target() {
                    extra[1]
                } else {
                    centers[v]
                }
            };
            let gcs = problem.gcs();
            if options.show_graph {
                let style = RGBColor(190, 190, 190).stroke_width(1);
                chart
                    .draw_series(gcs.edges().iter().map(|e| {
                        PathElement::new(vec![vertex_point(e.from()), vertex_point(e.to())], style)
                    }))
                    .map_err(plot_err)?;
            }
            if let (true, Some(sol)) = (options.show_flows, solution) {
                chart
                    .draw_series(
                        gcs.edges()
                            .iter()
                            .zip(&sol.flows)
                            .filter(|(_, f)| **f > options.flow_threshold)
                            .map(|(e, &f)| {
                                let style =
                                    RGBColor(30, 90, 200).mix(f.clamp(0.0, 1.0)).stroke_width(3);
                                PathElement::new(
                                    vec![vertex_point(e.from()), vertex_point(e.to())],
                                    style,
                                )
                            }),
                    )
                    .map_err(plot_err)?;
            }
            if let Some(sol) = solution {
                let path: Vec<(f64, f64)> = sol.points.iter().map(|p| project(p, (i, j))).collect();
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        path,
                        RGBColor(210, 40, 40).stroke_width(3),
                    )))
                    .map_err(plot_err)?;
            }
            chart
                .draw_series([
                    Circle::new(extra[0], 6, RGBColor(20, 150, 60).filled()),
                    Circle::new(extra[1], 6, RGBColor(210, 40, 40).filled()),
                ])
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}
