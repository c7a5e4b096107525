//! Property tests for every reader and writer: no input makes a reader panic, every accepted
//! transcript is well formed, every refusal is a one-line message, and what a writer writes reads
//! back to the same segments.
//!
//! Inputs come in three kinds: arbitrary strings and bytes; text built from the pieces caption
//! files are made of (timestamps, arrows, tags, names, keywords), which reaches the deep branches
//! arbitrary text rarely hits; and the committed fixtures with random damage (lines deleted,
//! duplicated, swapped, inserted, truncated).

use std::path::Path;

use proptest::prelude::*;

use super::timestamp::{self, MAX_TIME_MS};
use super::tokens::{words_from_tokens, Token};
use super::{
    assemblyai, aws, console, deepgram, document, docx, meet, openai_json, otter, plain, sbv, srt,
    vosk, vtt, whisper_json, write, zoom, Segment, Transcript,
};
use crate::Result;

const SEEDS: &[(&str, &str)] = &[
    (
        "zoom.vtt",
        include_str!("../../../../fixtures/transcripts/formats/zoom.vtt"),
    ),
    (
        "teams.vtt",
        include_str!("../../../../fixtures/transcripts/formats/teams.vtt"),
    ),
    (
        "meet.vtt",
        include_str!("../../../../fixtures/transcripts/formats/meet.vtt"),
    ),
    (
        "interview.srt",
        include_str!("../../../../fixtures/transcripts/formats/interview.srt"),
    ),
    (
        "interview.txt",
        include_str!("../../../../fixtures/transcripts/formats/interview.txt"),
    ),
    (
        "timed.txt",
        include_str!("../../../../fixtures/transcripts/formats/timed.txt"),
    ),
    (
        "whisper-ojf.json",
        include_str!("../../../../fixtures/transcripts/formats/whisper-ojf.json"),
    ),
    (
        "mockreview.json",
        include_str!("../../../../fixtures/transcripts/formats/mockreview.json"),
    ),
    (
        "otter-bold.md",
        include_str!("../../../../fixtures/transcripts/formats/otter-bold.md"),
    ),
    (
        "youtube-studio.sbv",
        include_str!("../../../../fixtures/transcripts/formats/youtube-studio.sbv"),
    ),
    (
        "whisper-console.txt",
        include_str!("../../../../fixtures/transcripts/formats/whisper-console.txt"),
    ),
    (
        "meet-transcript.txt",
        include_str!("../../../../fixtures/transcripts/formats/meet-transcript.txt"),
    ),
    (
        "whisperx.json",
        include_str!("../../../../fixtures/transcripts/formats/whisperx.json"),
    ),
];

/// 512 cases a property by default; `PROPTEST_CASES=100000` for a long run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

/// What every reader promises about its result.
fn check_outcome(outcome: &Result<Transcript>) -> std::result::Result<(), TestCaseError> {
    match outcome {
        Ok(t) => {
            prop_assert!(!t.segments.is_empty());
            for s in &t.segments {
                prop_assert!(s.start_ms <= s.end_ms, "{s:?}");
                prop_assert!(s.end_ms <= MAX_TIME_MS + 24 * 3_600_000, "{s:?}");
                prop_assert!(!s.text.trim().is_empty(), "{s:?}");
                prop_assert!(!s.text.contains('\n'), "{s:?}");
                prop_assert!(t.duration_ms >= s.end_ms);
            }
            prop_assert!(t
                .segments
                .windows(2)
                .all(|w| w[0].start_ms <= w[1].start_ms));
        }
        Err(e) => {
            let message = e.to_string();
            prop_assert!(!message.contains('\n'), "multi-line error: {message:?}");
            prop_assert!(
                message.starts_with("p.x: "),
                "error does not name the file: {message:?}"
            );
        }
    }
    Ok(())
}

fn all_readers(text: &str) -> std::result::Result<(), TestCaseError> {
    let path = Path::new("p.x");
    check_outcome(&vtt::parse(text, path))?;
    check_outcome(&srt::parse(text, path))?;
    check_outcome(&plain::parse(text, path))?;
    check_outcome(&whisper_json::parse(text, path))?;
    check_outcome(&document::parse(text, path))?;
    check_outcome(&sbv::parse(text, path))?;
    check_outcome(&zoom::parse(text, path))?;
    check_outcome(&otter::parse(text, path))?;
    check_outcome(&meet::parse(text, path))?;
    check_outcome(&openai_json::parse(text, path))?;
    check_outcome(&assemblyai::parse(text, path))?;
    check_outcome(&deepgram::parse(text, path))?;
    check_outcome(&aws::parse(text, path))?;
    check_outcome(&vosk::parse(text, path))?;
    check_outcome(&console::parse_bytes(text.as_bytes(), path))?;
    check_outcome(&super::parse(text.as_bytes(), path))?;
    Ok(())
}

