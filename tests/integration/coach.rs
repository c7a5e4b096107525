//! Coach features through the library: prompt detection on a fixture per prompt, `--prompt`
//! override semantics, deep-dive coverage, each drill on a good and a weak fixture, and the Day-7
//! review.

use std::path::{Path, PathBuf};

use mockreview::align::{self, Budget, Timeline};
use mockreview::analysis::{analyze, AnalyzeOptions};
use mockreview::coach::drills::{self, DrillReport, SessionKind};
use mockreview::coach::prompts::{self, MatchSource};
use mockreview::coach::review;
use mockreview::lexicon::{Hit, LexiconSet};
use mockreview::roles::{self, Roles};
use mockreview::rules::Session;
use mockreview::transcript::{self, Transcript};

fn fixture(rel: &str) -> PathBuf {
    crate::util::fixture("transcripts").join(rel)
}

/// Loads a fixture. In the coach's own fixtures (prompts/, drills/) the first speaker is the
/// interviewer, given explicitly as `--interviewer` would; the analyzer's fixtures infer roles.
fn load(rel: &str) -> (Transcript, Roles) {
    let t = transcript::load(&fixture(rel)).expect("fixture loads");
    let r = if rel.starts_with("prompts/") || rel.starts_with("drills/") {
        let interviewer = t.segments[0].speaker.clone().expect("named speakers");
        let candidate = t
            .segments
            .iter()
            .filter_map(|s| s.speaker.clone())
            .find(|s| *s != interviewer)
            .expect("a second speaker");
        roles::resolve(&t, Some(&candidate), Some(&interviewer)).expect("roles resolve")
    } else {
        roles::resolve(&t, None, None).expect("roles resolve")
    };
    (t, r)
}

/// The session the analysis builds (roles, the analyzer's hits, the phase timeline), for `f`.
fn with_session<T>(t: &Transcript, r: &Roles, hits: &[Hit], f: impl FnOnce(&Session) -> T) -> T {
    let timeline = align::align(t, r, hits, &Budget::default());
    f(&Session {
        transcript: t,
        roles: r,
        hits,
        timeline: &timeline,
    })
}

fn drill(kind: SessionKind, rel: &str) -> DrillReport {
    let (t, r) = load(rel);
    let hits = LexiconSet::builtin().expect("lexicons").scan(&t);
    let coach = mockreview::coach::scan(&t).expect("coach lexicons");
    with_session(&t, &r, &hits, |s| drills::run(kind, s, &coach)).expect("a drill gives a report")
}

fn check<'r>(report: &'r DrillReport, id: &str) -> &'r drills::Check {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#?}"))
}

#[test]
fn every_prompt_is_detected_from_its_opening() {
    for id in prompts::ids().expect("prompts") {
        let (t, r) = load(&format!("prompts/{id}.txt"));
        let m = prompts::detect(&t, &r)
            .expect("detect runs")
            .unwrap_or_else(|| panic!("{id}: no prompt detected"));
        assert_eq!(m.id, id, "{id}: detected {} ({m:?})", m.id);
        assert_eq!(m.source, MatchSource::Opening, "{id}");
        assert!(m.confidence > 0.2, "{id}: confidence {}", m.confidence);
        let first = m.evidence.first().expect("evidence quote");
        assert!(
            first.start_ms < 12_000,
            "{id}: the opening is before 00:12: {first:?}"
        );
    }
}

#[test]
fn every_prompt_fixture_reaches_its_deep_dive() {
    for id in prompts::ids().expect("prompts") {
        let (t, r) = load(&format!("prompts/{id}.txt"));
        let prompt = prompts::get(id).expect("known id");
        let cov = prompts::deep_dive_coverage(prompt, &t, &r).expect("coverage runs");
        let missed: Vec<&str> = cov
            .items
            .iter()
            .filter(|i| !i.reached)
            .map(|i| i.id.as_str())
            .collect();
        assert!(missed.is_empty(), "{id}: missed {missed:?}");
        for item in &cov.items {
            assert!(
                item.first_ms.is_some_and(|ms| ms >= 12_000),
                "{id}: {item:?}"
            );
        }
    }
}

#[test]
fn a_prompt_is_recognised_from_the_content_when_the_opening_names_none() {
    let (t, r) = load("prompts/content-only-chat.txt");
    let m = prompts::detect(&t, &r).expect("runs").expect("detected");
    assert_eq!(m.id, "chat");
    assert_eq!(
        m.source,
        MatchSource::Opening,
        "the candidate's first turn says group chats"
    );
}

