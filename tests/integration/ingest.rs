//! Every transcript fixture in `fixtures/transcripts/formats/` loads through `transcript::load`
//! with the right segments, speakers and timing; every malformed one in `bad/` fails with a
//! one-line error that names the file and the problem; and every writer's output reads back to the
//! same segments.

use std::path::{Path, PathBuf};

use mockreview::cli::TranscriptFormat;
use mockreview::transcript::{
    self, InputFormat, Metadata, ModelMeta, Segment, Timing, TranscribeMeta, Transcript,
    TranscriptDocument, TRANSCRIPT_SCHEMA,
};

fn fixture(name: &str) -> PathBuf {
    crate::util::fixture("transcripts/formats").join(name)
}

fn load(name: &str) -> Transcript {
    transcript::load(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn texts(t: &Transcript) -> Vec<&str> {
    t.segments.iter().map(|s| s.text.as_str()).collect()
}

fn speakers(t: &Transcript) -> Vec<Option<&str>> {
    t.segments.iter().map(|s| s.speaker.as_deref()).collect()
}

fn format_of(name: &str) -> InputFormat {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    transcript::detect(&bytes, &path).unwrap()
}

const GOOD: &[(&str, InputFormat)] = &[
    ("zoom.vtt", InputFormat::Vtt),
    ("teams.vtt", InputFormat::Vtt),
    ("meet.vtt", InputFormat::Vtt),
    ("interview.srt", InputFormat::Srt),
    ("interview.txt", InputFormat::Text),
    ("timed.txt", InputFormat::Text),
    ("meet-transcript.txt", InputFormat::MeetText),
    ("otter.txt", InputFormat::Otter),
    ("otter-bold.md", InputFormat::Otter),
    ("youtube-studio.sbv", InputFormat::Sbv),
    ("whisper-ojf.json", InputFormat::WhisperJson),
    ("whisper-oj-diarize.json", InputFormat::WhisperJson),
    ("whisper-ojf-split-utf8.json", InputFormat::WhisperJson),
    ("whisper-console.txt", InputFormat::WhisperConsole),
    (
        "whisper-console-ml1-split-utf8.txt",
        InputFormat::WhisperConsole,
    ),
    ("whisperx.json", InputFormat::OpenAiWhisperJson),
    ("assemblyai.json", InputFormat::AssemblyAiJson),
    ("deepgram-diarized.json", InputFormat::DeepgramJson),
    ("aws-transcribe-batch.json", InputFormat::AwsTranscribeJson),
    ("mockreview.json", InputFormat::Document),
];

#[test]
fn every_good_fixture_is_listed_and_detected_as_its_format() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = GOOD.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "each fixture needs an entry in GOOD");
    for (name, format) in GOOD {
        assert_eq!(format_of(name), *format, "{name}");
        let t = load(name);
        assert!(!t.segments.is_empty(), "{name}");
        assert!(
            t.segments
                .windows(2)
                .all(|w| w[0].start_ms <= w[1].start_ms),
            "{name}: segments in start order"
        );
    }
}

#[test]
fn zoom_vtt_reads_name_prefixes_and_multi_line_cues() {
    let t = load("zoom.vtt");
    assert_eq!(t.segments.len(), 6);
    assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
    assert_eq!(t.timing, Timing::Measured);
    let s = &t.segments[3];
    assert_eq!((s.start_ms, s.end_ms), (19_800, 27_350));
    assert_eq!(
        s.text,
        "Okay. So the functional requirement is to reject requests over the limit with a 429, \
         and the non-functional ones are low latency, say p99 under five milliseconds, and high availability."
    );
    assert_eq!(t.duration_ms, 38_900);
}

#[test]
fn teams_vtt_reads_voice_spans_under_guid_cue_ids() {
    let t = load("teams.vtt");
    assert_eq!(
        speakers(&t),
        [
            Some("Priya Shah"),
            Some("Dev Patel"),
            Some("Priya Shah"),
            Some("Dev Patel"),
            Some("Dev Patel")
        ]
    );
    assert_eq!(
        t.segments[3].text,
        "Then the tradeoff is accuracy versus latency. A token bucket per key in memory is fast, \
         but a central counter in Redis is more accurate across gateway nodes."
    );
}

