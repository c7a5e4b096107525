//! `mockreview analyze` through the binary, on fixture transcripts in `fixtures/transcripts/analyzer/`.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::{self, mockreview, Dir};

fn fixture(name: &str) -> PathBuf {
    util::fixture("transcripts/analyzer").join(name)
}

/// `mockreview analyze` (the harness keeps the host's colour settings out).
fn analyze() -> Command {
    let mut cmd = mockreview();
    cmd.arg("analyze");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn json_of(name: &str, extra: &[&str]) -> serde_json::Value {
    let text = stdout_of(
        analyze()
            .arg(fixture(name))
            .args(["--format", "json"])
            .args(extra),
    );
    serde_json::from_str(&text).unwrap()
}

/// The snapshot `tests/snapshots/analyze_cli__NAME.snap` (the names it had as its own test file).
fn snapshot(name: &str, out: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("analyze_cli__{name}"), out);
    });
}

#[test]
fn strong_session_json_snapshot() {
    let out = stdout_of(
        analyze()
            .arg(fixture("strong-rate-limiter.vtt"))
            .args(["--format", "json"]),
    );
    snapshot("strong_rate_limiter_json", &out);
}

#[test]
fn weak_session_json_snapshot() {
    let out = stdout_of(
        analyze()
            .arg(fixture("weak-rate-limiter.vtt"))
            .args(["--format", "json"]),
    );
    snapshot("weak_rate_limiter_json", &out);
}

#[test]
fn json_carries_the_contract_fields() {
    let doc = json_of("strong-rate-limiter.vtt", &[]);
    assert_eq!(doc["schema"], "mockreview.analysis/1");
    for field in [
        "duration_ms",
        "timing",
        "speakers",
        "roles_how",
        "phases",
        "flags",
        "rubric",
        "average",
        "verdict",
        "metrics",
    ] {
        assert!(doc.get(field).is_some(), "missing {field}");
    }
    let phases: Vec<&str> = doc["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases,
        [
            "clarify",
            "capacity_api",
            "architecture",
            "deep_dive",
            "failure_modes",
            "summary"
        ]
    );
    let rubric = doc["rubric"].as_object().unwrap();
    assert_eq!(rubric.len(), 7);
    for (_, entry) in rubric {
        assert!(entry["score"].as_u64().unwrap() <= 4);
    }
}

#[test]
fn strong_session_aligns_every_phase_near_its_budget() {
    let doc = json_of("strong-rate-limiter.vtt", &[]);
    for p in doc["phases"].as_array().unwrap() {
        let (start, end) = (p["start_ms"].as_u64(), p["end_ms"].as_u64());
        assert!(start.is_some() && end.is_some(), "{p}");
        let actual = end.unwrap() - start.unwrap();
        let budget = p["budget_ms"].as_u64().unwrap();
        assert!(actual.abs_diff(budget) <= 90_000, "{p}");
    }
}

#[test]
fn roles_are_inferred_from_behaviour_and_reported() {
    let doc = json_of("strong-rate-limiter.vtt", &[]);
    let speakers = doc["speakers"].as_array().unwrap();
    let role_of = |name: &str| {
        speakers
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["role"].as_str().unwrap().to_string())
    };
    assert_eq!(role_of("Priya").as_deref(), Some("candidate"));
    assert_eq!(role_of("Marcus").as_deref(), Some("interviewer"));
    assert!(doc["roles_how"]
        .as_str()
        .unwrap()
        .contains("states the prompt"));
}

#[test]
fn given_candidate_overrides_the_inference() {
    let doc = json_of("strong-rate-limiter.vtt", &["--candidate", "Marcus"]);
    assert!(doc["roles_how"].as_str().unwrap().contains("--candidate"));
    let marcus = doc["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Marcus")
        .unwrap();
    assert_eq!(marcus["role"], "candidate");
}