/// Lines that caption files are made of, good and broken.
fn caption_line() -> impl Strategy<Value = String> {
    let time = prop_oneof![
        (0u64..100_000_000).prop_map(timestamp::format_vtt),
        (0u64..100_000_000).prop_map(timestamp::format_srt),
        "[0-9]{1,6}:[0-9]{1,3}(:[0-9]{1,3})?([.,][0-9]{0,10})?",
        Just("99999:00:00.000".to_string()),
        Just("99999999999999999999999:00:00,000".to_string()),
    ];
    prop_oneof![
        3 => (time.clone(), time, "( [a-z:%0-9]{1,12})?").prop_map(|(a, b, s)| format!("{a} --> {b}{s}")),
        1 => Just(String::new()),
        1 => Just("WEBVTT".to_string()),
        1 => "(NOTE|STYLE|REGION)( [a-z ]{0,10})?",
        1 => "[0-9]{1,12}",
        1 => "[0-9a-f]{8}-[0-9a-f]{4}/[0-9]{1,3}-0",
        2 => "(<v( [A-Z][a-z]{1,6}){1,2}>|<v>|</v>|<c\\.[a-z]+>|</c>|<i>|<[0-9:.]{5,12}>|<|>)?[A-Za-z ,.?]{0,20}(&amp;|&lt;|&#[0-9]{1,8};|&#x[0-9A-Fa-f]{1,8};|&|&[a-z]{1,8};)?[a-z ]{0,8}",
        2 => "(- )?([A-Z][a-z]{1,6}( [A-Z][a-z]{1,6})?|[a-z]{3,9}|Speaker [0-9]|SPEAKER_0[0-9]): [A-Za-z ,.]{0,30}",
        1 => "\\[[0-9:]{3,9}\\] [A-Za-z: ]{0,20}",
        1 => "[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?",
        1 => "([A-Z][a-z]{1,6} ){1,2} ?[0-9]{1,2}:[0-9]{2}",
        1 => "\\{\\\\an[0-9]\\}[a-z ]{0,10}|\\{[a-z]{0,5}",
        1 => "\\[[A-Z][a-z]{1,6}\\] [0-9]{2}:[0-9]{2}:[0-9]{2}",
        1 => "[0-9]:[0-9]{2}:[0-9]{2}\\.[0-9]{3},[0-9]:[0-9]{2}:[0-9]{2}\\.[0-9]{3}",
        1 => "(\\*\\*)?([A-Z][a-z]{1,6}|Unknown Speaker)(\\*\\*)?  [0-9]{1,2}:[0-9]{2}  ",
        1 => "\\[[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} --> [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}\\]  ( \\(speaker [0-9?]\\))?[ A-Za-z]{0,12}( \\[SPEAKER_TURN\\])?",
        1 => "[0-9]{2}:[0-9]{2}:[0-9]{2}\\t From  [A-Z][a-z]{1,6} : [a-z ]{0,10}",
        1 => "Meeting ended after [0-9]{2}:[0-9]{2}:[0-9]{2}|[A-Za-z ]{0,12} - Transcript|Transcribed by https://otter.ai",
        1 => any::<String>(),
    ]
}

fn caption_file() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just(""),
            Just("WEBVTT\n"),
            Just("WEBVTT\n\n"),
            Just("\u{FEFF}WEBVTT\n\n")
        ],
        prop::collection::vec(caption_line(), 0..24),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
    )
        .prop_map(|(head, lines, newline)| format!("{head}{}", lines.join(newline)))
}

/// A committed fixture with random damage.
fn damaged_fixture() -> impl Strategy<Value = String> {
    let edit = (
        0u8..6,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        caption_line(),
    );
    (
        prop::sample::select(SEEDS),
        prop::collection::vec(edit, 1..6),
    )
        .prop_map(|((_, text), edits)| {
            let mut lines: Vec<String> = text.lines().map(String::from).collect();
            for (kind, a, b, new_line) in edits {
                if lines.is_empty() {
                    lines.push(new_line);
                    continue;
                }
                let i = a.index(lines.len());
                let j = b.index(lines.len());
                match kind {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let copy = lines[i].clone();
                        lines.insert(j, copy);
                    }
                    2 => lines.swap(i, j),
                    3 => lines.insert(i, new_line),
                    4 => {
                        let line = &lines[i];
                        let cut = line
                            .char_indices()
                            .map(|(k, _)| k)
                            .nth(b.index(line.chars().count().max(1)))
                            .unwrap_or(line.len());
                        let kept = line[..cut].to_string();
                        lines[i] = kept;
                    }
                    _ => lines.truncate(i),
                }
            }
            lines.join("\n")
        })
}

