//! Amazon Transcribe output JSON, both kinds.
//!
//! **Batch transcription** (`StartTranscriptionJob`):
//!
//! ```json
//! {"jobName": "…", "accountId": "…", "status": "COMPLETED",
//!  "results": {"transcripts": [{"transcript": "…"}],
//!   "speaker_labels": {"speakers": 2, "segments": [{"start_time": "4.87", "end_time": "6.88",
//!       "speaker_label": "spk_0", "items": [{"start_time": "4.87", "end_time": "5.02", "speaker_label": "spk_0"}]}]},
//!   "items": [{"id": 0, "start_time": "4.87", "end_time": "5.02", "speaker_label": "spk_0",
//!              "alternatives": [{"confidence": "1.0", "content": "I've"}], "type": "pronunciation"},
//!             {"id": 1, "alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"}]}}
//! ```
//!
//! Times are seconds written as strings. `results.items[]` are the words (`punctuation` items join the
//! word before); a word's speaker is its `speaker_label` (`spk_0`), else the label of the
//! `speaker_labels.segments[].items[]` entry that starts with it, else its channel (`ch_0`) with
//! channel identification (`channel_label`, or `channel_labels.channels[]`). Words are grouped into
//! segments (see [`grouping`](super::grouping)).
//!
//! **Call Analytics** (`StartCallAnalyticsJob`):
//!
//! ```json
//! {"JobStatus": "COMPLETED", "Transcript": [{"ParticipantRole": "AGENT", "Content": "Thank you for calling …",
//!   "BeginOffsetMillis": 40, "EndOffsetMillis": 5050, "Sentiment": "POSITIVE",
//!   "Items": [{"Type": "pronunciation", "Content": "Thank", "BeginOffsetMillis": 40, "EndOffsetMillis": 330, "Confidence": 1.0}]}],
//!  "ConversationCharacteristics": {"TotalConversationDurationMillis": 182890, …}}
//! ```
//!
//! Each `Transcript[]` entry is a segment, its speaker the `ParticipantRole` (`AGENT`, `CUSTOMER`) as
//! written, its words the `pronunciation` items. `TotalConversationDurationMillis` is the length of
//! the call.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::grouping::{attach_punctuation, segments_from_words, TimedWord};
use crate::transcript::json::{at, kind, parse_value, Fields, Unit};
use crate::transcript::payload::collapse_spaces;
use crate::transcript::{speaker, Segment, Timing, Transcript, Word};
use crate::Result;

const BATCH: &str = "AWS Transcribe JSON";
const ANALYTICS: &str = "AWS Transcribe Call Analytics JSON";

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let root = parse_value(text, path)?;
    if root.get("Transcript").is_some() {
        call_analytics(&root, path)
    } else {
        batch(&root, path)
    }
}

fn call_analytics(root: &Value, path: &Path) -> Result<Transcript> {
    let f = Fields {
        path,
        format: ANALYTICS,
    };
    let mut segments = Vec::new();
    for (i, turn) in f.array(root, "Transcript", "")?.iter().enumerate() {
        let here = format!("Transcript[{i}]");
        let (start_ms, end_ms) = f.span(
            turn,
            ("BeginOffsetMillis", "EndOffsetMillis"),
            &here,
            Unit::Millis,
        )?;
        let mut words: Vec<TimedWord> = Vec::new();
        for (j, item) in f
            .opt_array(turn, "Items", &here)?
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let item_at = format!("{here}.Items[{j}]");
            let content = f.str(item, "Content", &item_at)?;
            if f.opt_str(item, "Type", &item_at)? == Some("punctuation") {
                attach_punctuation(&mut words, content);
                continue;
            }
            let (s, e) = f.span(
                item,
                ("BeginOffsetMillis", "EndOffsetMillis"),
                &item_at,
                Unit::Millis,
            )?;
            words.push(TimedWord {
                word: Word {
                    start_ms: s,
                    end_ms: e,
                    text: content.trim().to_string(),
                    p: f.probability(item, &["Confidence"]),
                },
                speaker: None,
            });
        }
        segments.push(Segment {
            start_ms,
            end_ms,
            speaker: f
                .opt_str(turn, "ParticipantRole", &here)?
                .and_then(speaker::label),
            text: collapse_spaces(f.str(turn, "Content", &here)?),
            words: words.into_iter().map(|w| w.word).collect(),
        });
    }
    let duration = match root.get("ConversationCharacteristics") {
        Some(c) => f.opt_time(
            c,
            "TotalConversationDurationMillis",
            "ConversationCharacteristics",
            Unit::Millis,
        )?,
        None => None,
    };
    let mut transcript = finish(segments, Timing::Measured, path)?;
    transcript.duration_ms = transcript.duration_ms.max(duration.unwrap_or(0));
    Ok(transcript)
}

