//! One snapshot per kind of document mockreview writes, through the binary where a command writes
//! it: an analysis with nothing to judge, an analysis with estimated timing (plain text), each
//! drill, the transcript document, the cohort summary of a batch, the scorecard and the grade.
//!
//! The strong and weak full sessions are in `analyze_cli.rs`. A snapshot that changes is a change
//! of the contract: review it (`cargo insta review`), never accept it blindly.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The snapshot `tests/snapshots/documents__NAME.snap` (the names it had as its own test file).
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("documents__{}", $name), $value);
        })
    };
}

fn transcripts(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/transcripts")
        .join(rel)
}

/// The binary with a clean colour environment, so the host's settings never leak into a test.
fn mockreview() -> Command {
    let mut cmd = Command::cargo_bin("mockreview").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn analyze(rel: &str, extra: &[&str]) -> String {
    stdout_of(
        mockreview()
            .arg("analyze")
            .arg(transcripts(rel))
            .args(extra),
    )
}

#[test]
fn nothing_to_judge() {
    let json = analyze("analyzer/only-interviewer.vtt", &["--format", "json"]);
    snapshot!("nothing_to_judge_json", json);
    let text = analyze("analyzer/only-interviewer.vtt", &[]);
    snapshot!("nothing_to_judge_text", text);
}

#[test]
fn estimated_timing_from_plain_text() {
    let json = analyze("analyzer/ledger-monologue.txt", &["--format", "json"]);
    snapshot!("estimated_timing_json", json);
    let text = analyze("analyzer/ledger-monologue.txt", &[]);
    snapshot!("estimated_timing_text", text);
}

/// The full analysis of the good fixture of each drill, and the drill section of the weak one.
fn drill(session: &str, stem: &str) {
    let good = analyze(
        &format!("drills/{stem}-good.txt"),
        &["--format", "json", "--session", session],
    );
    snapshot!(format!("{session}_good_json"), good);
    let weak = analyze(
        &format!("drills/{stem}-weak.txt"),
        &["--format", "json", "--session", session],
    );
    let doc: serde_json::Value = serde_json::from_str(&weak).unwrap();
    let section = serde_json::to_string_pretty(&doc["drill"]).unwrap();
    snapshot!(format!("{session}_weak_drill"), section);
}

#[test]
fn clarify_drill() {
    drill("clarify-drill", "clarify");
}

#[test]
fn data_model_drill() {
    drill("data-model-drill", "data-model");
}

#[test]
fn failure_drill() {
    drill("failure-drill", "failure");
}

#[test]
fn tradeoff_drill() {
    drill("tradeoff-drill", "tradeoff");
}

/// The `mockreview.transcript/1` document as the writer lays it out (what `transcribe` and
/// `--save-transcript` write), from the fixture document read back.
#[test]
fn transcript_json() {
    let path = transcripts("formats/mockreview.json");
    let text = fs::read_to_string(&path).unwrap();
    let doc = mockreview::transcript::document::parse_document(&text, &path).unwrap();
    let json = mockreview::transcript::render(&doc, mockreview::transcript::TranscriptFormat::Json);
    snapshot!("transcript_json", json);
}

#[test]
fn cohort_json() {
    let dir = TempDir::new().unwrap();
    for name in ["rate-limiter-weak.vtt", "chat-weak.srt"] {
        fs::copy(transcripts(name), dir.path().join(name)).unwrap();
    }
    fs::copy(
        transcripts("analyzer/only-interviewer.vtt"),
        dir.path().join("only-interviewer.vtt"),
    )
    .unwrap();
    // Relative paths, so the inputs the cohort names do not depend on the temporary directory.
    mockreview()
        .current_dir(dir.path())
        .args(["analyze", ".", "--out-dir", "out", "--format", "json"])
        .args(["--quiet", "--jobs", "1"])
        .assert()
        .success();
    let cohort = fs::read_to_string(dir.path().join("out/cohort.json")).unwrap();
    snapshot!("cohort_json", cohort);
}

/// Analysis → scorecard (snapshot) → the coach grades it → grade JSON (snapshot).
#[test]
fn scorecard_toml_and_grade_json() {
    let dir = TempDir::new().unwrap();
    let analysis = dir.path().join("day1.json");
    mockreview()
        .arg("analyze")
        .arg(transcripts("rate-limiter-weak.vtt"))
        .args(["--format", "json", "-o"])
        .arg(&analysis)
        .assert()
        .success();
    let card = dir.path().join("day1.card.toml");
    mockreview()
        .arg("scorecard")
        .arg(&analysis)
        .arg("-o")
        .arg(&card)
        .assert()
        .success();
    let text = fs::read_to_string(&card).unwrap();
    snapshot!("scorecard_toml", text);

    let graded = text
        .replacen("coach = \"\"", "coach = \"Ada\"", 1)
        .replace("final_score = \"\"", "final_score = 2")
        .replacen(
            "notes = \"\"",
            "notes = \"asked one question, then tools\"",
            1,
        );
    fs::write(&card, graded).unwrap();
    let grade = stdout_of(
        mockreview()
            .arg("grade")
            .arg(&card)
            .args(["--format", "json"]),
    );
    snapshot!("grade_json", grade);
}