fn segment_text() -> impl Strategy<Value = String> {
    // Words without colons, brackets or leading dashes, so the text cannot be mistaken for a
    // speaker prefix or an annotation; `&`, `<`, `>` and non-ASCII exercise escaping.
    prop::collection::vec(
        prop_oneof![
            "[a-z]{1,8}",
            "[A-Z][a-z]{0,8}[.,?]?",
            "[0-9]{1,4}",
            Just("&".to_string()),
            Just("<b>".to_string()),
            Just("p99 < 5ms".to_string()),
            Just("A --> B".to_string()),
            Just("naïve — café".to_string()),
            Just("&amp;".to_string()),
        ],
        1..12,
    )
    .prop_map(|words| words.join(" "))
}

/// Segments as a transcriber or reader would give them: all with speakers or none (a reader
/// carries the last speaker into an unnamed cue, so mixing them does not round-trip).
fn segments() -> impl Strategy<Value = Vec<Segment>> {
    let names = prop_oneof![
        Just("Priya Shah"),
        Just("Dev Patel"),
        Just("Speaker 0"),
        Just("SPEAKER_01"),
        Just("interviewer"),
        Just("candidate"),
    ];
    (
        any::<bool>(),
        prop::collection::vec(
            (0u64..MAX_TIME_MS, 0u64..600_000, names, segment_text()),
            1..20,
        ),
    )
        .prop_map(|(named, raw)| {
            let mut segments: Vec<Segment> = raw
                .into_iter()
                .map(|(start, len, name, text)| Segment {
                    start_ms: start,
                    end_ms: (start + len).min(MAX_TIME_MS),
                    speaker: named.then(|| name.to_string()),
                    text,
                    words: Vec::new(),
                })
                .collect();
            // Lower-case labels are recognised as speakers once they repeat in a file.
            if named {
                let mut more = segments.clone();
                for s in &mut more {
                    s.start_ms = s.start_ms.saturating_sub(1);
                }
                segments.extend(more);
            }
            segments.sort_by_key(|s| s.start_ms);
            segments
        })
}

