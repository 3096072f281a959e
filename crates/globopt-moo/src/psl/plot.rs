//! SVG plots of an SVH-PSL run (shared digest 21, "SVG"): the objective space with the
//! evaluated points, their non-dominated staircase, the predicted front and the true front,
//! and the log hypervolume difference against evaluations (median and interquartile band over
//! runs).

use super::solve::{HvPoint, PslSolution};
use crate::error::MooError;
use crate::plots::staircase;
use globopt_core::plot::{Axes, Series, Style, chart};

/// Objectives `a` and `b` of a run: evaluated points, the staircase of the non-dominated
/// ones, the predicted front (LCB at spread preferences) and, when given, the true front.
pub fn front_plot(
    solution: &PslSolution,
    true_front: Option<&[Vec<f64>]>,
    a: usize,
    b: usize,
    title: &str,
) -> Result<String, MooError> {
    let pts: Vec<[f64; 2]> = solution
        .trials
        .iter()
        .filter_map(|t| t.outcome.values().map(|v| [v[a], v[b]]))
        .collect();
    let mut series = Vec::new();
    if let Some(front) = true_front {
        let mut f: Vec<(f64, f64)> = front.iter().map(|v| (v[a], v[b])).collect();
        f.sort_by(|p, q| p.0.total_cmp(&q.0));
        series.push(Series::new("true front", f, Style::Points, 6));
    }
    series.push(Series::new(
        "evaluated",
        pts.iter().map(|p| (p[0], p[1])).collect(),
        Style::Points,
        0,
    ));
    series.push(Series::new(
        "non-dominated",
        staircase(&pts, [1.0, 1.0]),
        Style::Line,
        0,
    ));
    let mut pred: Vec<(f64, f64)> = solution
        .predicted_front
        .iter()
        .map(|v| (v[a], v[b]))
        .collect();
    pred.sort_by(|p, q| p.0.total_cmp(&q.0));
    if !pred.is_empty() {
        series.push(Series::new("predicted front (LCB)", pred, Style::Points, 1));
    }
    let axes = Axes::new(
        title,
        &format!("f{} (min)", a + 1),
        &format!("f{} (min)", b + 1),
    );
    Ok(chart(&axes, &series, None, None)?)
}

/// Log hypervolume difference against evaluations for one or more runs (seeds): the median
/// line and, with several runs, the band between the quartiles. `continuous` picks the LHD
/// against the continuous front instead of the discrete one.
pub fn lhd_plot(runs: &[&[HvPoint]], continuous: bool, title: &str) -> Result<String, MooError> {
    let len = runs.iter().map(|r| r.len()).min().unwrap_or(0);
    let value = |h: &HvPoint| if continuous { h.lhd_continuous } else { h.lhd };
    let mut median = Vec::with_capacity(len);
    let mut lower = Vec::with_capacity(len);
    let mut upper = Vec::with_capacity(len);
    for t in 0..len {
        let mut v: Vec<f64> = runs.iter().filter_map(|r| value(&r[t])).collect();
        if v.is_empty() {
            continue;
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| -> f64 {
            let pos = p * (v.len() - 1) as f64;
            let (i, frac) = (pos.floor() as usize, pos - pos.floor());
            let j = (i + 1).min(v.len() - 1);
            v[i] + frac * (v[j] - v[i])
        };
        let e = runs[0][t].evaluations as f64;
        median.push((e, q(0.5)));
        lower.push((e, q(0.25)));
        upper.push((e, q(0.75)));
    }
    if median.is_empty() {
        return Err(MooError::invalid(
            "lhd_plot",
            "no log hypervolume difference: the problem has no known front",
        ));
    }
    let mut series = Vec::new();
    if runs.len() > 1 {
        let mut band = lower.clone();
        band.extend(upper.iter().rev());
        series.push(Series::new("interquartile range", band, Style::Filled, 0));
    }
    series.push(Series::new(
        if runs.len() > 1 { "median" } else { "SVH-PSL" },
        median,
        Style::Line,
        0,
    ));
    let axes = Axes::new(title, "evaluations", "ln(HV* − HV)");
    Ok(chart(&axes, &series, None, None)?)
}