#[test]
fn a_session_about_no_prompt_is_not_matched() {
    let (t, r) = load("prompts/no-prompt.txt");
    assert_eq!(prompts::detect(&t, &r).expect("runs"), None);
}

#[test]
fn the_interviewers_words_do_not_count_as_the_candidates_deep_dive() {
    // The opening names the prompt; only the candidate's lines can reach the deep dive.
    let (t, r) = load("prompts/rate-limiter.txt");
    let cov = prompts::deep_dive_coverage(prompts::get("rate-limiter").expect("id"), &t, &r)
        .expect("runs");
    assert!(cov
        .items
        .iter()
        .all(|i| i.first_ms.is_some_and(|ms| ms >= 12_000)));
    let (t, r) = load("prompts/no-prompt.txt");
    let cov = prompts::deep_dive_coverage(prompts::get("rate-limiter").expect("id"), &t, &r)
        .expect("runs");
    assert_eq!((cov.reached, cov.total), (0, 3));
}

#[test]
fn a_given_prompt_overrides_detection() {
    let (t, r) = load("prompts/chat.txt");
    let m = prompts::resolve(Some("news-feed"), &t, &r)
        .expect("valid id")
        .expect("given prompt");
    assert_eq!((m.id.as_str(), m.source), ("news-feed", MatchSource::Given));
    let detected = prompts::resolve(None, &t, &r)
        .expect("runs")
        .expect("detected");
    assert_eq!(detected.id, "chat");
}

#[test]
fn an_unknown_given_prompt_is_a_clear_error_listing_the_valid_ids() {
    let (t, r) = load("prompts/chat.txt");
    let e = prompts::resolve(Some("twitter"), &t, &r).expect_err("unknown id");
    let m = e.to_string();
    assert!(m.contains("unknown prompt \"twitter\""), "{m}");
    for id in prompts::ids().expect("ids") {
        assert!(m.contains(id), "{m} lacks {id}");
    }
    assert!(!m.contains('\n'), "one line: {m}");
}

#[test]
fn clarify_drill_passes_and_names_the_two_driving_constraints() {
    let r = drill(SessionKind::ClarifyDrill, "drills/clarify-good.txt");
    assert!(r.passed, "{r:#?}");
    assert_eq!(r.questions, Some(5));
    let names: Vec<&str> = r.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ordering", "latency"]);
    assert!(r.constraints.iter().all(|c| !c.evidence.is_empty()));
}

#[test]
fn clarify_drill_reports_few_questions_and_the_jump_into_architecture() {
    let r = drill(SessionKind::ClarifyDrill, "drills/clarify-weak.txt");
    assert!(!r.passed);
    assert!(!check(&r, "questions").passed);
    assert!(!check(&r, "two-constraints").passed);
    let arch = check(&r, "stopped-before-architecture");
    assert!(!arch.passed, "{arch:?}");
    assert!(arch.evidence[0].quote.contains("load balancer"), "{arch:?}");
    assert!(check(&r, "budget").passed);
}

#[test]
fn data_model_drill_finds_entities_keys_indexes_and_retention() {
    let r = drill(SessionKind::DataModelDrill, "drills/data-model-good.txt");
    assert!(r.passed, "{r:#?}");
    for part in ["entities", "keys", "indexes", "retention"] {
        let items = r.data_model.get(part).expect("part reported");
        assert!(!items.is_empty(), "{part}");
        assert!(items[0].evidence[0].start_ms >= 8_000, "{part}");
    }
}

#[test]
fn data_model_drill_reports_each_missing_part() {
    let r = drill(SessionKind::DataModelDrill, "drills/data-model-weak.txt");
    for part in ["entities", "keys", "indexes", "retention"] {
        let c = check(&r, part);
        assert!(!c.passed, "{part}: {c:?}");
        assert_eq!(c.message, format!("no {part} defined"));
    }
}

#[test]
fn failure_drill_counts_five_failures_each_detected_and_mitigated() {
    let r = drill(SessionKind::FailureDrill, "drills/failure-good.txt");
    assert!(r.passed, "{r:#?}");
    let names: Vec<&str> = r.failures.iter().map(|f| f.failure.as_str()).collect();
    assert_eq!(
        names,
        [
            "dependency outage",
            "hot partition",
            "duplicate message",
            "poison message",
            "bad deploy"
        ]
    );
    assert!(r
        .failures
        .iter()
        .all(|f| f.detection.is_some() && f.mitigation.is_some()));
}

