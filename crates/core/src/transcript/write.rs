//! Transcript writers. Deterministic: the output depends on the document alone, segments are
//! written in document order, and every file ends with one newline.
//!
//! - **json**: the whole [`TranscriptDocument`] (metadata, segments, words with probabilities),
//!   pretty-printed with two-space indentation, fields in declaration order. Lossless.
//! - **vtt**: `WEBVTT`, then numbered cues `HH:MM:SS.mmm --> HH:MM:SS.mmm` with the speaker as a
//!   voice span (`<v Priya Shah>text`); `&`, `<` and `>` are escaped as character references.
//! - **srt**: numbered cues `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the speaker as a `Name: ` prefix.
//!   SRT cannot carry `-->` in text, so it is written as `->`.
//! - **txt**: one line per segment, `[mm:ss] Speaker: text` (`[h:mm:ss]` from the first hour on;
//!   no `Speaker: ` when unknown). Start times to the second, no end times: a transcript to read,
//!   which `analyze` reads back with ends estimated (see [`plain`](super::plain)).
//!
//! VTT, SRT and text keep segments and speakers, not words; segments with no text are left out.
//! Line breaks inside a segment's text or speaker become spaces. In a transcript that names its
//! speakers, a segment without one (an unknown voice, see [`speaker`](super::speaker)) is written as
//! `Unknown Speaker`, so it reads back as nobody instead of continuing the speaker before it.

use crate::transcript::payload::collapse_spaces;
use crate::transcript::timestamp::{format_clock, format_srt, format_vtt};
use crate::transcript::{Segment, TranscriptDocument};

pub fn json(doc: &TranscriptDocument) -> String {
    // JSON has no NaN: a probability that is not a number is written as 0 rather than `null`,
    // which would not read back.
    let sanitized;
    let doc = if doc
        .segments
        .iter()
        .flat_map(|s| &s.words)
        .any(|w| !w.p.is_finite())
    {
        let mut copy = doc.clone();
        for w in copy.segments.iter_mut().flat_map(|s| &mut s.words) {
            if !w.p.is_finite() {
                w.p = 0.0;
            }
        }
        sanitized = copy;
        &sanitized
    } else {
        doc
    };
    // Serialising these plain structs (string keys, finite numbers) cannot fail.
    let mut out = serde_json::to_string_pretty(doc).unwrap_or_default();
    out.push('\n');
    out
}

pub fn vtt(segments: &[Segment]) -> String {
    let mut out = String::from("WEBVTT\n");
    let speaker = labeller(segments);
    for (n, s, text) in spoken(segments) {
        out.push_str(&format!(
            "\n{n}\n{} --> {}\n",
            format_vtt(s.start_ms),
            format_vtt(s.end_ms.max(s.start_ms))
        ));
        if let Some(name) = speaker(s) {
            out.push_str(&format!("<v {}>", escape_vtt(&name)));
        }
        out.push_str(&escape_vtt(&text));
        out.push('\n');
    }
    out
}

pub fn srt(segments: &[Segment]) -> String {
    let mut out = String::new();
    let speaker = labeller(segments);
    for (n, s, text) in spoken(segments) {
        if n > 1 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{n}\n{} --> {}\n",
            format_srt(s.start_ms),
            format_srt(s.end_ms.max(s.start_ms))
        ));
        if let Some(name) = speaker(s) {
            out.push_str(&format!("{}: ", name.replace(':', " ")));
        }
        out.push_str(&text.replace("-->", "->"));
        out.push('\n');
    }
    out
}

