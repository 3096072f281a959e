//! SVG figures of a run (digest 25, "Report"): the convergence of the incumbent (or of
//! log10 simple regret when f* is known) against evaluations, and for 1-D and 2-D problems
//! the posterior mean (with ±2σ in 1-D) and the acquisition surface with the evaluated
//! points. Each function returns the SVG document as a string; the CLI writes the files.

use crate::acquisition::Acquisition;
use crate::ask_tell::HistoryEntry;
use crate::error::BayesError;
use crate::gp::Gp;
use globopt_core::plot::{Axes, Series, Style, chart, heatmap};

/// Incumbent (or simple regret on a log scale, when `f_star` is given) against evaluations,
/// with every successful observation as a marker.
pub fn convergence_svg(
    history: &[HistoryEntry],
    f_star: Option<f64>,
) -> Result<String, BayesError> {
    let n = |h: &HistoryEntry| (h.index + 1) as f64;
    let (axes, inc, obs) = match f_star {
        Some(f) => (
            Axes::new(
                "Bayesian optimization: simple regret",
                "evaluations",
                "regret f_best − f*",
            )
            .log_y(),
            history
                .iter()
                .filter_map(|h| h.incumbent.map(|v| (n(h), (v - f).max(1e-16))))
                .collect(),
            history
                .iter()
                .filter_map(|h| h.y.map(|v| (n(h), (v - f).max(1e-16))))
                .collect(),
        ),
        None => (
            Axes::new(
                "Bayesian optimization: incumbent",
                "evaluations",
                "best value",
            ),
            history
                .iter()
                .filter_map(|h| h.incumbent.map(|v| (n(h), v)))
                .collect(),
            history
                .iter()
                .filter_map(|h| h.y.map(|v| (n(h), v)))
                .collect(),
        ),
    };
    let series = [
        Series::new("observed", obs, Style::Points, 6),
        Series::new("incumbent", inc, Style::Step, 0),
    ];
    Ok(chart(&axes, &series, None, None)?)
}

/// For a 1-D GP: posterior mean and the ±2σ envelope over the box with the data points, on
/// `resolution` grid points.
pub fn posterior_1d_svg(gp: &Gp, resolution: usize) -> Result<String, BayesError> {
    if gp.dim() != 1 {
        return Err(BayesError::param(
            "plot",
            "posterior_1d_svg needs a 1-D model",
        ));
    }
    let b = gp.bounds();
    let (lo, hi) = (b.lower()[0], b.upper()[0]);
    let n = resolution.max(2);
    let xs: Vec<Vec<f64>> = (0..n)
        .map(|i| vec![lo + (hi - lo) * i as f64 / (n - 1) as f64])
        .collect();
    let pred = gp.predict_many(&xs);
    let mean: Vec<(f64, f64)> = xs.iter().zip(&pred).map(|(x, p)| (x[0], p.0)).collect();
    let upper = xs
        .iter()
        .zip(&pred)
        .map(|(x, p)| (x[0], p.0 + 2.0 * p.1.sqrt()))
        .collect();
    let lower = xs
        .iter()
        .zip(&pred)
        .map(|(x, p)| (x[0], p.0 - 2.0 * p.1.sqrt()))
        .collect();
    let data = gp
        .inputs()
        .iter()
        .zip(gp.outputs())
        .map(|(x, y)| (x[0], y))
        .collect();
    let series = [
        Series::new("mean + 2σ", upper, Style::Line, 5),
        Series::new("mean − 2σ", lower, Style::Line, 5),
        Series::new("posterior mean", mean, Style::Line, 0),
        Series::new("evaluations", data, Style::Highlight, 1),
    ];
    Ok(chart(
        &Axes::new("GP posterior", "x", "f(x)"),
        &series,
        Some((lo, hi)),
        None,
    )?)
}

/// For a 1-D problem: the acquisition over the box with the evaluated points marked on the
/// x-axis at the acquisition's minimum.
pub fn acquisition_1d_svg(
    acq: &dyn Acquisition,
    bounds: &globopt_core::Bounds,
    evaluated: &[Vec<f64>],
    resolution: usize,
) -> Result<String, BayesError> {
    if bounds.dim() != 1 {
        return Err(BayesError::param(
            "plot",
            "acquisition_1d_svg needs a 1-D box",
        ));
    }
    let (lo, hi) = (bounds.lower()[0], bounds.upper()[0]);
    let n = resolution.max(2);
    let curve: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let x = lo + (hi - lo) * i as f64 / (n - 1) as f64;
            (x, acq.value(&[x]))
        })
        .collect();
    let floor = curve
        .iter()
        .map(|p| p.1)
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let marks = evaluated.iter().map(|x| (x[0], floor)).collect();
    let series = [
        Series::new(acq.name(), curve, Style::Line, 2),
        Series::new("evaluations", marks, Style::Points, 1),
    ];
    Ok(chart(
        &Axes::new("acquisition", "x", acq.name()),
        &series,
        Some((lo, hi)),
        None,
    )?)
}

