//! End to end on realistic audio: the first minutes of two labelled dev sessions
//! (`fixtures/sessions/audio/*-7min.ogg`, rendered from `fixtures/sessions/scripts/` with two neural
//! voices by `fixtures/sessions/render_audio.py`), analysed by the real binary with the bundled model.
//!
//! Each recording is analysed once (`mockreview analyze FILE --format json --save-transcript`), and
//! the tests check the transcript against the script (word error rate, every word inside a turn,
//! nothing inside the silences), the speakers diarization found (the candidate's words are the
//! candidate's) and the opening flags against the session's labels.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use mockreview::eval::wer::{normalize, word_errors};
use serde_json::Value;
use tempfile::TempDir;

const WEAK: &str = "rate-limiter-weak-7min";
const STRONG: &str = "url-shortener-strong-7min";

/// The two flags an excerpt of the opening minutes is enough to decide.
const OPENING_FLAGS: [&str; 2] = ["tool-first-opening", "skipped-clarification"];

fn audio_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sessions/audio")
}

/// `NAME.audio.toml`, written by render_audio.py beside the audio.
#[derive(serde::Deserialize)]
struct Truth {
    length_ms: u64,
    candidate: String,
    present: Vec<String>,
    absent: Vec<String>,
    prompt_ms: u64,
    silences: Vec<[u64; 2]>,
    turn: Vec<Turn>,
}

#[derive(serde::Deserialize)]
struct Turn {
    speaker: String,
    start_ms: u64,
    end_ms: u64,
    text: String,
}

struct Analysed {
    truth: Truth,
    analysis: Value,
    transcript: Value,
}

fn analyse(stem: &str) -> Analysed {
    let dir = audio_dir();
    let truth: Truth =
        toml::from_str(&std::fs::read_to_string(dir.join(format!("{stem}.audio.toml"))).unwrap())
            .unwrap();
    let tmp = TempDir::new().unwrap();
    let (analysis, transcript) = (tmp.path().join("a.json"), tmp.path().join("t.json"));
    // One decoder thread: the two recordings are analysed at once by two tests on a 2-core machine.
    let out = Command::cargo_bin("mockreview")
        .unwrap()
        .env_remove("MOCKREVIEW_MODEL")
        .args([
            "analyze",
            "--format",
            "json",
            "--quiet",
            "--threads",
            "1",
            "-o",
        ])
        .arg(&analysis)
        .arg("--save-transcript")
        .arg(&transcript)
        .arg(dir.join(format!("{stem}.ogg")))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "analyze {stem}.ogg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
    Analysed {
        truth,
        analysis: read(&analysis),
        transcript: read(&transcript),
    }
}

/// Each recording is transcribed once per test run, whichever test asks first.
fn analysed(stem: &str) -> &'static Analysed {
    static WEAK_RUN: OnceLock<Analysed> = OnceLock::new();
    static STRONG_RUN: OnceLock<Analysed> = OnceLock::new();
    let cell = match stem {
        WEAK => &WEAK_RUN,
        STRONG => &STRONG_RUN,
        other => panic!("no fixture {other}"),
    };
    cell.get_or_init(|| analyse(stem))
}

fn segments(doc: &Value) -> &Vec<Value> {
    doc["segments"].as_array().expect("segments array")
}

fn ms(v: &Value) -> u64 {
    v.as_u64().expect("a time in ms")
}

/// (errors, reference words, heard words), with the project's own normalisation and edit distance
/// (`mockreview eval wer`).
fn word_error_rate(a: &Analysed) -> (usize, usize, usize) {
    let script: Vec<&str> = a.truth.turn.iter().map(|t| t.text.as_str()).collect();
    let heard: Vec<&str> = segments(&a.transcript)
        .iter()
        .map(|s| s["text"].as_str().unwrap_or(""))
        .collect();
    let (reference, hypothesis) = (normalize(&script.join(" ")), normalize(&heard.join(" ")));
    (
        word_errors(&reference, &hypothesis),
        reference.len(),
        hypothesis.len(),
    )
}

// Measured with the bundled tiny.en q8_0 on these Ogg Vorbis files: 117 errors in 1,064 words
// (11.0 %) on the weak session, 76 in 1,191 (6.4 %) on the strong one; from the lossless FLAC render
// 10.7 % and 6.2 %, so the Vorbis encoding costs about 0.2 points. The errors are the model's, not
// the voices': numbers said as words and written as digits ("four twenty nine" → "429", "ten
// thousand" → "10000"), compounds split or joined ("endpoint" → "end point", "mid-size" →
// "midsize"), tool names (Nginx → "engine x", Redis → "readers"), and fillers the model leaves out
// (16 of the weak session's errors are a dropped "um"/"uh": its candidate says many, and many tool
// names). The bounds leave about 2.5 points for another CPU's rounding in whisper.cpp; a dropped
// turn of 100 words (about 9 points) or a repetition loop still fails them.
fn check_wer(stem: &str, bound_percent: f64) {
    let a = analysed(stem);
    let (errors, words, heard) = word_error_rate(a);
    let wer = 100.0 * errors as f64 / words as f64;
    eprintln!("{stem}: {errors} errors in {words} words ({wer:.1} %), {heard} words heard");
    assert!(
        words > 900,
        "{stem}: only {words} words in the script excerpt"
    );
    assert!(
        wer <= bound_percent,
        "{stem}: word error rate {wer:.1} % > {bound_percent} % ({errors} errors in {words} words)"
    );
    // Nothing dropped wholesale and no loops: the transcript is about as long as the script.
    assert!(
        heard * 10 >= words * 9 && heard * 10 <= words * 11,
        "{stem}: heard {heard} words for {words} in the script"
    );
}

