//! SVG plots (shared digest 02, "Plots"): the solution cone in two kernel coordinates when
//! the nullity is 2, and the composition matrix as a heatmap. Each function returns the SVG
//! document as a string; writing it is the caller's business.

use crate::balance::{Balance, SolutionKind};
use crate::error::ChemError;
use crate::exact::{PivotMap, rank};
use crate::matrix::{Row, System};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn plot_err<E: std::fmt::Display>(e: E) -> ChemError {
    ChemError::Plot(e.to_string())
}

/// Two species whose coefficients determine a balance (independent rows of the kernel basis),
/// fixed-side species first, in the order written.
fn cone_axes(b: &Balance) -> Result<PivotMap, ChemError> {
    let n = b.system.n();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&j| (b.system.sigma(j).is_none(), j));
    let mut chosen = Vec::new();
    let mut rows: Vec<Vec<BigInt>> = Vec::new();
    for j in order {
        if chosen.len() == 2 {
            break;
        }
        rows.push(b.kernel.iter().map(|v| v[j].clone()).collect());
        if rank(&rows) == rows.len() {
            chosen.push(j);
        } else {
            rows.pop();
        }
    }
    PivotMap::new(&b.kernel, chosen)
        .map_err(ChemError::Overflow)?
        .ok_or_else(|| ChemError::Plot("no two species span the kernel".into()))
}

