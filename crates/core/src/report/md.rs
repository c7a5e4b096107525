//! The Markdown report: the text report's content as headings and tables, for pasting into notes
//! or a pull request.

use std::fmt::Write;

use super::{mm_ss, one_decimal, phase_state, PhaseState, Render, DRAFT_LABEL};
use crate::analysis::Analysis;
use crate::rules::Level;
use crate::transcript::Timing;

pub struct Markdown;

/// Table cells must not break the table: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

impl Render for Markdown {
    fn render(&self, a: &Analysis) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# mockreview analysis\n\n**{DRAFT_LABEL}**\n");
        let timing = match a.timing {
            Timing::Measured => "measured",
            Timing::Estimated => "estimated",
        };
        let _ = writeln!(out, "- Length: {} (timing {timing})", mm_ss(a.duration_ms));
        for s in &a.speakers {
            let role = s.role.id();
            let _ = writeln!(out, "- Speaker: {} ({role}), {}", s.name, mm_ss(s.talk_ms));
        }
        let _ = writeln!(out, "- Roles: {}", a.roles_how);
        for note in &a.notes {
            let _ = writeln!(out, "- Note: {note}");
        }
        if let Some(reason) = &a.nothing_to_judge {
            let _ = writeln!(
                out,
                "\n**Nothing to judge:** {reason}. No phases, flags or scores."
            );
            return out;
        }

        let _ = writeln!(out, "\n## Phases\n");
        let _ = writeln!(out, "| phase | start | end | actual | budget | status |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for p in &a.phases {
            let opt = |t: Option<u64>| t.map_or_else(|| "—".to_string(), mm_ss);
            let status = match phase_state(p.start_ms, p.end_ms, p.budget_ms) {
                PhaseState::Missing => "**missing**".to_string(),
                PhaseState::WithinBudget => "within budget".to_string(),
                PhaseState::Over(ms) => format!("**+{} over**", mm_ss(ms)),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {status} |",
                p.id.id(),
                opt(p.start_ms),
                opt(p.end_ms),
                opt(p.actual_ms()),
                mm_ss(p.budget_ms)
            );
        }

        let _ = writeln!(out, "\n## Flags ({})\n", a.flags.len());
        if a.flags.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for f in &a.flags {
            let level = match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "info",
            };
            let _ = writeln!(
                out,
                "- **{}** ({level}, {}) {}",
                f.id,
                mm_ss(f.at_ms),
                f.message
            );
            if let Some((from, to)) = f.searched_ms {
                let _ = writeln!(out, "  - searched {}–{}", mm_ss(from), mm_ss(to));
            }
            for e in &f.evidence {
                let _ = writeln!(out, "  - {} “{}”", mm_ss(e.start_ms), e.quote);
            }
        }

        let _ = writeln!(out, "\n## Rubric (0–4, {DRAFT_LABEL})\n");
        let _ = writeln!(out, "| dimension | score | rationale | evidence |");
        let _ = writeln!(out, "|---|---|---|---|");
        for r in &a.rubric.0 {
            let evidence: Vec<String> = r
                .evidence
                .iter()
                .map(|e| format!("{} “{}”", mm_ss(e.start_ms), cell(&e.quote)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                r.dimension.id(),
                r.score,
                cell(&r.rationale),
                evidence.join("<br>")
            );
        }
        let average = a
            .average
            .map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
        let _ = writeln!(
            out,
            "\nAverage **{average}**, draft verdict **{}**.",
            a.verdict
        );

        let m = &a.metrics;
        let _ = writeln!(out, "\n## Communication (candidate)\n");
        let _ = writeln!(out, "| metric | value |\n|---|---|");
        let na = "n/a (no measured timing)";
        let _ = writeln!(
            out,
            "| words per minute | {} |",
            m.words_per_minute
                .map_or_else(|| na.to_string(), one_decimal)
        );
        let _ = writeln!(out, "| talk ratio | {:.0}% |", m.talk_ratio * 100.0);
        let _ = writeln!(
            out,
            "| longest monologue | {} |",
            m.longest_monologue_start_ms.map_or_else(
                || "—".to_string(),
                |at| format!("{} at {}", mm_ss(m.longest_monologue_ms), mm_ss(at))
            )
        );
        let _ = writeln!(
            out,
            "| long pauses (>{} s) | {} |",
            m.long_pause_threshold_ms / 1000,
            m.long_pauses
                .map_or_else(|| na.to_string(), |n| n.to_string())
        );
        let _ = writeln!(out, "| questions asked | {} |", m.questions_asked);
        let _ = writeln!(
            out,
            "| filler rate | {:.2} per 100 words ({} fillers) |",
            m.filler_rate_per_100_words, m.fillers
        );
        let _ = writeln!(out, "\n{}.", m.filler_note);
        for (heading, lines) in super::coach_sections(a) {
            let _ = writeln!(out, "\n## {heading}\n");
            for line in lines {
                let _ = writeln!(out, "- {}", cell(line.trim_start()));
            }
        }
        out
    }
}
