//! The terminal report: session facts, a phase bar against the budget, flags with mm:ss and
//! quotes, the draft rubric table and the communication metrics. ANSI colour (`anstyle`), only
//! when asked.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{mm_ss, one_decimal, phase_state, PhaseState, Render, DRAFT_LABEL};
use crate::analysis::Analysis;
use crate::rules::Level;

pub struct Text {
    pub color: bool,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

/// Widest phase bar, in characters.
const BAR_WIDTH: u64 = 40;

impl Text {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

impl Render for Text {
    fn render(&self, a: &Analysis) -> String {
        let mut out = String::new();
        self.header(&mut out, a);
        if let Some(reason) = &a.nothing_to_judge {
            let _ = writeln!(
                out,
                "\n{} {reason}. No phases, flags or scores.",
                self.paint(BOLD, "Nothing to judge:")
            );
            return out;
        }
        self.phases(&mut out, a);
        self.flags(&mut out, a);
        self.rubric(&mut out, a);
        self.metrics(&mut out, a);
        for (heading, lines) in super::coach_sections(a) {
            let _ = writeln!(out, "\n{}", self.paint(BOLD, &heading));
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
        }
        out
    }
}

impl Text {
    fn header(&self, out: &mut String, a: &Analysis) {
        let _ = writeln!(
            out,
            "{}  {}",
            self.paint(BOLD, "mockreview analysis"),
            self.paint(YELLOW, DRAFT_LABEL)
        );
        let timing = match a.timing {
            crate::transcript::Timing::Measured => "measured",
            crate::transcript::Timing::Estimated => "estimated",
        };
        let _ = writeln!(out, "Length    {} (timing {timing})", mm_ss(a.duration_ms));
        let speakers: Vec<String> = a
            .speakers
            .iter()
            .map(|s| {
                let role = s.role.id();
                format!("{} ({role}) {}", s.name, mm_ss(s.talk_ms))
            })
            .collect();
        let _ = writeln!(out, "Speakers  {}", speakers.join(" · "));
        let _ = writeln!(out, "Roles     {}", a.roles_how);
        for note in &a.notes {
            let _ = writeln!(out, "{} {note}", self.paint(YELLOW, "Note:"));
        }
    }

    fn phases(&self, out: &mut String, a: &Analysis) {
        let _ = writeln!(out, "\n{}", self.paint(BOLD, "Phases (actual / budget)"));
        let longest = a
            .phases
            .iter()
            .map(|p| p.budget_ms.max(p.actual_ms().unwrap_or(0)))
            .max()
            .unwrap_or(0)
            .max(1);
        let cells = |ms: u64| (ms * BAR_WIDTH).div_ceil(longest);
        for p in &a.phases {
            let state = phase_state(p.start_ms, p.end_ms, p.budget_ms);
            let (when, actual) = match (p.start_ms, p.end_ms) {
                (Some(s), Some(e)) => (format!("{}–{}", mm_ss(s), mm_ss(e)), mm_ss(e - s.min(e))),
                _ => ("not found".to_string(), "—".to_string()),
            };
            let used = p.actual_ms().unwrap_or(0);
            let bar = match state {
                PhaseState::Missing => self.paint(DIM, &"░".repeat(cells(p.budget_ms) as usize)),
                PhaseState::WithinBudget => format!(
                    "{}{}",
                    self.paint(GREEN, &"█".repeat(cells(used) as usize)),
                    self.paint(
                        DIM,
                        &"░".repeat((cells(p.budget_ms) - cells(used)) as usize)
                    )
                ),
                PhaseState::Over(_) => format!(
                    "{}{}",
                    self.paint(GREEN, &"█".repeat(cells(p.budget_ms) as usize)),
                    self.paint(
                        RED,
                        &"▓".repeat((cells(used) - cells(p.budget_ms)) as usize)
                    )
                ),
            };
            let status = match state {
                PhaseState::Missing => self.paint(RED, "missing"),
                PhaseState::WithinBudget => String::new(),
                PhaseState::Over(ms) => self.paint(RED, &format!("+{} over", mm_ss(ms))),
            };
            let _ = writeln!(
                out,
                "  {:<14} {:<11}  {:>5} / {}  {bar} {status}",
                p.id.id(),
                when,
                actual,
                mm_ss(p.budget_ms),
            );
        }
    }

