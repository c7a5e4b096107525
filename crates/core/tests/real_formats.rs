//! Every transcript file in `../shared/real/formats/` (exports written by real meeting, caption and
//! speech-to-text tools; provenance in `../shared/real/README.md`) is read in place, as `analyze`
//! reads it, and checked against the file's own content: its format, the speakers it names, the
//! timing kind, the segments, the duration and the word count. The chat log is refused with a
//! message that says what it is. The material is never copied into the project.
//!
//! How each expected number was counted from the file (independently of mockreview):
//! - cue formats (VTT, SRT, SBV): the cues whose text, tags removed, is not only a bracketed
//!   annotation (`[Música]`); duration = the end of the last such cue; words = whitespace-separated
//!   tokens holding a letter or digit;
//! - rolling YouTube captions: one segment per line a cue adds (the line carrying the inline word
//!   times, or the last line of a cue longer than 10 ms), `[Music]` tags left out;
//! - JSON: counted from the JSON itself in this test (see `json_counts`);
//! - Otter, Zoom: the `Name  m:ss` / `[Name] hh:mm:ss` headings and the words of the text under
//!   them; duration = the last heading's time plus its words at 150 words per minute (the files
//!   give start times only).

use std::path::{Path, PathBuf};

use mockreview_core::analysis::{self, AnalyzeOptions};
use mockreview_core::lexicon::LexiconSet;
use mockreview_core::roles::{self, Role};
use mockreview_core::transcript::{self, InputFormat, Timing, Transcript};
use serde_json::Value;

fn dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real/formats");
    assert!(
        dir.is_dir(),
        "{} is missing: the real transcript exports live in ../shared beside the repository",
        dir.display()
    );
    dir
}

struct Expect {
    file: &'static str,
    format: InputFormat,
    /// Named speakers, in order of first appearance.
    speakers: &'static [&'static str],
    /// Segments with no speaker (an unknown label, or a file without names).
    unnamed: usize,
    segments: usize,
    words: usize,
    first_ms: u64,
    duration_ms: u64,
}

