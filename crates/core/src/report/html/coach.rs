//! The coach sections of the page: the prompt with its deep dive, the drill checks, and the
//! Day-7 review.

use maud::{html, Markup};

use super::{Page, Text};
use crate::coach::drills::DrillReport;
use crate::coach::prompts::{DeepDiveReport, MatchSource, PromptMatch};
use crate::coach::review::{Bullet, Review};
use crate::report::mm_ss;

/// "yes"/"no" (or another pair) in the pass or fail colour.
fn verdict_span(passed: bool, yes: &str, no: &str) -> Markup {
    html! {
        @if passed { span class="pass" { (yes) } } @else { span class="fail" { (no) } }
    }
}

impl Page<'_> {
    pub(super) fn coach(&self) -> Markup {
        let x = self.x;
        html! {
            @if let Some(p) = x.prompt { (self.prompt(p, x.deep_dive)) }
            @if let Some(d) = x.drill { (self.drill(d)) }
            @if let Some(r) = x.review { (self.review(r)) }
        }
    }

    fn prompt(&self, p: &PromptMatch, deep_dive: Option<&DeepDiveReport>) -> Markup {
        let how = match p.source {
            MatchSource::Given => "given with --prompt".to_string(),
            MatchSource::Opening => format!(
                "recognised from the opening (confidence {:.2})",
                p.confidence
            ),
            MatchSource::Content => format!(
                "recognised from the content (confidence {:.2})",
                p.confidence
            ),
        };
        html! {
            section id="prompt" {
                h2 { "Prompt" }
                p { b { (Text(&p.title)) } " " small { "(" (Text(&p.id)) "; " (how) ")" } }
                "\n"
                (self.quotes(&p.evidence))
                @if let Some(d) = deep_dive {
                    p { "Strong deep dive reached: " b { (d.reached) " of " (d.total) } }
                    table {
                        tr { th { "Item" } th { "Reached" } th { "Evidence" } }
                        "\n"
                        @for i in &d.items {
                            tr {
                                td { (Text(&i.label)) }
                                td { (verdict_span(i.reached, "yes", "no")) }
                                td { (self.quotes(&i.evidence)) }
                            }
                            "\n"
                        }
                    }
                }
            }
            "\n"
        }
    }

    fn drill(&self, d: &DrillReport) -> Markup {
        html! {
            section id="drill" {
                h2 { "Drill: " (d.session.id()) }
                p {
                    (mm_ss(d.used_ms)) " of a " (mm_ss(d.budget_ms)) " budget · "
                    (verdict_span(d.passed, "all checks passed", "gaps to work on"))
                }
                table {
                    tr { th { "Check" } th { "Result" } th { "Finding and evidence" } }
                    "\n"
                    @for c in &d.checks {
                        tr {
                            td { (c.id) }
                            td { (verdict_span(c.passed, "pass", "gap")) }
                            td { (Text(&c.message)) (self.quotes(&c.evidence)) }
                        }
                        "\n"
                    }
                }
                @for n in &d.notes {
                    p class="note" { (Text(n)) }
                    "\n"
                }
            }
            "\n"
        }
    }

    fn review(&self, r: &Review) -> Markup {
        let bullet = |head: &str, b: &Bullet| {
            html! {
                p { b { (head) } " " (Text(&b.text)) }
                (self.quotes(&b.evidence))
            }
        };
        html! {
            section id="review" {
                h2 { "Day-7 review (draft)" }
                "\n"
                (bullet("What you clarified well.", &r.clarified_well))
                (bullet("Where you became vague.", &r.became_vague))
                (bullet("Which tradeoff to make explicit.", &r.tradeoff_to_make_explicit))
            }
            "\n"
        }
    }
}
