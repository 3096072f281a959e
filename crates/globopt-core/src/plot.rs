//! SVG charts shared by every capability: line charts (convergence, traces), scatter plots
//! and heatmaps of 2-D functions with points on top.
//!
//! Each function returns the SVG document as a string (libraries never write files; the CLI
//! does). Charts use plotters' SVG backend without system fonts, so they render the same on
//! every machine.

use crate::error::CoreError;
use plotters::prelude::*;

/// Colors cycled through by series without an explicit color (a colour-blind-safe palette).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(240, 228, 66),
];

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Straight segments between consecutive points.
    Line,
    /// A staircase: each value holds until the next x (incumbents over evaluations).
    Step,
    /// Markers only.
    Points,
    /// Markers, larger and outlined (optima, best points).
    Highlight,
    /// A closed polygon outline (regions, circles).
    Polygon,
    /// A filled polygon with transparency (regions).
    Filled,
}

/// One series of a chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend label (empty: no legend entry).
    pub label: String,
    /// The points `(x, y)`.
    pub points: Vec<(f64, f64)>,
    /// How to draw it.
    pub style: Style,
    /// Palette index (see [`PALETTE`]).
    pub color: usize,
}

impl Series {
    /// A series with a label, points, style and palette color.
    pub fn new(label: &str, points: Vec<(f64, f64)>, style: Style, color: usize) -> Self {
        Series {
            label: label.to_string(),
            points,
            style,
            color,
        }
    }
}

/// Axes and title of a chart.
#[derive(Debug, Clone)]
pub struct Axes {
    /// Chart title.
    pub title: String,
    /// x-axis label.
    pub x_label: String,
    /// y-axis label.
    pub y_label: String,
    /// Plot `log10(y)` (non-positive values are dropped).
    pub log_y: bool,
    /// Keep one unit of x equal to one unit of y (maps, regions).
    pub equal_aspect: bool,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Axes {
    /// Axes with a title and labels, linear scales, 640×420 pixels.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        Axes {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            log_y: false,
            equal_aspect: false,
            size: (640, 420),
        }
    }
    /// The same axes with a log10 y-scale.
    pub fn log_y(mut self) -> Self {
        self.log_y = true;
        self
    }
    /// The same axes with equal x and y scales.
    pub fn equal_aspect(mut self) -> Self {
        self.equal_aspect = true;
        self
    }
    /// The same axes at another size.
    pub fn sized(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }
}

fn plot_err(e: impl std::fmt::Display) -> CoreError {
    CoreError::param("plot", e.to_string())
}

fn transform(axes: &Axes, pts: &[(f64, f64)]) -> Vec<(f64, f64)> {
    pts.iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite() && (!axes.log_y || *y > 0.0))
        .map(|&(x, y)| if axes.log_y { (x, y.log10()) } else { (x, y) })
        .collect()
}

/// The range `[lo, hi]` of values padded by 5% (or ±0.5 for a single value).
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= 1e-12 * (1.0 + lo.abs()) {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo - 0.05 * span, hi + 0.05 * span)
    }
}

