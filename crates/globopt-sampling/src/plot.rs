//! SVG plots of a planning run (shared digest 13, "Outputs"): the world (obstacles filled, or
//! free regions with their walls), the tree's edges (faint), the path (bold), start and goal,
//! and optionally the GCS optimum's path (dashed) for comparison. Worlds of three or more
//! dimensions are drawn as their `x–y` projection.

use crate::error::SamplingError;
use crate::sampler::{Goal, SampleSet};
use crate::tree::Tree;
use crate::world::{Space, World};
use globopt_gcs::ConvexSet;
use globopt_gcs::geometry::outline;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Most tree edges drawn (beyond this, every k-th edge is drawn).
pub const MAX_TREE_EDGES: usize = 40_000;

/// What to draw.
#[derive(Debug, Clone, Copy)]
pub struct PlotInput<'a> {
    /// The world.
    pub world: &'a World,
    /// The start.
    pub start: &'a [f64],
    /// The goal.
    pub goal: &'a Goal,
    /// The nodes and tree of a run (edges drawn faint).
    pub tree: Option<(&'a SampleSet, &'a Tree)>,
    /// The planner's path (bold).
    pub path: Option<&'a [Vec<f64>]>,
    /// The GCS optimum's path (dashed).
    pub gcs_path: Option<&'a [Vec<f64>]>,
    /// The caption.
    pub title: &'a str,
}

fn plot_err(e: impl std::fmt::Display) -> SamplingError {
    SamplingError::Plot(e.to_string())
}

fn xy(p: &[f64]) -> (f64, f64) {
    (p[0], if p.len() > 1 { p[1] } else { 0.0 })
}

/// Wall pieces of a 2D box region: its four sides minus the stretches shared with a region it
/// has an edge to (an open passage).
fn box_walls(
    regions: &[ConvexSet],
    adjacency: &[Vec<usize>],
    i: usize,
) -> Vec<((f64, f64), (f64, f64))> {
    let ConvexSet::Box(b) = &regions[i] else {
        return Vec::new();
    };
    let (lo, hi) = (b.lo(), b.hi());
    let mut out = Vec::new();
    // side: fixed axis `a` at value `v`, running along axis `r` from lo[r] to hi[r]
    for (a, v) in [(0, lo[0]), (0, hi[0]), (1, lo[1]), (1, hi[1])] {
        let r = 1 - a;
        let mut open: Vec<(f64, f64)> = adjacency[i]
            .iter()
            .filter_map(|&j| match &regions[j] {
                ConvexSet::Box(c) if (c.lo()[a] == v || c.hi()[a] == v) => {
                    let s = c.lo()[r].max(lo[r]);
                    let e = c.hi()[r].min(hi[r]);
                    (s < e).then_some((s, e))
                }
                _ => None,
            })
            .collect();
        open.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut at = lo[r];
        let mut push = |s: f64, e: f64| {
            if e > s {
                let (p, q) = if a == 0 {
                    ((v, s), (v, e))
                } else {
                    ((s, v), (e, v))
                };
                out.push((p, q));
            }
        };
        for (s, e) in open {
            push(at, s);
            at = at.max(e);
        }
        push(at, hi[r]);
    }
    out
}

