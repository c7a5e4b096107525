//! Reports: one `Render` per output format, each a pure function from an `Analysis` to text.
//!
//! `text` is for a terminal (phase bar, flags with quotes, rubric table, metrics; colour only when
//! asked for), `md` carries the same content as Markdown tables, `json` is the versioned
//! `mockreview.analysis/1` document. Every format labels the scores as a draft for a coach.

use std::io::IsTerminal;

use crate::analysis::Analysis;

/// The report formats `mockreview analyze --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ReportFormat {
    Text,
    Json,
    Md,
    Html,
}

impl ReportFormat {
    /// The file extension of a report in this format.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Json => "json",
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
        }
    }
}

pub mod html;
pub mod json;
pub mod md;
pub mod text;

/// The label every human-readable report carries next to the scores.
pub const DRAFT_LABEL: &str = "DRAFT for a coach to confirm";

/// Turns an analysis into the bytes of one output format.
pub trait Render {
    fn render(&self, analysis: &Analysis) -> String;
}

/// The renderer for `format`; `color` only matters for text.
pub fn renderer(format: ReportFormat, color: bool) -> Box<dyn Render> {
    match format {
        ReportFormat::Text => Box::new(text::Text { color }),
        ReportFormat::Json => Box::new(json::Json),
        ReportFormat::Md => Box::new(md::Markdown),
        ReportFormat::Html => Box::new(HtmlWithoutAudio),
    }
}

/// The HTML page when no recording is linked (the `analyze` command links one when it has it).
struct HtmlWithoutAudio;

impl Render for HtmlWithoutAudio {
    fn render(&self, analysis: &Analysis) -> String {
        html::render(analysis, None)
    }
}

/// Whether terminal output should be coloured: never with `NO_COLOR` set (to anything but the
/// empty string, as no-color.org asks), always with `CLICOLOR_FORCE` set (to anything but the empty
/// string or `0`: for pipes into a pager and for tests), otherwise when stdout is a terminal that
/// takes colour (`anstream`'s judgement: not with `CLICOLOR=0` or `TERM=dumb`).
pub fn color_wanted(writing_to_stdout: bool) -> bool {
    if !writing_to_stdout || anstyle_query::no_color() {
        return false;
    }
    let forced = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    let stdout = std::io::stdout();
    // anstream alone would take `CLICOLOR_FORCE=0` for "force"; a pipe is never coloured unforced.
    forced
        || (stdout.is_terminal()
            && anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never)
}

pub use crate::units::mm_ss;

/// A phase's state against its budget, shared by text and Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseState {
    Missing,
    WithinBudget,
    /// More time than budgeted, by this many ms.
    Over(u64),
}

pub fn phase_state(start_ms: Option<u64>, end_ms: Option<u64>, budget_ms: u64) -> PhaseState {
    match (start_ms, end_ms) {
        (Some(s), Some(e)) if e.saturating_sub(s) > budget_ms => {
            PhaseState::Over(e.saturating_sub(s) - budget_ms)
        }
        (Some(_), Some(_)) => PhaseState::WithinBudget,
        _ => PhaseState::Missing,
    }
}

/// "12 words per minute"-style numbers: one decimal, no trailing ".0" noise kept for stability.
pub fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

