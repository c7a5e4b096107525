//! The sound-alike stage on text written down correctly: a meeting (`../shared/real/ami_ES2011a`, a
//! product design meeting), four software podcasts (`../shared/real/changelog`: caching,
//! databases, Go) and the dev split of the realistic mock interviews (`fixtures/sessions/`). Every
//! term said there is spelled right, so a term only the sound-alike stage finds is a false alarm.
//! Read in place, line by line; the counts are the false-alarm figures in the README ("Lexicons")
//! and must not grow.

use std::path::{Path, PathBuf};

use mockreview_core::lexicon::{LexiconSet, Stage};

fn shared(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/real")
        .join(rel);
    assert!(
        path.exists(),
        "{} is missing: the real transcripts live in ../shared beside the repository",
        path.display()
    );
    path
}

/// (file, the words matched, lexicon/term) of every sound-only hit in the files.
fn sound_hits(files: &[PathBuf]) -> (Vec<String>, usize) {
    let set = LexiconSet::builtin().unwrap();
    let mut alarms = Vec::new();
    let mut words = 0;
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for line in text.lines() {
            words += line.split_whitespace().count();
            for (hit, stage) in set.scan_text_staged(line) {
                if stage == Stage::Sound {
                    alarms.push(format!(
                        "{name}: {:?} as {}/{}",
                        line.get(hit.start..hit.end).unwrap_or(""),
                        hit.lexicon,
                        hit.term
                    ));
                }
            }
        }
    }
    (alarms, words)
}

fn files() -> Vec<PathBuf> {
    let mut files = vec![shared("ami_ES2011a/ES2011a.timestamped.txt")];
    let mut podcasts: Vec<PathBuf> = std::fs::read_dir(shared("changelog"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    podcasts.sort();
    files.extend(podcasts);
    files
}

/// The dev split's transcripts (the frozen eval split is never read).
fn dev_sessions() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sessions");
    let labels: toml::Value =
        toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap()).unwrap();
    let sessions = labels.get("session").and_then(|s| s.as_array()).unwrap();
    sessions
        .iter()
        .filter(|s| s.get("split").and_then(|v| v.as_str()) == Some("dev"))
        .map(|s| dir.join(s.get("file").and_then(|v| v.as_str()).unwrap()))
        .collect()
}

fn check(files: &[PathBuf], at_least_words: usize, most: usize) {
    let (alarms, words) = sound_hits(files);
    assert!(words > at_least_words, "read {words} words");
    eprintln!("{} sound-only hits in {words} words:", alarms.len());
    for a in &alarms {
        eprintln!("  {a}");
    }
    assert!(
        alarms.len() <= most,
        "{} sound-only hits in {words} words:\n{}",
        alarms.len(),
        alarms.join("\n")
    );
}

#[test]
fn sound_alikes_on_real_transcripts_stay_rare() {
    check(&files(), 40_000, 0);
}

#[test]
fn sound_alikes_on_the_dev_mock_interviews_stay_rare() {
    // Measured: "time yet" as `timeout`, "rest fall" as `rest api`.
    check(&dev_sessions(), 60_000, 2);
}
