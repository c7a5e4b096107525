//! The transcript: the one data type every input path (audio or an existing transcript file) produces
//! and every analysis stage consumes. Times are milliseconds on the original recording's timeline.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    /// Decoder probability of the word's tokens (0..1); 1.0 when the source had none.
    pub p: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    /// Speaker name as given by the source (VTT voice tag, `Name:` prefix, `--channels` label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
}

/// Whether the segment times are real or were invented for an untimed source (plain text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Times come from the recording or the transcript file.
    Measured,
    /// The source had no times; segments are spaced by an estimated speaking rate.
    Estimated,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub segments: Vec<Segment>,
    pub timing: Timing,
    /// Length of the recording when known (audio input); otherwise the end of the last segment.
    pub duration_ms: u64,
}

impl Transcript {
    pub fn new(segments: Vec<Segment>, timing: Timing) -> Self {
        let duration_ms = segments.iter().map(|s| s.end_ms).max().unwrap_or(0);
        Transcript {
            segments,
            timing,
            duration_ms,
        }
    }

    /// Distinct speaker names in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for s in &self.segments {
            if let Some(name) = s.speaker.as_deref() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start_ms: u64, end_ms: u64, speaker: Option<&str>) -> Segment {
        Segment {
            start_ms,
            end_ms,
            speaker: speaker.map(str::to_string),
            text: "x".into(),
            words: vec![],
        }
    }

    #[test]
    fn duration_is_end_of_last_segment() {
        let t = Transcript::new(
            vec![seg(0, 500, None), seg(500, 2_000, None)],
            Timing::Measured,
        );
        assert_eq!(t.duration_ms, 2_000);
    }

    #[test]
    fn speakers_listed_once_in_order_of_appearance() {
        let t = Transcript::new(
            vec![
                seg(0, 1, Some("Ana")),
                seg(1, 2, Some("Bo")),
                seg(2, 3, Some("Ana")),
            ],
            Timing::Measured,
        );
        assert_eq!(t.speakers(), vec!["Ana", "Bo"]);
    }
}

/// mockreview's own transcript file (`transcribe --format json`), read back by `analyze`.
/// The `schema` string versions the layout; readers reject other major versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptDocument {
    pub schema: String,
    pub metadata: Metadata,
    pub segments: Vec<Segment>,
}

pub const TRANSCRIPT_SCHEMA: &str = "mockreview.transcript/1";

/// Everything needed to reproduce a transcript. No wall-clock times or host names: the same input and
/// options must give a byte-identical file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub tool: String,
    pub tool_version: String,
    /// File name of the recording (no directory, so moving the file does not change the output).
    pub source: String,
    pub audio_duration_ms: u64,
    pub model: ModelMeta,
    pub options: TranscribeMeta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMeta {
    /// File name of the ggml model.
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscribeMeta {
    pub language: String,
    /// "greedy" or "beam".
    pub decoding: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beam_size: Option<usize>,
    pub threads: usize,
    pub vad: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// One-track recordings: how the speakers were told apart, e.g. "2 voices told apart by
    /// diarization (estimated)". Absent when diarization was off or found one voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diarization: Option<String>,
}