#[test]
fn meet_vtt_skips_metadata_and_carries_the_speaker_until_it_changes() {
    let t = load("meet.vtt");
    assert_eq!(t.segments.len(), 5);
    assert_eq!(
        speakers(&t),
        [
            Some("Priya Shah"),
            Some("Priya Shah"),
            Some("Dev Patel"),
            Some("Priya Shah"),
            Some("Dev Patel")
        ]
    );
    assert_eq!(t.segments[0].start_ms, 1_200);
    assert_eq!(
        t.segments[2].text,
        "I'd start with requirements. What happens to a request over the limit — do we drop it or queue it?"
    );
    assert_eq!(
        t.segments[3].text,
        "Reject it with HTTP 429 & a Retry-After header."
    );
    assert!(t.segments[4]
        .text
        .contains("two hundred thousand requests per second at peak"));
}

#[test]
fn srt_reads_prefixes_tags_and_tolerates_blank_line_quirks() {
    let t = load("interview.srt");
    assert_eq!(t.segments.len(), 5);
    assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
    assert_eq!(
        t.segments[1].text,
        "Can I clarify the scope first? Is the limit per merchant or per card?"
    );
    assert_eq!(
        t.segments[3].text,
        "Then I'd keep a sliding window counter per merchant, sharded by merchant ID, so one hot merchant can't starve the others."
    );
    assert_eq!(
        (t.segments[4].start_ms, t.segments[4].end_ms),
        (22_900, 28_100)
    );
}

#[test]
fn plain_text_gets_estimated_times_and_inherited_speakers() {
    let t = load("interview.txt");
    assert_eq!(t.timing, Timing::Estimated);
    assert_eq!(t.segments.len(), 7);
    assert_eq!(t.speakers(), ["Interviewer", "Candidate"]);
    assert_eq!(t.segments[4].speaker.as_deref(), Some("Candidate"));
    assert!(t.segments[4]
        .text
        .starts_with("I'd estimate ten million keys"));
    // 150 words per minute: the first line's 8 words take 3.2 s.
    assert_eq!((t.segments[0].start_ms, t.segments[0].end_ms), (0, 3_200));
    assert_eq!(t.segments[1].start_ms, 3_200);
}

#[test]
fn timed_text_reads_its_clock_and_joins_wrapped_lines() {
    let t = load("timed.txt");
    assert_eq!(t.timing, Timing::Measured);
    let starts: Vec<u64> = t.segments.iter().map(|s| s.start_ms).collect();
    assert_eq!(starts, [1_000, 5_000, 11_000, 17_000, 3_725_000]);
    assert_eq!(
        t.segments[3].text,
        "Then at peak that is about two hundred thousand requests per second. I'd use a token bucket per key."
    );
}

#[test]
fn meet_text_export_reads_its_five_minute_marks() {
    let t = load("meet-transcript.txt");
    assert_eq!(t.timing, Timing::Measured);
    // The title line above the first time mark is not speech.
    assert!(t.segments.iter().all(|s| s.speaker.is_some()));
    assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
    assert_eq!(t.segments[0].start_ms, 0);
    let five = t
        .segments
        .iter()
        .find(|s| s.text.starts_with("For scale"))
        .unwrap();
    assert_eq!(
        (five.start_ms, five.speaker.as_deref()),
        (300_000, Some("Dev Patel"))
    );
    // Turns inside a five-minute block follow one another at the estimated speaking rate.
    assert!(t.segments.windows(2).all(|w| w[0].start_ms < w[1].start_ms));
}

#[test]
fn otter_export_reads_name_and_time_headers() {
    let t = load("otter.txt");
    assert_eq!(t.timing, Timing::Measured);
    let heads: Vec<(u64, Option<&str>)> = t
        .segments
        .iter()
        .map(|s| (s.start_ms, s.speaker.as_deref()))
        .collect();
    assert_eq!(
        heads,
        [
            (2_000, Some("Priya Shah")),
            (9_000, Some("Dev Patel")),
            (16_000, Some("Priya Shah")),
            (19_000, Some("Dev Patel")),
            (3_730_000, Some("Dev Patel")),
        ]
    );
    assert_eq!(
        t.segments[0].text,
        "Thanks for joining. Today I'd like you to design a rate limiter for a public API."
    );
    assert!(t.segments[3]
        .text
        .ends_with("because that keeps the hot path local."));
}

