//! SVG of a perception-metric scene (shared digest 29, "CLI"): the static world, the true
//! objects (solid, at their mean position, with their support dashed when uncertain) and the
//! perceived ones (dashed), the actions coloured by `Δξ(a*, a)`, with `a*` and `â`
//! highlighted; and the false-positive map as a heatmap.

use super::objects::{Position, UncertainObject};
use super::{TipProblem, TipSolution};
use crate::error::SamplingError;
use crate::world::Space;
use globopt_core::plot::{Axes, Series, Style, heatmap, viridis};
use globopt_gcs::geometry::outline;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

fn plot_err(e: impl std::fmt::Display) -> SamplingError {
    SamplingError::Plot(e.to_string())
}

fn xy(p: &[f64]) -> (f64, f64) {
    (p[0], if p.len() > 1 { p[1] } else { 0.0 })
}

fn mean_center(o: &UncertainObject) -> Vec<f64> {
    match &o.position {
        Position::Fixed(x) => x.clone(),
        Position::Gaussian { mean, .. } => mean.clone(),
        Position::Uniform([lo, hi]) => lo.iter().zip(hi).map(|(a, b)| 0.5 * (a + b)).collect(),
    }
}

/// The box drawn for an object: its size around the mean (a thin band for point objects).
fn object_rect(o: &UncertainObject, extent: f64) -> ((f64, f64), (f64, f64)) {
    let c = mean_center(o);
    let half: Vec<f64> = o
        .size
        .iter()
        .map(|s| (0.5 * s).max(0.004 * extent))
        .collect();
    let lo: Vec<f64> = c.iter().zip(&half).map(|(a, h)| a - h).collect();
    let hi: Vec<f64> = c.iter().zip(&half).map(|(a, h)| a + h).collect();
    if c.len() == 1 {
        ((lo[0], -0.25), (hi[0], 0.25))
    } else {
        (xy(&lo), xy(&hi))
    }
}

fn dashed_rect(
    a: (f64, f64),
    b: (f64, f64),
    style: ShapeStyle,
) -> DashedPathElement<std::vec::IntoIter<(f64, f64)>, i32> {
    DashedPathElement::new(vec![a, (b.0, a.1), b, (a.0, b.1), a], 6, 4, style)
}