    fn flags(&self, out: &mut String, a: &Analysis) {
        let _ = writeln!(
            out,
            "\n{}",
            self.paint(BOLD, &format!("Flags ({})", a.flags.len()))
        );
        if a.flags.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for f in &a.flags {
            let (code, level) = match f.level {
                Level::Error => (RED, "error"),
                Level::Warning => (YELLOW, "warning"),
                Level::Info => (CYAN, "info"),
            };
            let _ = writeln!(
                out,
                "  {} {}  {}  {}",
                self.paint(code, &format!("{level:<7}")),
                mm_ss(f.at_ms),
                self.paint(BOLD, f.id.as_str()),
                f.message
            );
            if let Some((from, to)) = f.searched_ms {
                let _ = writeln!(
                    out,
                    "{}",
                    self.paint(
                        DIM,
                        &format!("                   searched {}–{}", mm_ss(from), mm_ss(to))
                    )
                );
            }
            for e in &f.evidence {
                let _ = writeln!(
                    out,
                    "                   {} \"{}\"",
                    mm_ss(e.start_ms),
                    e.quote
                );
            }
        }
    }

    fn rubric(&self, out: &mut String, a: &Analysis) {
        let _ = writeln!(
            out,
            "\n{} {}",
            self.paint(BOLD, "Rubric (0–4)"),
            self.paint(YELLOW, DRAFT_LABEL)
        );
        for r in &a.rubric.0 {
            let code = match r.score {
                0 | 1 => RED,
                2 => YELLOW,
                _ => GREEN,
            };
            let _ = writeln!(
                out,
                "  {:<16} {}  {}",
                r.dimension.id(),
                self.paint(code, &r.score.to_string()),
                r.rationale
            );
            for e in &r.evidence {
                let _ = writeln!(
                    out,
                    "                      {} \"{}\"",
                    mm_ss(e.start_ms),
                    e.quote
                );
            }
        }
        let average = a
            .average
            .map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
        let _ = writeln!(
            out,
            "  average {average} · verdict {} (draft)",
            self.paint(BOLD, a.verdict.as_str())
        );
    }

    fn metrics(&self, out: &mut String, a: &Analysis) {
        let m = &a.metrics;
        let _ = writeln!(out, "\n{}", self.paint(BOLD, "Communication (candidate)"));
        let rows = [
            (
                "words per minute".to_string(),
                m.words_per_minute
                    .map_or_else(|| "n/a (no measured timing)".into(), one_decimal),
            ),
            ("talk ratio".into(), format!("{:.0}%", m.talk_ratio * 100.0)),
            (
                "longest monologue".into(),
                match m.longest_monologue_start_ms {
                    Some(at) => format!("{} at {}", mm_ss(m.longest_monologue_ms), mm_ss(at)),
                    None => "—".into(),
                },
            ),
            (
                format!("long pauses (>{} s)", m.long_pause_threshold_ms / 1000),
                m.long_pauses
                    .map_or_else(|| "n/a (no measured timing)".into(), |n| n.to_string()),
            ),
            ("questions asked".into(), m.questions_asked.to_string()),
            (
                "filler rate".into(),
                format!(
                    "{:.2} per 100 words ({} fillers; {})",
                    m.filler_rate_per_100_words, m.fillers, m.filler_note
                ),
            ),
        ];
        for (name, value) in rows {
            let _ = writeln!(out, "  {name:<20} {value}");
        }
    }
}