/// The coach sections (prompt and deep dive, drill checks, Day-7 review) as headed lists of lines,
/// shared by the text and Markdown reports so both say the same thing.
pub fn coach_sections(a: &Analysis) -> Vec<(String, Vec<String>)> {
    let quote = |e: &crate::rules::Evidence| format!("{} \"{}\"", mm_ss(e.start_ms), e.quote);
    let mut sections = Vec::new();
    if let Some(p) = &a.prompt {
        let how = match p.source {
            crate::coach::prompts::MatchSource::Given => "given with --prompt".to_string(),
            crate::coach::prompts::MatchSource::Opening => {
                format!(
                    "recognised from the opening, confidence {:.2}",
                    p.confidence
                )
            }
            crate::coach::prompts::MatchSource::Content => {
                format!(
                    "recognised from the content, confidence {:.2}",
                    p.confidence
                )
            }
        };
        let mut lines = vec![format!("{} ({}; {how})", p.title, p.id)];
        if let Some(d) = &a.deep_dive {
            lines.push(format!(
                "strong deep dive reached: {} of {}",
                d.reached, d.total
            ));
            for item in &d.items {
                lines.push(match (item.reached, item.first_ms) {
                    (true, Some(ms)) => format!("  reached  {} at {}", item.label, mm_ss(ms)),
                    _ => format!("  missed   {}", item.label),
                });
            }
        }
        sections.push(("Prompt".to_string(), lines));
    }
    if let Some(d) = &a.drill {
        let mut lines = vec![format!(
            "{} used {} of its {} budget ({})",
            d.session.id(),
            mm_ss(d.used_ms),
            mm_ss(d.budget_ms),
            if d.passed {
                "all checks passed"
            } else {
                "gaps below"
            }
        )];
        for c in &d.checks {
            let mark = if c.passed { "ok  " } else { "GAP " };
            lines.push(format!("{mark} {}: {}", c.id, c.message));
            lines.extend(c.evidence.iter().map(|e| format!("       {}", quote(e))));
        }
        lines.extend(d.notes.iter().map(|n| format!("note: {n}")));
        sections.push(("Drill".to_string(), lines));
    }
    if let Some(r) = &a.review {
        let mut lines = Vec::new();
        for (label, b) in [
            ("Clarified well", &r.clarified_well),
            ("Became vague", &r.became_vague),
            ("Tradeoff to make explicit", &r.tradeoff_to_make_explicit),
        ] {
            lines.push(format!("{label}: {}", b.text));
            lines.extend(b.evidence.iter().map(|e| format!("       {}", quote(e))));
        }
        sections.push(("Day-7 review (draft)".to_string(), lines));
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm_ss_pads_and_keeps_counting_minutes_past_an_hour() {
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(65_999), "01:05");
        assert_eq!(mm_ss(3_725_000), "62:05");
    }

    use crate::analysis::{analyze, AnalyzeOptions};
    use crate::lexicon::LexiconSet;
    use crate::transcript::{Segment, Timing, Transcript};

    fn seg(start_s: u64, end_s: u64, speaker: &str, text: &str) -> Segment {
        Segment {
            start_ms: start_s * 1000,
            end_ms: end_s * 1000,
            speaker: Some(speaker.into()),
            text: text.into(),
            words: vec![],
        }
    }

    /// Clarifying for twelve minutes against a five-minute budget, then a short summary.
    fn overrun_session() -> Analysis {
        let t = Transcript::new(
            vec![
                seg(0, 10, "Interviewer", "Let's design a chat system."),
                seg(10, 700, "Candidate", "Who are the users? What is the expected latency? Should we support groups? I assume one region."),
                seg(700, 760, "Candidate", "To summarize, the main tradeoff is latency versus cost."),
            ],
            Timing::Measured,
        );
        let lexicons = LexiconSet::builtin().unwrap();
        let mut a = analyze(&t, &lexicons, &AnalyzeOptions::default()).unwrap();
        // The report is under test, not the alignment: pin the phases.
        for p in &mut a.phases {
            (p.start_ms, p.end_ms) = (None, None);
        }
        (a.phases[0].start_ms, a.phases[0].end_ms) = (Some(10_000), Some(710_000));
        (a.phases[5].start_ms, a.phases[5].end_ms) = (Some(710_000), Some(760_000));
        a
    }

    #[test]
    fn text_marks_an_overrun_and_a_missing_phase() {
        let text = renderer(ReportFormat::Text, false).render(&overrun_session());
        let clarify = text
            .lines()
            .find(|l| l.trim_start().starts_with("clarify"))
            .unwrap();
        assert!(clarify.contains("+06:40 over"), "{clarify}");
        let deep = text
            .lines()
            .find(|l| l.trim_start().starts_with("deep_dive"))
            .unwrap();
        assert!(deep.contains("missing"), "{deep}");
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn colour_paints_the_overrun_red_only_when_asked() {
        let text = renderer(ReportFormat::Text, true).render(&overrun_session());
        assert!(text.contains("\x1b[31m+06:40 over\x1b[0m"), "{text}");
    }

    #[test]
    fn markdown_escapes_pipes_in_table_cells() {
        let mut a = overrun_session();
        if let Some(entry) = a.rubric.0.first_mut() {
            entry.rationale = "a | b".into();
        }
        let md = renderer(ReportFormat::Md, false).render(&a);
        assert!(md.contains("a \\| b"), "{md}");
    }

    #[test]
    fn json_ends_with_one_newline_and_parses_back() {
        let json = renderer(ReportFormat::Json, false).render(&overrun_session());
        assert!(json.ends_with("}\n") && !json.ends_with("\n\n"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["phases"][0]["id"], "clarify");
    }

    #[test]
    fn phase_over_budget_reports_the_overrun() {
        assert_eq!(
            phase_state(Some(0), Some(70_000), 60_000),
            PhaseState::Over(10_000)
        );
        assert_eq!(
            phase_state(Some(0), Some(60_000), 60_000),
            PhaseState::WithinBudget
        );
        assert_eq!(phase_state(None, None, 60_000), PhaseState::Missing);
    }
}
