//! The built-in lexicons test themselves (Harper style): every `[[examples]]` entry of every file
//! must produce exactly the hits it declares. Plus the matcher behaviours the rules depend on:
//! speech-to-text spellings, word boundaries, fuzzy bounds, overrides and strict-schema errors.

use std::fs;

use mockreview::lexicon::{Hit, LexiconSet, Stage};
use mockreview::transcript::{Segment, Timing, Transcript, Word};

/// `mockreview eval terms TRANSCRIPT`, run to completion.
fn eval_terms(transcript: &std::path::Path) -> std::process::Output {
    crate::util::mockreview()
        .args(["eval", "terms"])
        .arg(transcript)
        .output()
        .unwrap()
}

fn set() -> LexiconSet {
    LexiconSet::builtin().expect("built-in lexicons load")
}

/// Distinct terms of one lexicon found in `text`.
fn terms(text: &str, lexicon: &str) -> Vec<String> {
    let mut t: Vec<String> = set()
        .scan_text(text)
        .into_iter()
        .filter(|h| h.lexicon == lexicon)
        .map(|h| h.term)
        .collect();
    t.sort();
    t.dedup();
    t
}

fn seg(start_ms: u64, end_ms: u64, text: &str, words: Vec<Word>) -> Segment {
    Segment {
        start_ms,
        end_ms,
        speaker: None,
        text: text.to_string(),
        words,
    }
}

fn word(start_ms: u64, text: &str) -> Word {
    Word {
        start_ms,
        end_ms: start_ms + 300,
        text: text.to_string(),
        p: 1.0,
    }
}

