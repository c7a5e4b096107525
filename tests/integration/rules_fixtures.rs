//! The analyzer's regression test: every labelled fixture transcript through the full library
//! pipeline (`mockreview::cmd::eval::flags::evaluate`, which reads them as `analyze` does), every labelled flag and score band checked.
//! Known analyzer gaps listed in the labels must still be wrong, so a fix shows up here and the
//! entry gets removed.

use std::path::Path;

use clap::Parser;
use mockreview::cli::WhisperOptions;
use mockreview::cmd::eval::flags::evaluate;

const LABELS: &str = "fixtures/transcripts/labels.toml";

#[derive(Parser)]
struct Whisper {
    #[command(flatten)]
    options: WhisperOptions,
}

fn whisper() -> WhisperOptions {
    Whisper::parse_from(["test"]).options
}

#[test]
fn every_labelled_expectation_holds_except_listed_known_gaps() {
    let eval = evaluate(Path::new(LABELS), &whisper()).expect("labels evaluate");
    let unexpected: Vec<String> = eval
        .mismatches
        .iter()
        .filter(|m| !m.known_gap)
        .map(|m| m.to_string())
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} labelled expectations not met:\n{}\n\nfull report:\n{}",
        unexpected.len(),
        unexpected.join("\n"),
        eval.report()
    );
}

#[test]
fn known_gaps_are_still_gaps() {
    let text = std::fs::read_to_string(LABELS).expect("labels readable");
    let labels: toml::Value = toml::from_str(&text).expect("labels parse");
    let eval = evaluate(Path::new(LABELS), &whisper()).expect("labels evaluate");
    let sessions = labels["session"].as_array().expect("sessions");
    for s in sessions {
        let file = s["file"].as_str().expect("file");
        for gap in s
            .get("known_gaps")
            .and_then(|g| g.as_array())
            .into_iter()
            .flatten()
        {
            let id = gap
                .as_str()
                .and_then(|g| g.split(':').next())
                .expect("gap id")
                .trim();
            let still_wrong = eval
                .mismatches
                .iter()
                .any(|m| m.file == file && m.what == id);
            assert!(
                still_wrong,
                "{file}: known gap {id:?} is fixed now; remove it from {LABELS}"
            );
        }
    }
}

#[test]
fn every_flag_fires_somewhere_and_stays_silent_somewhere() {
    let eval = evaluate(Path::new(LABELS), &whisper()).expect("labels evaluate");
    for (id, c) in &eval.flags {
        assert!(c.tp + c.fn_ > 0, "no fixture is labelled with {id} present");
        assert!(c.tn + c.fp > 0, "no fixture is labelled with {id} absent");
    }
}

#[test]
fn every_dimension_has_labelled_bands() {
    let eval = evaluate(Path::new(LABELS), &whisper()).expect("labels evaluate");
    for d in mockreview::rubric::Dimension::ALL {
        assert!(
            eval.bands.get(&d).is_some_and(|(_, n)| *n >= 5),
            "fewer than five fixtures label {}",
            d.id()
        );
    }
}

#[test]
fn eval_flags_command_prints_precision_recall_and_bands_and_exits_zero() {
    let out = crate::util::mockreview()
        .args(["eval", "flags", LABELS])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("precision"), "{stdout}");
    assert!(stdout.contains("tool-first-opening"), "{stdout}");
    assert!(stdout.contains("score bands"), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("total")), "{stdout}");
}

#[test]
fn eval_flags_with_a_missing_labels_file_is_a_one_line_error_and_exit_two() {
    let out = crate::util::mockreview()
        .args(["eval", "flags", "no/such/labels.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/labels.toml"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}