/// A chart of several series (lines, staircases, markers, polygons) with a legend.
/// `x_range`/`y_range` override the data ranges.
pub fn chart(
    axes: &Axes,
    series: &[Series],
    x_range: Option<(f64, f64)>,
    y_range: Option<(f64, f64)>,
) -> Result<String, CoreError> {
    let data: Vec<Vec<(f64, f64)>> = series.iter().map(|s| transform(axes, &s.points)).collect();
    let all = data.iter().flatten();
    let (mut xl, mut xh, mut yl, mut yh) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for &(x, y) in all {
        xl = xl.min(x);
        xh = xh.max(x);
        yl = yl.min(y);
        yh = yh.max(y);
    }
    let (mut xr, mut yr) = (padded(xl, xh), padded(yl, yh));
    if let Some(r) = x_range {
        xr = r;
    }
    if let Some(r) = y_range {
        yr = if axes.log_y {
            (r.0.max(1e-300).log10(), r.1.max(1e-300).log10())
        } else {
            r
        };
    }
    let (mut w, h) = axes.size;
    if axes.equal_aspect {
        // widen the canvas so that both axes have the same units per pixel
        let plot_h = h.saturating_sub(90).max(50) as f64;
        let ratio = (xr.1 - xr.0) / (yr.1 - yr.0).max(1e-12);
        w = ((plot_h * ratio) as u32 + 90).clamp(200, 1400);
    }
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut c = ChartBuilder::on(&root)
            .caption(&axes.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)
            .map_err(plot_err)?;
        let y_desc = if axes.log_y {
            format!("log10 {}", axes.y_label)
        } else {
            axes.y_label.clone()
        };
        c.configure_mesh()
            .x_desc(axes.x_label.as_str())
            .y_desc(y_desc)
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_err)?;
        let mut any_label = false;
        for (s, pts) in series.iter().zip(&data) {
            let col = PALETTE[s.color % PALETTE.len()];
            let label = s.label.clone();
            let anno = match s.style {
                Style::Line => c
                    .draw_series(LineSeries::new(pts.clone(), col.stroke_width(2)))
                    .map_err(plot_err)?,
                Style::Step => {
                    let mut stepped = Vec::with_capacity(2 * pts.len());
                    for (i, &(x, y)) in pts.iter().enumerate() {
                        if i > 0 {
                            stepped.push((x, pts[i - 1].1));
                        }
                        stepped.push((x, y));
                    }
                    c.draw_series(LineSeries::new(stepped, col.stroke_width(2)))
                        .map_err(plot_err)?
                }
                Style::Points => c
                    .draw_series(
                        pts.iter()
                            .map(|&p| Circle::new(p, 3, col.mix(0.8).filled())),
                    )
                    .map_err(plot_err)?,
                Style::Highlight => c
                    .draw_series(pts.iter().map(|&p| Circle::new(p, 6, col.filled())))
                    .map_err(plot_err)?,
                Style::Polygon => {
                    let mut closed = pts.clone();
                    if let Some(&first) = pts.first() {
                        closed.push(first);
                    }
                    c.draw_series(LineSeries::new(closed, col.stroke_width(2)))
                        .map_err(plot_err)?
                }
                Style::Filled => c
                    .draw_series(std::iter::once(plotters::element::Polygon::new(
                        pts.clone(),
                        col.mix(0.25).filled(),
                    )))
                    .map_err(plot_err)?,
            };
            if !label.is_empty() {
                any_label = true;
                anno.label(label).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 4), (x + 14, y + 4)], col.filled())
                });
            }
        }
        if any_label {
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

/// A heatmap of `f` over the rectangle `x_range × y_range` on a `resolution²` grid (colors
/// from the lowest to the highest value, optionally of `log10(f − min + 1e-12)`), with
/// series drawn on top (evaluated points, optima, paths).
pub fn heatmap(
    axes: &Axes,
    f: &dyn Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    resolution: usize,
    log_values: bool,
    overlays: &[Series],
) -> Result<String, CoreError> {
    let n = resolution.max(2);
    let dx = (x_range.1 - x_range.0) / n as f64;
    let dy = (y_range.1 - y_range.0) / n as f64;
    let mut vals = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            vals[i * n + j] = f(
                x_range.0 + (i as f64 + 0.5) * dx,
                y_range.0 + (j as f64 + 0.5) * dy,
            );
        }
    }
    let finite = vals.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    let scale = |v: f64| -> f64 {
        if !v.is_finite() || hi <= lo || !hi.is_finite() {
            return 0.0;
        }
        if log_values {
            ((v - lo + 1e-12).log10() - 1e-12f64.log10())
                / ((hi - lo + 1e-12).log10() - 1e-12f64.log10())
        } else {
            (v - lo) / (hi - lo)
        }
    };
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, axes.size).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut c = ChartBuilder::on(&root)
            .caption(&axes.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
            .map_err(plot_err)?;
        c.configure_mesh()
            .x_desc(axes.x_label.as_str())
            .y_desc(axes.y_label.as_str())
            .disable_mesh()
            .draw()
            .map_err(plot_err)?;
        c.draw_series((0..n * n).map(|k| {
            let (i, j) = (k / n, k % n);
            let x0 = x_range.0 + i as f64 * dx;
            let y0 = y_range.0 + j as f64 * dy;
            let t = scale(vals[k]).clamp(0.0, 1.0);
            Rectangle::new([(x0, y0), (x0 + dx, y0 + dy)], viridis(t).filled())
        }))
        .map_err(plot_err)?;
        let mut any_label = false;
        for s in overlays {
            let col = PALETTE[s.color % PALETTE.len()];
            let anno = match s.style {
                Style::Line | Style::Step | Style::Polygon | Style::Filled => c
                    .draw_series(LineSeries::new(s.points.clone(), col.stroke_width(2)))
                    .map_err(plot_err)?,
                Style::Points => c
                    .draw_series(
                        s.points
                            .iter()
                            .map(|&p| Circle::new(p, 3, ShapeStyle::from(&WHITE).filled())),
                    )
                    .map_err(plot_err)?,
                Style::Highlight => c
                    .draw_series(s.points.iter().map(|&p| Circle::new(p, 6, col.filled())))
                    .map_err(plot_err)?,
            };
            if !s.label.is_empty() {
                any_label = true;
                let label_col = if s.style == Style::Points { WHITE } else { col };
                anno.label(s.label.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 4), (x + 14, y + 4)], label_col.filled())
                });
            }
        }
        if any_label {
            c.configure_series_labels()
                .background_style(BLACK.mix(0.6))
                .label_font(("sans-serif", 13).into_font().color(&WHITE))
                .position(SeriesLabelPosition::UpperRight)
                .draw()
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(buf)
}

/// The viridis colour map at `t ∈ [0, 1]` (piecewise-linear through five of its stops).
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, [f64; 3]); 5] = [
        (0.0, [68.0, 1.0, 84.0]),
        (0.25, [59.0, 82.0, 139.0]),
        (0.5, [33.0, 145.0, 140.0]),
        (0.75, [94.0, 201.0, 98.0]),
        (1.0, [253.0, 231.0, 37.0]),
    ];
    let t = t.clamp(0.0, 1.0);
    for w in STOPS.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if t <= b {
            let u = (t - a) / (b - a);
            let mix = |k: usize| (ca[k] + u * (cb[k] - ca[k])).round() as u8;
            return RGBColor(mix(0), mix(1), mix(2));
        }
    }
    RGBColor(253, 231, 37)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_contain_their_series() {
        let s = vec![
            Series::new(
                "incumbent",
                vec![(1.0, 10.0), (2.0, 1.0), (5.0, 0.1)],
                Style::Step,
                0,
            ),
            Series::new("", vec![(3.0, 2.0)], Style::Highlight, 1),
        ];
        let svg = chart(&Axes::new("t", "evaluations", "f").log_y(), &s, None, None).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("incumbent"));
        // a polyline for the staircase and a circle for the highlight
        assert!(svg.contains("<polyline") && svg.contains("<circle"));
        let hm = heatmap(
            &Axes::new("h", "x", "y"),
            &|x, y| x * x + y * y,
            (-1.0, 1.0),
            (-1.0, 1.0),
            10,
            false,
            &[Series::new("pts", vec![(0.0, 0.0)], Style::Points, 0)],
        )
        .unwrap();
        assert!(hm.matches("<rect").count() >= 100);
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
    }
}
