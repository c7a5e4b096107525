//! `mockreview analyze` in batch mode, through the binary: a directory of sessions in, one report
//! per session plus the cohort summary out, and a failing input reported without stopping the rest.

use std::fs;

use crate::util::{self, mockreview, Dir};

fn fixture(name: &str) -> std::path::PathBuf {
    util::fixture("transcripts").join(name)
}

/// A fresh directory holding copies of these fixture transcripts.
fn sessions(names: &[&str]) -> Dir {
    let files: Vec<_> = names.iter().map(|n| fixture(n)).collect();
    Dir::with_copies(&files)
}

#[test]
fn a_directory_gives_one_report_per_session_and_a_cohort_summary() {
    let inputs = sessions(&[
        "rate-limiter-weak.vtt",
        "rate-limiter-strong.vtt",
        "chat-weak.srt",
    ]);
    let out = Dir::new();
    mockreview()
        .arg("analyze")
        .arg(inputs.path())
        .arg("--out-dir")
        .arg(out.path())
        .args(["--format", "json", "--quiet"])
        .assert()
        .success();
    for stem in ["rate-limiter-weak", "rate-limiter-strong", "chat-weak"] {
        let report = fs::read_to_string(out.path().join(format!("{stem}.analysis.json"))).unwrap();
        assert!(
            report.contains("\"schema\": \"mockreview.analysis/1\""),
            "{stem}"
        );
    }
    let csv = fs::read_to_string(out.path().join("cohort.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[1].contains("chat-weak.srt,ok,"), "{csv}");
    assert!(
        rows[3].contains("rate-limiter-weak.vtt,ok,Sam Ortiz"),
        "{csv}"
    );
    assert!(rows[3].contains("tool-first-opening"), "{csv}");
    let cohort: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("cohort.json")).unwrap()).unwrap();
    assert_eq!(cohort["schema"], "mockreview.cohort/1");
    assert_eq!(cohort["sessions"].as_array().unwrap().len(), 3);
    assert!(cohort["sessions"][2]["scores"]["clarification"].is_u64());
}

#[test]
fn a_failing_input_is_reported_at_the_end_and_the_rest_still_run() {
    let inputs = sessions(&["chat-weak.srt"]);
    let broken = inputs.path().join("broken.vtt");
    fs::write(&broken, "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nA: hi\n").unwrap();
    let out = Dir::new();
    let assert = mockreview()
        .arg("analyze")
        .arg(&broken)
        .arg(inputs.path().join("chat-weak.srt"))
        .arg("--out-dir")
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let last = stderr.lines().last().unwrap();
    assert!(
        last.starts_with("error: ") && last.contains("broken.vtt: line 3"),
        "{stderr}"
    );
    assert!(out.path().join("chat-weak.analysis.txt").exists());
    assert!(!out.path().join("broken.analysis.txt").exists());
    let csv = fs::read_to_string(out.path().join("cohort.csv")).unwrap();
    assert!(csv.contains("broken.vtt,error,"), "{csv}");
}

#[test]
fn several_inputs_without_out_dir_is_a_usage_error() {
    mockreview()
        .arg("analyze")
        .arg(fixture("chat-weak.srt"))
        .arg(fixture("rate-limiter-weak.vtt"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--out-dir"));
}

#[test]
fn batch_reports_are_identical_whatever_the_number_of_jobs() {
    let inputs = sessions(&[
        "rate-limiter-weak.vtt",
        "payment-ledger-strong.srt",
        "url-shortener-weak.txt",
    ]);
    let run = |jobs: &str| {
        let out = Dir::new();
        mockreview()
            .arg("analyze")
            .arg(inputs.path())
            .arg("--out-dir")
            .arg(out.path())
            .args(["--format", "json", "--quiet", "--jobs", jobs])
            .assert()
            .success();
        (
            fs::read(out.path().join("cohort.json")).unwrap(),
            fs::read(out.path().join("payment-ledger-strong.analysis.json")).unwrap(),
        )
    };
    assert_eq!(run("1"), run("3"));
}
