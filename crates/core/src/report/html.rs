//! The HTML report: one self-contained page (inline style, a few lines of inline script, no
//! network) with an SVG timeline of the budgeted phases against the actual ones, the flags as
//! markers at their times, the interviewer's and candidate's talk lanes, the draft rubric with its
//! evidence quotes and the communication metrics. Every time is shown as mm:ss; with a recording
//! each time is a link that seeks the embedded `<audio>`. All transcript text is escaped.

use std::fmt::Write;
use std::path::Path;

use super::{mm_ss, one_decimal, phase_state, PhaseState, DRAFT_LABEL};
use crate::align::Phase;
use crate::analysis::Analysis;
use crate::coach::drills::DrillReport;
use crate::coach::prompts::{DeepDiveReport, PromptMatch};
use crate::coach::review::{Bullet, Review};
use crate::roles::{Role, TalkSpan};
use crate::rules::{Evidence, Level};
use crate::transcript::Timing;

/// The label on the page (the other formats say the same in capitals).
pub const HTML_DRAFT_LABEL: &str = "Draft for a coach to confirm";

/// What the page shows beyond the analysis: talk turns and the coach features, when known.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    pub turns: &'a [TalkSpan],
    pub prompt: Option<&'a PromptMatch>,
    pub deep_dive: Option<&'a DeepDiveReport>,
    pub drill: Option<&'a DrillReport>,
    pub review: Option<&'a Review>,
}

/// The page for an analysis; `audio` is the recording's path relative to where the page is written.
pub fn render(analysis: &Analysis, audio: Option<&Path>) -> String {
    let extras = Extras {
        turns: &analysis.turns,
        prompt: analysis.prompt.as_ref(),
        deep_dive: analysis.deep_dive.as_ref(),
        drill: analysis.drill.as_ref(),
        review: analysis.review.as_ref(),
    };
    render_with(analysis, &extras, audio)
}