#[test]
fn every_builtin_example_gives_its_declared_hits() {
    let failures = set().check_examples();
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "{} example(s) failed:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// The `sounds_like` variants the sound-alike stage hears anyway: the lexicon, without the
/// variant (and without those already listed), finds its term in the variant's own text by sound
/// alone.
fn variants_heard_by_sound() -> Vec<String> {
    let mut heard = Vec::new();
    for lx in set().lexicons() {
        let mut without = lx.clone();
        without.examples.clear();
        for (term, variants) in &lx.sounds_like {
            for variant in variants {
                let mut trial = without.clone();
                if let Some(v) = trial.sounds_like.get_mut(term) {
                    v.retain(|x| x != variant);
                }
                let alone = LexiconSet::from_lexicons(vec![trial.clone()]).unwrap();
                let by_sound = alone
                    .scan_text_staged(variant)
                    .iter()
                    .any(|(h, stage)| &h.term == term && *stage == Stage::Sound);
                if by_sound {
                    heard.push(format!("{}: {term} = {variant:?}", lx.id));
                    without = trial;
                }
            }
        }
    }
    heard
}

#[test]
fn a_lexicon_can_keep_terms_out_of_sound_alike_matching() {
    let lexicon = |extra: &str| {
        let src = format!(
            "id = \"t\"\ndescription = \"d\"\nterms = [\"idempotent\", \"kubernetes\"]\n{extra}"
        );
        mockreview::lexicon::schema::parse("t.toml", &src).unwrap()
    };
    let found = |lx| -> Vec<String> {
        LexiconSet::from_lexicons(vec![lx])
            .unwrap()
            .scan_text("make it item potent on cuber netes")
            .into_iter()
            .map(|h| h.term)
            .collect()
    };
    assert_eq!(found(lexicon("")), ["idempotent", "kubernetes"]);
    assert_eq!(
        found(lexicon("phonetic_except = [\"kubernetes\"]")),
        ["idempotent"]
    );
    assert!(found(lexicon("phonetic = false")).is_empty());
}

#[test]
fn no_sounds_like_variant_is_one_the_sound_stage_hears() {
    // A hand-listed spelling the sound-alike stage finds anyway is a list growing for nothing.
    let heard = variants_heard_by_sound();
    assert!(
        heard.is_empty(),
        "{} variant(s) heard without their entry:\n{}",
        heard.len(),
        heard.join("\n")
    );
}

#[test]
fn every_builtin_lexicon_has_a_positive_and_a_negative_example() {
    for lx in set().lexicons() {
        assert!(
            lx.examples.len() >= 3,
            "{} has fewer than 3 examples",
            lx.id
        );
        assert!(
            lx.examples.iter().any(|e| e.hits.is_empty()),
            "{} has no negative example",
            lx.id
        );
        assert!(
            lx.examples.iter().any(|e| !e.hits.is_empty()),
            "{} has no positive example",
            lx.id
        );
    }
}

#[test]
fn the_analyzer_ids_are_all_builtin() {
    let ids = set().ids().to_vec();
    for id in [
        "clarifying",
        "requirements",
        "tools",
        "scale",
        "data_model",
        "architecture",
        "deep_dive",
        "failure_modes",
        "reliability",
        "monitoring",
        "idempotency",
        "exactly_once",
        "tradeoffs",
        "reasons",
        "summary",
        "evolution",
        "hedging",
        "fillers",
    ] {
        assert!(ids.iter().any(|i| i == id), "missing lexicon {id}");
    }
}

#[test]
fn tools_has_more_than_sixty_products() {
    assert!(set().get("tools").map_or(0, |l| l.terms.len()) > 60);
}

#[test]
fn guide_failure_modes_are_distinct_terms() {
    let text =
        "dependency outage, hot partition, duplicate message, delayed event, partial write, \
                region loss, cache stampede, poisoned queue message, clock skew, bad deploy";
    assert_eq!(terms(text, "failure_modes").len(), 10);
}

// ---- speech-to-text spellings ----

#[test]
fn split_tokens_join_into_one_term() {
    assert_eq!(
        terms("make it idem potency safe", "deep_dive"),
        vec!["idempotency"]
    );
    assert_eq!(terms("store it in Dynamo DB", "tools"), vec!["dynamodb"]);
    assert_eq!(
        terms("put a loadbalancer first", "architecture"),
        vec!["load balancer"]
    );
    assert_eq!(
        terms("the back pressure signal", "deep_dive"),
        vec!["backpressure"]
    );
}

#[test]
fn measured_tiny_en_errors_are_recognised() {
    assert_eq!(
        terms("ida me potency matters", "idempotency"),
        vec!["idempotency"]
    );
    assert_eq!(terms("I'd use ridis here", "tools"), vec!["redis"]);
    assert_eq!(terms("gray fenna dashboards", "tools"), vec!["grafana"]);
    assert_eq!(terms("at ten x scale", "evolution"), vec!["at_scale"]);
    assert_eq!(
        terms("p ninety nine under fifty milliseconds", "scale"),
        vec!["duration_ms", "percentile"]
    );
}

#[test]
fn number_words_feed_the_scale_patterns() {
    assert_eq!(
        terms("four twenty nine thousand requests per day", "scale"),
        vec!["rate"]
    );
    assert_eq!(
        terms("about one hundred thousand users", "scale"),
        vec!["user_count"]
    );
    assert_eq!(
        terms("two point five terabytes", "scale"),
        vec!["data_size"]
    );
}

#[test]
fn release_is_not_redis() {
    assert!(terms("we release on Fridays", "tools").is_empty());
}

// ---- word boundaries and fuzzy bounds ----

#[test]
fn terms_match_on_word_boundaries_only() {
    assert!(terms("a reddish glow", "tools").is_empty());
    assert!(terms("a kafkaesque process", "tools").is_empty());
    assert!(terms("we redistribute load", "tools").is_empty());
    assert_eq!(terms("Redis, Kafka.", "tools"), vec!["kafka", "redis"]);
}

#[test]
fn long_terms_tolerate_one_typo() {
    assert_eq!(terms("deploy on kubernetis", "tools"), vec!["kubernetes"]);
    assert_eq!(terms("a casandra cluster", "tools"), vec!["cassandra"]);
}

#[test]
fn very_long_terms_tolerate_two_typos() {
    assert_eq!(terms("elastikserch index", "tools"), vec!["elasticsearch"]);
}

#[test]
fn short_words_never_fuzzy_match() {
    // "kafta" is one edit from "kafka" but the term is shorter than seven letters.
    assert!(terms("a kafta wrap", "tools").is_empty());
    assert!(terms("the redus value", "tools").is_empty());
}

#[test]
fn fuzzy_respects_the_edit_bound() {
    // Two edits on a nine-letter term is too many.
    assert!(terms("cazandrra", "tools").is_empty());
}

#[test]
fn exceptions_block_hits_inside_them() {
    assert!(terms("what kind of users do we have", "hedging").is_empty());
    assert_eq!(terms("it is kind of slow", "hedging"), vec!["kind of"]);
    assert!(terms("the range spanned two shards", "tools").is_empty());
}

#[test]
fn phrases_do_not_match_across_sentence_breaks() {
    assert!(terms("That is what we should. We will see.", "clarifying").is_empty());
    assert_eq!(
        terms("Should we shard by user", "clarifying"),
        vec!["should we"]
    );
}

#[test]
fn leftmost_longest_gives_one_hit_per_span() {
    let hits: Vec<Hit> = set()
        .scan_text("a dead letter queue")
        .into_iter()
        .filter(|h| h.lexicon == "reliability")
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].term, "dead letter queue");
}