pub fn txt(segments: &[Segment]) -> String {
    let mut out = String::new();
    let speaker = labeller(segments);
    for (_, s, text) in spoken(segments) {
        out.push_str(&format!("[{}] ", format_clock(s.start_ms)));
        if let Some(name) = speaker(s) {
            out.push_str(&format!("{}: ", name.replace(':', " ")));
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// Segments with text, numbered from 1, with their text on one line.
fn spoken(segments: &[Segment]) -> impl Iterator<Item = (usize, &Segment, String)> {
    segments
        .iter()
        .map(|s| (s, collapse_spaces(&s.text)))
        .filter(|(_, text)| !text.is_empty())
        .enumerate()
        .map(|(i, (s, text))| (i + 1, s, text))
}

fn speaker(s: &Segment) -> Option<String> {
    s.speaker
        .as_deref()
        .map(collapse_spaces)
        .filter(|name| !name.is_empty())
}

/// The label to write for each segment: its speaker; `Unknown Speaker` for one without a speaker
/// in a transcript that names others; nothing in a transcript without names.
fn labeller(segments: &[Segment]) -> impl Fn(&Segment) -> Option<String> {
    let named = segments.iter().any(|s| speaker(s).is_some());
    move |s| speaker(s).or_else(|| named.then(|| UNKNOWN.to_string()))
}

const UNKNOWN: &str = "Unknown Speaker";

fn escape_vtt(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{Metadata, ModelMeta, TranscribeMeta, Word, TRANSCRIPT_SCHEMA};

    fn seg(start_ms: u64, end_ms: u64, speaker: Option<&str>, text: &str) -> Segment {
        Segment {
            start_ms,
            end_ms,
            speaker: speaker.map(String::from),
            text: text.into(),
            words: vec![],
        }
    }

    fn sample() -> Vec<Segment> {
        vec![
            seg(1_000, 4_500, Some("Priya Shah"), " Design a rate limiter."),
            seg(5_000, 7_250, None, "p99 < 10 ms & 429s"),
            seg(7_250, 7_300, Some("Dev"), "  "),
            seg(3_725_000, 3_726_000, Some("Dev"), "Done."),
        ]
    }

    #[test]
    fn vtt_layout() {
        assert_eq!(
            vtt(&sample()),
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\n<v Priya Shah>Design a rate limiter.\n\n\
             2\n00:00:05.000 --> 00:00:07.250\n<v Unknown Speaker>p99 &lt; 10 ms &amp; 429s\n\n\
             3\n01:02:05.000 --> 01:02:06.000\n<v Dev>Done.\n"
        );
    }

    #[test]
    fn srt_layout() {
        assert_eq!(
            srt(&sample()),
            "1\n00:00:01,000 --> 00:00:04,500\nPriya Shah: Design a rate limiter.\n\n\
             2\n00:00:05,000 --> 00:00:07,250\nUnknown Speaker: p99 < 10 ms & 429s\n\n\
             3\n01:02:05,000 --> 01:02:06,000\nDev: Done.\n"
        );
    }

    #[test]
    fn txt_layout() {
        assert_eq!(
            txt(&sample()),
            "[00:01] Priya Shah: Design a rate limiter.\n[00:05] Unknown Speaker: p99 < 10 ms & 429s\n[1:02:05] Dev: Done.\n"
        );
    }

    #[test]
    fn an_unknown_voice_reads_back_as_nobody() {
        let segs = sample();
        let path = std::path::Path::new("t");
        for back in [
            crate::transcript::vtt::parse(&vtt(&segs), path).unwrap(),
            crate::transcript::srt::parse(&srt(&segs), path).unwrap(),
            crate::transcript::plain::parse(&txt(&segs), path).unwrap(),
        ] {
            let who: Vec<_> = back.segments.iter().map(|s| s.speaker.as_deref()).collect();
            assert_eq!(who, [Some("Priya Shah"), None, Some("Dev")]);
        }
        let unnamed = [seg(0, 1, None, "Hi")];
        assert!(!vtt(&unnamed).contains("Unknown"));
        assert_eq!(txt(&unnamed), "[00:00] Hi\n");
    }

    #[test]
    fn srt_never_writes_an_arrow_in_text() {
        assert!(srt(&[seg(0, 1, None, "A --> B")]).contains("A -> B"));
    }

    #[test]
    fn empty_transcript_writes_only_the_vtt_header() {
        assert_eq!(vtt(&[]), "WEBVTT\n");
        assert_eq!(srt(&[]), "");
    }

    fn doc(p: f32) -> TranscriptDocument {
        TranscriptDocument {
            schema: TRANSCRIPT_SCHEMA.into(),
            metadata: Metadata {
                tool: "mockreview".into(),
                tool_version: "0.1.0".into(),
                source: "a.wav".into(),
                audio_duration_ms: 2_000,
                model: ModelMeta {
                    name: "m.bin".into(),
                    sha256: "ab".into(),
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
            segments: vec![Segment {
                words: vec![Word {
                    start_ms: 0,
                    end_ms: 500,
                    text: "Hi".into(),
                    p,
                }],
                ..seg(0, 500, None, "Hi")
            }],
        }
    }

    #[test]
    fn json_is_pretty_ordered_and_ends_with_a_newline() {
        let out = json(&doc(0.5));
        assert!(
            out.starts_with(
                "{\n  \"schema\": \"mockreview.transcript/1\",\n  \"metadata\": {\n    \"tool\""
            ),
            "{out}"
        );
        assert!(out.ends_with("}\n"));
        assert!(out.contains("\"p\": 0.5"));
        assert!(!out.contains("speaker"), "absent speaker is left out");
    }

    #[test]
    fn json_writes_nan_probability_as_zero() {
        assert!(json(&doc(f32::NAN)).contains("\"p\": 0.0"));
    }
}
