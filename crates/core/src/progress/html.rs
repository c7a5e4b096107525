//! Progress as a self-contained page: one SVG line chart of the seven scores over the sessions,
//! then the text report. Built with `maud` and the report's escaping (`report::html::Text`).

use maud::{html, PreEscaped, DOCTYPE};

use super::{session_label, Progress};
use crate::ids::Dimension;
use crate::report::html::{empty_element, Text};

const W: f64 = 720.0;
const H: f64 = 260.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 20.0;
const PLOT_H: f64 = 200.0;
const COLOURS: [&str; 7] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
];
const STYLE: &str = "body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em}";

pub fn render(p: &Progress) -> String {
    let n = p.sessions.len().max(2) - 1;
    let x = |i: usize| LEFT + (W - LEFT - 160.0) * i as f64 / n as f64;
    let y = |score: u8| TOP + PLOT_H - PLOT_H * f64::from(score) / 4.0;
    let chart = html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(W) height=(H) role="img"
            aria-label="rubric scores over sessions" {
            "\n"
            @for score in 0..=4u8 {
                (empty_element("line", &[
                    ("x1", &LEFT), ("x2", &(W - 160.0)), ("y1", &y(score)), ("y2", &y(score)),
                    ("stroke", &"#ddd"),
                ]))
                text x=(LEFT - 14.0) y=(y(score) + 4.0) font-size="11" { (score) }
                "\n"
            }
            @for (i, s) in p.sessions.iter().enumerate() {
                text x=(x(i)) y=(TOP + PLOT_H + 16.0) font-size="11" text-anchor="middle" {
                    "#" (i + 1)
                }
                title { (Text(&session_label(s))) }
                "\n"
            }
            @for (di, d) in Dimension::ALL.iter().enumerate() {
                @let points: Vec<String> = p
                    .sessions
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{:.1},{:.1}", x(i), y(s.scores[di])))
                    .collect();
                (empty_element("polyline", &[
                    ("fill", &"none"), ("stroke", &COLOURS[di]), ("stroke-width", &"2"),
                    ("points", &points.join(" ")),
                ]))
                text x=(W - 150.0) y=(TOP + 14.0 * di as f64 + 10.0) font-size="11" fill=(COLOURS[di]) {
                    (d.id())
                }
                "\n"
            }
        }
        "\n"
    };
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "mockreview progress" }
                style { (PreEscaped(STYLE)) }
            }
            "\n"
            body {
                h1 { "Progress over " (p.sessions.len()) " sessions" }
                "\n"
                (chart)
                pre { (Text(&super::text::render(p))) }
            }
        }
        "\n"
    }
    .into_string()
}
