//! docs/memory.svg, written as text: memory held by each registry as a workload goes on, one line
//! per registry, on a linear or logarithmic byte axis.

use std::fmt::Write as _;

/// One line of the chart.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
    /// (owners created, bytes still allocated)
    pub points: &'a [(usize, isize)],
}

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 600.0;
const LEFT: f64 = 100.0;
const RIGHT: f64 = 130.0;
const TOP: f64 = 150.0;
const BOTTOM: f64 = 70.0;

/// Bytes as text: `512 B`, `1 KiB`, `5.9 KiB`, `46 MiB`.
pub fn human(bytes: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value.abs() >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.abs() >= 100.0 || value.fract() == 0.0 {
        format!("{value:.0} {}", units[unit])
    } else if value.abs() >= 10.0 {
        format!("{value:.1} {}", units[unit])
    } else {
        format!("{value:.2} {}", units[unit])
    }
}

/// Thousands separators: `1,000,000`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// How the byte axis is drawn.
#[derive(Clone, Copy, PartialEq)]
pub enum Scale {
    /// Powers of four: lines orders of magnitude apart stay visible.
    Log,
    /// From zero: a line that returns to nothing reaches the axis.
    Linear,
}

/// The whole SVG document.
pub fn chart(
    title: &str,
    subtitle: &str,
    x_label: &str,
    scale: Scale,
    series: &[Series<'_>],
) -> String {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let x_max = all().map(|&(x, _)| x).max().unwrap_or(1) as f64;
    let y_min = all().map(|&(_, y)| y.max(1)).min().unwrap_or(1) as f64;
    let y_max = all().map(|&(_, y)| y.max(1)).max().unwrap_or(1) as f64;
    // Powers of four, so every tick is a round binary size (1 KiB, 4 KiB, 16 KiB, ...).
    // At least one tick below the lowest point, so no line runs along the axis.
    let lo = (((y_min.log2() - 1.0) / 2.0).floor() * 2.0).min(10.0);
    let hi = (y_max.log2() / 2.0).ceil() * 2.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let px = |x: f64| LEFT + x / x_max * plot_w;
    // Linear: a power-of-two step that gives at most six intervals.
    let step = 2f64.powf((y_max / 6.0).log2().ceil());
    let top = (y_max / step).ceil() * step;
    let py = |y: f64| match scale {
        Scale::Log => TOP + plot_h - (y.max(1.0).log2() - lo) / (hi - lo) * plot_h,
        Scale::Linear => TOP + plot_h - y.max(0.0) / top * plot_h,
    };
    // The tick values, bottom up.
    let ticks: Vec<f64> = match scale {
        Scale::Log => {
            let mut ticks = Vec::new();
            let mut e = lo;
            while e <= hi + 1e-9 {
                ticks.push(2f64.powf(e));
                e += 2.0;
            }
            ticks
        }
        Scale::Linear => (0..=(top / step) as usize).map(|i| i as f64 * step).collect(),
    };

    let mut svg = String::new();
    let w = &mut svg;
    let _ = writeln!(
        w,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">"##
    );
    let _ = writeln!(
        w,
        r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        w,
        r##"<text x="{}" y="30" font-size="18" font-weight="bold" text-anchor="middle">{}</text>"##,
        WIDTH / 2.0,
        escape(title)
    );
    let _ = writeln!(
        w,
        r##"<text x="{}" y="52" fill="#444444" text-anchor="middle">{}</text>"##,
        WIDTH / 2.0,
        escape(subtitle)
    );

    // Legend, above the plot.
    for (i, s) in series.iter().enumerate() {
        let y = 78.0 + i as f64 * 20.0;
        let _ = writeln!(
            w,
            r##"<line x1="{LEFT}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="3"{}/>"##,
            LEFT + 30.0,
            s.color,
            if i == 2 {
                r#" stroke-dasharray="7 4""#
            } else {
                ""
            }
        );
        let _ = writeln!(
            w,
            r##"<text x="{}" y="{}">{}</text>"##,
            LEFT + 40.0,
            y + 4.5,
            escape(s.name)
        );
    }

    // Horizontal grid and y ticks.
    for &tick in &ticks {
        let y = py(tick);
        let _ = writeln!(
            w,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#e3e3e3"/>"##,
            LEFT + plot_w
        );
        let _ = writeln!(
            w,
            r##"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            LEFT - 8.0,
            y + 4.5,
            human(tick)
        );
    }
    // Vertical grid and x ticks: five intervals.
    for i in 0..=5 {
        let value = x_max * i as f64 / 5.0;
        let x = px(value);
        let _ = writeln!(
            w,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{}" stroke="#e3e3e3"/>"##,
            TOP + plot_h
        );
        let _ = writeln!(
            w,
            r##"<text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
            TOP + plot_h + 20.0,
            grouped(value.round() as usize)
        );
    }
    // Axes and their titles.
    let _ = writeln!(
        w,
        r##"<path d="M{LEFT},{TOP} V{} H{}" fill="none" stroke="#222222" stroke-width="1.2"/>"##,
        TOP + plot_h,
        LEFT + plot_w
    );
    let _ = writeln!(
        w,
        r##"<text x="{}" y="{}" text-anchor="middle">{}</text>"##,
        LEFT + plot_w / 2.0,
        HEIGHT - 22.0,
        escape(x_label)
    );
    let _ = writeln!(
        w,
        r##"<text transform="translate(24,{}) rotate(-90)" text-anchor="middle">bytes still allocated{}</text>"##,
        TOP + plot_h / 2.0,
        if scale == Scale::Log { " (log scale)" } else { "" }
    );

    // The lines, the first series drawn last so it stays on top; each later series dashed.
    for (i, s) in series.iter().enumerate().rev() {
        let points: Vec<String> = s
            .points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x as f64), py(y as f64)))
            .collect();
        let dash = if i == 2 {
            r#" stroke-dasharray="7 4""#
        } else {
            ""
        };
        let _ = writeln!(
            w,
            r##"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round"{dash}/>"##,
            points.join(" "),
            s.color
        );
    }
    // Each line labelled at its end with its last value, labels pushed apart so none overlap.
    let mut labels: Vec<(f64, f64, &Series<'_>)> = series
        .iter()
        .filter_map(|s| {
            let &(_, y) = s.points.last()?;
            Some((py(y as f64) + 4.5, y as f64, s))
        })
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    for i in 1..labels.len() {
        if labels[i].0 < labels[i - 1].0 + 15.0 {
            labels[i].0 = labels[i - 1].0 + 15.0;
        }
    }
    for (y, value, s) in labels {
        let _ = writeln!(
            w,
            r##"<text x="{:.1}" y="{y:.1}" fill="{}" font-weight="bold">{}</text>"##,
            px(x_max) + 8.0,
            s.color,
            human(value)
        );
    }
    let _ = writeln!(w, "</svg>");
    svg
}
