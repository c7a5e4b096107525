//! `mockreview progress`: sessions over time, as text, JSON or an HTML chart.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{ProgressArgs, ProgressFormat};
use crate::progress::{self, Progress, SessionPoint};
use crate::report::mm_ss;
use crate::rubric::Dimension;
use crate::scorecard;
use crate::{output, Error, Result};

pub fn run(args: ProgressArgs) -> Result<ExitCode> {
    let files = expand(&args.inputs)?;
    let dates = parse_dates(&args.dates)?;
    let mut sessions: Vec<SessionPoint> = Vec::new();
    let mut cards = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        if path.extension().is_some_and(|e| e == "toml") {
            cards.push(scorecard::parse(path, &text)?);
        } else {
            sessions.push(progress::session_from_analysis(path, &text)?);
        }
    }
    if sessions.is_empty() {
        return Err(Error::Usage(
            "progress: no analysis JSON among the inputs (make them with `mockreview analyze --format json`)".into(),
        ));
    }
    for card in &cards {
        match sessions.iter_mut().find(|s| s.name == card.analysis) {
            Some(s) => progress::apply_card(s, card),
            None => eprintln!(
                "warning: scorecard for {} has no matching analysis among the inputs",
                card.analysis
            ),
        }
    }
    for s in &mut sessions {
        if let Some(d) = dates.get(&s.name) {
            s.date = Some(d.clone());
        }
    }
    if let Some(unknown) = dates
        .keys()
        .find(|k| !sessions.iter().any(|s| &s.name == *k))
    {
        return Err(Error::Usage(format!(
            "--date names {unknown}, which is not one of the analysis files"
        )));
    }
    let p = progress::progress(sessions);
    let rendered = match args.format {
        ProgressFormat::Json => {
            let mut s = serde_json::to_string_pretty(&p)
                .map_err(|e| Error::Usage(format!("cannot serialise progress: {e}")))?;
            s.push('\n');
            s
        }
        ProgressFormat::Text => render_text(&p),
        ProgressFormat::Html => render_html(&p),
    };
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Files named directly, plus `.json` and `.toml` files inside named directories, sorted.
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut inside: Vec<PathBuf> = fs::read_dir(input)
                .map_err(|e| Error::io(input, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn parse_dates(raw: &[String]) -> Result<BTreeMap<String, String>> {
    raw.iter()
        .map(|d| {
            let (file, date) = d
                .split_once('=')
                .ok_or_else(|| Error::Usage(format!("--date {d:?}: expected FILE=YYYY-MM-DD")))?;
            if !progress::is_date(date) {
                return Err(Error::Usage(format!(
                    "--date {d:?}: {date:?} is not a YYYY-MM-DD date"
                )));
            }
            let name = Path::new(file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.to_string());
            Ok((name, date.to_string()))
        })
        .collect()
}

fn session_label(s: &SessionPoint) -> String {
    match &s.date {
        Some(d) => format!("{d} {}", s.name),
        None => s.name.clone(),
    }
}

fn render_text(p: &Progress) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Progress over {} sessions ({})",
        p.sessions.len(),
        p.ordering
    );
    let _ = writeln!(
        out,
        "\nScores (0-4; * = coach's final score, otherwise the analyzer's draft)"
    );
    let _ = write!(out, "{:<16}", "dimension");
    for (i, _) in p.sessions.iter().enumerate() {
        let _ = write!(out, " {:>4}", format!("#{}", i + 1));
    }
    out.push('\n');
    for (di, d) in Dimension::ALL.iter().enumerate() {
        let _ = write!(out, "{:<16}", d.id());
        for s in &p.sessions {
            let mark = if s.scores_from == "final" { "*" } else { " " };
            let _ = write!(out, " {:>3}{mark}", s.scores[di]);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\nSessions");
    for (i, s) in p.sessions.iter().enumerate() {
        let _ = writeln!(
            out,
            "#{} {}  verdict: {}",
            i + 1,
            session_label(s),
            s.verdict
        );
        let phases: Vec<String> = s
            .phases
            .iter()
            .map(|ph| match ph.actual_ms {
                Some(a) => format!("{} {}/{}", ph.id, mm_ss(a), mm_ss(ph.budget_ms)),
                None => format!("{} missing", ph.id),
            })
            .collect();
        let _ = writeln!(out, "   phases (actual/budget): {}", phases.join(", "));
    }
    let _ = writeln!(out, "\nFlags");
    for c in &p.flag_changes {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        let _ = writeln!(
            out,
            "{} → {}: gone: {}; new: {}",
            c.from,
            c.to,
            list(&c.gone),
            list(&c.new)
        );
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained page: one SVG line chart of the seven scores over the sessions, then the text.
fn render_html(p: &Progress) -> String {
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
        escape(&render_text(p))
    )
}
