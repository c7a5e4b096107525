//! Rolling captions in WebVTT: YouTube's automatic captions as yt-dlp and youtube-dl save them.
//!
//! ```text
//! 00:00:01.959 --> 00:00:03.709 align:start position:0%
//! hello wonderful person this is Anton and
//! today<00:00:02.200><c> we're</c><00:00:02.360><c> going</c>…
//!
//! 00:00:03.709 --> 00:00:03.719 align:start position:0%
//! today we're going to discuss some of the
//! ␠
//! ```
//!
//! Each cue shows two lines: the line that is scrolling away (a copy of the line the cue before
//! added) and the new one, whose words carry their own start times (`<00:00:02.200>`). Between
//! two such cues a 10 ms cue shows the finished line again. Read naively every phrase is counted
//! two or three times.
//!
//! A file is read as rolling captions when, in at least half the cues, the first line shown repeats
//! the last line of the cue before. Then only what is new in a cue is kept: the lines after the
//! longest run at its start that repeats the end of the cue before. Each new line is a segment over
//! the cue's time; its inline timestamps give the words' start times (the first word starts with
//! the cue, each word ends where the next starts, the last with the cue). Sound tags (`[Music]`,
//! `[Applause]`) and YouTube's speaker-change mark `>>` are not words and are dropped.

use crate::transcript::payload::{collapse_spaces, plain_text, Markup};
use crate::transcript::timestamp;
use crate::transcript::{Segment, Word};

/// A cue as the WebVTT reader found it, before its payload is interpreted.
#[derive(Debug, Clone)]
pub(crate) struct RawCue<'a> {
    pub start_ms: u64,
    pub end_ms: u64,
    pub lines: Vec<&'a str>,
}

/// The lines a cue shows, as text, blank ones left out.
fn shown<'a>(cue: &RawCue<'a>) -> Vec<(String, &'a str)> {
    cue.lines
        .iter()
        .map(|raw| (plain_text(raw, Markup::Vtt), *raw))
        .filter(|(text, _)| !text.is_empty())
        .collect()
}

/// Whether the cues roll: in at least half of them the first line repeats the cue before's last,
/// in at least a quarter a new line follows the repeated one, and no cue names a voice (`<v …>`:
/// rolling captions have no speakers; a dialogue of identical short replies is not rolling).
pub(crate) fn is_rolling(cues: &[RawCue<'_>]) -> bool {
    let voiced = cues
        .iter()
        .flat_map(|c| c.lines.iter())
        .any(|l| l.contains("<v ") || l.contains("<v."));
    if voiced {
        return false;
    }
    let mut previous_last: Option<String> = None;
    let (mut compared, mut repeated, mut rolled) = (0usize, 0usize, 0usize);
    for cue in cues {
        let lines = shown(cue);
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            continue;
        };
        if let Some(prev) = &previous_last {
            compared += 1;
            if first.0 == *prev {
                repeated += 1;
                if lines.len() >= 2 {
                    rolled += 1;
                }
            }
        }
        previous_last = Some(last.0.clone());
    }
    compared >= 2 && repeated * 2 >= compared && rolled * 4 >= compared
}

/// The new lines of every cue as segments (see the module documentation).
pub(crate) fn segments(cues: &[RawCue<'_>]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut previous: Vec<String> = Vec::new();
    for cue in cues {
        let lines = shown(cue);
        if lines.is_empty() {
            continue;
        }
        let repeated = (0..=lines.len().min(previous.len()))
            .rev()
            .find(|&k| {
                lines[..k]
                    .iter()
                    .map(|(text, _)| text)
                    .eq(previous[previous.len() - k..].iter())
            })
            .unwrap_or(0);
        for (_, raw) in &lines[repeated..] {
            let words = timed_words(raw, cue.start_ms, cue.end_ms);
            let text = words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Segment {
                start_ms: cue.start_ms,
                end_ms: cue.end_ms,
                speaker: None,
                text,
                words,
            });
        }
        previous = lines.into_iter().map(|(text, _)| text).collect();
    }
    out
}

