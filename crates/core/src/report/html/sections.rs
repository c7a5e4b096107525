//! The header and the result sections of the page: flags, draft rubric, communication metrics.

use std::path::Path;

use maud::{html, Markup};

use super::{audio_src, Page, Text, HTML_DRAFT_LABEL};
use crate::report::{mm_ss, one_decimal, DRAFT_LABEL};
use crate::rules::Level;
use crate::transcript::Timing;

pub(super) fn level_id(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

impl Page<'_> {
    /// Length, speakers, the draft verdict, how roles were decided, notes, and the recording.
    pub(super) fn header(&self, audio: Option<&Path>) -> Markup {
        let a = self.a;
        let timing = match a.timing {
            Timing::Measured => "measured",
            Timing::Estimated => "estimated (no timestamps)",
        };
        let verdict = a.verdict.as_str();
        let avg = a
            .average
            .map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
        html! {
            header {
                h1 { "Mock interview report" }
                span class="draft" { (HTML_DRAFT_LABEL) }
                "\n"
                p class="meta" {
                    "Length " b { (mm_ss(a.duration_ms)) } " · timing " (timing) "\n"
                    @for s in &a.speakers {
                        " · " (s.role.id()) " " b { (Text(&s.name)) } " " (mm_ss(s.talk_ms))
                    }
                }
                "\n"
                p class="meta" {
                    "Draft verdict "
                    span class={ "verdict v-" (Text(verdict)) } { (Text(&verdict.replace('_', " "))) }
                    " · average " (avg) " of 4 · " (DRAFT_LABEL)
                }
                "\n"
                p class="meta" { "Roles: " (Text(&a.roles_how)) }
                "\n"
                @for n in &a.notes {
                    p class="note" { (Text(n)) }
                    "\n"
                }
                @if let Some(reason) = &a.nothing_to_judge {
                    p class="note" {
                        b { "Nothing to judge:" } " " (Text(reason)) ". No phases, flags or scores."
                    }
                    "\n"
                }
                @if let Some(path) = audio {
                    audio id="rec" controls preload="metadata" src=(Text(&audio_src(path))) {}
                    "\n"
                    p class="meta" { "Click any time to play the recording from there." }
                    "\n"
                }
            }
            "\n"
        }
    }

    pub(super) fn flags(&self) -> Markup {
        let flags = &self.a.flags;
        let rows = html! {
            @for f in flags {
                @let level = level_id(f.level);
                tr {
                    td { (self.time(f.at_ms)) }
                    td { span class={ "lvl lvl-" (level) } { (level) } br; (f.id) }
                    td { (f.dimension.id()) }
                    td {
                        (Text(&f.message))
                        @if let Some((s, e)) = f.searched_ms {
                            br; small { "searched " (mm_ss(s)) "–" (mm_ss(e)) }
                        }
                        (self.quotes(&f.evidence))
                    }
                }
                "\n"
            }
        };
        html! {
            section id="flags" {
                h2 { "Flags (" (flags.len()) ")" }
                "\n"
                @if flags.is_empty() {
                    p { "None." }
                } @else {
                    table {
                        tr { th { "Time" } th { "Flag" } th { "Dimension" } th { "Finding and evidence" } }
                        "\n"
                        (rows)
                    }
                }
            }
            "\n"
        }
    }

    pub(super) fn rubric(&self) -> Markup {
        html! {
            section id="rubric" {
                h2 { "Draft rubric " span class="draft" { (HTML_DRAFT_LABEL) } }
                "\n"
                table {
                    tr { th { "Dimension" } th { "Score" } th { "Rationale and evidence" } }
                    "\n"
                    @for r in &self.a.rubric.0 {
                        tr {
                            td { (r.dimension.id().replace('_', " ")) }
                            td {
                                span class="score" { (r.score) } "/4"
                                span class="bar" style={ "width:" (u32::from(r.score.min(4)) * 14) "px" } {}
                            }
                            td { (Text(&r.rationale)) (self.quotes(&r.evidence)) }
                        }
                        "\n"
                    }
                }
            }
            "\n"
        }
    }

    pub(super) fn metrics(&self) -> Markup {
        let m = &self.a.metrics;
        let row = |k: &str, v: Markup| {
            html! {
                tr { th { (k) } td { (v) } }
                "\n"
            }
        };
        let plain = |s: String| html! { (s) };
        html! {
            section id="metrics" {
                h2 { "Communication metrics" }
                table {
                    "\n"
                    (row(
                        "Candidate words per minute",
                        plain(m.words_per_minute
                            .map_or_else(|| "— (timing estimated)".to_string(), one_decimal)),
                    ))
                    (row(
                        "Talk ratio (candidate share)",
                        plain(format!("{:.0}%", m.talk_ratio * 100.0)),
                    ))
                    (row(
                        "Longest monologue",
                        match m.longest_monologue_start_ms {
                            Some(s) => html! { (mm_ss(m.longest_monologue_ms)) " from " (self.time(s)) },
                            None => plain("—".to_string()),
                        },
                    ))
                    (row(
                        &format!("Long pauses (over {} s)", m.long_pause_threshold_ms / 1000),
                        plain(m.long_pauses
                            .map_or_else(|| "— (timing estimated)".to_string(), |n| n.to_string())),
                    ))
                    (row("Questions asked", plain(m.questions_asked.to_string())))
                    (row(
                        "Fillers",
                        html! {
                            (m.fillers) " (" (one_decimal(m.filler_rate_per_100_words)) " per 100 words) "
                            small { (Text(&m.filler_note)) }
                        },
                    ))
                }
            }
            "\n"
        }
    }
}