#[test]
fn failure_drill_reports_too_few_failures_and_missing_detection() {
    let r = drill(SessionKind::FailureDrill, "drills/failure-weak.txt");
    assert!(!r.passed);
    let distinct = check(&r, "distinct-failures");
    assert!(
        !distinct.passed && distinct.message.starts_with("2 distinct"),
        "{distinct:?}"
    );
    let detection = check(&r, "detection");
    assert!(!detection.passed, "{detection:?}");
    assert!(
        detection.message.contains("node crash (00:"),
        "{detection:?}"
    );
    assert!(
        detection.message.contains("dependency outage (00:"),
        "{detection:?}"
    );
    assert!(!check(&r, "mitigation").passed);
}

#[test]
fn tradeoff_drill_passes_with_two_approaches_a_choice_and_a_reason_in_a_minute() {
    let r = drill(SessionKind::TradeoffDrill, "drills/tradeoff-good.txt");
    assert!(r.passed, "{r:#?}");
    assert_eq!(r.budget_ms, 60_000);
}

#[test]
fn tradeoff_drill_reports_a_late_comparison_and_no_choice() {
    let r = drill(SessionKind::TradeoffDrill, "drills/tradeoff-weak.txt");
    assert!(!r.passed);
    let two = check(&r, "two-approaches");
    assert!(
        !two.passed && two.message.contains("after the minute"),
        "{two:?}"
    );
    assert!(!check(&r, "choice").passed);
    assert!(
        !check(&r, "budget").passed,
        "85 s of talk for a one-minute drill"
    );
}

#[test]
fn a_full_session_has_no_drill_report() {
    let (t, r) = load("drills/tradeoff-good.txt");
    assert!(with_session(&t, &r, &[], |s| drills::run(SessionKind::Full, s, &[])).is_none());
}

#[test]
fn drill_reports_serialise_deterministically() {
    let a = serde_json::to_string(&drill(SessionKind::FailureDrill, "drills/failure-good.txt"))
        .expect("serialises");
    let b = serde_json::to_string(&drill(SessionKind::FailureDrill, "drills/failure-good.txt"))
        .expect("serialises");
    assert_eq!(a, b);
    assert!(a.contains("\"session\":\"failure-drill\""), "{a}");
}

fn day7(rel: &str, prompt_id: Option<&str>) -> review::Review {
    let (t, r) = load(rel);
    let lex = LexiconSet::builtin().expect("lexicons");
    let hits = lex.scan(&t);
    let analysis = analyze(&t, &lex, &AnalyzeOptions::default()).expect("analysis");
    let prompt = prompt_id.map(|id| prompts::get(id).expect("id"));
    let coverage = prompt.map(|p| prompts::deep_dive_coverage(p, &t, &r).expect("coverage"));
    let timeline = Timeline {
        phases: analysis.phases.clone(),
    };
    let session = Session {
        transcript: &t,
        roles: &r,
        hits: &hits,
        timeline: &timeline,
    };
    review::review(&session, prompt.zip(coverage.as_ref()))
}

#[test]
fn review_of_a_strong_session_credits_the_clarification_with_times() {
    let rv = day7("rate-limiter-strong.vtt", Some("rate-limiter"));
    let c = &rv.clarified_well;
    assert!(c.text.starts_with("Clarified before"), "{}", c.text);
    assert!(!c.evidence.is_empty());
    assert!(c
        .evidence
        .windows(2)
        .all(|w| w[0].start_ms <= w[1].start_ms));
}

#[test]
fn review_of_a_weak_session_says_nothing_was_clarified_and_where_it_hedged() {
    let rv = day7("rate-limiter-weak.vtt", Some("rate-limiter"));
    assert!(
        rv.clarified_well.text.starts_with("Nothing was clarified"),
        "{}",
        rv.clarified_well.text
    );
    assert_eq!(rv.clarified_well.evidence.len(), 1);
}