fn batch(root: &Value, path: &Path) -> Result<Transcript> {
    let f = Fields {
        path,
        format: BATCH,
    };
    if let Some(status) = f.opt_str(root, "status", "")? {
        if !status.eq_ignore_ascii_case("COMPLETED") {
            return Err(f.error(
                "status",
                format!("is `{status}`: the job has no transcript"),
            ));
        }
    }
    let results = match root.get("results") {
        Some(r @ Value::Object(_)) => r,
        Some(other) => return Err(f.error("results", format!("is {}, not an object", kind(other)))),
        None => return Err(f.error("results", "is missing")),
    };

    // Start time (ms) of a word → its speaker, from the diarization and channel sections.
    let mut by_start: BTreeMap<u64, String> = BTreeMap::new();
    if let Some(labels) = results.get("speaker_labels") {
        let parent = "results.speaker_labels";
        for (i, seg) in f
            .opt_array(labels, "segments", parent)?
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let seg_at = format!("{parent}.segments[{i}]");
            for (j, item) in f
                .opt_array(seg, "items", &seg_at)?
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let item_at = format!("{seg_at}.items[{j}]");
                let label = f.opt_str(item, "speaker_label", &item_at)?.or(f.opt_str(
                    seg,
                    "speaker_label",
                    &seg_at,
                )?);
                if let (Some(start), Some(label)) = (
                    f.opt_time(item, "start_time", &item_at, Unit::Seconds)?,
                    label,
                ) {
                    by_start.insert(start, label.to_string());
                }
            }
        }
    }
    let channels = match results.get("channel_labels") {
        Some(c) => f
            .opt_array(c, "channels", "results.channel_labels")?
            .unwrap_or_default(),
        None => &[],
    };

    let mut words: Vec<TimedWord> = Vec::new();
    match f.opt_array(results, "items", "results")? {
        Some(items) => read_items(&f, items, "results.items", None, &by_start, &mut words)?,
        None => {
            for (c, channel) in channels.iter().enumerate() {
                let here = format!("results.channel_labels.channels[{c}]");
                let label = f.opt_str(channel, "channel_label", &here)?;
                let items = f.array(channel, "items", &here)?;
                read_items(&f, items, &at(&here, "items"), label, &by_start, &mut words)?;
            }
            words.sort_by_key(|w| w.word.start_ms);
        }
    }
    if words.is_empty() && channels.is_empty() && results.get("items").is_none() {
        return Err(f.error("results.items", "is missing"));
    }
    finish(segments_from_words(words), Timing::Measured, path)
}