/// The scene SVG (see the module documentation).
pub fn scene_svg(
    problem: &TipProblem,
    sol: &TipSolution,
    title: &str,
) -> Result<String, SamplingError> {
    let w = &problem.world;
    let one_d = w.dim() == 1;
    let (lo, hi) = if one_d {
        ((w.lo()[0], -1.0), (w.hi()[0], 1.0))
    } else {
        (xy(w.lo()), xy(w.hi()))
    };
    let extent = (hi.0 - lo.0).max(hi.1 - lo.1);
    let aspect = ((hi.1 - lo.1) / (hi.0 - lo.0).max(1e-12)).clamp(0.25, 2.0);
    let (width, height) = (820u32, ((770.0 * aspect) as u32 + 70).max(240));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .caption(title, ("sans-serif", 16))
            .x_label_area_size(28)
            .y_label_area_size(40)
            .build_cartesian_2d(lo.0..hi.0, lo.1..hi.1)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .draw()
            .map_err(plot_err)?;
        if let Space::Obstacles(obs) = w.space() {
            if !one_d {
                let polys = obs
                    .iter()
                    .map(|o| outline(o, 0, 1))
                    .collect::<Result<Vec<_>, _>>()?;
                chart
                    .draw_series(
                        polys
                            .into_iter()
                            .map(|p| Polygon::new(p, RGBColor(90, 90, 100).mix(0.8).filled())),
                    )
                    .map_err(plot_err)?;
            }
        }
        let min_dxi = sol.actions.iter().map(|r| r.delta_xi).fold(0.0, f64::min);
        for (k, (a, row)) in problem.actions.iter().zip(&sol.actions).enumerate() {
            if a.waypoints.is_empty() {
                continue;
            }
            let t = if min_dxi < 0.0 {
                row.delta_xi / min_dxi
            } else {
                0.0
            };
            let (color, width) = if row.name == sol.a_star {
                (RGBColor(0, 158, 115), 5)
            } else if row.name == sol.a_hat {
                (RGBColor(213, 40, 40), 5)
            } else {
                (viridis(1.0 - t), 2)
            };
            let y = if one_d { 0.5 - 0.15 * k as f64 } else { 0.0 };
            let pts: Vec<(f64, f64)> = a
                .waypoints
                .iter()
                .map(|p| if one_d { (p[0], y) } else { xy(p) })
                .collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    pts,
                    color.stroke_width(width),
                )))
                .map_err(plot_err)?
                .label(format!("{} (Δξ = {:.3})", row.name, row.delta_xi))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
                });
        }
        let truth_style = RGBColor(20, 20, 20).stroke_width(2);
        for o in &problem.truth {
            let (a, b) = object_rect(o, extent);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [a, b],
                    RGBColor(230, 159, 0).mix(0.7).filled(),
                )))
                .map_err(plot_err)?;
            chart
                .draw_series(std::iter::once(Rectangle::new([a, b], truth_style)))
                .map_err(plot_err)?;
        }
        let perceived_style = RGBColor(0, 114, 178).stroke_width(2);
        for o in &problem.perceived {
            let (a, b) = object_rect(o, extent);
            chart
                .draw_series(std::iter::once(dashed_rect(a, b, perceived_style)))
                .map_err(plot_err)?;
            if let Position::Uniform([l, h]) = &o.position {
                let (a, b) = if one_d {
                    ((l[0], -0.3), (h[0], 0.3))
                } else {
                    (xy(l), xy(h))
                };
                chart
                    .draw_series(std::iter::once(dashed_rect(
                        a,
                        b,
                        RGBColor(0, 114, 178).mix(0.5).stroke_width(1),
                    )))
                    .map_err(plot_err)?;
            }
        }
        let ends: Vec<(f64, f64)> = [&problem.ego.start, &problem.ego.goal]
            .iter()
            .map(|p| if one_d { (p[0], 0.0) } else { xy(p) })
            .collect();
        chart
            .draw_series([
                Circle::new(ends[0], 6, RGBColor(20, 150, 60).filled()),
                Circle::new(ends[1], 6, RGBColor(200, 30, 30).filled()),
            ])
            .map_err(plot_err)?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// The false-positive map as a heatmap (TIP of a phantom object at each cell), or `None` when
/// the solution has no map.
pub fn false_positive_svg(
    problem: &TipProblem,
    sol: &TipSolution,
) -> Result<Option<String>, SamplingError> {
    let Some(map) = &sol.false_positive_map else {
        return Ok(None);
    };
    let (x0, x1) = (map.x_edges[0], map.x_edges[map.x_edges.len() - 1]);
    let (y0, y1) = (map.y_edges[0], map.y_edges[map.y_edges.len() - 1]);
    let lookup = |x: f64, y: f64| -> f64 {
        let i = map
            .x_edges
            .partition_point(|e| *e <= x)
            .clamp(1, map.x_edges.len() - 1)
            - 1;
        let j = map
            .y_edges
            .partition_point(|e| *e <= y)
            .clamp(1, map.y_edges.len() - 1)
            - 1;
        map.tip[i][j]
    };
    let paths: Vec<Series> = problem
        .actions
        .iter()
        .filter(|a| !a.waypoints.is_empty())
        .enumerate()
        .map(|(k, a)| {
            Series::new(
                &a.name,
                a.waypoints.iter().map(|p| xy(p)).collect(),
                Style::Line,
                k % 6,
            )
        })
        .collect();
    let svg = heatmap(
        &Axes::new(
            "TIP of a phantom object at each cell (false positives)",
            "x1",
            "x2",
        ),
        &lookup,
        (x0, x1),
        (y0, y1),
        map.tip.len().max(2),
        false,
        &paths,
    )
    .map_err(plot_err)?;
    Ok(Some(svg))
}