/// The SVG (see the module documentation).
pub fn plot_svg(input: &PlotInput<'_>) -> Result<String, SamplingError> {
    let w = input.world;
    let (lo, hi) = (xy(w.lo()), xy(w.hi()));
    let (lo, hi) = if w.dim() == 1 {
        ((lo.0, -0.5), (hi.0, 0.5))
    } else {
        (lo, hi)
    };
    let aspect = ((hi.1 - lo.1) / (hi.0 - lo.0).max(1e-12)).clamp(0.2, 3.0);
    let width = 820u32;
    let height = ((f64::from(width - 50) * aspect) as u32 + 70).max(200);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let pad = 0.01 * (hi.0 - lo.0).max(hi.1 - lo.1);
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .caption(input.title, ("sans-serif", 17))
            .x_label_area_size(28)
            .y_label_area_size(40)
            .build_cartesian_2d(lo.0 - pad..hi.0 + pad, lo.1 - pad..hi.1 + pad)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .draw()
            .map_err(plot_err)?;
        let shape = |s: &ConvexSet| -> Result<Vec<(f64, f64)>, SamplingError> {
            if s.dim() == 1 {
                let (l, h) = globopt_gcs::geometry::bounding_box(s)?;
                Ok(vec![(l[0], -0.5), (h[0], -0.5), (h[0], 0.5), (l[0], 0.5)])
            } else {
                Ok(outline(s, 0, 1)?)
            }
        };
        match w.space() {
            Space::Obstacles(obs) => {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [lo, hi],
                        RGBColor(120, 120, 120).stroke_width(1),
                    )))
                    .map_err(plot_err)?;
                let polys = obs.iter().map(shape).collect::<Result<Vec<_>, _>>()?;
                chart
                    .draw_series(
                        polys
                            .into_iter()
                            .map(|p| Polygon::new(p, RGBColor(90, 90, 100).mix(0.85).filled())),
                    )
                    .map_err(plot_err)?;
            }
            Space::Regions { regions, adjacency } => {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [lo, hi],
                        RGBColor(70, 70, 80).filled(),
                    )))
                    .map_err(plot_err)?;
                let polys = regions.iter().map(shape).collect::<Result<Vec<_>, _>>()?;
                chart
                    .draw_series(
                        polys
                            .iter()
                            .map(|p| Polygon::new(p.clone(), WHITE.filled())),
                    )
                    .map_err(plot_err)?;
                let wall = RGBColor(40, 40, 50).stroke_width(2);
                if w.dim() == 2 && regions.iter().all(|r| matches!(r, ConvexSet::Box(_))) {
                    let walls: Vec<_> = (0..regions.len())
                        .flat_map(|i| box_walls(regions, adjacency, i))
                        .collect();
                    chart
                        .draw_series(
                            walls
                                .into_iter()
                                .map(|(p, q)| PathElement::new(vec![p, q], wall)),
                        )
                        .map_err(plot_err)?;
                } else {
                    chart
                        .draw_series(polys.into_iter().map(|mut p| {
                            p.push(p[0]);
                            PathElement::new(p, RGBColor(150, 150, 160).stroke_width(1))
                        }))
                        .map_err(plot_err)?;
                }
            }
        }
        if let Goal::Region([glo, ghi]) = input.goal {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [xy(glo), xy(ghi)],
                    RGBColor(213, 94, 0).mix(0.25).filled(),
                )))
                .map_err(plot_err)?;
        }
        if let Some((samples, tree)) = input.tree {
            let edges: Vec<(usize, usize)> = tree.edges().collect();
            let step = edges.len().div_ceil(MAX_TREE_EDGES).max(1);
            let style = RGBColor(86, 150, 220).mix(0.55).stroke_width(1);
            chart
                .draw_series(edges.iter().step_by(step).map(|&(p, c)| {
                    PathElement::new(vec![xy(samples.point(p)), xy(samples.point(c))], style)
                }))
                .map_err(plot_err)?;
        }
        if let Some(path) = input.gcs_path {
            let pts: Vec<(f64, f64)> = path.iter().map(|p| xy(p)).collect();
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    pts,
                    7,
                    5,
                    RGBColor(0, 158, 115).stroke_width(3),
                )))
                .map_err(plot_err)?
                .label("GCS optimum")
                .legend(|(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + 18, y)],
                        RGBColor(0, 158, 115).stroke_width(3),
                    )
                });
        }
        if let Some(path) = input.path {
            let pts: Vec<(f64, f64)> = path.iter().map(|p| xy(p)).collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    pts,
                    RGBColor(213, 94, 0).stroke_width(3),
                )))
                .map_err(plot_err)?
                .label("planner path")
                .legend(|(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + 18, y)],
                        RGBColor(213, 94, 0).stroke_width(3),
                    )
                });
        }
        let mut ends = vec![Circle::new(
            xy(input.start),
            6,
            RGBColor(20, 150, 60).filled(),
        )];
        if let Goal::Point(g) = input.goal {
            ends.push(Circle::new(xy(g), 6, RGBColor(200, 30, 30).filled()));
        }
        chart.draw_series(ends).map_err(plot_err)?;
        if input.path.is_some() || input.gcs_path.is_some() {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}