#[test]
fn review_points_at_a_long_stretch_without_concrete_terms() {
    let (t, r) = load("drills/failure-weak.txt");
    // Stretch the vague turn: two minutes of talk with nothing concrete in it.
    let mut t = t;
    if let Some(last) = t.segments.last_mut() {
        last.end_ms = last.start_ms + 150_000;
    }
    t.duration_ms = t.duration_ms.max(t.segments.last().map_or(0, |s| s.end_ms));
    let hits = LexiconSet::builtin().expect("lexicons").scan(&t);
    let stretches = review::vague_stretches(&t, &r, &hits);
    assert_eq!(stretches.len(), 1, "{stretches:?}");
    // No phases: the review falls back to its own clarification window.
    let timeline = Timeline { phases: Vec::new() };
    let session = Session {
        transcript: &t,
        roles: &r,
        hits: &hits,
        timeline: &timeline,
    };
    let rv = review::review(&session, None);
    assert!(
        rv.became_vague.text.contains("without a concrete"),
        "{}",
        rv.became_vague.text
    );
    assert!(
        rv.became_vague.text.contains("\"i think maybe\"")
            || rv.became_vague.text.contains("\"somehow\""),
        "{}",
        rv.became_vague.text
    );
}

#[test]
fn review_names_the_prompts_central_tradeoff_when_it_was_never_argued() {
    let rv = day7("prompts/news-feed.txt", Some("news-feed"));
    // "fanout on write versus fanout on read" is said with no reason next to it.
    assert!(
        rv.tradeoff_to_make_explicit
            .text
            .contains("did not say which you chose"),
        "{}",
        rv.tradeoff_to_make_explicit.text
    );
    let rv = day7("prompts/url-shortener.txt", None);
    assert!(
        rv.tradeoff_to_make_explicit.text.starts_with("No tradeoff")
            || rv.tradeoff_to_make_explicit.text.starts_with("Chose"),
        "{}",
        rv.tradeoff_to_make_explicit.text
    );
}

#[test]
fn the_analyzers_session_fixtures_are_detected_as_their_prompts() {
    // Sessions written for the analyzer, in every input format: none was written for detection.
    let cases = [
        ("chat-weak.srt", "chat"),
        ("interviewer-says-redis.vtt", "notification-service"),
        ("job-queue-strong.txt", "job-queue"),
        ("job-queue-weak.json", "job-queue"),
        ("news-feed-solo.vtt", "news-feed"),
        ("payment-ledger-strong.srt", "payment-ledger"),
        ("payment-ledger-weak.json", "payment-ledger"),
        ("rate-limiter-strong.vtt", "rate-limiter"),
        ("rate-limiter-weak.vtt", "rate-limiter"),
        ("url-shortener-strong.json", "url-shortener"),
        ("url-shortener-weak.txt", "url-shortener"),
        ("formats/interview.srt", "rate-limiter"),
        ("formats/zoom.vtt", "rate-limiter"),
        ("formats/whisper-ojf.json", "rate-limiter"),
    ];
    for (file, want) in cases {
        let (t, r) = load(file);
        let got = prompts::detect(&t, &r).expect("runs").map(|m| m.id);
        assert_eq!(got.as_deref(), Some(want), "{file}");
    }
}

#[test]
fn deep_dive_items_are_reached_through_speech_to_text_spellings() {
    let text = "[00:01] Interviewer: Design a distributed job queue.\n\
[00:05] Candidate: After five attempts it goes to the D L Q.\n\
[00:20] Candidate: Handlers use an ida me potency key so a rerun is harmless.\n\
[00:40] Candidate: A worker holds a lease with a visibility time out.\n";
    let t = transcript::parse(text.as_bytes(), Path::new("asr.txt")).expect("parses");
    let r = roles::resolve(&t, Some("Candidate"), Some("Interviewer")).expect("roles");
    let cov =
        prompts::deep_dive_coverage(prompts::get("job-queue").expect("id"), &t, &r).expect("runs");
    let reached: Vec<&str> = cov
        .items
        .iter()
        .filter(|i| i.reached)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        reached,
        [
            "visibility-timeout",
            "dead-letter-queue",
            "duplicate-execution"
        ]
    );
}

#[test]
fn the_designed_thing_outweighs_its_context_in_the_opening() {
    // "Let's design a rate limiter for a payments API": payments is context, not the prompt.
    let (t, r) = load("formats/interview.srt");
    let m = prompts::detect(&t, &r).expect("runs").expect("detected");
    assert_eq!(m.id, "rate-limiter");
    assert_eq!(m.runner_up.as_deref(), Some("payment-ledger"));
    assert!(m.confidence >= 0.25, "confidence {}", m.confidence);
}
