//! SVG plots of a planned trajectory (shared digest 01, "Outputs"): the regions (in 2D with
//! the passages between them) and the densely sampled path, start and goal (2D as one panel, 3D as the `x–y`, `x–z` and `y–z`
//! projections), and the speed over time with the per-axis velocity bound.

use crate::error::GcsError;
use crate::geometry::{bounding_box, outline};
use crate::plot::{draw_regions, plot_err};
use crate::trajectory::{Trajectory, TrajectoryProblem};
use globopt_core::plot::{Axes, Series, Style, chart};
use plotters::prelude::*;

/// The regions and the trajectory (sampled at `samples_per_segment` points per segment, the
/// segment joints marked), with `title` above; `width` is one panel's width in pixels.
pub fn trajectory_svg(
    problem: &TrajectoryProblem,
    trajectory: Option<&Trajectory>,
    samples_per_segment: usize,
    title: &str,
    width: u32,
) -> Result<String, GcsError> {
    let n = problem.dim();
    let axes: Vec<(usize, usize)> = match n {
        1 | 2 => vec![(0, n - 1)],
        _ => vec![(0, 1), (0, 2), (1, 2)],
    };
    let project = |p: &[f64], (i, j): (usize, usize)| {
        if n == 1 { (p[0], 0.5) } else { (p[i], p[j]) }
    };
    let samples = trajectory.map(|t| t.sample(samples_per_segment));
    let mut panels = Vec::with_capacity(axes.len());
    for &(i, j) in &axes {
        let polys = problem
            .regions()
            .iter()
            .map(|r| {
                if n == 1 {
                    let (lo, hi) = bounding_box(r)?;
                    Ok(vec![(lo[0], 0.0), (hi[0], 0.0), (hi[0], 1.0), (lo[0], 1.0)])
                } else {
                    outline(r, i, j)
                }
            })
            .collect::<Result<Vec<_>, GcsError>>()?;
        let mut lo = (f64::INFINITY, f64::INFINITY);
        let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for &(x, y) in polys.iter().flatten() {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        panels.push((polys, lo, hi));
    }
    let (_, lo0, hi0) = &panels[0];
    let aspect = ((hi0.1 - lo0.1) / (hi0.0 - lo0.0).max(1e-12)).clamp(0.2, 2.0);
    let panel_w = width.max(100);
    let height = ((f64::from(panel_w) * aspect) as u32 + 60).max(160);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (panel_w * axes.len() as u32, height))
            .into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        for (k, area) in root.split_evenly((1, axes.len())).iter().enumerate() {
            let (polys, lo, hi) = &panels[k];
            let (i, j) = axes[k];
            let pad = (
                0.02 * (hi.0 - lo.0).max(1e-9),
                0.02 * (hi.1 - lo.1).max(1e-9),
            );
            let caption = if axes.len() == 1 {
                title.to_string()
            } else {
                format!("{title} (x{} – x{})", i + 1, j + 1)
            };
            let mut chart = ChartBuilder::on(area)
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(40)
                .caption(caption, ("sans-serif", 16))
                .build_cartesian_2d(lo.0 - pad.0..hi.0 + pad.0, lo.1 - pad.1..hi.1 + pad.1)
                .map_err(plot_err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .draw()
                .map_err(plot_err)?;
            draw_regions(&mut chart, polys, if n > 2 { 0.5 } else { 1.0 })?;
            if n <= 2 {
                // the passages between regions (in a maze, where the walls are not)
                let center = |p: &Vec<(f64, f64)>| {
                    let m = p.len().max(1) as f64;
                    (
                        p.iter().map(|q| q.0).sum::<f64>() / m,
                        p.iter().map(|q| q.1).sum::<f64>() / m,
                    )
                };
                let style = RGBColor(175, 185, 200).stroke_width(1);
                chart
                    .draw_series(problem.region_edges().iter().filter(|(a, b)| a < b).map(
                        |&(a, b)| {
                            PathElement::new(vec![center(&polys[a]), center(&polys[b])], style)
                        },
                    ))
                    .map_err(plot_err)?;
            }
            if let (Some(traj), Some(samples)) = (trajectory, &samples) {
                let path: Vec<(f64, f64)> = samples
                    .iter()
                    .map(|s| project(&s.position, (i, j)))
                    .collect();
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        path,
                        RGBColor(210, 40, 40).stroke_width(2),
                    )))
                    .map_err(plot_err)?;
                chart
                    .draw_series(traj.segments.iter().skip(1).map(|seg| {
                        Circle::new(
                            project(&seg.curve.evaluate(0.0), (i, j)),
                            2,
                            RGBColor(60, 60, 60).filled(),
                        )
                    }))
                    .map_err(plot_err)?;
            }
            chart
                .draw_series([
                    Circle::new(
                        project(problem.start(), (i, j)),
                        5,
                        RGBColor(20, 150, 60).filled(),
                    ),
                    Circle::new(
                        project(problem.goal(), (i, j)),
                        5,
                        RGBColor(210, 40, 40).filled(),
                    ),
                ])
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// Speed over time: `|q̇ᵢ(t)|` per axis and the Euclidean speed `‖q̇(t)‖`, with the per-axis
/// bounds `velocity_max` as horizontal lines (dense samples, `samples_per_segment` per
/// segment).
pub fn speed_svg(
    trajectory: &Trajectory,
    velocity_max: Option<&[f64]>,
    samples_per_segment: usize,
    title: &str,
) -> Result<String, GcsError> {
    let samples = trajectory.sample(samples_per_segment);
    let n = samples.first().map_or(0, |s| s.velocity.len());
    let mut series = Vec::new();
    series.push(Series::new(
        "‖q̇‖",
        samples
            .iter()
            .map(|s| (s.t, s.velocity.iter().map(|v| v * v).sum::<f64>().sqrt()))
            .collect(),
        Style::Line,
        6,
    ));
    for i in 0..n {
        series.push(Series::new(
            &format!("|q̇{}|", i + 1),
            samples.iter().map(|s| (s.t, s.velocity[i].abs())).collect(),
            Style::Line,
            i,
        ));
    }
    if let Some(vmax) = velocity_max {
        for (i, &v) in vmax.iter().enumerate() {
            let same = vmax[..i].contains(&v);
            if !same {
                series.push(Series::new(
                    &format!("bound {v}"),
                    vec![(0.0, v), (trajectory.total_time, v)],
                    Style::Line,
                    4,
                ));
            }
        }
    }
    chart(
        &Axes::new(title, "time", "speed"),
        &series,
        Some((0.0, trajectory.total_time.max(1e-9))),
        None,
    )
    .map_err(plot_err)
}
