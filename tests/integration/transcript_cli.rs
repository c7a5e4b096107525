//! Transcript files through the binary: `mockreview analyze` reads every supported format, and
//! every malformed transcript ends in exit code 2 with a one-line error naming the file and the
//! place, nothing on stdout and no output file.

use std::path::{Path, PathBuf};

use crate::util::{self, mockreview, Dir};

fn fixture(name: &str) -> PathBuf {
    util::fixture("transcripts/formats").join(name)
}

/// Each good fixture with the speakers its analysis must report.
const GOOD: &[(&str, &[&str])] = &[
    ("zoom.vtt", &["Priya Shah", "Dev Patel"]),
    ("teams.vtt", &["Priya Shah", "Dev Patel"]),
    ("meet.vtt", &["Priya Shah", "Dev Patel"]),
    ("interview.srt", &["Priya Shah", "Dev Patel"]),
    ("interview.txt", &["Interviewer", "Candidate"]),
    ("timed.txt", &["Priya Shah", "Dev Patel"]),
    ("meet-transcript.txt", &["Priya Shah", "Dev Patel"]),
    ("otter.txt", &["Priya Shah", "Dev Patel"]),
    ("whisper-ojf.json", &[]),
    ("whisper-oj-diarize.json", &["Speaker 0", "Speaker 1"]),
    ("whisper-ojf-split-utf8.json", &[]),
    ("whisper-console.txt", &[]),
    ("whisper-console-ml1-split-utf8.txt", &[]),
    (
        "otter-bold.md",
        &["Priya Shah", "Dev Patel", "unnamed speaker"],
    ),
    ("youtube-studio.sbv", &["Priya Shah", "Dev Patel"]),
    ("whisperx.json", &["SPEAKER_00", "SPEAKER_01"]),
    ("assemblyai.json", &["A", "B"]),
    ("deepgram-diarized.json", &["Speaker 0", "Speaker 1"]),
    ("aws-transcribe-batch.json", &["spk_0", "spk_1"]),
    ("mockreview.json", &["interviewer", "candidate"]),
];

fn analyze_json(path: &Path) -> (Vec<u8>, serde_json::Value) {
    let out = mockreview()
        .args(["analyze", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: stdout is not JSON: {e}", path.display()));
    (out.stdout, json)
}

#[test]
fn analyze_reads_every_transcript_format() {
    for (name, speakers) in GOOD {
        let (_, json) = analyze_json(&fixture(name));
        assert_eq!(json["schema"], "mockreview.analysis/1", "{name}");
        let mut reported: Vec<&str> = json["speakers"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no speakers array"))
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        reported.sort();
        let mut expected = speakers.to_vec();
        expected.sort();
        if !expected.is_empty() {
            assert_eq!(reported, expected, "{name}");
        }
        assert!(json["duration_ms"].as_u64().unwrap_or(0) > 0, "{name}");
    }
}

/// The real exports in `../shared/real/formats/` (read in place), as a user runs them: each one
/// analyses, whatever its extension (`.md`, `.sbv`, `.docx` included), except the Zoom chat log,
/// which is refused for what it is.
#[test]
fn analyze_reads_every_real_export() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real/formats");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 20);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = mockreview()
            .args(["analyze", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if name.starts_with("zoom-chat") {
            assert_eq!(out.status.code(), Some(2), "{name}");
            assert!(
                stderr.contains("this is a Zoom chat log"),
                "{name}: {stderr}"
            );
            assert!(out.stdout.is_empty());
            continue;
        }
        assert!(out.status.success(), "{name}: {stderr}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["timing"], "measured", "{name}");
        let names: Vec<&str> = json["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert!(!names.contains(&"Unknown Speaker"), "{name}: {names:?}");
    }
}

#[test]
fn content_that_is_neither_transcript_nor_recording_lists_what_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blob.bin");
    std::fs::write(&path, [0u8, 1, 2, 3, 4, 5, 6, 7]).unwrap();
    let out = mockreview().arg("analyze").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("neither a transcript nor a recording mockreview reads"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Otter.ai text") && stderr.contains("FLAC"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn analyzing_a_transcript_twice_gives_identical_bytes() {
    for name in ["zoom.vtt", "whisper-ojf.json", "interview.txt"] {
        let (first, _) = analyze_json(&fixture(name));
        let (second, _) = analyze_json(&fixture(name));
        assert_eq!(first, second, "{name}");
    }
}

#[test]
fn the_same_interview_as_vtt_and_srt_gives_the_same_analysis() {
    // Same cues, two formats: the analysis must not depend on the container.
    let dir = Dir::new();
    let vtt = dir.path().join("same.vtt");
    let srt = dir.path().join("same.srt");
    std::fs::write(
        &vtt,
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nPriya Shah: Design a rate limiter.\n\n\
         2\n00:00:05.000 --> 00:00:09.000\nDev Patel: Who are the clients and what is the limit?\n",
    )
    .unwrap();
    std::fs::write(
        &srt,
        "1\n00:00:01,000 --> 00:00:04,000\nPriya Shah: Design a rate limiter.\n\n\
         2\n00:00:05,000 --> 00:00:09,000\nDev Patel: Who are the clients and what is the limit?\n",
    )
    .unwrap();
    assert_eq!(analyze_json(&vtt).1, analyze_json(&srt).1);
}

/// Each malformed transcript with a piece of the error it must give.
const BAD: &[(&str, &str)] = &[
    ("absurd-hours.srt", "line 6: "),
    (
        "backwards.vtt",
        "line 8: end time 00:01:00.000 is before start time 00:10:00.000",
    ),
    ("binary-junk.srt", "byte "),
    ("binary-junk.vtt", "byte 0: "),
    ("blank.txt", "no speech segments"),
    ("empty.srt", "no speech segments"),
    ("garbage-lines.srt", "line 5: "),
    ("garbage-lines.vtt", "line 7: "),
    ("header-only.vtt", "no speech segments"),
    ("invalid-utf8.vtt", "byte 53: invalid UTF-8"),
    ("no-header.vtt", "line 1: missing `WEBVTT` header"),
    ("not-a-transcript.json", "JSON is not a transcript"),
    ("other-schema.json", "unsupported transcript schema"),
    ("whisper-blank-audio-only.json", "no speech segments"),
    (
        "whisper-missing-offsets.json",
        "transcription[1].offsets.to is missing",
    ),
    (
        "whisper-token-without-text.json",
        "transcription[0].tokens[0].text is missing",
    ),
    ("whisper-truncated.json", "line 6: invalid JSON"),
];

#[test]
fn malformed_transcripts_exit_2_with_one_line_and_no_output_file() {
    let dir = Dir::new();
    for (name, expected) in BAD {
        let path = fixture("bad").join(name);
        let report = dir.path().join(format!("{name}.report.json"));
        let out = mockreview()
            .args(["analyze", "--format", "json", "-o"])
            .arg(&report)
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: wrote to stdout");
        assert!(!report.exists(), "{name}: left an output file");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr:?}");
        assert!(
            stderr.starts_with(&format!("error: {}: ", path.display())),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains(expected),
            "{name}: {stderr:?} lacks {expected:?}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn missing_transcript_file_is_an_error_naming_it() {
    let out = mockreview()
        .args(["analyze"])
        .arg(fixture("no-such-file.vtt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-file.vtt"), "{stderr}");
}