/// For a 2-D GP: a heatmap of the posterior mean with the evaluated points on top.
pub fn posterior_mean_2d_svg(gp: &Gp, resolution: usize) -> Result<String, BayesError> {
    if gp.dim() != 2 {
        return Err(BayesError::param(
            "plot",
            "posterior_mean_2d_svg needs a 2-D model",
        ));
    }
    let b = gp.bounds();
    let pts = gp.inputs().iter().map(|x| (x[0], x[1])).collect();
    let f = |x: f64, y: f64| gp.predict(&[x, y]).0;
    Ok(heatmap(
        &Axes::new("GP posterior mean", "x1", "x2"),
        &f,
        (b.lower()[0], b.upper()[0]),
        (b.lower()[1], b.upper()[1]),
        resolution,
        false,
        &[Series::new("evaluations", pts, Style::Highlight, 1)],
    )?)
}

/// Share of the grid drawn at the floor for log-scale criteria (`log_ei`): their values span
/// thousands of nats far from the data, which would spend the whole colour scale on
/// far-away cells; flooring at this quantile of the grid values keeps the gradation where
/// the next point would go.
const LOG_ACQUISITION_FLOOR_QUANTILE: f64 = 0.2;

/// For a 2-D problem: a heatmap of the acquisition with the evaluated points on top. A
/// log-scale criterion (name starting with `log`) is floored at the
/// [`LOG_ACQUISITION_FLOOR_QUANTILE`] quantile of its values on the plotting grid, and the
/// title says so.
pub fn acquisition_2d_svg(
    acq: &dyn Acquisition,
    bounds: &globopt_core::Bounds,
    evaluated: &[Vec<f64>],
    resolution: usize,
) -> Result<String, BayesError> {
    if bounds.dim() != 2 {
        return Err(BayesError::param(
            "plot",
            "acquisition_2d_svg needs a 2-D box",
        ));
    }
    let pts = evaluated.iter().map(|x| (x[0], x[1])).collect();
    let (lo, hi) = (bounds.lower(), bounds.upper());
    let (floor, title) = if acq.name().starts_with("log") {
        let n = resolution.max(2);
        let step = (n - 1) as f64;
        let mut values: Vec<f64> = (0..n * n)
            .map(|k| {
                let (i, j) = ((k % n) as f64, (k / n) as f64);
                acq.value(&[
                    lo[0] + (hi[0] - lo[0]) * i / step,
                    lo[1] + (hi[1] - lo[1]) * j / step,
                ])
            })
            .filter(|v| v.is_finite())
            .collect();
        values.sort_by(f64::total_cmp);
        let at = (LOG_ACQUISITION_FLOOR_QUANTILE * values.len() as f64) as usize;
        let floor = values.get(at).copied().unwrap_or(f64::NEG_INFINITY);
        let title = format!(
            "acquisition ({}; lowest {:.0}% of the grid at the floor)",
            acq.name(),
            100.0 * LOG_ACQUISITION_FLOOR_QUANTILE
        );
        (floor, title)
    } else {
        (f64::NEG_INFINITY, format!("acquisition ({})", acq.name()))
    };
    let f = |x: f64, y: f64| acq.value(&[x, y]).max(floor);
    Ok(heatmap(
        &Axes::new(&title, "x1", "x2"),
        &f,
        (lo[0], hi[0]),
        (lo[1], hi[1]),
        resolution,
        false,
        &[Series::new("evaluations", pts, Style::Highlight, 1)],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acquisition::LogExpectedImprovement;
    use crate::gp::GpConfig;
    use globopt_core::Bounds;

    #[test]
    fn figures_are_svg_documents() {
        let b1 = Bounds::new(vec![0.0], vec![3.0]).unwrap();
        let x1: Vec<Vec<f64>> = [0.2, 1.0, 2.2, 2.9].iter().map(|v| vec![*v]).collect();
        let y1: Vec<f64> = x1.iter().map(|x| x[0].sin()).collect();
        let gp = Gp::fit(&x1, &y1, &b1, &GpConfig::default(), None).unwrap();
        let acq = LogExpectedImprovement::new(&gp, -0.2);
        for svg in [
            posterior_1d_svg(&gp, 50).unwrap(),
            acquisition_1d_svg(&acq, &b1, &x1, 50).unwrap(),
        ] {
            assert!(svg.starts_with("<svg") && svg.contains("</svg>"));
        }
        assert!(posterior_mean_2d_svg(&gp, 10).is_err());
        let b2 = Bounds::unit(2);
        let x2: Vec<Vec<f64>> = vec![vec![0.1, 0.2], vec![0.8, 0.5], vec![0.4, 0.9]];
        let y2: Vec<f64> = x2.iter().map(|x| x[0] + x[1]).collect();
        let gp2 = Gp::fit(&x2, &y2, &b2, &GpConfig::default(), None).unwrap();
        let acq2 = LogExpectedImprovement::new(&gp2, 0.3);
        assert!(posterior_mean_2d_svg(&gp2, 12).unwrap().contains("<svg"));
        assert!(
            acquisition_2d_svg(&acq2, &b2, &x2, 12)
                .unwrap()
                .contains("<svg")
        );
        let history = vec![HistoryEntry {
            index: 0,
            x: vec![0.1],
            y: Some(1.0),
            failed: None,
            incumbent: Some(1.0),
            regret: Some(0.5),
            proposal: None,
        }];
        assert!(
            convergence_svg(&history, Some(0.5))
                .unwrap()
                .contains("<svg")
        );
        assert!(convergence_svg(&history, None).unwrap().contains("<svg"));
    }
}