#[test]
fn speech_service_json_carries_its_speaker_labels() {
    for (name, labels) in [
        ("whisperx.json", ["SPEAKER_00", "SPEAKER_01"]),
        ("assemblyai.json", ["A", "B"]),
        ("deepgram-diarized.json", ["Speaker 0", "Speaker 1"]),
        ("aws-transcribe-batch.json", ["spk_0", "spk_1"]),
    ] {
        let t = load(name);
        assert_eq!(t.speakers(), labels, "{name}");
        assert_eq!(t.segments.len(), 6, "{name}: one segment a turn");
        assert_eq!(t.timing, Timing::Measured, "{name}");
        assert!(
            t.segments[0].text.starts_with("Thanks for joining."),
            "{name}: {}",
            t.segments[0].text
        );
        assert!(
            t.segments.iter().all(|s| !s.words.is_empty()),
            "{name}: words kept"
        );
    }
}

#[test]
fn whisper_console_output_and_its_split_characters() {
    let t = load("whisper-console.txt");
    assert_eq!(t.segments.len(), 6);
    assert_eq!((t.segments[5].start_ms, t.duration_ms), (35_660, 44_360));
    let t = load("whisper-console-ml1-split-utf8.txt");
    let texts = texts(&t);
    assert_eq!(
        texts,
        ["I'd", "say", "a", "naïve", "counter", "per", "key", "is", "enough."]
    );
}

#[test]
fn otter_bold_names_and_unknown_speakers() {
    let t = load("otter-bold.md");
    assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
    assert_eq!(speakers(&t)[2], None, "Unknown Speaker is nobody");
    assert_eq!(t.segments[0].start_ms, 2_000);
    assert!(!texts(&t).iter().any(|x| x.contains("otter.ai")));
}

#[test]
fn youtube_studio_sbv_with_speaker_marks() {
    let t = load("youtube-studio.sbv");
    assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
    assert_eq!(t.segments.len(), 4, "[Music] is no speech");
    assert_eq!(
        t.segments[0].text,
        "Thanks for joining. Today I'd like you to design a rate limiter for a public API."
    );
}

#[test]
fn whisper_full_json_gives_words_without_special_tokens() {
    let t = load("whisper-ojf.json");
    assert_eq!(t.segments.len(), 3);
    assert_eq!(
        t.segments[0].text,
        "Design a rate limiter for a public API."
    );
    let words: Vec<&str> = t.segments[0]
        .words
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(
        words,
        ["Design", "a", "rate", "limiter", "for", "a", "public", "API."]
    );
    let limiter = &t.segments[0].words[3];
    assert_eq!((limiter.start_ms, limiter.end_ms), (1_010, 1_720));
    assert!((limiter.p - (0.861 + 0.994) / 2.0).abs() < 1e-5);
    let assume = t.segments[2]
        .words
        .iter()
        .find(|w| w.text == "Assume")
        .unwrap();
    assert_eq!((assume.start_ms, assume.end_ms), (13_150, 13_700));
    assert_eq!(t.speakers(), Vec::<&str>::new());
}

#[test]
fn whisper_json_with_a_character_split_across_tokens_is_read_whole() {
    // whisper.cpp writes each token's bytes as they are, so "é" split over two tokens makes the
    // file invalid UTF-8; the segment text and the words keep the character.
    let path = fixture("whisper-ojf-split-utf8.json");
    assert!(String::from_utf8(std::fs::read(&path).unwrap()).is_err());
    let t = load("whisper-ojf-split-utf8.json");
    assert_eq!(t.segments[0].text, "Cache it in a café near the user.");
    let words: Vec<&str> = t.segments[0]
        .words
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(
        words,
        ["Cache", "it", "in", "a", "café", "near", "the", "user."]
    );
    assert_eq!(t.segments[0].words[4].end_ms, 1_500);
}

#[test]
fn invalid_utf8_outside_whisper_json_stays_an_error() {
    let bytes = b"{\"schema\": \"mockreview.transcript/1\", \"x\": \"\xC3\"}";
    let e = transcript::parse(bytes, Path::new("m.json")).unwrap_err();
    assert!(e.to_string().contains("byte 44: invalid UTF-8"), "{e}");
}