const E: &[Expect] = &[
    Expect {
        // 37 `Transcript` turns, 462 pronunciation items, TotalConversationDurationMillis 182890.
        file: "aws-transcribe-call-analytics.example-call.json",
        format: InputFormat::AwsTranscribeJson,
        speakers: &["AGENT", "CUSTOMER"],
        unnamed: 0,
        segments: 37,
        words: 462,
        first_ms: 40,
        duration_ms: 182_890,
    },
    Expect {
        // The same call as a Word table (Start, Dur., Speaker, Transcription): 37 rows. The last
        // row starts at 0:02:59.74 and lasts 3.1s. The tool writes 11.04 s as `0:00:11.4`; its
        // times are read as written.
        file: "aws-ts-to-word-transcript.example-call.docx",
        format: InputFormat::Docx,
        speakers: &["Agent", "Customer"],
        unnamed: 0,
        segments: 37,
        words: 462,
        first_ms: 400,
        duration_ms: 182_840,
    },
    Expect {
        // 877 cues (one of zero length), no speaker names.
        file: "castopod-podcast-zero-length-cue.26-transcript.srt",
        format: InputFormat::Srt,
        speakers: &[],
        unnamed: 877,
        segments: 877,
        words: 8_971,
        first_ms: 1,
        duration_ms: 2_860_838,
    },
    Expect {
        // One paragraph of 52 words; metadata.duration 19.097937 s.
        file: "deepgram-nova3-prerecorded.json",
        format: InputFormat::DeepgramJson,
        speakers: &[],
        unnamed: 1,
        segments: 1,
        words: 52,
        first_ms: 320,
        duration_ms: 19_098,
    },
    Expect {
        // 865 cues, 36 of them only a sound annotation; the one `Digo: "…"` line is dialogue.
        file: "netflix-notes-cue-settings.webvtt-py.vtt",
        format: InputFormat::Vtt,
        speakers: &[],
        unnamed: 829,
        segments: 829,
        words: 5_572,
        first_ms: 7_960,
        duration_ms: 3_148_600,
    },
    Expect {
        // 145 headings (Emma 46, Ali 46, Kelly 38, Unknown Speaker 15); the last, Kelly 51:19,
        // has 88 words.
        file: "otter-export-bold-names.ladybug46.md",
        format: InputFormat::Otter,
        speakers: &["Emma", "Kelly", "Ali"],
        unnamed: 15,
        segments: 145,
        words: 8_894,
        first_ms: 0,
        duration_ms: 3_079_000 + 88 * 400,
    },
    Expect {
        // 162 headings (Unknown Speaker 81, Emma 58, Sidney 19, Kelly 3, Tailor 1); the last,
        // Sidney 55:21, has 32 words; the `Transcribed by https://otter.ai` footer is no speech.
        file: "otter-export.ladybug62.txt",
        format: InputFormat::Otter,
        speakers: &["Emma", "Kelly", "Tailor", "Sidney"],
        unnamed: 81,
        segments: 162,
        words: 9_158,
        first_ms: 0,
        duration_ms: 3_321_000 + 32 * 400,
    },
    Expect {
        file: "teams-guid-cues.transcript-cleanup.vtt",
        format: InputFormat::Vtt,
        speakers: &["Jean Lescure"],
        unnamed: 0,
        segments: 4,
        words: 47,
        first_ms: 4_795,
        duration_ms: 27_235,
    },
    Expect {
        file: "teams-old-unpadded-times.webvtt-py.vtt",
        format: InputFormat::Vtt,
        speakers: &["Yuri Bakulin", "Adrian Petrescu"],
        unnamed: 0,
        segments: 2,
        words: 7,
        first_ms: 0,
        duration_ms: 1_130,
    },
    Expect {
        file: "vosk-words.jfk.vi-video.json",
        format: InputFormat::VoskJson,
        speakers: &[],
        unnamed: 3,
        segments: 3,
        words: 22,
        first_ms: 300,
        duration_ms: 10_500,
    },
    Expect {
        file: "whisper-timestamped-apollo11.words.json",
        format: InputFormat::OpenAiWhisperJson,
        speakers: &[],
        unnamed: 15,
        segments: 15,
        words: 146,
        first_ms: 360,
        duration_ms: 78_480,
    },
    Expect {
        // Hours left out of every time (`00:00.380 --> 00:01.780`).
        file: "whisper-timestamped-vtt-no-hours.smartphone.vtt",
        format: InputFormat::Vtt,
        speakers: &[],
        unnamed: 89,
        segments: 89,
        words: 555,
        first_ms: 380,
        duration_ms: 177_420,
    },
    Expect {
        file: "whispercpp-oj-1seg.automated-interview.json",
        format: InputFormat::WhisperJson,
        speakers: &[],
        unnamed: 1,
        segments: 1,
        words: 29,
        first_ms: 0,
        duration_ms: 7_000,
    },
    Expect {
        // 26 cues: an empty one, 22 words, 3 punctuation cues that join the word before.
        file: "whispercpp-srt-ml1-wordlevel.jfk.vi-video.srt",
        format: InputFormat::Srt,
        speakers: &[],
        unnamed: 22,
        segments: 22,
        words: 22,
        first_ms: 320,
        duration_ms: 11_000,
    },
    Expect {
        // 577 cues: 287 add a line (with inline word times), 288 are 10 ms repeats; speech ends
        // with "as always bye-bye" at 00:10:13.900, [Music] follows.
        file: "youtube-auto-glGJqlfLbIQ.subtotxt.vtt",
        format: InputFormat::Vtt,
        speakers: &[],
        unnamed: 287,
        segments: 287,
        words: 1_876,
        first_ms: 40,
        duration_ms: 613_900,
    },
    Expect {
        // 99 cues: [Music] until 00:00:18.080, then 48 new lines (8 of one word, without inline
        // times, such as "phonetics").
        file: "youtube-auto-lecture.swiftsubtitles.vtt",
        format: InputFormat::Vtt,
        speakers: &[],
        unnamed: 48,
        segments: 48,
        words: 281,
        first_ms: 18_080,
        duration_ms: 113_109,
    },
    Expect {
        // 4 cues: "yeah"; "yeah" + "what"; "this will happen is I'm telling"; that line again.
        file: "youtube-auto-snippet.webvtt-py.vtt",
        format: InputFormat::Vtt,
        speakers: &[],
        unnamed: 3,
        segments: 3,
        words: 8,
        first_ms: 286_070,
        duration_ms: 305_069,
    },
    Expect {
        file: "youtube-auto.swiftsubtitles.sbv",
        format: InputFormat::Sbv,
        speakers: &[],
        unnamed: 6,
        segments: 6,
        words: 58,
        first_ms: 940,
        duration_ms: 25_430,
    },
    Expect {
        // 722 headings from 19:00:25 to 20:05:32 (3907 s later); the last caption has 3 words.
        file: "zoom-live-transcript-meeting_saved_closed_caption.phasecoder.txt",
        format: InputFormat::ZoomTranscript,
        speakers: &["Experimenter", "G3P1", "G3P2"],
        unnamed: 0,
        segments: 722,
        words: 4_866,
        first_ms: 0,
        duration_ms: 3_907_000 + 3 * 400,
    },
];