fn read_items(
    f: &Fields<'_>,
    items: &[Value],
    parent: &str,
    channel: Option<&str>,
    by_start: &BTreeMap<u64, String>,
    words: &mut Vec<TimedWord>,
) -> Result<()> {
    for (j, item) in items.iter().enumerate() {
        let here = format!("{parent}[{j}]");
        let alternatives = f.array(item, "alternatives", &here)?;
        let Some(best) = alternatives.first() else {
            continue;
        };
        let content = f.str(best, "content", &at(&here, "alternatives[0]"))?;
        if f.opt_str(item, "type", &here)? == Some("punctuation") {
            attach_punctuation(words, content);
            continue;
        }
        let (start_ms, end_ms) = f.span(item, ("start_time", "end_time"), &here, Unit::Seconds)?;
        let label = f
            .opt_str(item, "speaker_label", &here)?
            .map(str::to_string)
            .or_else(|| by_start.get(&start_ms).cloned())
            .or(f.opt_str(item, "channel_label", &here)?.map(str::to_string))
            .or(channel.map(str::to_string));
        words.push(TimedWord {
            word: Word {
                start_ms,
                end_ms,
                text: content.trim().to_string(),
                p: f.probability(best, &["confidence"]),
            },
            speaker: label.as_deref().and_then(speaker::label),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("aws.json"))
    }

    use crate::test_support::triples as rows;

    // AWS's "Example diarization output (batch)", shortened.
    const BATCH_DIARIZED: &str = r#"{
        "jobName": "my-first-transcription-job", "accountId": "111122223333", "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": "I've been on hold. Sorry about that."}],
            "speaker_labels": {"channel_label": "ch_0", "speakers": 2, "segments": [
                {"start_time": "4.87", "speaker_label": "spk_0", "end_time": "6.88", "items": [
                    {"start_time": "4.87", "speaker_label": "spk_0", "end_time": "5.02"},
                    {"start_time": "5.02", "speaker_label": "spk_0", "end_time": "5.17"},
                    {"start_time": "5.17", "speaker_label": "spk_0", "end_time": "6.88"}]},
                {"start_time": "8.49", "speaker_label": "spk_1", "end_time": "9.24", "items": [
                    {"start_time": "8.49", "speaker_label": "spk_1", "end_time": "8.88"},
                    {"start_time": "8.88", "speaker_label": "spk_1", "end_time": "9.05"},
                    {"start_time": "9.05", "speaker_label": "spk_1", "end_time": "9.24"}]}]},
            "items": [
                {"id": 0, "start_time": "4.87", "end_time": "5.02", "alternatives": [{"confidence": "1.0", "content": "I've"}], "type": "pronunciation"},
                {"id": 1, "start_time": "5.02", "end_time": "5.17", "alternatives": [{"confidence": "1.0", "content": "been"}], "type": "pronunciation"},
                {"id": 2, "start_time": "5.17", "end_time": "6.88", "alternatives": [{"confidence": "0.9", "content": "on hold"}], "type": "pronunciation"},
                {"id": 3, "alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"},
                {"id": 4, "start_time": "8.49", "end_time": "8.88", "alternatives": [{"confidence": "1.0", "content": "Sorry"}], "type": "pronunciation"},
                {"id": 5, "start_time": "8.88", "end_time": "9.05", "alternatives": [{"confidence": "1.0", "content": "about"}], "type": "pronunciation"},
                {"id": 6, "start_time": "9.05", "end_time": "9.24", "alternatives": [{"confidence": "1.0", "content": "that"}], "type": "pronunciation"},
                {"id": 7, "alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"}
            ]
        }
    }"#;

    #[test]
    fn batch_words_take_their_speakers_from_the_segments() {
        let t = read(BATCH_DIARIZED).unwrap();
        assert_eq!(
            rows(&t),
            [
                (4_870, 6_880, Some("spk_0"), "I've been on hold."),
                (8_490, 9_240, Some("spk_1"), "Sorry about that."),
            ]
        );
        assert_eq!(t.segments[0].words[2].text, "on hold.");
        assert!((t.segments[0].words[2].p - 0.9).abs() < 1e-6);
    }

    #[test]
    fn batch_speaker_label_on_items_wins_and_channels_name_speakers_otherwise() {
        let json = r#"{"results": {"items": [
            {"start_time": "0.1", "end_time": "0.5", "alternatives": [{"content": "Hi"}], "type": "pronunciation", "speaker_label": "spk_3"},
            {"start_time": "1.0", "end_time": "1.5", "alternatives": [{"content": "Yo"}], "type": "pronunciation", "channel_label": "ch_1"}]}}"#;
        let t = read(json).unwrap();
        let who: Vec<_> = t.segments.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(who, [Some("spk_3"), Some("ch_1")]);
        let json = r#"{"results": {"channel_labels": {"number_of_channels": 2, "channels": [
            {"channel_label": "ch_0", "items": [{"start_time": "2.0", "end_time": "2.5", "alternatives": [{"content": "later"}], "type": "pronunciation"}]},
            {"channel_label": "ch_1", "items": [{"start_time": "0.0", "end_time": "0.5", "alternatives": [{"content": "first"}], "type": "pronunciation"}]}]}}}"#;
        let t = read(json).unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 500, Some("ch_1"), "first"),
                (2_000, 2_500, Some("ch_0"), "later")
            ]
        );
    }

    #[test]
    fn call_analytics_turns_keep_their_roles() {
        let t = read(
            r#"{"JobStatus": "COMPLETED", "LanguageCode": "en-US", "Transcript": [
                {"ParticipantRole": "AGENT", "Content": "How can I help?", "BeginOffsetMillis": 40, "EndOffsetMillis": 1200,
                 "Items": [{"Type": "pronunciation", "Content": "How", "BeginOffsetMillis": 40, "EndOffsetMillis": 330, "Confidence": 1.0},
                           {"Type": "punctuation", "Content": "?", "Confidence": 0.0}]},
                {"ParticipantRole": "CUSTOMER", "Content": "My card fell in the water.", "BeginOffsetMillis": 1300, "EndOffsetMillis": 3000}],
              "ConversationCharacteristics": {"TotalConversationDurationMillis": 5000}}"#,
        )
        .unwrap();
        assert_eq!(
            rows(&t),
            [
                (40, 1_200, Some("AGENT"), "How can I help?"),
                (1_300, 3_000, Some("CUSTOMER"), "My card fell in the water."),
            ]
        );
        assert_eq!(t.segments[0].words[0].text, "How?");
        assert_eq!(t.duration_ms, 5_000);
    }

    #[test]
    fn broken_fields_are_named() {
        for (json, expected) in [
            (r#"{"jobName": "x", "status": "FAILED"}"#, "AWS Transcribe JSON: status is `FAILED`: the job has no transcript"),
            (r#"{"jobName": "x"}"#, "AWS Transcribe JSON: results is missing"),
            (r#"{"results": {"transcripts": []}}"#, "AWS Transcribe JSON: results.items is missing"),
            (
                r#"{"results": {"items": [{"start_time": "x", "end_time": "1", "alternatives": [{"content": "a"}]}]}}"#,
                "AWS Transcribe JSON: results.items[0].start_time `x` is not a number",
            ),
            (
                r#"{"Transcript": [{"ParticipantRole": "AGENT", "Content": "a", "BeginOffsetMillis": 9, "EndOffsetMillis": 1}]}"#,
                "AWS Transcribe Call Analytics JSON: Transcript[0] ends at 1 ms, before it starts at 9 ms",
            ),
        ] {
            let e = read(json).unwrap_err().to_string();
            assert_eq!(e, format!("aws.json: {expected}"), "{json}");
        }
    }
}