#[test]
fn one_span_may_hit_several_lexicons() {
    let lexicons: Vec<String> = set()
        .scan_text("idempotency")
        .into_iter()
        .map(|h| h.lexicon)
        .collect();
    assert!(lexicons.contains(&"deep_dive".to_string()));
    assert!(lexicons.contains(&"idempotency".to_string()));
}

// ---- spans and times ----

#[test]
fn spans_point_into_the_original_text() {
    let text = "So, at Ten X scale we'd use Dynamo DB.";
    for h in set().scan_text(text) {
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        let quote = &text[h.start..h.end];
        match h.term.as_str() {
            "dynamodb" => assert_eq!(quote, "Dynamo DB"),
            "at_scale" => assert_eq!(quote, "at Ten X scale"),
            _ => {}
        }
    }
}

#[test]
fn at_ms_comes_from_word_timestamps() {
    let words = vec![
        word(10_000, " We"),
        word(10_400, " use"),
        word(10_900, " Kafka"),
    ];
    let t = Transcript::new(
        vec![seg(10_000, 12_000, " We use Kafka", words)],
        Timing::Measured,
    );
    let hit = set()
        .scan(&t)
        .into_iter()
        .find(|h| h.term == "kafka")
        .unwrap();
    assert_eq!(hit.at_ms, 10_900);
}

#[test]
fn at_ms_is_interpolated_without_words() {
    // "Kafka" starts at character 10 of 15: two thirds into a 3 s segment.
    let t = Transcript::new(
        vec![
            seg(0, 1_000, "hello", vec![]),
            seg(3_000, 6_000, "zzzzzzzzz Kafka", vec![]),
        ],
        Timing::Measured,
    );
    let hit = set()
        .scan(&t)
        .into_iter()
        .find(|h| h.term == "kafka")
        .unwrap();
    assert_eq!(hit.segment, 1);
    assert_eq!(hit.at_ms, 3_000 + 3_000 * 10 / 15);
}

#[test]
fn hits_never_cross_segments() {
    let t = Transcript::new(
        vec![
            seg(0, 1_000, "we should", vec![]),
            seg(1_000, 2_000, "we start", vec![]),
        ],
        Timing::Measured,
    );
    assert!(set().scan(&t).iter().all(|h| h.term != "should we"));
}

#[test]
fn scan_is_sorted_and_deterministic() {
    let t = Transcript::new(
        vec![
            seg(
                0,
                5_000,
                "Who are the users? I'm going to assume ten x peak.",
                vec![],
            ),
            seg(
                5_000,
                9_000,
                "Kafka versus Kinesis, because ordering matters; to summarize, MVP first.",
                vec![],
            ),
        ],
        Timing::Measured,
    );
    let a = set().scan(&t);
    let b = set().scan(&t);
    assert_eq!(a, b);
    assert!(a
        .windows(2)
        .all(|w| (w[0].segment, w[0].start) <= (w[1].segment, w[1].start)));
    assert!(a.len() > 8);
}

// ---- overrides and schema errors ----

