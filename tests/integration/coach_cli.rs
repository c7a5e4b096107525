//! The coach workflow through the binary: analysis → scorecard → coach edits → grade, the refusal to
//! overwrite an edited card, and progress across sessions.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;

use crate::util::{self, mockreview, Dir};

fn fixture(name: &str) -> PathBuf {
    util::fixture("transcripts").join(name)
}

fn analyze_json(input: &str, out: &Path) {
    mockreview()
        .arg("analyze")
        .arg(fixture(input))
        .args(["--format", "json", "-o"])
        .arg(out)
        .assert()
        .success();
}

/// Sets every `final_score = ""` of a card to `score`.
fn grade_all(card: &str, score: u8) -> String {
    card.replace("final_score = \"\"", &format!("final_score = {score}"))
}

#[test]
fn scorecard_round_trip_draft_edit_grade() {
    let dir = Dir::new();
    let analysis = dir.path().join("day1.json");
    analyze_json("rate-limiter-weak.vtt", &analysis);
    let card = dir.path().join("day1.card.toml");
    mockreview()
        .arg("scorecard")
        .arg(&analysis)
        .arg("-o")
        .arg(&card)
        .assert()
        .success();
    let text = fs::read_to_string(&card).unwrap();
    assert!(text.contains("[dimensions.clarification]"), "{text}");
    assert!(text.contains("draft_score = 1"), "{text}");
    assert!(text.contains("candidate = \"Sam Ortiz\""), "{text}");

    // Not graded yet: grade lists what is missing.
    mockreview()
        .arg("grade")
        .arg(&card)
        .assert()
        .code(2)
        .stderr(contains("clarification.final_score is not set"));

    fs::write(
        &card,
        grade_all(&text, 3).replace("notes = \"\"", "notes = \"ok\""),
    )
    .unwrap();
    let out = mockreview()
        .arg("grade")
        .arg(&card)
        .args(["--format", "json"])
        .assert()
        .success();
    let grade: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(grade["final_average"], 3.0);
    assert_eq!(grade["verdict"], "below_bar");
    // A tool first with nothing asked drafts clarification 0.
    assert_eq!(grade["dimensions"][0]["draft"], 0);
    assert_eq!(grade["dimensions"][0]["final"], 3);
    assert_eq!(grade["dimensions"][0]["delta"], 3);
    assert!(grade["changed"].as_u64().unwrap() > 0);
}

#[test]
fn an_edited_scorecard_is_never_overwritten_without_force() {
    let dir = Dir::new();
    let analysis = dir.path().join("s.json");
    analyze_json("rate-limiter-strong.vtt", &analysis);
    let card = dir.path().join("s.card.toml");
    let draft = || {
        let mut c = mockreview();
        c.arg("scorecard").arg(&analysis).arg("-o").arg(&card);
        c
    };
    draft().assert().success();
    // An unedited card may be replaced.
    draft().assert().success();
    let edited = grade_all(&fs::read_to_string(&card).unwrap(), 4);
    fs::write(&card, &edited).unwrap();
    draft()
        .assert()
        .code(2)
        .stderr(contains("was edited").and(contains("--force")));
    assert_eq!(
        fs::read_to_string(&card).unwrap(),
        edited,
        "edited card changed"
    );
    draft().arg("--force").assert().success();
    assert_ne!(fs::read_to_string(&card).unwrap(), edited);
}

#[test]
fn a_transcript_is_not_an_analysis() {
    let dir = Dir::new();
    mockreview()
        .arg("scorecard")
        .arg(fixture("formats/mockreview.json"))
        .arg("-o")
        .arg(dir.path().join("c.toml"))
        .assert()
        .code(2)
        .stderr(contains("mockreview analyze"));
    assert!(!dir.path().join("c.toml").exists());
}

#[test]
fn progress_orders_sessions_and_reports_flag_changes() {
    let dir = Dir::new();
    let day1 = dir.path().join("day1.json");
    let day7 = dir.path().join("day7.json");
    analyze_json("rate-limiter-weak.vtt", &day1);
    analyze_json("rate-limiter-strong.vtt", &day7);
    // A graded card for day 7 replaces its draft scores.
    let card = dir.path().join("day7.card.toml");
    mockreview()
        .arg("scorecard")
        .arg(&day7)
        .arg("-o")
        .arg(&card)
        .assert()
        .success();
    fs::write(&card, grade_all(&fs::read_to_string(&card).unwrap(), 4)).unwrap();
    let out = mockreview()
        .arg("progress")
        .arg(dir.path())
        .args([
            "--date",
            "day7.json=2026-11-27",
            "--date",
            "day1.json=2026-11-21",
        ])
        .args(["--format", "json"])
        .assert()
        .success();
    let p: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(p["sessions"][0]["name"], "day1.json");
    assert_eq!(p["sessions"][1]["scores_from"], "final");
    assert_eq!(p["sessions"][1]["scores"][0], 4);
    let gone = p["flag_changes"][0]["gone"].as_array().unwrap();
    assert!(gone.iter().any(|f| f == "tool-first-opening"), "{p}");

    let html = mockreview()
        .arg("progress")
        .arg(&day1)
        .arg(&day7)
        .args(["--format", "html"])
        .assert()
        .success();
    let page = String::from_utf8_lossy(&html.get_output().stdout).to_string();
    assert!(
        page.contains("<svg") && page.contains("<polyline"),
        "{page}"
    );
}

#[test]
fn progress_rejects_a_bad_date() {
    mockreview()
        .arg("progress")
        .arg(fixture("formats/mockreview.json"))
        .args(["--date", "x.json=2026-13-01"])
        .assert()
        .code(2)
        .stderr(contains("YYYY-MM-DD"));
}
