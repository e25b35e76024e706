//! Server-side SVG charts (charts-rs): drawn while the page renders, so they show before
//! hydration and without JavaScript, and the charting code stays out of the browser's bundle.
//! Every chart gets an accessible name (`role="img"`, `<title>`, `<desc>`), a native tooltip per
//! point, and thousands separators on its value axis; the page adds the legend-free data table.

use super::{thousands, Chart};
use charts_rs::{
    svg_with_accessibility, Color, HorizontalBarChart, LineChart, Series, THEME_LIGHT,
};

/// The series colours, in order: the same place in a breakdown always gets the same colour.
pub const PALETTE: [&str; 8] = [
    "#2563eb", "#16a34a", "#f59e0b", "#db2777", "#7c3aed", "#0891b2", "#dc2626", "#65a30d",
];

/// How wide a chart is drawn: the whole content column, or half of it. Text is drawn at a
/// fixed size, so the narrower drawing keeps it readable in the narrower card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    Wide,
    Half,
}

impl Size {
    fn width(self) -> f32 {
        match self {
            Size::Wide => 640.0,
            Size::Half => 440.0,
        }
    }
}

fn colors() -> Vec<Color> {
    PALETTE.iter().map(|c| Color::from(*c)).collect()
}

fn finish(svg: charts_rs::CanvasResult<String>, title: &str, desc: &str) -> String {
    match svg {
        Ok(svg) => svg_with_accessibility(&svg, title, desc),
        Err(e) => {
            tracing::warn!(error = %e, chart = title, "drawing a chart");
            String::new()
        }
    }
}

/// A short axis label for `yyyy-mm-dd`: `Dec 2`.
pub fn day_label(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = day.split('-').skip(1);
    match (
        parts.next().and_then(|m| m.parse::<usize>().ok()),
        parts.next().and_then(|d| d.parse::<u32>().ok()),
    ) {
        (Some(m @ 1..=12), Some(d)) => format!("{} {d}", MONTHS[m - 1]),
        _ => day.to_string(),
    }
}

/// A line chart over days: one line per series (`stacked`: areas stacked on each other). A NaN
/// value is a gap (no line through a day without data).
pub fn over_days(
    id: &str,
    title: &str,
    days: &[String],
    series: &[(String, Vec<f64>)],
    stacked: bool,
    size: Size,
) -> Chart {
    let list: Vec<Series> = series
        .iter()
        .map(|(name, values)| {
            let data = values
                .iter()
                .map(|v| (!v.is_nan()).then_some(*v as f32))
                .collect();
            let mut s = Series::new_nullable(name.clone(), data);
            if stacked {
                s.stack = Some("total".into());
            }
            s
        })
        .collect();
    let mut c = LineChart::new_with_theme(
        list,
        days.iter().map(|d| day_label(d)).collect(),
        THEME_LIGHT,
    );
    c.width = size.width();
    c.height = if size == Size::Wide { 300.0 } else { 260.0 };
    c.title_text = String::new();
    c.series_colors = colors();
    c.series_fill = stacked;
    // Points only where a line is too short to see (a version launched today).
    let sparse = series
        .iter()
        .any(|(_, v)| v.iter().filter(|x| !x.is_nan() && **x != 0.0).count() <= 3);
    if !sparse {
        c.series_symbol = None;
    }
    c.series_stroke_width = 2.0;
    c.tooltip_show = true;
    c.legend_show = Some(series.len() > 1);
    if let Some(y) = c.y_axis_configs.first_mut() {
        y.axis_formatter = Some("{t}".into());
        y.axis_min = Some(0.0);
    }
    let names: Vec<&str> = series.iter().map(|(n, _)| n.as_str()).collect();
    let desc = format!(
        "{} from {} to {}",
        names.join(", "),
        days.first().map_or("", String::as_str),
        days.last().map_or("", String::as_str)
    );
    let mut header = vec!["Date".to_string()];
    header.extend(names.iter().map(ToString::to_string));
    let rows = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut row = vec![d.clone()];
            row.extend(
                series
                    .iter()
                    .map(|(_, v)| thousands(v.get(i).copied().unwrap_or(0.0))),
            );
            row
        })
        .collect();
    let empty = series
        .iter()
        .all(|(_, v)| v.iter().all(|x| *x == 0.0 || x.is_nan()));
    Chart {
        id: id.into(),
        title: title.into(),
        svg: if empty {
            String::new()
        } else {
            finish(c.svg(), title, &desc)
        },
        header,
        rows,
    }
}

/// A horizontal bar per label.
pub fn bars(id: &str, title: &str, value_name: &str, items: &[(String, f64)], size: Size) -> Chart {
    let labels: Vec<String> = items.iter().rev().map(|(l, _)| l.clone()).collect();
    let values: Vec<f32> = items.iter().rev().map(|(_, v)| *v as f32).collect();
    let mut c = HorizontalBarChart::new_with_theme(
        vec![Series::new(value_name.to_string(), values)],
        labels,
        THEME_LIGHT,
    );
    c.width = size.width();
    c.height = (60.0 + 34.0 * items.len() as f32).max(150.0);
    // Room for the value label of the longest bar, and for labels drawn a little wider than
    // measured (the browser's font is not the one charts-rs measures with).
    c.margin.right = 64.0;
    c.margin.left = 28.0;
    c.title_text = String::new();
    c.series_colors = colors();
    c.legend_show = Some(false);
    c.series_label_formatter = "{t}".into();
    if let Some(s) = c.series_list.first_mut() {
        s.label_show = true;
    }
    let desc = items
        .iter()
        .map(|(l, v)| format!("{l}: {}", thousands(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    Chart {
        id: id.into(),
        title: title.into(),
        svg: if items.is_empty() {
            String::new()
        } else {
            finish(c.svg(), title, &desc)
        },
        header: vec!["".into(), value_name.into()],
        rows: items
            .iter()
            .map(|(l, v)| vec![l.clone(), thousands(*v)])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_days_read_well() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(thousands(2.5), "2.5");
        assert_eq!(super::super::thousands_i(-12345), "-12,345");
        assert_eq!(day_label("2026-12-02"), "Dec 2");
        assert_eq!(day_label("nonsense"), "nonsense");
    }

    #[test]
    fn a_chart_has_a_name_and_its_data_table() {
        let days = vec!["2026-12-01".to_string(), "2026-12-02".to_string()];
        let c = over_days(
            "launches",
            "Launches per day",
            &days,
            &[("Launches".into(), vec![1200.0, 1500.0])],
            false,
            Size::Wide,
        );
        assert!(c.svg.contains("role=\"img\""), "{}", c.svg);
        assert!(c.svg.contains("<title>Launches per day</title>"));
        assert_eq!(c.rows[1], ["2026-12-02", "1,500"]);
        let none = over_days(
            "x",
            "Nothing",
            &days,
            &[("A".into(), vec![0.0, f64::NAN])],
            false,
            Size::Half,
        );
        assert!(
            none.svg.is_empty(),
            "an empty chart draws nothing (the page says so)"
        );
    }
}