/// The page with talk lanes and coach sections.
pub fn render_with(analysis: &Analysis, extras: &Extras, audio: Option<&Path>) -> String {
    let page = Page {
        a: analysis,
        x: extras,
        seek: audio.is_some(),
    };
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>mockreview report</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    page.header(&mut out, audio);
    if analysis.nothing_to_judge.is_none() {
        page.timeline(&mut out);
        page.coach(&mut out);
        page.flags(&mut out);
        page.rubric(&mut out);
        page.metrics(&mut out);
    }
    out.push_str("<footer>Generated offline by mockreview. ");
    out.push_str(HTML_DRAFT_LABEL);
    out.push_str(": every score and finding is a draft drawn from the transcript.</footer>\n");
    if audio.is_some() {
        out.push_str("<script>\n");
        out.push_str(SCRIPT);
        out.push_str("</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Escapes text for HTML element content and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A relative audio path as a URL attribute: path separators kept, everything else that is not
/// safe in a URL percent-encoded (so `#`, `?`, spaces and quotes cannot change its meaning).
fn audio_src(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = r#"body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232b;background:#fff;margin:0 auto;max-width:1180px;padding:18px 28px 40px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d9dee5;padding-bottom:4px}
.draft{display:inline-block;background:#fff4d6;border:1px solid #e0b84c;color:#6b4e00;border-radius:4px;padding:2px 8px;font-weight:600;font-size:13px}
.meta{color:#4a5563;margin:6px 0}.meta b{color:#1d232b}
.verdict{font-weight:700}.v-below_bar{color:#a1361f}.v-senior{color:#1f6f3a}.v-staff{color:#134f8a}
table{border-collapse:collapse;width:100%;margin:6px 0 4px}th,td{border-bottom:1px solid #e6e9ee;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8;font-weight:600;font-size:13px;color:#3b4553}
.t{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;color:#2456a6;white-space:nowrap}
a.t{text-decoration:none;border-bottom:1px dotted #2456a6;cursor:pointer}
blockquote{margin:4px 0;padding:2px 8px;border-left:3px solid #c9d2de;color:#333c48}
.lvl{font-size:12px;font-weight:700;border-radius:3px;padding:1px 6px;text-transform:uppercase}
.lvl-error{background:#fbe0dc;color:#8c2312}.lvl-warning{background:#fdf0d2;color:#7a5200}.lvl-info{background:#e3edf9;color:#1f4d86}
.score{font-weight:700;font-size:16px}.bar{display:inline-block;height:8px;background:#4d7cc7;border-radius:2px;vertical-align:middle;margin-left:6px}
.pass{color:#1f6f3a;font-weight:600}.fail{color:#a1361f;font-weight:600}
.note{color:#6a5400;background:#fffaeb;border:1px solid #f0e0a8;border-radius:4px;padding:4px 8px;margin:4px 0}
svg{width:100%;height:auto;display:block;border:1px solid #e6e9ee;border-radius:6px;background:#fcfdfe}
svg text{font:12px system-ui,sans-serif;fill:#3b4553}svg .lane{font-weight:600}
svg .mk{cursor:pointer}audio{width:100%;margin:10px 0}
.legend span{display:inline-block;margin-right:14px;font-size:13px}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
footer{margin-top:30px;color:#6b7480;font-size:12px}
"#;

/// Clicking any element with `data-ms` seeks the recording there and plays it.
const SCRIPT: &str = r#"document.addEventListener('click',function(e){var t=e.target.closest('[data-ms]');if(!t)return;var a=document.getElementById('rec');if(!a)return;e.preventDefault();a.currentTime=Number(t.getAttribute('data-ms'))/1000;a.play();});
"#;

fn phase_color(p: Phase) -> &'static str {
    match p {
        Phase::Clarify => "#7aa6e0",
        Phase::CapacityApi => "#8cc9a4",
        Phase::Architecture => "#e7b96a",
        Phase::DeepDive => "#c99ad6",
        Phase::FailureModes => "#e58f86",
        Phase::Summary => "#9fb3c4",
    }
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Clarify => "clarify",
        Phase::CapacityApi => "capacity & API",
        Phase::Architecture => "architecture",
        Phase::DeepDive => "deep dive",
        Phase::FailureModes => "failure modes",
        Phase::Summary => "summary",
    }
}

fn level_id(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

struct Page<'a> {
    a: &'a Analysis,
    x: &'a Extras<'a>,
    seek: bool,
}

// SVG geometry (viewBox units).
const W: f64 = 1100.0;
const LEFT: f64 = 120.0;
const RIGHT: f64 = 20.0;
/// Flag markers closer than this share one marker.
const MARKER_W: f64 = 14.0;

impl Page<'_> {
    /// A time: a seek link with a recording, plain text without.
    fn time(&self, ms: u64) -> String {
        if self.seek {
            format!(
                "<a class=\"t\" href=\"#\" data-ms=\"{ms}\" title=\"play from {0}\">{0}</a>",
                mm_ss(ms)
            )
        } else {
            format!("<span class=\"t\">{}</span>", mm_ss(ms))
        }
    }

    fn quote(&self, out: &mut String, e: &Evidence) {
        let _ = writeln!(
            out,
            "<blockquote>{} “{}”</blockquote>",
            self.time(e.start_ms),
            escape(&e.quote)
        );
    }

    fn header(&self, out: &mut String, audio: Option<&Path>) {
        let a = self.a;
        let _ = writeln!(
            out,
            "<header><h1>Mock interview report</h1><span class=\"draft\">{HTML_DRAFT_LABEL}</span>"
        );
        let timing = match a.timing {
            Timing::Measured => "measured",
            Timing::Estimated => "estimated (no timestamps)",
        };
        let _ = writeln!(
            out,
            "<p class=\"meta\">Length <b>{}</b> · timing {timing}",
            mm_ss(a.duration_ms)
        );
        for s in &a.speakers {
            let _ = write!(
                out,
                " · {} <b>{}</b> {}",
                s.role.id(),
                escape(&s.name),
                mm_ss(s.talk_ms)
            );
        }
        out.push_str("</p>\n");
        let verdict = escape(a.verdict.as_str());
        let avg = a
            .average
            .map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
        let _ = writeln!(
            out,
            "<p class=\"meta\">Draft verdict <span class=\"verdict v-{verdict}\">{}</span> · average {avg} of 4 · {}</p>",
            verdict.replace('_', " "),
            DRAFT_LABEL
        );
        let _ = writeln!(out, "<p class=\"meta\">Roles: {}</p>", escape(&a.roles_how));
        for n in &a.notes {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(n));
        }
        if let Some(reason) = &a.nothing_to_judge {
            let _ = writeln!(
                out,
                "<p class=\"note\"><b>Nothing to judge:</b> {}. No phases, flags or scores.</p>",
                escape(reason)
            );
        }
        if let Some(path) = audio {
            let _ = writeln!(
                out,
                "<audio id=\"rec\" controls preload=\"metadata\" src=\"{}\"></audio>",
                escape(&audio_src(path))
            );
            out.push_str(
                "<p class=\"meta\">Click any time to play the recording from there.</p>\n",
            );
        }
        out.push_str("</header>\n");
    }

    fn timeline(&self, out: &mut String) {
        let a = self.a;
        let budget_total: u64 = a.phases.iter().map(|p| p.budget_ms).sum();
        let total = a.duration_ms.max(budget_total).max(1);
        let x = |ms: u64| LEFT + (W - LEFT - RIGHT) * (ms.min(total) as f64 / total as f64);
        let rows: [(&str, f64); 5] = [
            ("Budget", 30.0),
            ("Actual", 62.0),
            ("Flags", 98.0),
            ("Interviewer", 128.0),
            ("Candidate", 154.0),
        ];
        let height = 200.0;
        out.push_str("<section id=\"timeline\"><h2>Timeline</h2>\n");
        let _ = writeln!(
            out,
            "<svg viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"Phases against the budget, flags and talk lanes\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        for (label, y) in rows {
            let _ = writeln!(
                out,
                "<text class=\"lane\" x=\"10\" y=\"{:.0}\">{label}</text>",
                y + 4.0
            );
        }
        // Minute ticks: every 5 minutes, or every minute for a short session.
        let step = if total > 15 * 60_000 {
            5 * 60_000
        } else {
            60_000
        };
        let mut t = 0;
        while t <= total {
            let _ = writeln!(
                out,
                "<line x1=\"{0:.1}\" y1=\"12\" x2=\"{0:.1}\" y2=\"168\" stroke=\"#e3e7ec\"/><text x=\"{0:.1}\" y=\"186\" text-anchor=\"middle\">{1}</text>",
                x(t),
                mm_ss(t)
            );
            t += step;
        }
        // Budget row: the phases back to back at their budgets.
        let mut at = 0;
        for p in &a.phases {
            let (x0, x1) = (x(at), x(at + p.budget_ms));
            let _ = writeln!(
                out,
                "<rect x=\"{x0:.1}\" y=\"20\" width=\"{:.1}\" height=\"20\" fill=\"{}\" opacity=\"0.55\"><title>{} budget {}–{} ({})</title></rect>",
                (x1 - x0).max(0.5),
                phase_color(p.id),
                phase_name(p.id),
                mm_ss(at),
                mm_ss(at + p.budget_ms),
                mm_ss(p.budget_ms)
            );
            at += p.budget_ms;
        }
        // Actual row.
        for p in &a.phases {
            if let (Some(s), Some(e)) = (p.start_ms, p.end_ms) {
                let (x0, x1) = (x(s), x(e));
                let over = match phase_state(p.start_ms, p.end_ms, p.budget_ms) {
                    PhaseState::Over(ms) => format!(", {} over budget", mm_ss(ms)),
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "<rect x=\"{x0:.1}\" y=\"52\" width=\"{:.1}\" height=\"20\" fill=\"{}\"><title>{} {}–{} ({}{over})</title></rect>",
                    (x1 - x0).max(1.0),
                    phase_color(p.id),
                    phase_name(p.id),
                    mm_ss(s),
                    mm_ss(e),
                    mm_ss(e.saturating_sub(s))
                );
            }
        }
        // Flags: markers closer than a marker's width share one, with a count and every message
        // in its tooltip, so a pile of absence flags at the same time stays readable.
        let mut clusters: Vec<Vec<&crate::rules::Finding>> = Vec::new();
        let mut flags: Vec<&crate::rules::Finding> = a.flags.iter().collect();
        flags.sort_by_key(|f| (f.at_ms, f.id));
        for f in flags {
            match clusters.last_mut() {
                Some(c)
                    if c.first()
                        .is_some_and(|g| x(f.at_ms) - x(g.at_ms) < MARKER_W) =>
                {
                    c.push(f)
                }
                _ => clusters.push(vec![f]),
            }
        }
        for c in &clusters {
            let Some(first) = c.first() else { continue };
            let cx = x(first.at_ms);
            let worst = c.iter().map(|f| f.level).max().unwrap_or(Level::Info);
            let color = match worst {
                Level::Error => "#c0392b",
                Level::Warning => "#d68910",
                Level::Info => "#2e6db4",
            };
            let seek = if self.seek {
                format!(" data-ms=\"{}\"", first.at_ms)
            } else {
                String::new()
            };
            let title: Vec<String> = c
                .iter()
                .map(|f| {
                    format!(
                        "{} {} ({}): {}",
                        mm_ss(f.at_ms),
                        f.id,
                        level_id(f.level),
                        escape(&f.message)
                    )
                })
                .collect();
            let count = if c.len() > 1 {
                format!(
                    "<text x=\"{:.1}\" y=\"87\" font-size=\"10\">×{}</text>",
                    cx + 6.0,
                    c.len()
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<g class=\"mk\"{seek}><path d=\"M{cx:.1} 88 l7 10 l-7 10 l-7 -10 z\" fill=\"{color}\"/>{count}<title>{}</title></g>",
                title.join("\n")
            );
        }
        // Talk lanes.
        if self.x.turns.is_empty() {
            let _ = writeln!(
                out,
                "<text x=\"{LEFT}\" y=\"145\" fill=\"#8a939e\">talk turns not available for this report</text>"
            );
        }
        for s in self.x.turns {
            let y = match s.role {
                Role::Interviewer => 120.0,
                Role::Candidate => 146.0,
                Role::Other => continue,
            };
            let (x0, x1) = (x(s.start_ms), x(s.end_ms));
            let color = if s.role == Role::Candidate {
                "#4d7cc7"
            } else {
                "#9aa5b1"
            };
            let _ = writeln!(
                out,
                "<rect x=\"{x0:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"16\" fill=\"{color}\"><title>{} {}–{}</title></rect>",
                (x1 - x0).max(0.8),
                s.role.id(),
                mm_ss(s.start_ms),
                mm_ss(s.end_ms)
            );
        }
        out.push_str("</svg>\n<p class=\"legend\">");
        for p in Phase::ALL {
            let _ = write!(
                out,
                "<span><i style=\"background:{}\"></i>{}</span>",
                phase_color(p),
                phase_name(p)
            );
        }
        out.push_str("<span>◆ flag (hover for the message)</span></p>\n");

        out.push_str("<table><tr><th>Phase</th><th>Start</th><th>End</th><th>Actual</th><th>Budget</th><th>Status</th></tr>\n");
        for p in &a.phases {
            let opt = |t: Option<u64>| t.map_or_else(|| "—".to_string(), |ms| self.time(ms));
            let status = match phase_state(p.start_ms, p.end_ms, p.budget_ms) {
                PhaseState::Missing => "<span class=\"fail\">missing</span>".to_string(),
                PhaseState::WithinBudget => "within budget".to_string(),
                PhaseState::Over(ms) => format!("<span class=\"fail\">+{} over</span>", mm_ss(ms)),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td></tr>",
                phase_name(p.id),
                opt(p.start_ms),
                opt(p.end_ms),
                p.actual_ms().map_or_else(|| "—".to_string(), mm_ss),
                mm_ss(p.budget_ms)
            );
        }
        out.push_str("</table></section>\n");
    }

    fn flags(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "<section id=\"flags\"><h2>Flags ({})</h2>",
            self.a.flags.len()
        );
        if self.a.flags.is_empty() {
            out.push_str("<p>None.</p>");
        } else {
            out.push_str("<table><tr><th>Time</th><th>Flag</th><th>Dimension</th><th>Finding and evidence</th></tr>\n");
        }
        for f in &self.a.flags {
            let level = level_id(f.level);
            let _ = write!(
                out,
                "<tr><td>{}</td><td><span class=\"lvl lvl-{level}\">{level}</span><br>{}</td><td>{}</td><td>{}",
                self.time(f.at_ms),
                f.id,
                f.dimension.id(),
                escape(&f.message)
            );
            if let Some((s, e)) = f.searched_ms {
                let _ = write!(out, "<br><small>searched {}–{}</small>", mm_ss(s), mm_ss(e));
            }
            for e in &f.evidence {
                self.quote(out, e);
            }
            out.push_str("</td></tr>\n");
        }
        if !self.a.flags.is_empty() {
            out.push_str("</table>");
        }
        out.push_str("</section>\n");
    }

    fn rubric(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "<section id=\"rubric\"><h2>Draft rubric <span class=\"draft\">{HTML_DRAFT_LABEL}</span></h2>"
        );
        out.push_str(
            "<table><tr><th>Dimension</th><th>Score</th><th>Rationale and evidence</th></tr>\n",
        );
        for r in &self.a.rubric.0 {
            let _ = write!(
                out,
                "<tr><td>{}</td><td><span class=\"score\">{}</span>/4<span class=\"bar\" style=\"width:{}px\"></span></td><td>{}",
                r.dimension.id().replace('_', " "),
                r.score,
                u32::from(r.score.min(4)) * 14,
                escape(&r.rationale)
            );
            for e in &r.evidence {
                self.quote(out, e);
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</table></section>\n");
    }

    fn metrics(&self, out: &mut String) {
        let m = &self.a.metrics;
        out.push_str("<section id=\"metrics\"><h2>Communication metrics</h2><table>\n");
        let row = |out: &mut String, k: &str, v: String| {
            let _ = writeln!(out, "<tr><th>{k}</th><td>{v}</td></tr>");
        };
        row(
            out,
            "Candidate words per minute",
            m.words_per_minute
                .map_or_else(|| "— (timing estimated)".to_string(), one_decimal),
        );
        row(
            out,
            "Talk ratio (candidate share)",
            format!("{:.0}%", m.talk_ratio * 100.0),
        );
        row(
            out,
            "Longest monologue",
            match m.longest_monologue_start_ms {
                Some(s) => format!("{} from {}", mm_ss(m.longest_monologue_ms), self.time(s)),
                None => "—".to_string(),
            },
        );
        row(
            out,
            &format!("Long pauses (over {} s)", m.long_pause_threshold_ms / 1000),
            m.long_pauses
                .map_or_else(|| "— (timing estimated)".to_string(), |n| n.to_string()),
        );
        row(out, "Questions asked", m.questions_asked.to_string());
        row(
            out,
            "Fillers",
            format!(
                "{} ({} per 100 words) <small>{}</small>",
                m.fillers,
                one_decimal(m.filler_rate_per_100_words),
                escape(&m.filler_note)
            ),
        );
        out.push_str("</table></section>\n");
    }

    fn coach(&self, out: &mut String) {
        let x = self.x;
        if x.prompt.is_none() && x.deep_dive.is_none() && x.drill.is_none() && x.review.is_none() {
            return;
        }
        if let Some(p) = x.prompt {
            let how = match p.source {
                crate::coach::prompts::MatchSource::Given => "given with --prompt".to_string(),
                crate::coach::prompts::MatchSource::Opening => {
                    format!(
                        "recognised from the opening (confidence {:.2})",
                        p.confidence
                    )
                }
                crate::coach::prompts::MatchSource::Content => {
                    format!(
                        "recognised from the content (confidence {:.2})",
                        p.confidence
                    )
                }
            };
            let _ = writeln!(
                out,
                "<section id=\"prompt\"><h2>Prompt</h2><p><b>{}</b> <small>({}; {how})</small></p>",
                escape(&p.title),
                escape(&p.id)
            );
            for e in &p.evidence {
                self.quote(out, e);
            }
            if let Some(d) = x.deep_dive {
                let _ = writeln!(
                    out,
                    "<p>Strong deep dive reached: <b>{} of {}</b></p><table><tr><th>Item</th><th>Reached</th><th>Evidence</th></tr>",
                    d.reached, d.total
                );
                for i in &d.items {
                    let _ = write!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>",
                        escape(&i.label),
                        if i.reached {
                            "<span class=\"pass\">yes</span>"
                        } else {
                            "<span class=\"fail\">no</span>"
                        }
                    );
                    for e in &i.evidence {
                        self.quote(out, e);
                    }
                    out.push_str("</td></tr>\n");
                }
                out.push_str("</table>");
            }
            out.push_str("</section>\n");
        }
        if let Some(d) = x.drill {
            let _ = writeln!(
                out,
                "<section id=\"drill\"><h2>Drill: {}</h2><p>{} of a {} budget · {}</p><table><tr><th>Check</th><th>Result</th><th>Finding and evidence</th></tr>",
                d.session.id(),
                mm_ss(d.used_ms),
                mm_ss(d.budget_ms),
                if d.passed {
                    "<span class=\"pass\">all checks passed</span>"
                } else {
                    "<span class=\"fail\">gaps to work on</span>"
                }
            );
            for c in &d.checks {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}",
                    c.id,
                    if c.passed {
                        "<span class=\"pass\">pass</span>"
                    } else {
                        "<span class=\"fail\">gap</span>"
                    },
                    escape(&c.message)
                );
                for e in &c.evidence {
                    self.quote(out, e);
                }
                out.push_str("</td></tr>\n");
            }
            out.push_str("</table>");
            for n in &d.notes {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(n));
            }
            out.push_str("</section>\n");
        }
        if let Some(r) = x.review {
            out.push_str("<section id=\"review\"><h2>Day-7 review (draft)</h2>\n");
            let bullet = |out: &mut String, head: &str, b: &Bullet| {
                let _ = write!(out, "<p><b>{head}</b> {}</p>", escape(&b.text));
                for e in &b.evidence {
                    self.quote(out, e);
                }
            };
            bullet(out, "What you clarified well.", &r.clarified_well);
            bullet(out, "Where you became vague.", &r.became_vague);
            bullet(
                out,
                "Which tradeoff to make explicit.",
                &r.tradeoff_to_make_explicit,
            );
            out.push_str("</section>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, AnalyzeOptions};
    use crate::lexicon::LexiconSet;
    use crate::roles::talk_spans;
    use crate::test_support::seg;
    use crate::transcript::Transcript;

    fn hostile() -> Transcript {
        Transcript::new(
            vec![
                seg(0, 8_000, "Interviewer", "Design a rate limiter. <b>Any</b> questions?"),
                seg(
                    9_000,
                    40_000,
                    "Candidate",
                    "I would use Redis <script>alert('x')</script> because it is fast & \"simple\".",
                ),
                seg(41_000, 60_000, "Interviewer", "What about hot keys?"),
                seg(
                    61_000,
                    120_000,
                    "Candidate",
                    "Maybe we shard by key, I guess, something like that.",
                ),
            ],
            Timing::Measured,
        )
    }

    fn analysis(t: &Transcript) -> Analysis {
        let opts = AnalyzeOptions {
            candidate: Some("Candidate".into()),
            interviewer: Some("Interviewer".into()),
            ..AnalyzeOptions::default()
        };
        analyze(t, &LexiconSet::builtin().expect("lexicons"), &opts).expect("analysis")
    }

    #[test]
    fn transcript_markup_renders_as_text() {
        let a = analysis(&hostile());
        let html = render(&a, None);
        assert!(
            !html.contains("<script>alert"),
            "raw script tag in the page"
        );
        assert!(!html.contains("<b>Any</b>"));
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
            "{html}"
        );
        // No script at all without a recording.
        assert!(!html.contains("<script"));
    }

    #[test]
    fn escape_covers_every_markup_character() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain text"), "plain text");
    }

    #[test]
    fn the_page_is_labelled_a_draft_and_has_the_sections() {
        let html = render(&analysis(&hostile()), None);
        assert!(html.contains(HTML_DRAFT_LABEL));
        for needle in [
            "<svg",
            "Timeline",
            "Draft rubric",
            "Communication metrics",
            "Flags (",
        ] {
            assert!(html.contains(needle), "missing {needle}");
        }
        assert!(
            !html.contains("http://") || html.matches("http://").count() == 1,
            "only the SVG namespace"
        );
        assert!(!html.contains("https://"));
        assert!(!html.contains("<link"));
    }

    #[test]
    fn with_a_recording_times_seek_the_audio() {
        let a = analysis(&hostile());
        let html = render(&a, Some(Path::new("rec/mock 1 \"final\".m4a")));
        assert!(html.contains("<audio id=\"rec\" controls"));
        assert!(
            html.contains("src=\"rec/mock%201%20%22final%22.m4a\""),
            "{html}"
        );
        assert!(html.contains("data-ms=\""));
        assert!(html.contains("<script>"));
        assert_eq!(html.matches("<script>").count(), 1);
    }

    #[test]
    fn without_a_recording_times_are_plain_text() {
        let html = render(&analysis(&hostile()), None);
        assert!(!html.contains("data-ms"));
        assert!(!html.contains("<audio"));
        assert!(html.contains("<span class=\"t\">"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let t = hostile();
        let turns = talk_spans(
            &t,
            &crate::roles::resolve(&t, Some("Candidate"), None).expect("roles"),
        );
        let extras = Extras {
            turns: &turns,
            ..Extras::default()
        };
        let a = render_with(&analysis(&t), &extras, Some(Path::new("a.wav")));
        let b = render_with(&analysis(&t), &extras, Some(Path::new("a.wav")));
        assert_eq!(a, b);
    }

    #[test]
    fn talk_spans_join_a_speakers_adjacent_segments_but_not_across_the_other() {
        let t = Transcript::new(
            vec![
                seg(0, 5_000, "I", "Design a feed."),
                seg(5_500, 10_000, "C", "Who are the users?"),
                seg(10_500, 20_000, "C", "And how many?"),
                seg(21_000, 25_000, "I", "Ten million."),
                seg(25_200, 30_000, "C", "Then fanout on write."),
            ],
            Timing::Measured,
        );
        let roles = crate::roles::resolve(&t, Some("C"), Some("I")).expect("roles");
        let spans = talk_spans(&t, &roles);
        let got: Vec<(Role, u64, u64)> = spans
            .iter()
            .map(|s| (s.role, s.start_ms, s.end_ms))
            .collect();
        assert_eq!(
            got,
            [
                (Role::Interviewer, 0, 5_000),
                (Role::Candidate, 5_500, 20_000),
                (Role::Interviewer, 21_000, 25_000),
                (Role::Candidate, 25_200, 30_000),
            ]
        );
    }

    #[test]
    fn nothing_to_judge_renders_the_reason_and_no_scores() {
        let t = Transcript::new(vec![seg(0, 5_000, "I", "Hello <there>?")], Timing::Measured);
        let a = analyze(
            &t,
            &LexiconSet::builtin().expect("lexicons"),
            &AnalyzeOptions {
                interviewer: Some("I".into()),
                ..AnalyzeOptions::default()
            },
        )
        .expect("analysis");
        let html = render(&a, None);
        assert!(html.contains("Nothing to judge"));
        assert!(!html.contains("Draft rubric"));
    }
}
