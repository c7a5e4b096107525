//! The HTML report on real fixture sessions: structure (sections, timeline rows, one marker per
//! flag time, balanced tags), escaping of hostile transcript text and audio paths, time links that
//! seek the recording, the coach sections, and byte-identical output.

use std::path::Path;

use mockreview::align::Timeline;
use mockreview::analysis::{analyze, Analysis, AnalyzeOptions};
use mockreview::coach::{self, drills, prompts, review};
use mockreview::lexicon::LexiconSet;
use mockreview::report::html::{self, Extras};
use mockreview::roles::TalkSpan;
use mockreview::roles::{self, Role};
use mockreview::rules::Session;
use mockreview::transcript::{self, Transcript};

fn load(rel: &str) -> Transcript {
    let path = crate::util::fixture("transcripts").join(rel);
    transcript::load(&path).expect("fixture loads")
}

fn analysis_of(t: &Transcript) -> Analysis {
    analyze(
        t,
        &LexiconSet::builtin().expect("lexicons"),
        &AnalyzeOptions::default(),
    )
    .expect("analysis")
}

fn turns_of(t: &Transcript) -> Vec<TalkSpan> {
    roles::talk_spans(t, &roles::resolve(t, None, None).expect("roles"))
}

/// Opening and closing tags of `name` balance.
fn balanced(page: &str, name: &str) -> bool {
    let open =
        page.matches(&format!("<{name}>")).count() + page.matches(&format!("<{name} ")).count();
    open == page.matches(&format!("</{name}>")).count()
}