#[test]
fn weak_session_words_match_the_script() {
    check_wer(WEAK, 13.5);
}

#[test]
fn strong_session_words_match_the_script() {
    check_wer(STRONG, 9.0);
}

/// Every transcribed word lies in a turn (give or take a second: VAD padding and word timing), so
/// nothing is transcribed in the gaps, and nothing at all inside the script's `[silence N]`
/// stretches (a second in from each end).
#[test]
fn nothing_is_transcribed_outside_the_turns_or_inside_the_silences() {
    let mut silences = 0;
    for stem in [WEAK, STRONG] {
        let a = analysed(stem);
        let truth = &a.truth;
        let length = ms(&a.transcript["metadata"]["audio_duration_ms"]);
        assert!(
            length.abs_diff(truth.length_ms) <= 100,
            "{stem}: {length} ms of audio, the truth says {} ms",
            truth.length_ms
        );
        for seg in segments(&a.transcript) {
            for w in seg["words"].as_array().unwrap() {
                let (s, e) = (ms(&w["start_ms"]), ms(&w["end_ms"]));
                assert!(
                    truth
                        .turn
                        .iter()
                        .any(|t| s + 1_000 >= t.start_ms && e <= t.end_ms + 1_000),
                    "{stem}: word {:?} at {s}–{e} ms is in no turn",
                    w["text"]
                );
            }
        }
        for &[from, to] in &truth.silences {
            assert!(to - from >= 5_000, "{stem}: silence {from}–{to} ms");
            let (from, to) = (from + 1_000, to - 1_000);
            for seg in segments(&a.transcript) {
                let (s, e) = (ms(&seg["start_ms"]), ms(&seg["end_ms"]));
                assert!(
                    e <= from || s >= to,
                    "{stem}: segment {s}–{e} ms {:?} overlaps the silence {from}–{to} ms",
                    seg["text"]
                );
            }
            silences += 1;
        }
    }
    assert!(silences >= 1, "the excerpts should hold a scripted silence");
}

/// The excerpts are one mixed track: diarization must find two voices, role inference must pick
/// the candidate among them, and the words of the speaker it picked must be the candidate's words
/// in the script (a word belongs to the turn it lies in). Measured: see README, "Who is speaking on
/// a mono recording"; the bound leaves room for a few misplaced turn edges, while labelling the
/// wrong voice as the candidate, or one voice for both, puts about half the words wrong.
#[test]
fn diarization_gives_the_candidate_their_own_words() {
    for stem in [WEAK, STRONG] {
        let a = analysed(stem);
        let speakers = a.analysis["speakers"].as_array().unwrap();
        let candidate = speakers
            .iter()
            .find(|s| s["role"] == "candidate")
            .and_then(|s| s["name"].as_str())
            .unwrap_or_else(|| panic!("{stem}: no candidate among {speakers:?}"));
        assert!(
            candidate.starts_with("Speaker "),
            "{stem}: the candidate should be a diarized voice, not {candidate:?}"
        );
        let (mut right, mut total) = (0usize, 0usize);
        for seg in segments(&a.transcript) {
            let said_by_candidate = seg["speaker"].as_str() == Some(candidate);
            for w in seg["words"].as_array().unwrap() {
                let middle = (ms(&w["start_ms"]) + ms(&w["end_ms"])) / 2;
                let Some(turn) = a
                    .truth
                    .turn
                    .iter()
                    .find(|t| t.start_ms <= middle && middle <= t.end_ms)
                else {
                    continue;
                };
                total += 1;
                if said_by_candidate == (turn.speaker == a.truth.candidate) {
                    right += 1;
                }
            }
        }
        let share = right as f64 / total as f64;
        eprintln!("{stem}: {right} of {total} words on the right side of candidate/interviewer");
        assert!(total > 900, "{stem}: only {total} words inside turns");
        assert!(
            share >= 0.9,
            "{stem}: only {right} of {total} words ({:.1} %) on the right side",
            share * 100.0
        );
    }
}

fn flags(a: &Analysed) -> Vec<&str> {
    a.analysis["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect()
}

/// The opening flags as the session's labels say: each in `present` must fire, each in `absent`
/// must not.
fn check_opening_flags(stem: &str) {
    let a = analysed(stem);
    let fired = flags(a);
    for flag in OPENING_FLAGS {
        if a.truth.present.iter().any(|p| p == flag) {
            assert!(
                fired.contains(&flag),
                "{stem}: {flag} did not fire; fired: {fired:?}"
            );
        } else if a.truth.absent.iter().any(|p| p == flag) {
            assert!(
                !fired.contains(&flag),
                "{stem}: {flag} fired; fired: {fired:?}"
            );
        } else {
            panic!("{stem}: the labels say nothing about {flag}");
        }
    }
}

#[test]
fn strong_session_opening_flags_stay_silent() {
    check_opening_flags(STRONG);
}

// These two were ignored until diarization (issue 12): on one unnamed speaker the interviewer's
// small-talk questions ("Can you hear me okay?") counted as the candidate clarifying, and the small
// talk as the opening. With the voices told apart, the candidate's own words are judged.
#[test]
fn weak_session_opening_flags_fire() {
    check_opening_flags(WEAK);
}

/// The clarify phase starts at the prompt (the small talk before it is not part of the answer).
#[test]
fn clarify_starts_at_the_prompt() {
    for stem in [WEAK, STRONG] {
        let a = analysed(stem);
        let clarify = a.analysis["phases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "clarify")
            .unwrap();
        let start = clarify["start_ms"].as_u64().expect("a clarify phase");
        assert!(
            start.abs_diff(a.truth.prompt_ms) <= 15_000,
            "{stem}: clarify starts at {start} ms, the prompt at {} ms",
            a.truth.prompt_ms
        );
    }
}