const CHAT: &str = "zoom-chat-meeting_saved_chat.cvkelly.txt";

fn words(t: &Transcript) -> usize {
    t.segments
        .iter()
        .flat_map(|s| s.text.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn load(name: &str) -> Transcript {
    transcript::load(&dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_real_export_is_read_as_its_own_content_says() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = E.iter().map(|e| e.file).chain([CHAT]).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file in ../shared/real/formats needs an entry"
    );

    let mut read = 0;
    for e in E {
        let path = dir().join(e.file);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            transcript::detect(&bytes, &path).unwrap(),
            e.format,
            "{}",
            e.file
        );
        let t = load(e.file);
        let got = (
            t.speakers(),
            t.segments.iter().filter(|s| s.speaker.is_none()).count(),
            t.timing,
            t.segments.len(),
            words(&t),
            t.segments[0].start_ms,
            t.duration_ms,
        );
        let want = (
            e.speakers.to_vec(),
            e.unnamed,
            Timing::Measured,
            e.segments,
            e.words,
            e.first_ms,
            e.duration_ms,
        );
        assert_eq!(
            got, want,
            "{} (speakers, unnamed, timing, segments, words, first, duration)",
            e.file
        );
        read += 1;
    }
    let e = transcript::load(&dir().join(CHAT)).unwrap_err().to_string();
    assert!(e.contains("this is a Zoom chat log"), "{e}");
    assert!(e.contains("not a transcript of what they said"), "{e}");
    read += 1;
    assert_eq!(read, 20);
}

/// The JSON numbers above, counted from the JSON itself.
#[test]
fn json_counts_come_from_the_files() {
    let json = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir().join(name)).unwrap()).unwrap()
    };
    let aws = json("aws-transcribe-call-analytics.example-call.json");
    let turns = aws["Transcript"].as_array().unwrap();
    let pronounced = turns
        .iter()
        .flat_map(|t| t["Items"].as_array().unwrap())
        .filter(|i| i["Type"] == "pronunciation")
        .count();
    let t = load("aws-transcribe-call-analytics.example-call.json");
    assert_eq!((t.segments.len(), words(&t)), (turns.len(), pronounced));
    assert_eq!(
        t.duration_ms,
        aws["ConversationCharacteristics"]["TotalConversationDurationMillis"]
            .as_u64()
            .unwrap()
    );

    let dg = json("deepgram-nova3-prerecorded.json");
    let dg_words = dg["results"]["channels"][0]["alternatives"][0]["words"]
        .as_array()
        .unwrap();
    let t = load("deepgram-nova3-prerecorded.json");
    assert_eq!(words(&t), dg_words.len());
    assert_eq!(
        t.duration_ms,
        (dg["metadata"]["duration"].as_f64().unwrap() * 1000.0).round() as u64
    );
    assert_eq!(t.segments[0].words.len(), dg_words.len());
    assert_eq!(
        t.segments[0].words[0].text, "We,",
        "punctuated_word is the spelling"
    );

    let wt = json("whisper-timestamped-apollo11.words.json");
    let segs = wt["segments"].as_array().unwrap();
    let t = load("whisper-timestamped-apollo11.words.json");
    assert_eq!(t.segments.len(), segs.len());
    let wt_words: usize = segs
        .iter()
        .map(|s| s["words"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        t.segments.iter().map(|s| s.words.len()).sum::<usize>(),
        wt_words
    );

    let vosk = json("vosk-words.jfk.vi-video.json");
    let utterances = vosk.as_array().unwrap();
    let t = load("vosk-words.jfk.vi-video.json");
    assert_eq!(t.segments.len(), utterances.len());
    let vosk_words: usize = utterances
        .iter()
        .map(|u| u["words"].as_array().unwrap().len())
        .sum();
    assert_eq!(words(&t), vosk_words);
}