#[test]
fn overrides_dir_adds_and_replaces_by_id() {
    let dir = crate::util::Dir::new();
    fs::write(
        dir.path().join("tools.toml"),
        "id = \"tools\"\ndescription = \"only one\"\nterms = [\"zanzibar\"]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("extra.toml"),
        "id = \"extra\"\ndescription = \"new\"\nterms = [\"widget\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("notes.txt"), "not a lexicon").unwrap();
    let set = LexiconSet::with_overrides(dir.path()).unwrap();
    let hits = set.scan_text("Zanzibar and Redis and a widget");
    let tools: Vec<&str> = hits
        .iter()
        .filter(|h| h.lexicon == "tools")
        .map(|h| h.term.as_str())
        .collect();
    assert_eq!(tools, vec!["zanzibar"]);
    assert!(hits
        .iter()
        .any(|h| h.lexicon == "extra" && h.term == "widget"));
    assert!(set.ids().iter().any(|i| i == "deep_dive"));
}

fn override_error(files: &[(&str, &str)]) -> String {
    let dir = crate::util::Dir::new();
    for (name, body) in files {
        fs::write(dir.path().join(name), body).unwrap();
    }
    let err = LexiconSet::with_overrides(dir.path())
        .unwrap_err()
        .to_string();
    // Errors name the file by its full path; keep the part from the file name on.
    let name = files.last().map_or("", |f| f.0);
    err.split_once(&format!("/{name}"))
        .map_or(err.clone(), |(_, rest)| format!("{name}{rest}"))
}

#[test]
fn unknown_key_error_names_file_and_line() {
    let e = override_error(&[(
        "bad.toml",
        "id = \"x\"\ndescription = \"d\"\nterms = [\"a\"]\nlevel = \"warn\"\n",
    )]);
    assert!(e.starts_with("bad.toml: line 4: "), "{e}");
    assert!(e.contains("level"), "{e}");
}

#[test]
fn bad_regex_error_names_file_and_line() {
    let e = override_error(&[(
        "re.toml",
        "id = \"x\"\ndescription = \"d\"\n\n[[patterns]]\nname = \"p\"\nregex = '[a-'\n",
    )]);
    assert!(
        e.starts_with("re.toml: line 6: bad regex in pattern `p`"),
        "{e}"
    );
}

#[test]
fn duplicate_id_across_files_names_the_second_file_and_line() {
    let e = override_error(&[
        (
            "a.toml",
            "id = \"same\"\ndescription = \"d\"\nterms = [\"a\"]\n",
        ),
        (
            "b.toml",
            "# comment\ndescription = \"d\"\nid = \"same\"\nterms = [\"b\"]\n",
        ),
    ]);
    assert!(
        e.starts_with("b.toml: line 3: duplicate lexicon id `same`"),
        "{e}"
    );
}

#[test]
fn empty_id_error_names_file_and_line() {
    let e = override_error(&[(
        "e.toml",
        "id = \"\"\ndescription = \"d\"\nterms = [\"a\"]\n",
    )]);
    assert_eq!(e, "e.toml: line 1: lexicon id is empty");
}

#[test]
fn missing_overrides_dir_is_an_io_error() {
    let err =
        LexiconSet::with_overrides(std::path::Path::new("/nonexistent/lexicons")).unwrap_err();
    assert!(
        err.to_string().starts_with("/nonexistent/lexicons: "),
        "{err}"
    );
}

// ---- `mockreview eval terms` through the binary ----

/// `eval terms` on a one-cue VTT saying `said`, with `script` beside it as `reference` (a file
/// name like `talk.script.txt`); the command must succeed, and its report is returned.
fn eval_terms_said(said: &str, reference: &str, script: &str) -> String {
    let dir = crate::util::Dir::new();
    let stem = reference.split('.').next().unwrap();
    let vtt = dir.path().join(format!("{stem}.vtt"));
    fs::write(
        &vtt,
        format!("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n{said}\n"),
    )
    .unwrap();
    fs::write(dir.path().join(reference), format!("{script}\n")).unwrap();
    let out = eval_terms(&vtt);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn eval_terms_prints_recall_against_the_script() {
    let text = eval_terms_said(
        "I would use ridis and a queue.",
        "talk.script.txt",
        "I would use Redis and Kafka and a queue.",
    );
    let overall = text.lines().find(|l| l.starts_with("overall")).unwrap();
    let cols: Vec<&str> = overall.split_whitespace().collect();
    assert_eq!(
        cols,
        vec!["overall", "3", "2", "2", "66.7%", "100.0%"],
        "{text}"
    );
    assert!(text.contains("missed:   tools/kafka"), "{text}");
}

#[test]
fn eval_terms_lists_what_only_the_sound_alike_stage_found() {
    let text = eval_terms_said(
        "To summer I is, we keep one region.",
        "close.ref.txt",
        "To summarize, we keep one region.",
    );
    assert!(
        text.contains("found only by sound: 1 transcript pair(s); 0 script pair(s)"),
        "{text}"
    );
    assert!(text.contains("by sound: summary/to summarize"), "{text}");
}

#[test]
fn eval_terms_without_a_script_is_a_clear_error() {
    let dir = crate::util::Dir::new();
    let vtt = dir.path().join("lonely.vtt");
    fs::write(&vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nhello\n").unwrap();
    let out = eval_terms(&vtt);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lonely.vtt") && err.contains("lonely.script.txt"),
        "{err}"
    );
}