#[test]
fn a_real_session_renders_every_part_with_balanced_tags() {
    let t = load("rate-limiter-strong.vtt");
    let a = analysis_of(&t);
    let turns = turns_of(&t);
    let page = html::render_with(
        &a,
        &Extras {
            turns: &turns,
            ..Extras::default()
        },
        None,
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Draft for a coach to confirm"));
    for section in ["timeline", "flags", "rubric", "metrics"] {
        assert!(
            page.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    for tag in [
        "section",
        "table",
        "tr",
        "td",
        "svg",
        "blockquote",
        "g",
        "title",
    ] {
        assert!(balanced(&page, tag), "unbalanced <{tag}>");
    }
    assert_eq!(page.matches("<svg").count(), 1);
    // Budget and actual rows: one rectangle per phase in the budget row, one per phase that happened.
    let happened = a.phases.iter().filter(|p| p.start_ms.is_some()).count();
    assert_eq!(page.matches(" budget ").count(), 6, "budget tooltips");
    assert_eq!(page.matches("<rect x=").count(), 6 + happened + turns.len());
    // Every flag is in the table and in a marker's tooltip; every rubric dimension is listed.
    for f in &a.flags {
        assert!(page.matches(f.id.as_str()).count() >= 2, "{}", f.id);
    }
    for r in &a.rubric.0 {
        assert!(page.contains(&r.dimension.id().replace('_', " ")));
    }
    // No network: nothing fetched from anywhere (the SVG namespace is an identifier, not a fetch).
    assert!(!page.contains("https://"));
    assert!(!page.contains("<link") && !page.contains(" src=\"http"));
}

#[test]
fn talk_lanes_show_both_speakers_turns() {
    let t = load("rate-limiter-strong.vtt");
    let turns = turns_of(&t);
    assert!(turns.iter().any(|s| s.role == Role::Interviewer));
    assert!(turns.iter().any(|s| s.role == Role::Candidate));
    assert!(turns.windows(2).all(|w| w[0].start_ms <= w[1].start_ms));
    let page = html::render_with(
        &analysis_of(&t),
        &Extras {
            turns: &turns,
            ..Extras::default()
        },
        None,
    );
    assert!(
        page.contains("<title>interviewer 00:04"),
        "the prompt statement turn"
    );
    assert!(!page.contains("talk turns not available"));
}

#[test]
fn a_transcript_full_of_markup_renders_as_text() {
    // Plain text keeps every character (VTT and SRT readers drop tags themselves).
    let text = "[00:01] Interviewer: Design a <b>URL</b> shortener &amp; more.\n\
[00:06] Candidate: I'd use Redis </blockquote><script>alert(\"pwned\")</script> <img src=x onerror=alert(1)> because it's fast.\n";
    let t = transcript::parse(text.as_bytes(), Path::new("hostile.txt")).expect("parses");
    let joined: String = t.segments.iter().map(|s| s.text.as_str()).collect();
    assert!(
        joined.contains("<script>"),
        "the reader keeps the text: {joined}"
    );
    let a = analysis_of(&t);
    let page = html::render(&a, Some(Path::new("x\"><script>alert(2)</script>.wav")));
    assert!(
        !page.contains("<script>alert"),
        "a script tag from the transcript"
    );
    assert!(!page.contains("<img"), "an element from the transcript");
    assert!(page.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"));
    // The audio path is percent-encoded inside its attribute, and the page has exactly one script.
    assert!(page.contains("src=\"x%22%3E%3Cscript%3Ealert%282%29%3C/script%3E.wav\""));
    assert_eq!(page.matches("<script").count(), 1);
}

#[test]
fn with_a_recording_every_shown_time_can_seek_it() {
    let t = load("rate-limiter-strong.vtt");
    let a = analysis_of(&t);
    let page = html::render(&a, Some(Path::new("recordings/rate limiter.m4a")));
    assert!(page.contains(
        "<audio id=\"rec\" controls preload=\"metadata\" src=\"recordings/rate%20limiter.m4a\">"
    ));
    let plain_times = page.matches("<span class=\"t\">").count();
    assert_eq!(plain_times, 0, "every time is a link");
    let evidence: usize = a.flags.iter().map(|f| f.evidence.len() + 1).sum::<usize>()
        + a.rubric.0.iter().map(|r| r.evidence.len()).sum::<usize>();
    assert!(page.matches("<a class=\"t\" href=\"#\" data-ms=").count() >= evidence);
    assert!(page.contains("a.currentTime=Number(t.getAttribute('data-ms'))/1000"));
}

#[test]
fn without_a_recording_there_is_no_audio_and_no_script() {
    let t = load("rate-limiter-weak.vtt");
    let page = html::render(&analysis_of(&t), None);
    assert!(!page.contains("<audio") && !page.contains("<script") && !page.contains("data-ms"));
}

#[test]
fn flags_at_the_same_time_share_one_marker_with_a_count() {
    let t = load("rate-limiter-weak.vtt");
    let a = analysis_of(&t);
    let at = a
        .flags
        .first()
        .map(|f| f.at_ms)
        .expect("the weak session has flags");
    let same = a.flags.iter().filter(|f| f.at_ms == at).count();
    assert!(same > 1, "fixture has several absence flags at one time");
    let page = html::render(&a, None);
    assert!(page.contains(">×"), "{page}");
    assert!(page.matches("<g class=\"mk\"").count() < a.flags.len());
}

#[test]
fn coach_sections_render_when_given() {
    let t = load("prompts/news-feed.txt");
    let r = roles::resolve(&t, Some("Sam Ortiz"), Some("Maya Chen")).expect("roles");
    let lex = LexiconSet::builtin().expect("lexicons");
    let a = analyze(
        &t,
        &lex,
        &AnalyzeOptions {
            candidate: Some("Sam Ortiz".into()),
            interviewer: Some("Maya Chen".into()),
            ..AnalyzeOptions::default()
        },
    )
    .expect("analysis");
    let hits = lex.scan(&t);
    let coach_hits = coach::scan(&t).expect("coach");
    let m = prompts::detect_in(&t, &r, &coach_hits)
        .expect("runs")
        .expect("news feed");
    let p = prompts::get(&m.id).expect("id");
    let cov = prompts::coverage_in(p, &t, &r, &coach_hits);
    let timeline = Timeline {
        phases: a.phases.clone(),
    };
    let session = Session {
        transcript: &t,
        roles: &r,
        hits: &hits,
        timeline: &timeline,
    };
    let drill = drills::run(drills::SessionKind::TradeoffDrill, &session, &coach_hits);
    let rv = review::review(&session, Some((p, &cov)));
    let page = html::render_with(
        &a,
        &Extras {
            turns: &[],
            prompt: Some(&m),
            deep_dive: Some(&cov),
            drill: drill.as_ref(),
            review: Some(&rv),
        },
        None,
    );
    for section in ["prompt", "drill", "review"] {
        assert!(
            page.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    assert!(page.contains("Design a news feed"));
    assert!(page.contains("fanout-on-write vs fanout-on-read"));
    assert!(page.contains("Drill: tradeoff-drill"));
    assert!(page.contains("Where you became vague."));
    assert!(page.contains("talk turns not available"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let t = load("rate-limiter-strong.vtt");
    let turns = turns_of(&t);
    let render = || {
        html::render_with(
            &analysis_of(&t),
            &Extras {
                turns: &turns,
                ..Extras::default()
            },
            Some(Path::new("a.wav")),
        )
    };
    assert_eq!(render(), render());
}
