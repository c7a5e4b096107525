//! The `mockreview.analysis/1` document is written and read by the same types: for every fixture
//! session (full, and each drill on the drill fixtures) the JSON read back is the same analysis,
//! and writing it again gives the same bytes. The committed JSON snapshots read back too.

use std::fs;
use std::path::{Path, PathBuf};

use mockreview_core::analysis::{analyze, from_json, to_json, AnalyzeOptions};
use mockreview_core::coach::drills::SessionKind;
use mockreview_core::lexicon::LexiconSet;
use mockreview_core::transcript;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every good transcript fixture (`fixtures/transcripts/**`, not the malformed `bad/` ones).
fn transcripts() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("fixture directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bad") {
                    walk(&path, out);
                }
            } else if transcript::is_transcript_path(&path) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo().join("fixtures/transcripts"), &mut out);
    out.sort();
    out
}

fn assert_round_trip(name: &str, json: &str) {
    let read = from_json(Path::new(name), json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(to_json(&read), json, "{name}: written again differs");
}

#[test]
fn every_fixture_analysis_round_trips_byte_for_byte() {
    let lexicons = LexiconSet::builtin().expect("lexicons");
    let fixtures = transcripts();
    assert!(fixtures.len() > 30, "{fixtures:?}");
    let mut documents = 0;
    for path in fixtures {
        let t = transcript::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let drills = path.parent().is_some_and(|p| p.ends_with("drills"));
        for session in SessionKind::ALL {
            if session != SessionKind::Full && !drills {
                continue;
            }
            let options = AnalyzeOptions {
                session,
                ..AnalyzeOptions::default()
            };
            let a = analyze(&t, &lexicons, &options).unwrap_or_else(|e| panic!("{e}"));
            let json = to_json(&a);
            let name = format!("{} ({})", path.display(), session.id());
            let read = from_json(Path::new(&name), &json).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(read, a, "{name}: read back differs");
            assert_round_trip(&name, &json);
            documents += 1;
        }
    }
    assert!(documents > 60, "{documents}");
}

/// The JSON snapshots of analyses committed under `tests/snapshots/`, as `analyze` wrote them.
#[test]
fn committed_analysis_snapshots_read_back_byte_for_byte() {
    let mut seen = 0;
    let mut files: Vec<PathBuf> = fs::read_dir(repo().join("tests/snapshots"))
        .expect("snapshots")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).expect("readable snapshot");
        // An insta snapshot: a `---` header, then the value.
        let Some(body) = text.splitn(3, "---\n").nth(2) else {
            continue;
        };
        if !body.contains("\"schema\": \"mockreview.analysis/1\"") {
            continue;
        }
        assert_round_trip(&path.display().to_string(), body);
        seen += 1;
    }
    assert!(seen >= 2, "{seen}");
}

#[test]
fn another_schema_or_malformed_json_is_an_error_naming_file_and_line() {
    let e = from_json(
        Path::new("t.json"),
        "{\n  \"schema\": \"mockreview.transcript/1\",\n  \"segments\": []\n}\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("t.json: line 2: not a mockreview analysis: schema is \"mockreview.transcript/1\", expected \"mockreview.analysis/1\""),
        "{e}"
    );
    let e = from_json(
        Path::new("a.json"),
        "{\n  \"schema\": \"mockreview.analysis/1\",\n}",
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("a.json: line 3: invalid JSON"), "{e}");
    let e = from_json(Path::new("a.json"), "{\"duration_ms\": 5}")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("a.json: line 1: not a mockreview analysis: missing field `schema`"),
        "{e}"
    );
    let e = from_json(
        Path::new("a.json"),
        "{\n  \"schema\": \"mockreview.analysis/1\"\n}",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("a.json: line 3: malformed analysis: missing field"),
        "{e}"
    );
}