/// The part of the window `[x0, x1] × [y0, y1]` (which holds the origin) between the rays at
/// angles `lo ≤ hi` from the origin: the origin, where the first ray leaves the window, the
/// window's corners in between, and where the second ray leaves it.
fn cone_polygon(lo: f64, hi: f64, (x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> Vec<(f64, f64)> {
    let exit = |a: f64| {
        let (dx, dy) = (a.cos(), a.sin());
        let tx = if dx > 1e-12 {
            x1 / dx
        } else if dx < -1e-12 {
            x0 / dx
        } else {
            f64::INFINITY
        };
        let ty = if dy > 1e-12 {
            y1 / dy
        } else if dy < -1e-12 {
            y0 / dy
        } else {
            f64::INFINITY
        };
        let t = tx.min(ty);
        (t * dx, t * dy)
    };
    let mut corners: Vec<(f64, (f64, f64))> = [(x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        .into_iter()
        .map(|c| (c.1.atan2(c.0), c))
        .filter(|(a, _)| *a > lo && *a < hi)
        .collect();
    corners.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut poly = vec![(0.0, 0.0), exit(lo)];
    poly.extend(corners.into_iter().map(|c| c.1));
    poly.push(exit(hi));
    poly
}

/// The solution cone of a nullity-2 balance in the coordinates of two species' coefficients:
/// the cone shaded, its lattice points (every balance with the written sides), the Hilbert
/// basis (labelled), the min-sum answer and, in half-reaction mode, the half-reaction answer.
/// Errors unless the nullity is 2 and an answer exists.
pub fn cone_svg(b: &Balance) -> Result<String, ChemError> {
    if b.nullity != 2 {
        return Err(ChemError::Plot(format!(
            "the cone is drawn for nullity 2; this set has nullity {}",
            b.nullity
        )));
    }
    let map = cone_axes(b)?;
    let (px, py) = (map.pivots[0], map.pivots[1]);
    let sx = b.system.sigma(px).unwrap_or(1) as i128;
    let sy = b.system.sigma(py).unwrap_or(1) as i128;
    let coord = |nu: &[BigInt]| -> Option<(f64, f64)> {
        Some((
            (&nu[px] * BigInt::from(sx)).to_f64()?,
            (&nu[py] * BigInt::from(sy)).to_f64()?,
        ))
    };
    let marked: Vec<(SolutionKind, (f64, f64), String)> = b
        .solutions
        .iter()
        .filter(|s| s.kind != SolutionKind::Circuit)
        .filter_map(|s| coord(&s.stoichiometry).map(|p| (s.kind, p, s.text.clone())))
        .collect();
    if marked.is_empty() {
        return Err(ChemError::Plot("no balance to draw".into()));
    }
    let xmax = marked.iter().map(|m| m.1.0).fold(1.0, f64::max) * 1.3;
    let ymax = marked.iter().map(|m| m.1.1).fold(1.0, f64::max) * 1.3;
    let xmin = marked.iter().map(|m| m.1.0).fold(0.0, f64::min) * 1.3;
    let ymin = marked.iter().map(|m| m.1.1).fold(0.0, f64::min) * 1.3;
    // lattice points of the cone inside the window
    let mut lattice = Vec::new();
    let (x0, x1) = (xmin.floor() as i128, xmax.ceil() as i128);
    let (y0, y1) = (ymin.floor() as i128, ymax.ceil() as i128);
    if (x1 - x0 + 1).saturating_mul(y1 - y0 + 1) <= 40_000 {
        for xi in x0..=x1 {
            for yi in y0..=y1 {
                if let Some(nu) = map.point(&[xi * sx, yi * sy])
                    && b.system.fixed().all(|j| {
                        let s = b.system.sigma(j).unwrap_or(1) as i128;
                        nu[j] * s >= 0
                    })
                    && nu.iter().any(|&v| v != 0)
                {
                    lattice.push((xi as f64, yi as f64));
                }
            }
        }
    }
    // the cone's two boundary directions: extreme angles of the Hilbert basis
    let angles: Vec<f64> = marked
        .iter()
        .filter(|m| m.0 == SolutionKind::Hilbert)
        .map(|m| m.1.1.atan2(m.1.0))
        .collect();
    let name = |j: usize| b.system.columns[j].species.source.clone();
    // legend entries: (marker, colour, text); Hilbert points first so the answers sit on top
    let blue = RGBColor(31, 119, 180);
    let red = RGBColor(214, 39, 40);
    let green = RGBColor(44, 160, 44);
    let mut legend: Vec<(char, RGBColor, String)> = Vec::new();
    let mut hilbert_points = Vec::new();
    let mut answers = Vec::new();
    for (kind, p, text) in &marked {
        match kind {
            SolutionKind::Hilbert => {
                hilbert_points.push(*p);
                legend.push(('o', blue, format!("h{}: {text}", hilbert_points.len())));
            }
            SolutionKind::HalfReaction => {
                answers.push((*p, green));
                legend.push(('^', green, format!("half-reaction: {text}")));
            }
            _ => {
                answers.push((*p, red));
                legend.push(('^', red, format!("min-sum: {text}")));
            }
        }
    }
    legend.push((
        '.',
        RGBColor(150, 150, 150),
        "lattice points: every balance with the written sides".into(),
    ));
    let legend_height = 16 + 20 * legend.len() as u32;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (820, 560 + legend_height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (top, bottom) = root.split_vertically(560);
        let mut chart = ChartBuilder::on(&top)
            .caption(
                format!("Balances of {} (nullity 2)", b.equation),
                ("sans-serif", 16),
            )
            .margin(14)
            .x_label_area_size(42)
            .y_label_area_size(52)
            .build_cartesian_2d(xmin..xmax, ymin..ymax)
            .map_err(plot_err)?;
        let ticks = |lo: f64, hi: f64| ((hi - lo).floor() as usize + 1).clamp(2, 12);
        chart
            .configure_mesh()
            .x_desc(format!("coefficient of {}", name(px)))
            .y_desc(format!("coefficient of {}", name(py)))
            .x_labels(ticks(xmin, xmax))
            .y_labels(ticks(ymin, ymax))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_err)?;
        if let (Some(lo), Some(hi)) = (
            angles.iter().copied().reduce(f64::min),
            angles.iter().copied().reduce(f64::max),
        ) {
            let poly = cone_polygon(lo, hi, (xmin, xmax), (ymin, ymax));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    RGBColor(70, 130, 180).mix(0.12).filled(),
                )))
                .map_err(plot_err)?;
        }
        chart
            .draw_series(
                lattice
                    .iter()
                    .map(|&p| Circle::new(p, 2, RGBColor(150, 150, 150).filled())),
            )
            .map_err(plot_err)?;
        for (i, p) in hilbert_points.iter().enumerate() {
            chart
                .draw_series([
                    Circle::new(*p, 6, blue.filled()).into_dyn(),
                    Text::new(
                        format!("h{}", i + 1),
                        *p,
                        ("sans-serif", 13)
                            .into_font()
                            .color(&BLACK)
                            .pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )
                    .into_dyn(),
                ])
                .map_err(plot_err)?;
        }
        for (p, colour) in &answers {
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    *p,
                    11,
                    colour.stroke_width(3),
                )))
                .map_err(plot_err)?;
        }
        for (i, (marker, colour, text)) in legend.iter().enumerate() {
            let y = 12 + 20 * i as i32;
            let shape: DynElement<SVGBackend, (i32, i32)> = match marker {
                'o' => Circle::new((24, y), 5, colour.filled()).into_dyn(),
                '^' => TriangleMarker::new((24, y), 7, colour.stroke_width(2)).into_dyn(),
                _ => Circle::new((24, y), 2, colour.filled()).into_dyn(),
            };
            bottom.draw(&shape).map_err(plot_err)?;
            bottom
                .draw(&Text::new(
                    text.clone(),
                    (40, y),
                    ("sans-serif", 13)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// The composition matrix as a heatmap: one row per element (Hill order) and the charge, one
/// column per species in the order written (medium species last), reactant entries blue,
/// product entries orange, medium (free) entries green, shade ∝ |entry|. A row label in red
/// marks an element that occurs on one side only, which no balance can conserve.
pub fn matrix_svg(system: &System) -> Result<String, ChemError> {
    let (m, n) = (system.rows.len(), system.n());
    let cell = 46i32;
    // columns wide enough for the longest species label (about 8 px per character at 13 px)
    let longest = system
        .columns
        .iter()
        .map(|c| c.species.source.chars().count())
        .max()
        .unwrap_or(1);
    let col = cell.max(8 * longest as i32 + 10);
    let left = 90i32;
    let top = 110i32;
    let width = (left + col * n as i32 + 30).max(520) as u32;
    let height = (top + cell * m as i32 + 60) as u32;
    let max = system
        .a
        .iter()
        .flatten()
        .map(|x| x.unsigned_abs())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let font = |size: i32, color: RGBColor, h: HPos| {
            ("sans-serif", size)
                .into_font()
                .color(&color)
                .pos(Pos::new(h, VPos::Center))
        };
        root.draw(&Text::new(
            "Composition matrix: elements and charge × species",
            (12, 18),
            font(15, BLACK, HPos::Left),
        ))
        .map_err(plot_err)?;
        for (j, c) in system.columns.iter().enumerate() {
            let x = left + col * j as i32 + col / 2;
            let side = match c.side {
                Some(crate::Side::Reactant) => "reactant",
                Some(crate::Side::Product) => "product",
                None => "medium",
            };
            root.draw(&Text::new(
                c.species.source.clone(),
                (x, top - 40),
                font(13, BLACK, HPos::Center),
            ))
            .map_err(plot_err)?;
            root.draw(&Text::new(
                side,
                (x, top - 20),
                font(10, RGBColor(90, 90, 90), HPos::Center),
            ))
            .map_err(plot_err)?;
        }
        for (i, row) in system.rows.iter().enumerate() {
            let y = top + cell * i as i32;
            let users: Vec<Option<i64>> = (0..n)
                .filter(|&j| system.a[i][j] != 0)
                .map(|j| system.sigma(j))
                .collect();
            let one_sided = matches!(row, Row::Element(_))
                && users
                    .first()
                    .is_some_and(|s| s.is_some() && users.iter().all(|x| x == s));
            let label_color = if one_sided {
                RGBColor(200, 0, 0)
            } else {
                BLACK
            };
            let label = if one_sided {
                format!("{row} (one side)")
            } else {
                row.to_string()
            };
            root.draw(&Text::new(
                label,
                (left - 8, y + cell / 2),
                font(12, label_color, HPos::Right),
            ))
            .map_err(plot_err)?;
            for j in 0..n {
                let v = system.a[i][j];
                let x = left + col * j as i32;
                let t = v.unsigned_abs() as f64 / max;
                let base = match system.sigma(j) {
                    Some(-1) => (31.0, 119.0, 180.0),
                    Some(_) => (255.0, 127.0, 14.0),
                    None => (44.0, 160.0, 44.0),
                };
                let shade = |c: f64| (255.0 - (255.0 - c) * (0.15 + 0.85 * t)).round() as u8;
                let color = if v == 0 {
                    RGBColor(248, 248, 248)
                } else {
                    RGBColor(shade(base.0), shade(base.1), shade(base.2))
                };
                root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + col - 1, y + cell - 1)],
                    color.filled(),
                ))
                .map_err(plot_err)?;
                if v != 0 {
                    let ink = if t > 0.6 { WHITE } else { BLACK };
                    root.draw(&Text::new(
                        v.to_string(),
                        (x + col / 2, y + cell / 2),
                        font(13, ink, HPos::Center),
                    ))
                    .map_err(plot_err)?;
                }
            }
        }
        // the arrow between reactants and products
        if let Some(first_product) = system
            .columns
            .iter()
            .position(|c| c.side == Some(crate::Side::Product))
        {
            let x = left + col * first_product as i32;
            root.draw(&PathElement::new(
                vec![(x, top - 8), (x, top + cell * m as i32 + 8)],
                BLACK.stroke_width(2),
            ))
            .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}