/// A line's words, timed by its inline timestamps.
fn timed_words(raw: &str, start_ms: u64, end_ms: u64) -> Vec<Word> {
    // (start, text) of each stretch between inline timestamps.
    let mut pieces: Vec<(u64, String)> = Vec::new();
    let mut at = start_ms;
    let mut rest = raw;
    let mut text = String::new();
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        match timestamp::parse(&rest[open + 1..close]) {
            Ok(ms) => {
                text.push_str(&rest[..open]);
                pieces.push((at, std::mem::take(&mut text)));
                at = ms.clamp(at, end_ms.max(at));
            }
            Err(_) => text.push_str(&rest[..=close]),
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    pieces.push((at, text));

    let mut words: Vec<Word> = Vec::new();
    let starts: Vec<u64> = pieces.iter().map(|p| p.0).collect();
    for (i, (start, piece)) in pieces.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(end_ms).max(*start);
        for word in collapse_spaces(&plain_text(piece, Markup::Vtt)).split(' ') {
            if word.is_empty() || word == ">>" || is_sound_tag(word) {
                continue;
            }
            words.push(Word {
                start_ms: *start,
                end_ms: end,
                text: word.to_string(),
                p: 1.0,
            });
        }
    }
    words
}

fn is_sound_tag(word: &str) -> bool {
    word.len() > 2 && word.starts_with('[') && word.ends_with(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue<'a>(start_ms: u64, end_ms: u64, lines: &[&'a str]) -> RawCue<'a> {
        RawCue {
            start_ms,
            end_ms,
            lines: lines.to_vec(),
        }
    }

    fn rolling() -> Vec<RawCue<'static>> {
        vec![
            cue(
                40,
                1_949,
                &[
                    " ",
                    "hello<00:00:00.280><c> wonderful</c><00:00:00.599><c> person</c>",
                ],
            ),
            cue(1_949, 1_959, &["hello wonderful person", " "]),
            cue(
                1_959,
                3_709,
                &[
                    "hello wonderful person",
                    "today<00:00:02.200><c> we're</c><00:00:02.360><c> going</c>",
                ],
            ),
            cue(3_709, 3_719, &["today we're going", " "]),
            cue(3_719, 4_710, &["today we're going", "phonetics"]),
            cue(4_710, 4_720, &["phonetics", " "]),
        ]
    }

    #[test]
    fn rolling_cues_are_recognised_and_plain_ones_are_not() {
        assert!(is_rolling(&rolling()));
        let plain = vec![
            cue(0, 1, &["one"]),
            cue(1, 2, &["two", "three"]),
            cue(2, 3, &["four"]),
        ];
        assert!(!is_rolling(&plain));
        let replies = vec![
            cue(0, 1, &["No."]),
            cue(1, 2, &["No."]),
            cue(2, 3, &["No."]),
        ];
        assert!(!is_rolling(&replies));
        let voiced = vec![
            cue(0, 1, &["<v Ana>a"]),
            cue(1, 2, &["<v Ana>a", "b"]),
            cue(2, 3, &["b", "c"]),
        ];
        assert!(!is_rolling(&voiced));
    }

    #[test]
    fn every_word_is_kept_once_with_its_time() {
        let segs = segments(&rolling());
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            ["hello wonderful person", "today we're going", "phonetics"]
        );
        let words: Vec<_> = segs[0]
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(
            words,
            [
                ("hello", 40, 280),
                ("wonderful", 280, 599),
                ("person", 599, 1_949)
            ]
        );
        assert_eq!((segs[2].start_ms, segs[2].end_ms), (3_719, 4_710));
    }

    #[test]
    fn sound_tags_and_speaker_marks_are_not_words() {
        let segs = segments(&[
            cue(0, 1_000, &[" ", "[Music]"]),
            cue(
                1_000,
                2_000,
                &[
                    "[Music]",
                    "&gt;&gt; so<00:00:01.500><c> [Applause]</c><00:00:01.700><c> yes</c>",
                ],
            ),
            cue(2_000, 2_010, &["&gt;&gt; so [Applause] yes", " "]),
        ]);
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["", "so yes"]);
    }

    #[test]
    fn backwards_inline_times_are_kept_in_order() {
        let words = timed_words(
            "a<00:00:05.000><c> b</c><00:00:01.000><c> c</c>",
            2_000,
            9_000,
        );
        let times: Vec<_> = words.iter().map(|w| (w.start_ms, w.end_ms)).collect();
        assert_eq!(times, [(2_000, 5_000), (5_000, 5_000), (5_000, 9_000)]);
    }
}
