//! The report's chart, drawn on the server as SVG with plotters: viewers per minute (the
//! peak as a line, the average as an area), with the moments that mattered marked on it —
//! a product pinned (a triangle) and a question answered (a dot). The page names it and
//! gives the same figures as a table, for screen readers and for anyone without the chart.
//! And the retention curve: the share of viewers still watching after each minute watched.

use super::rollup::Minute;
use plotters::prelude::*;

const NAVY: RGBColor = RGBColor(18, 50, 91);
const SAFFRON: RGBColor = RGBColor(196, 90, 0);
const GREEN: RGBColor = RGBColor(19, 120, 40);

/// Axis names, in the reader's language.
pub struct Axes<'a> {
    pub minutes: &'a str,
    pub viewers: &'a str,
}

type Frame<'r, 's> = ChartContext<
    'r,
    SVGBackend<'s>,
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// The charts' frame: white, from 0 to `x` and `y`, the pavilion's grid and labels, the
/// axes named, minutes labelled whole (`x_labels` of them) and `y` as `y_label` says.
fn frame<'r, 's>(
    root: &'r DrawingArea<SVGBackend<'s>, plotters::coord::Shift>,
    (x, y): (f64, f64),
    axes: &Axes,
    x_labels: usize,
    y_label: &dyn Fn(&f64) -> String,
) -> Result<Frame<'r, 's>, Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..x, 0.0..y)?;
    let ink = RGBColor(60, 68, 80);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(225, 229, 236))
        .bold_line_style(RGBColor(205, 211, 222))
        .axis_style(RGBColor(90, 100, 115))
        .label_style(("sans-serif", 13).into_font().color(&ink))
        .axis_desc_style(("sans-serif", 13).into_font().color(&ink))
        .x_desc(axes.minutes)
        .y_desc(axes.viewers)
        .x_labels(x_labels)
        .y_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(y_label)
        .draw()?;
    Ok(chart)
}

/// The chart as SVG markup; empty when there is nothing to draw.
pub fn viewers_chart(minutes: &[Minute], axes: &Axes) -> String {
    if minutes.is_empty() {
        return String::new();
    }
    let mut svg = String::new();
    if let Err(err) = draw(&mut svg, minutes, axes) {
        tracing::warn!(%err, "cannot draw the viewers chart");
        return String::new();
    }
    svg
}

fn draw(
    svg: &mut String,
    minutes: &[Minute],
    axes: &Axes,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (760, 300)).into_drawing_area();
    let peak = minutes
        .iter()
        .map(|m| m.viewers_peak)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = minutes.len().max(2) as f64 - 1.0;
    // Whole viewers only: a tick between two whole numbers stays unlabelled.
    let whole = |y: &f64| {
        if (y - y.round()).abs() < 1e-6 {
            format!("{y:.0}")
        } else {
            String::new()
        }
    };
    let mut chart = frame(&root, (width, peak * 1.15), axes, 8, &whole)?;
    let average = minutes
        .iter()
        .enumerate()
        .map(|(i, m)| (i as f64, m.watch_seconds as f64 / 60.0));
    chart.draw_series(
        AreaSeries::new(average, 0.0, NAVY.mix(0.18)).border_style(NAVY.mix(0.5).stroke_width(1)),
    )?;
    chart.draw_series(LineSeries::new(
        minutes
            .iter()
            .enumerate()
            .map(|(i, m)| (i as f64, m.viewers_peak as f64)),
        NAVY.stroke_width(2),
    ))?;
    chart.draw_series(
        minutes
            .iter()
            .enumerate()
            .filter(|(_, m)| m.pins > 0)
            .map(|(i, m)| {
                TriangleMarker::new((i as f64, m.viewers_peak as f64), 7, SAFFRON.filled())
            }),
    )?;
    chart.draw_series(
        minutes
            .iter()
            .enumerate()
            .filter(|(_, m)| m.answers > 0)
            .map(|(i, m)| Circle::new((i as f64, m.viewers_peak as f64), 5, GREEN.filled())),
    )?;
    root.present()?;
    Ok(())
}

/// The retention curve as SVG markup: for each minute watched (x), the share of viewers who
/// watched at least that long (y, per cent); empty when no viewer watched a whole minute
/// (there is no curve to draw: the page says so in words).
pub fn retention_chart(staying: &[i64], axes: &Axes) -> String {
    let all = staying.first().copied().unwrap_or(0);
    if all == 0 || staying.len() < 2 {
        return String::new();
    }
    let mut svg = String::new();
    if let Err(err) = draw_retention(&mut svg, staying, all, axes) {
        tracing::warn!(%err, "cannot draw the retention chart");
        return String::new();
    }
    svg
}

fn draw_retention(
    svg: &mut String,
    staying: &[i64],
    all: i64,
    axes: &Axes,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (760, 260)).into_drawing_area();
    let width = staying.len().max(2) as f64 - 1.0;
    // (whole minutes only: a short watch has fewer than eight)
    let labels = staying.len().clamp(2, 8);
    let mut chart = frame(&root, (width, 100.0), axes, labels, &|y| format!("{y:.0}"))?;
    let share = staying
        .iter()
        .enumerate()
        .map(|(minute, kept)| (minute as f64, *kept as f64 * 100.0 / all as f64));
    chart.draw_series(
        AreaSeries::new(share, 0.0, SAFFRON.mix(0.16)).border_style(SAFFRON.stroke_width(2)),
    )?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_svg_with_a_line_and_the_moments_marked() {
        let minutes: Vec<Minute> = (0..30)
            .map(|i| Minute {
                minute: 1_800_000_000 + i * 60,
                viewers_peak: 10 + i,
                watch_seconds: (8 + i) * 60,
                pins: i64::from(i == 5),
                answers: i64::from(i == 9),
                ..Minute::default()
            })
            .collect();
        let svg = viewers_chart(
            &minutes,
            &Axes {
                minutes: "Minutes",
                viewers: "Viewers",
            },
        );
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        assert!(svg.contains("<polyline") || svg.contains("<path"));
        assert!(svg.contains("Viewers"));
        assert!(svg.matches("<circle").count() >= 1);
        let curve = retention_chart(
            &[4, 3, 2, 2, 1],
            &Axes {
                minutes: "Minutes watched",
                viewers: "Still watching (%)",
            },
        );
        assert!(curve.starts_with("<svg") && curve.contains("Still watching (%)"));
        assert!(
            retention_chart(
                &[3],
                &Axes {
                    minutes: "",
                    viewers: ""
                }
            )
            .is_empty()
        );
        assert!(
            viewers_chart(
                &[],
                &Axes {
                    minutes: "",
                    viewers: ""
                }
            )
            .is_empty()
        );
    }
}