fn key(segments: &[Segment]) -> Vec<(u64, u64, Option<String>, String)> {
    segments
        .iter()
        .map(|s| {
            (
                s.start_ms,
                s.end_ms,
                s.speaker.clone(),
                super::payload::collapse_spaces(&s.text),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn no_reader_panics_on_arbitrary_text(text in any::<String>()) {
        all_readers(&text)?;
    }

    #[test]
    fn no_reader_panics_on_caption_shaped_text(text in caption_file()) {
        all_readers(&text)?;
    }

    #[test]
    fn no_reader_panics_on_damaged_fixtures(text in damaged_fixture()) {
        all_readers(&text)?;
    }

    #[test]
    fn load_never_panics_on_arbitrary_bytes(
        prefix in prop_oneof![Just(vec![]), Just(vec![0xEF, 0xBB, 0xBF]), Just(vec![0xFF, 0xFE]), Just(vec![0xFE, 0xFF])],
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        name in prop_oneof![Just("p.x"), Just("p.vtt"), Just("p.srt"), Just("p.json"), Just("p.txt"), Just("p.sbv"), Just("p.docx")],
    ) {
        let all = [prefix, bytes].concat();
        for outcome in [
            console::parse_bytes(&all, Path::new(name)),
            docx::parse_bytes(&[b"PK\x03\x04".as_slice(), &all].concat(), Path::new(name)),
        ] {
            if let Err(e) = &outcome {
                prop_assert!(!e.to_string().contains('\n'));
                prop_assert!(e.to_string().starts_with(name));
            }
        }
        let outcome = super::parse(&all, Path::new(name));
        if let Err(e) = &outcome {
            prop_assert!(!e.to_string().contains('\n'));
            prop_assert!(e.to_string().starts_with(name));
        }
    }

    #[test]
    fn docx_reader_never_panics_on_any_paragraphs(
        paragraphs in prop::collection::vec(caption_line(), 0..12),
        table in any::<bool>(),
    ) {
        let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let p = |t: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", escape(t));
        let body: String = if table {
            let rows: String = std::iter::once(vec!["Start".to_string(), "Speaker".into(), "Text".into()])
                .chain(paragraphs.chunks(3).map(|c| c.to_vec()))
                .map(|cells| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| format!("<w:tc>{}</w:tc>", p(c))).collect::<String>()))
                .collect();
            format!("<w:tbl>{rows}</w:tbl>")
        } else {
            paragraphs.iter().map(|t| p(t)).collect()
        };
        check_outcome(&docx::parse_bytes(&docx::test_docx(&body), Path::new("p.x")))?;
    }

    #[test]
    fn vtt_round_trips_any_segments(segs in segments()) {
        let back = vtt::parse(&write::vtt(&segs), Path::new("p.vtt"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(key(&back.segments), key(&segs));
    }

    #[test]
    fn srt_round_trips_any_segments(segs in segments()) {
        // A segment of markup only (`<b>`) reads back as a bare `Name:` line: give it a word.
        let segs: Vec<Segment> = segs
            .into_iter()
            .map(|mut s| {
                if !super::finish::is_speech(&s.text.replace("<b>", "")) {
                    s.text.push_str(" ok");
                }
                s
            })
            .collect();
        let expected: Vec<Segment> = segs
            .iter()
            // SRT has no escaping: `-->` is written as `->`, and `<b>` is markup.
            .map(|s| Segment { text: s.text.replace("-->", "->").replace("<b>", ""), ..s.clone() })
            .filter(|s| super::finish::is_speech(&s.text))
            .collect();
        match srt::parse(&write::srt(&segs), Path::new("p.srt")) {
            Ok(back) => prop_assert_eq!(key(&back.segments), key(&expected)),
            Err(e) => prop_assert!(expected.is_empty(), "{}", e),
        }
    }

    #[test]
    fn txt_round_trips_start_seconds_speakers_and_text(segs in segments()) {
        let back = plain::parse(&write::txt(&segs), Path::new("p.txt"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let coarse = |segments: &[Segment]| -> Vec<(u64, Option<String>, String)> {
            let mut k: Vec<_> = key(segments).into_iter().map(|(s, _, who, text)| (s / 1000, who, text)).collect();
            k.sort();
            k
        };
        prop_assert_eq!(coarse(&back.segments), coarse(&segs));
    }

    #[test]
    fn json_round_trips_any_document_exactly(
        segs in segments(),
        words in prop::collection::vec((0u64..MAX_TIME_MS, 0u64..2_000, "[A-Za-z']{1,10}[.,]?", 0.0f32..=1.0), 0..20),
    ) {
        let mut segs = segs;
        if let Some(first) = segs.first_mut() {
            first.words = words
                .into_iter()
                .map(|(start_ms, len, text, p)| super::Word { start_ms, end_ms: (start_ms + len).min(MAX_TIME_MS), text, p })
                .collect();
        }
        let doc = super::TranscriptDocument {
            schema: super::TRANSCRIPT_SCHEMA.into(),
            metadata: super::Metadata {
                tool: "mockreview".into(),
                tool_version: "0.1.0".into(),
                source: "p.flac".into(),
                audio_duration_ms: 0,
                model: super::ModelMeta { name: "m.bin".into(), sha256: "00".into() },
                options: super::TranscribeMeta {
                    language: "en".into(),
                    decoding: "greedy".into(),
                    beam_size: Some(5),
                    threads: 2,
                    vad: false,
                    channels: Some(vec!["interviewer".into(), "candidate".into()]),
                diarization: None,                },
            },
            segments: segs,
        };
        let written = write::json(&doc);
        let back = document::parse_document(&written, Path::new("p.json"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &doc);
        prop_assert_eq!(write::json(&back), written);
    }

    #[test]
    fn timestamps_round_trip(ms in 0u64..=MAX_TIME_MS) {
        prop_assert_eq!(timestamp::parse(&timestamp::format_vtt(ms)), Ok(ms));
        prop_assert_eq!(timestamp::parse(&timestamp::format_srt(ms)), Ok(ms));
    }

    #[test]
    fn timestamp_parse_never_exceeds_the_limit(s in "[0-9:.,]{0,30}") {
        if let Ok(ms) = timestamp::parse(&s) {
            prop_assert!(ms <= MAX_TIME_MS);
        }
    }

    #[test]
    fn words_from_any_tokens_are_trimmed_and_ordered(
        raw in prop::collection::vec((any::<String>(), 0u64..100_000, 0u64..5_000, any::<f32>()), 0..30)
    ) {
        let tokens: Vec<Token<'_>> = raw
            .iter()
            .map(|(text, start, len, p)| Token { text, start_ms: *start, end_ms: start + len, p: *p })
            .collect();
        for w in words_from_tokens(&tokens) {
            prop_assert!(!w.text.is_empty());
            prop_assert_eq!(w.text.trim(), w.text.as_str());
            prop_assert!(w.start_ms <= w.end_ms);
            prop_assert!((0.0..=1.0).contains(&w.p));
        }
    }
}