/// The Word table and the Call Analytics JSON it was made from agree turn by turn.
#[test]
fn the_docx_table_matches_the_json_it_came_from() {
    let json = load("aws-transcribe-call-analytics.example-call.json");
    let docx = load("aws-ts-to-word-transcript.example-call.docx");
    let key = |t: &Transcript| {
        let mut k: Vec<(String, String)> = t
            .segments
            .iter()
            .map(|s| {
                (
                    s.speaker.clone().unwrap_or_default().to_uppercase(),
                    s.text.clone(),
                )
            })
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&json), key(&docx));
}

#[test]
fn unknown_speakers_are_never_a_person() {
    let lexicons = LexiconSet::builtin().unwrap();
    for name in [
        "otter-export.ladybug62.txt",
        "otter-export-bold-names.ladybug46.md",
    ] {
        let t = load(name);
        assert!(!t.speakers().contains(&"Unknown Speaker"), "{name}");
        let r = roles::resolve(&t, None, None).unwrap();
        let candidate = r.candidate.clone().expect("a named candidate");
        assert!(
            t.speakers().contains(&candidate.as_str()),
            "{name}: {candidate}"
        );
        let a = analysis::analyze(&t, &lexicons, &AnalyzeOptions::default()).unwrap();
        let unnamed = a
            .speakers
            .iter()
            .find(|s| s.name == analysis::UNNAMED_SPEAKER)
            .expect("unknown voices are listed as unnamed");
        assert_eq!(unnamed.role, Role::Other, "{name}");
    }
}

#[test]
fn call_center_roles_reach_role_inference() {
    let t = load("aws-transcribe-call-analytics.example-call.json");
    let r = roles::resolve(&t, Some("customer"), None).unwrap();
    assert_eq!(r.candidate.as_deref(), Some("CUSTOMER"));
    assert_eq!(r.interviewer.as_deref(), Some("AGENT"));
}

#[test]
fn youtube_rolling_captions_count_each_word_once() {
    for name in [
        "youtube-auto-glGJqlfLbIQ.subtotxt.vtt",
        "youtube-auto-lecture.swiftsubtitles.vtt",
    ] {
        let t = load(name);
        let talk_ms: u64 = t.segments.iter().map(|s| s.end_ms - s.start_ms).sum();
        let wpm = words(&t) as f64 / (talk_ms as f64 / 60_000.0);
        // People speak 120–200 words a minute; read three times over it was about 550.
        assert!(
            (100.0..230.0).contains(&wpm),
            "{name}: {wpm:.0} words a minute"
        );
        assert!(
            t.segments.iter().all(|s| !s.text.contains('[')),
            "{name}: sound tags"
        );
        // Consecutive segments never repeat a line.
        assert!(
            t.segments.windows(2).all(|w| w[0].text != w[1].text),
            "{name}"
        );
    }
    let t = load("youtube-auto-glGJqlfLbIQ.subtotxt.vtt");
    let first: Vec<_> = t.segments[0]
        .words
        .iter()
        .map(|w| (w.text.as_str(), w.start_ms))
        .collect();
    assert_eq!(
        &first[..3],
        [("hello", 40), ("wonderful", 280), ("person", 599)]
    );
}

#[test]
fn every_real_transcript_analyses() {
    let lexicons = LexiconSet::builtin().unwrap();
    for e in E {
        let t = load(e.file);
        analysis::analyze(&t, &lexicons, &AnalyzeOptions::default())
            .unwrap_or_else(|err| panic!("{}: {err}", e.file));
    }
}
