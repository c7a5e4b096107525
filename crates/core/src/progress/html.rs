//! Progress as a self-contained page: one SVG line chart of the seven scores over the sessions,
//! then the text report.

use std::fmt::Write as _;

use super::{session_label, Progress};
use crate::ids::Dimension;
use crate::report::html::escape;

pub fn render(p: &Progress) -> String {
    const W: f64 = 720.0;
    const H: f64 = 260.0;
    const LEFT: f64 = 40.0;
    const TOP: f64 = 20.0;
    const PLOT_H: f64 = 200.0;
    const COLOURS: [&str; 7] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    ];
    let n = p.sessions.len().max(2) - 1;
    let x = |i: usize| LEFT + (W - LEFT - 160.0) * i as f64 / n as f64;
    let y = |score: u8| TOP + PLOT_H - PLOT_H * f64::from(score) / 4.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"rubric scores over sessions\">\n"
    );
    for score in 0..=4u8 {
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{score}</text>",
            W - 160.0,
            LEFT - 14.0,
            y(score) + 4.0,
            y = y(score)
        );
    }
    for (i, s) in p.sessions.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">#{}</text><title>{}</title>",
            x(i),
            TOP + PLOT_H + 16.0,
            i + 1,
            escape(&session_label(s))
        );
    }
    for (di, d) in Dimension::ALL.iter().enumerate() {
        let points: Vec<String> = p
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{:.1},{:.1}", x(i), y(s.scores[di])))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{c}\">{}</text>",
            points.join(" "),
            W - 150.0,
            TOP + 14.0 * di as f64 + 10.0,
            d.id(),
            c = COLOURS[di]
        );
    }
    svg.push_str("</svg>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mockreview progress</title>\
         <style>body{{font-family:sans-serif;margin:2em}}pre{{background:#f6f6f6;padding:1em}}</style></head>\n\
         <body><h1>Progress over {} sessions</h1>\n{svg}<pre>{}</pre></body></html>\n",
        p.sessions.len(),
        escape(&super::text::render(p))
    )
}
