//! Progress as plain text: the score table, each session's phase timing, and the flag changes.

use std::fmt::Write as _;

use super::{session_label, Progress};
use crate::ids::Dimension;
use crate::units::mm_ss;

pub fn render(p: &Progress) -> String {
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