#[test]
fn unknown_candidate_name_fails_listing_the_speakers() {
    analyze()
        .arg(fixture("strong-rate-limiter.vtt"))
        .args(["--candidate", "Zed"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("--candidate \"Zed\"")
                .and(predicate::str::contains("\"Marcus\", \"Priya\"")),
        );
}

#[test]
fn bad_budget_is_a_usage_error_before_reading_the_input() {
    analyze()
        .arg("does-not-exist.vtt")
        .args(["--budget", "forty"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("--budget \"forty\"")
                .and(predicate::str::contains("5,5,15,10,5,5")),
        );
}

#[test]
fn budget_total_is_scaled_over_the_phases() {
    let doc = json_of("strong-rate-limiter.vtt", &["--budget", "1h"]);
    let budgets: Vec<u64> = doc["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["budget_ms"].as_u64().unwrap())
        .collect();
    assert_eq!(
        budgets,
        [400_000, 400_000, 1_200_000, 800_000, 400_000, 400_000]
    );
}

#[test]
fn only_interviewer_transcript_reports_nothing_to_judge_and_exits_0() {
    analyze()
        .arg(fixture("only-interviewer.vtt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to judge"));
    let doc = json_of("only-interviewer.vtt", &[]);
    assert_eq!(doc["verdict"], "nothing_to_judge");
    assert!(doc["nothing_to_judge"]
        .as_str()
        .unwrap()
        .contains("only the interviewer"));
    assert_eq!(doc["flags"].as_array().unwrap().len(), 0);
    assert!(doc["rubric"].as_object().unwrap().is_empty());
}

#[test]
fn untimed_transcript_says_timing_is_estimated() {
    let text = stdout_of(analyze().arg(fixture("ledger-monologue.txt")));
    assert!(text.contains("timing is estimated"), "{text}");
    assert!(
        text.contains("single unnamed speaker treated as the candidate"),
        "{text}"
    );
    let doc = json_of("ledger-monologue.txt", &[]);
    assert_eq!(doc["timing"], "estimated");
    assert_eq!(doc["metrics"]["words_per_minute"], serde_json::Value::Null);
}

#[test]
fn same_input_gives_byte_identical_output() {
    for format in ["json", "text", "md"] {
        let run = || {
            analyze()
                .arg(fixture("weak-rate-limiter.vtt"))
                .args(["--format", format])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone()
        };
        assert_eq!(run(), run(), "{format} differs between runs");
    }
}

#[test]
fn text_is_plain_when_piped_coloured_when_forced_and_never_with_no_color() {
    let plain = stdout_of(analyze().arg(fixture("weak-rate-limiter.vtt")));
    assert!(!plain.contains('\x1b'));
    assert!(plain.contains("DRAFT for a coach to confirm"));

    let forced = stdout_of(
        analyze()
            .arg(fixture("weak-rate-limiter.vtt"))
            .env("CLICOLOR_FORCE", "1"),
    );
    assert!(forced.contains("\x1b["));

    let no_color = stdout_of(
        analyze()
            .arg(fixture("weak-rate-limiter.vtt"))
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1"),
    );
    assert!(!no_color.contains('\x1b'));
    assert_eq!(no_color, plain);

    // `CLICOLOR_FORCE=0` (or empty) does not force.
    for off in ["0", ""] {
        let not_forced = stdout_of(
            analyze()
                .arg(fixture("weak-rate-limiter.vtt"))
                .env("CLICOLOR_FORCE", off),
        );
        assert_eq!(not_forced, plain, "CLICOLOR_FORCE={off:?}");
    }
}

#[test]
fn text_report_shows_phase_bar_flags_rubric_and_metrics() {
    let text = stdout_of(analyze().arg(fixture("weak-rate-limiter.vtt")));
    for needle in [
        "Phases (actual / budget)",
        "clarify",
        "missing",
        "Flags (",
        "Rubric (0–4)",
        "verdict",
        "words per minute",
        "lower bound",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn markdown_report_has_tables_and_the_draft_label() {
    let md = stdout_of(
        analyze()
            .arg(fixture("strong-rate-limiter.vtt"))
            .args(["--format", "md"]),
    );
    assert!(md.starts_with("# mockreview analysis"));
    assert!(md.contains("| phase | start | end | actual | budget | status |"));
    assert!(md.contains("| dimension | score | rationale | evidence |"));
    assert!(md.contains("DRAFT for a coach to confirm"));
}

#[test]
fn output_file_gets_the_same_bytes_and_no_colour() {
    let dir = Dir::new();
    let path = dir.path().join("report.json");
    analyze()
        .arg(fixture("weak-rate-limiter.vtt"))
        .args(["--format", "json", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let stdout = stdout_of(
        analyze()
            .arg(fixture("weak-rate-limiter.vtt"))
            .args(["--format", "json"]),
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout);

    let text_path = dir.path().join("report.txt");
    analyze()
        .arg(fixture("weak-rate-limiter.vtt"))
        .arg("-o")
        .arg(&text_path)
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .success();
    assert!(!std::fs::read_to_string(&text_path)
        .unwrap()
        .contains('\x1b'));
}

#[test]
fn failed_analysis_leaves_no_output_file() {
    let dir = Dir::new();
    let path = dir.path().join("report.json");
    analyze()
        .arg(fixture("strong-rate-limiter.vtt"))
        .args(["--candidate", "Nobody", "-o"])
        .arg(&path)
        .assert()
        .code(2);
    assert!(!path.exists());
}

#[test]
fn missing_transcript_is_an_error_naming_the_file() {
    analyze()
        .arg("no-such-interview.vtt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-interview.vtt"));
}

#[test]
fn recording_is_transcribed_saved_and_analysed_like_its_saved_transcript() {
    let dir = Dir::new();
    let saved = dir.path().join("jfk.json");
    let speech = util::speech("jfk.wav");
    let from_audio = stdout_of(
        analyze()
            .arg(&speech)
            .args(["--format", "json", "--quiet", "--save-transcript"])
            .arg(&saved),
    );
    let transcript: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(transcript["schema"], "mockreview.transcript/1");
    let from_saved = stdout_of(analyze().arg(&saved).args(["--format", "json"]));
    assert_eq!(from_audio, from_saved);
    let doc: serde_json::Value = serde_json::from_str(&from_audio).unwrap();
    assert!(doc["metrics"]["candidate_words"].as_u64().unwrap() > 15);
}

#[test]
fn lexicons_dir_overrides_a_builtin_by_id() {
    let flags = |doc: &serde_json::Value| -> Vec<String> {
        doc["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        flags(&json_of("weak-rate-limiter.vtt", &[])).contains(&"tool-first-opening".to_string())
    );

    // A `tools` lexicon that no longer knows Redis: the opening is no longer tool-first.
    let dir = Dir::new();
    std::fs::write(
        dir.path().join("tools.toml"),
        "id = \"tools\"\ndescription = \"Only Zookeeper.\"\nterms = [\"zookeeper\"]\n",
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let doc = json_of("weak-rate-limiter.vtt", &["--lexicons", dir_arg]);
    assert!(
        !flags(&doc).contains(&"tool-first-opening".to_string()),
        "{:?}",
        flags(&doc)
    );
}

#[test]
fn broken_lexicon_override_is_an_error_naming_the_file() {
    let dir = Dir::new();
    std::fs::write(
        dir.path().join("tools.toml"),
        "id = \"tools\"\ndescription = \"x\"\nterms = [\"redis\"]\nunknown_key = 1\n",
    )
    .unwrap();
    analyze()
        .arg(fixture("weak-rate-limiter.vtt"))
        .arg("--lexicons")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("tools.toml"));
}

#[test]
fn an_unknown_prompt_is_refused_before_the_recording_is_transcribed() {
    // The model path does not exist: had transcription started, the error would be about it.
    let out = analyze()
        .arg(util::fixture("audio/mock-short.flac"))
        .args([
            "--prompt",
            "no-such-prompt",
            "--model",
            "/nonexistent/model.bin",
        ])
        .assert()
        .failure()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.starts_with("error: unknown prompt \"no-such-prompt\""),
        "{stderr}"
    );
}