#[test]
fn whisper_diarized_json_names_speakers_and_drops_blank_audio() {
    let t = load("whisper-oj-diarize.json");
    assert_eq!(
        speakers(&t),
        [
            Some("Speaker 0"),
            Some("Speaker 1"),
            Some("Speaker 0"),
            Some("Speaker 1")
        ]
    );
    assert!(texts(&t).iter().all(|s| !s.contains("BLANK")));
}

#[test]
fn mockreview_json_keeps_words_and_audio_duration() {
    let t = load("mockreview.json");
    assert_eq!(t.segments.len(), 4);
    assert_eq!(t.speakers(), ["interviewer", "candidate"]);
    assert_eq!(t.duration_ms, 32_000);
    assert_eq!(t.segments[1].words[0].text, "Can");
}

#[test]
fn mockreview_json_reads_and_writes_back_byte_for_byte() {
    let path = fixture("mockreview.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = transcript::document::parse_document(&text, &path).unwrap();
    assert_eq!(transcript::render(&doc, TranscriptFormat::Json), text);
}

#[test]
fn utf16_crlf_export_reads_like_its_utf8_original() {
    let path = fixture("teams.vtt");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        original
            .replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let from_utf16 = transcript::parse(&utf16, &path).unwrap();
    assert_eq!(from_utf16, load("teams.vtt"));
}

#[test]
fn bom_and_crlf_do_not_change_a_vtt() {
    let path = fixture("zoom.vtt");
    let original = std::fs::read_to_string(&path).unwrap();
    let bytes = [
        b"\xEF\xBB\xBF".as_slice(),
        original.replace('\n', "\r\n").as_bytes(),
    ]
    .concat();
    assert_eq!(transcript::parse(&bytes, &path).unwrap(), load("zoom.vtt"));
}

#[test]
fn vtt_content_in_a_txt_file_is_read_as_vtt() {
    let bytes = std::fs::read(fixture("zoom.vtt")).unwrap();
    let t = transcript::parse(&bytes, Path::new("notes.txt")).unwrap();
    assert_eq!(t, load("zoom.vtt"));
}

#[test]
fn transcript_paths_are_told_from_recordings() {
    for p in [
        "a.vtt",
        "a.VTT",
        "a.srt",
        "a.json",
        "a.txt",
        "dir.v1/a.webvtt",
    ] {
        assert!(transcript::is_transcript_path(Path::new(p)), "{p}");
    }
    for p in ["a.wav", "a.flac", "a.m4a", "a.mp3", "a.ogg", "vtt", "a"] {
        assert!(!transcript::is_transcript_path(Path::new(p)), "{p}");
    }
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let e = transcript::load(&fixture("nope.vtt"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nope.vtt"), "{e}");
}

#[test]
fn directory_is_refused() {
    let e = transcript::load(&fixture("bad")).unwrap_err().to_string();
    assert!(e.ends_with("is a directory, not a transcript file"), "{e}");
}

// ---- malformed input -------------------------------------------------------------------------

/// Each file in `bad/` with a piece of the error it must give.
const BAD: &[(&str, &str)] = &[
    (
        "absurd-hours.srt",
        "line 6: `99999:00:00,000` is beyond 24 hours",
    ),
    (
        "backwards.vtt",
        "line 8: end time 00:01:00.000 is before start time 00:10:00.000",
    ),
    ("binary-junk.srt", "byte "),
    ("binary-junk.vtt", "byte 0: invalid UTF-8"),
    ("blank.txt", "no speech segments in blank.txt"),
    ("empty.srt", "no speech segments in empty.srt"),
    (
        "garbage-lines.srt",
        "line 5: expected a cue number or a timing line",
    ),
    ("garbage-lines.vtt", "line 7: expected a cue"),
    ("header-only.vtt", "no speech segments in header-only.vtt"),
    ("invalid-utf8.vtt", "byte 53: invalid UTF-8"),
    ("no-header.vtt", "line 1: missing `WEBVTT` header"),
    ("not-a-transcript.json", "JSON is not a transcript"),
    (
        "other-schema.json",
        "unsupported transcript schema `mockreview.transcript/2`",
    ),
    (
        "whisper-blank-audio-only.json",
        "no speech segments in whisper-blank-audio-only.json",
    ),
    (
        "whisper-missing-offsets.json",
        "whisper.cpp JSON: transcription[1].offsets.to is missing",
    ),
    (
        "whisper-token-without-text.json",
        "transcription[0].tokens[0].text is missing",
    ),
    ("whisper-truncated.json", "line 6: invalid JSON: "),
];

#[test]
fn every_bad_fixture_fails_with_a_one_line_error_naming_file_and_place() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<String> = BAD.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "each bad fixture needs an entry in BAD (sorted)"
    );
    for (name, expected) in BAD {
        let path = fixture("bad").join(name);
        let message = match transcript::load(&path) {
            Ok(t) => panic!("{name} was accepted: {t:?}"),
            Err(e) => e.to_string(),
        };
        assert!(
            !message.contains('\n'),
            "{name}: multi-line error {message:?}"
        );
        assert!(
            message.starts_with(&path.display().to_string()),
            "{name}: {message}"
        );
        assert!(
            message.contains(expected),
            "{name}: {message:?} lacks {expected:?}"
        );
    }
}

#[test]
fn binary_junk_error_points_into_the_junk() {
    let e = transcript::load(&fixture("bad/binary-junk.srt")).unwrap_err();
    match e {
        mockreview::Error::Input {
            location: Some(mockreview::error::Location::Byte(b)),
            ..
        } => assert!(b >= 36, "byte {b} is inside the valid cue"),
        other => panic!("{other}"),
    }
}

// ---- writers and round trips -----------------------------------------------------------------

fn document(t: &Transcript) -> TranscriptDocument {
    TranscriptDocument {
        schema: TRANSCRIPT_SCHEMA.into(),
        metadata: Metadata {
            tool: "mockreview".into(),
            tool_version: "0.1.0".into(),
            source: "mock.flac".into(),
            audio_duration_ms: t.duration_ms,
            model: ModelMeta {
                name: "ggml-tiny.en-q8_0.bin".into(),
                sha256: "ab".repeat(32),
            },
            options: TranscribeMeta {
                language: "en".into(),
                decoding: "greedy".into(),
                beam_size: None,
                threads: 2,
                vad: true,
                channels: None,
                diarization: None,
            },
        },
        segments: t.segments.clone(),
    }
}

fn render(t: &Transcript, format: TranscriptFormat) -> String {
    let mut out = Vec::new();
    transcript::write(&document(t), format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn reread(text: &str, name: &str) -> Transcript {
    transcript::parse(text.as_bytes(), Path::new(name))
        .unwrap_or_else(|e| panic!("{e}\n--- written ---\n{text}"))
}

fn without_words(t: &Transcript) -> Vec<Segment> {
    t.segments
        .iter()
        .map(|s| Segment {
            words: vec![],
            ..s.clone()
        })
        .collect()
}

#[test]
fn json_round_trip_is_exact_for_every_fixture() {
    for (name, _) in GOOD {
        let t = load(name);
        let back = reread(&render(&t, TranscriptFormat::Json), "back.json");
        assert_eq!(back.segments, t.segments, "{name}");
    }
}

#[test]
fn vtt_and_srt_round_trips_keep_times_speakers_and_text() {
    for (name, _) in GOOD {
        let t = load(name);
        for (format, ext) in [
            (TranscriptFormat::Vtt, "vtt"),
            (TranscriptFormat::Srt, "srt"),
        ] {
            let back = reread(&render(&t, format), &format!("back.{ext}"));
            assert_eq!(without_words(&back), without_words(&t), "{name} via {ext}");
        }
    }
}

#[test]
fn txt_round_trip_keeps_start_seconds_speakers_and_text() {
    for (name, _) in GOOD {
        let t = load(name);
        let back = reread(&render(&t, TranscriptFormat::Txt), "back.txt");
        assert_eq!(back.timing, Timing::Measured, "{name}");
        let key = |t: &Transcript| -> Vec<(u64, Option<String>, String)> {
            t.segments
                .iter()
                .map(|s| (s.start_ms / 1000, s.speaker.clone(), s.text.clone()))
                .collect()
        };
        assert_eq!(key(&back), key(&t), "{name}");
    }
}

#[test]
fn writers_are_deterministic() {
    let t = load("whisper-ojf.json");
    for format in [
        TranscriptFormat::Json,
        TranscriptFormat::Vtt,
        TranscriptFormat::Srt,
        TranscriptFormat::Txt,
    ] {
        assert_eq!(render(&t, format), render(&t, format));
        assert!(render(&t, format).ends_with('\n'));
    }
}
