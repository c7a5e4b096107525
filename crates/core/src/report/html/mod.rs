//! The HTML report: one self-contained page (inline style, a few lines of inline script, no
//! network) with an SVG timeline of the budgeted phases against the actual ones, the flags as
//! markers at their times, the interviewer's and candidate's talk lanes, the draft rubric with its
//! evidence quotes and the communication metrics. Every time is shown as mm:ss; with a recording
//! each time is a link that seeks the embedded `<audio>`.
//!
//! Built with `maud`, so every spliced value is escaped; transcript text goes in as [`Text`]
//! (`escape.rs`). One file a part: the page (here), the header and result sections
//! (`sections.rs`), the coach sections (`coach.rs`), the SVG timeline (`timeline.rs`), the style
//! (`style.css`) and the seek script (`seek.js`).

use std::path::Path;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::mm_ss;
use crate::analysis::Analysis;
use crate::coach::drills::DrillReport;
use crate::coach::prompts::{DeepDiveReport, PromptMatch};
use crate::coach::review::Review;
use crate::roles::TalkSpan;
use crate::rules::Evidence;

mod coach;
mod escape;
mod sections;
mod timeline;

pub use escape::{audio_src, empty_element, escape, Text};

/// The label on the page (the other formats say the same in capitals).
pub const HTML_DRAFT_LABEL: &str = "Draft for a coach to confirm";

const STYLE: &str = include_str!("style.css");

/// Clicking any element with `data-ms` seeks the recording there and plays it.
const SCRIPT: &str = include_str!("seek.js");

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
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n" meta charset="utf-8";
                "\n" meta name="viewport" content="width=device-width, initial-scale=1";
                "\n" title { "mockreview report" }
                "\n" style { "\n" (PreEscaped(STYLE)) }
                "\n"
            }
            "\n"
            body {
                "\n"
                (page.header(audio))
                @if analysis.nothing_to_judge.is_none() {
                    (page.timeline())
                    (page.coach())
                    (page.flags())
                    (page.rubric())
                    (page.metrics())
                }
                footer {
                    "Generated offline by mockreview. " (HTML_DRAFT_LABEL)
                    ": every score and finding is a draft drawn from the transcript."
                }
                "\n"
                @if audio.is_some() {
                    script { "\n" (PreEscaped(SCRIPT)) }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
    .into_string()
}

/// One page being written: the analysis, the extras, and whether times seek a recording.
struct Page<'a> {
    a: &'a Analysis,
    x: &'a Extras<'a>,
    seek: bool,
}

impl Page<'_> {
    /// A time: a seek link with a recording, plain text without.
    fn time(&self, ms: u64) -> Markup {
        let t = mm_ss(ms);
        html! {
            @if self.seek {
                a class="t" href="#" data-ms=(ms) title={ "play from " (t) } { (t) }
            } @else {
                span class="t" { (t) }
            }
        }
    }

    /// An evidence quote with its time, on a line of its own.
    fn quote(&self, e: &Evidence) -> Markup {
        html! {
            blockquote { (self.time(e.start_ms)) " “" (Text(&e.quote)) "”" }
            "\n"
        }
    }

    fn quotes(&self, evidence: &[Evidence]) -> Markup {
        html! { @for e in evidence { (self.quote(e)) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, AnalyzeOptions};
    use crate::lexicon::LexiconSet;
    use crate::roles::talk_spans;
    use crate::roles::Role;
    use crate::test_support::seg;
    use crate::transcript::{Timing, Transcript};

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
    fn fixed_labels_are_escaped_too() {
        let html = render(&analysis(&hostile()), None);
        assert!(html.contains(">capacity &amp; API<"), "{html}");
        assert!(!html.contains("capacity & API"));
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
