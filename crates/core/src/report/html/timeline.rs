//! The timeline section: an SVG of the budgeted phases against the actual ones, the flags as
//! markers at their times and the talk lanes; then the legend and the phase table.

use maud::{html, Markup};

use super::sections::level_id;
use super::{empty_element, Page, Text};
use crate::align::Phase;
use crate::report::{mm_ss, phase_state, PhaseState};
use crate::roles::Role;
use crate::rules::{Finding, Level};

// SVG geometry (viewBox units).
const W: f64 = 1100.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 120.0;
const RIGHT: f64 = 20.0;
/// Flag markers closer than this share one marker.
const MARKER_W: f64 = 14.0;

/// The lanes, top to bottom, with the y of their middle.
const ROWS: [(&str, f64); 5] = [
    ("Budget", 30.0),
    ("Actual", 62.0),
    ("Flags", 98.0),
    ("Interviewer", 128.0),
    ("Candidate", 154.0),
];

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

/// One decimal, as every coordinate is written.
fn f1(v: f64) -> String {
    format!("{v:.1}")
}

impl Page<'_> {
    pub(super) fn timeline(&self) -> Markup {
        html! {
            section id="timeline" {
                h2 { "Timeline" }
                "\n"
                (self.svg())
                p class="legend" {
                    @for p in Phase::ALL {
                        span { i style={ "background:" (phase_color(p)) } {} (phase_name(p)) }
                    }
                    span { "◆ flag (hover for the message)" }
                }
                "\n"
                (self.phase_table())
            }
            "\n"
        }
    }

    fn svg(&self) -> Markup {
        let a = self.a;
        let budget_total: u64 = a.phases.iter().map(|p| p.budget_ms).sum();
        let total = a.duration_ms.max(budget_total).max(1);
        let x = |ms: u64| LEFT + (W - LEFT - RIGHT) * (ms.min(total) as f64 / total as f64);
        // Minute ticks: every 5 minutes, or every minute for a short session.
        let step = if total > 15 * 60_000 {
            5 * 60_000
        } else {
            60_000
        };
        let ticks = (0..=total).step_by(step as usize);
        // The budget row: the phases back to back at their budgets.
        let budget_starts = a.phases.iter().scan(0, |at, p| {
            let start = *at;
            *at += p.budget_ms;
            Some((start, p))
        });
        html! {
            svg viewBox={ "0 0 " (W) " " (HEIGHT) } role="img"
                aria-label="Phases against the budget, flags and talk lanes"
                xmlns="http://www.w3.org/2000/svg" {
                "\n"
                @for (label, y) in ROWS {
                    text class="lane" x="10" y=(format!("{:.0}", y + 4.0)) { (label) }
                    "\n"
                }
                @for t in ticks {
                    (empty_element("line", &[
                        ("x1", &f1(x(t))), ("y1", &"12"), ("x2", &f1(x(t))), ("y2", &"168"),
                        ("stroke", &"#e3e7ec"),
                    ]))
                    text x=(f1(x(t))) y="186" text-anchor="middle" { (mm_ss(t)) }
                    "\n"
                }
                @for (at, p) in budget_starts {
                    rect x=(f1(x(at))) y="20" width=(f1((x(at + p.budget_ms) - x(at)).max(0.5)))
                        height="20" fill=(phase_color(p.id)) opacity="0.55" {
                        title {
                            (phase_name(p.id)) " budget " (mm_ss(at)) "–" (mm_ss(at + p.budget_ms))
                            " (" (mm_ss(p.budget_ms)) ")"
                        }
                    }
                    "\n"
                }
                @for p in &a.phases {
                    @if let (Some(s), Some(e)) = (p.start_ms, p.end_ms) {
                        rect x=(f1(x(s))) y="52" width=(f1((x(e) - x(s)).max(1.0))) height="20"
                            fill=(phase_color(p.id)) {
                            title {
                                (phase_name(p.id)) " " (mm_ss(s)) "–" (mm_ss(e))
                                " (" (mm_ss(e.saturating_sub(s)))
                                @if let PhaseState::Over(ms) = phase_state(p.start_ms, p.end_ms, p.budget_ms) {
                                    ", " (mm_ss(ms)) " over budget"
                                }
                                ")"
                            }
                        }
                        "\n"
                    }
                }
                (self.markers(&x))
                (self.lanes(&x))
            }
            "\n"
        }
    }

    /// Flags: markers closer than a marker's width share one, with a count and every message
    /// in its tooltip, so a pile of absence flags at the same time stays readable.
    fn markers(&self, x: &dyn Fn(u64) -> f64) -> Markup {
        let mut clusters: Vec<Vec<&Finding>> = Vec::new();
        let mut flags: Vec<&Finding> = self.a.flags.iter().collect();
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
        html! {
            @for c in &clusters {
                @if let Some(first) = c.first() {
                    @let cx = x(first.at_ms);
                    @let color = match c.iter().map(|f| f.level).max().unwrap_or(Level::Info) {
                        Level::Error => "#c0392b",
                        Level::Warning => "#d68910",
                        Level::Info => "#2e6db4",
                    };
                    g class="mk" data-ms=[self.seek.then_some(first.at_ms)] {
                        (empty_element("path", &[
                            ("d", &format!("M{cx:.1} 88 l7 10 l-7 10 l-7 -10 z")),
                            ("fill", &color),
                        ]))
                        @if c.len() > 1 {
                            text x=(f1(cx + 6.0)) y="87" font-size="10" { "×" (c.len()) }
                        }
                        title {
                            @for (i, f) in c.iter().enumerate() {
                                @if i > 0 { "\n" }
                                (mm_ss(f.at_ms)) " " (f.id) " (" (level_id(f.level)) "): "
                                (Text(&f.message))
                            }
                        }
                    }
                    "\n"
                }
            }
        }
    }

    /// The interviewer's and the candidate's talk turns.
    fn lanes(&self, x: &dyn Fn(u64) -> f64) -> Markup {
        html! {
            @if self.x.turns.is_empty() {
                text x=(LEFT) y="145" fill="#8a939e" { "talk turns not available for this report" }
                "\n"
            }
            @for s in self.x.turns {
                @let y = match s.role {
                    Role::Interviewer => Some(120.0),
                    Role::Candidate => Some(146.0),
                    Role::Other => None,
                };
                @if let Some(y) = y {
                    @let color = if s.role == Role::Candidate { "#4d7cc7" } else { "#9aa5b1" };
                    rect x=(f1(x(s.start_ms))) y=(y)
                        width=(f1((x(s.end_ms) - x(s.start_ms)).max(0.8))) height="16" fill=(color) {
                        title { (s.role.id()) " " (mm_ss(s.start_ms)) "–" (mm_ss(s.end_ms)) }
                    }
                    "\n"
                }
            }
        }
    }

    fn phase_table(&self) -> Markup {
        let opt = |t: Option<u64>| match t {
            Some(ms) => self.time(ms),
            None => html! { "—" },
        };
        html! {
            table {
                tr {
                    th { "Phase" } th { "Start" } th { "End" } th { "Actual" } th { "Budget" }
                    th { "Status" }
                }
                "\n"
                @for p in &self.a.phases {
                    tr {
                        td { (phase_name(p.id)) }
                        td { (opt(p.start_ms)) }
                        td { (opt(p.end_ms)) }
                        td { (p.actual_ms().map_or_else(|| "—".to_string(), mm_ss)) }
                        td { (mm_ss(p.budget_ms)) }
                        td {
                            @match phase_state(p.start_ms, p.end_ms, p.budget_ms) {
                                PhaseState::Missing => span class="fail" { "missing" },
                                PhaseState::WithinBudget => "within budget",
                                PhaseState::Over(ms) => span class="fail" { "+" (mm_ss(ms)) " over" },
                            }
                        }
                    }
                    "\n"
                }
            }
        }
    }
}
