//! Communication metrics from the candidate's words and timing: talk time and ratio, words per
//! minute, the longest monologue, long pauses, questions and fillers. The communication ladder reads
//! them; the analysis document carries them.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::lexicon::Hit;
use crate::roles::{self, Roles};
use crate::transcript::{Timing, Transcript};

/// A silence longer than this inside the candidate's speech counts as a long pause.
pub const LONG_PAUSE_MS: u64 = 5_000;

const FILLER_NOTE: &str =
    "Whisper drops most filler words, so from a recording this rate is a lower bound";

/// Communication metrics, from the candidate's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub candidate_words: u64,
    pub candidate_talk_ms: u64,
    /// Candidate words per minute of the candidate's own talk time; `None` when the timing is
    /// estimated (it would only echo the estimate) or the candidate never spoke.
    pub words_per_minute: Option<f64>,
    /// The candidate's share of all talk time, 0–1.
    pub talk_ratio: f64,
    /// Longest stretch of candidate speech with no other speaker and no long pause in it.
    pub longest_monologue_ms: u64,
    pub longest_monologue_start_ms: Option<u64>,
    pub long_pause_threshold_ms: u64,
    /// Silences longer than the threshold before or inside the candidate's turns; `None` when the
    /// timing is estimated.
    pub long_pauses: Option<u64>,
    /// Questions the candidate asked (sentences ending in `?`, or opening with a question word).
    pub questions_asked: u64,
    pub fillers: u64,
    pub filler_rate_per_100_words: f64,
    pub filler_note: Cow<'static, str>,
}

/// Communication metrics over the candidate's segments.
pub fn metrics(transcript: &Transcript, roles: &Roles, hits: &[Hit]) -> Metrics {
    let timed = transcript.timing == Timing::Measured;
    let mut order: Vec<usize> = (0..transcript.segments.len()).collect();
    order.sort_by_key(|&i| (transcript.segments[i].start_ms, i));

    let (mut words, mut talk_ms, mut all_talk_ms, mut questions) = (0, 0, 0, 0);
    let mut pauses = 0;
    let mut longest: Option<(u64, u64)> = None; // (length, start)
    let mut run: Option<(u64, u64)> = None; // (start, end) of the current monologue
    let mut previous_end: Option<u64> = None;
    for &i in &order {
        let seg = &transcript.segments[i];
        let length = seg.end_ms.saturating_sub(seg.start_ms);
        all_talk_ms += length;
        if !roles.is_candidate(seg) {
            run = None;
            previous_end = Some(previous_end.map_or(seg.end_ms, |e| e.max(seg.end_ms)));
            continue;
        }
        words += words_in(&seg.text);
        talk_ms += length;
        questions += roles::count_questions(&seg.text) as u64;
        let gap = previous_end.map_or(0, |e| seg.start_ms.saturating_sub(e));
        if gap > LONG_PAUSE_MS {
            pauses += 1;
        }
        pauses += seg
            .words
            .windows(2)
            .filter(|w| w[1].start_ms.saturating_sub(w[0].end_ms) > LONG_PAUSE_MS)
            .count() as u64;
        run = match run {
            Some((start, end)) if gap <= LONG_PAUSE_MS => Some((start, end.max(seg.end_ms))),
            _ => Some((seg.start_ms, seg.end_ms)),
        };
        if let Some((start, end)) = run {
            let length = end - start;
            if longest.is_none_or(|(l, _)| length > l) {
                longest = Some((length, start));
            }
        }
        previous_end = Some(previous_end.map_or(seg.end_ms, |e| e.max(seg.end_ms)));
    }
    let fillers = hits
        .iter()
        .filter(|h| h.lexicon == "fillers")
        .filter(|h| {
            transcript
                .segments
                .get(h.segment)
                .is_some_and(|s| roles.is_candidate(s))
        })
        .count() as u64;
    Metrics {
        candidate_words: words,
        candidate_talk_ms: talk_ms,
        words_per_minute: (timed && talk_ms > 0)
            .then(|| round(words as f64 * 60_000.0 / talk_ms as f64, 1)),
        talk_ratio: if all_talk_ms == 0 {
            0.0
        } else {
            round(talk_ms as f64 / all_talk_ms as f64, 2)
        },
        longest_monologue_ms: longest.map_or(0, |(l, _)| l),
        longest_monologue_start_ms: longest.map(|(_, s)| s),
        long_pause_threshold_ms: LONG_PAUSE_MS,
        long_pauses: timed.then_some(pauses),
        questions_asked: questions,
        fillers,
        filler_rate_per_100_words: if words == 0 {
            0.0
        } else {
            round(fillers as f64 * 100.0 / words as f64, 2)
        },
        filler_note: Cow::Borrowed(FILLER_NOTE),
    }
}

pub(crate) fn words_in(text: &str) -> u64 {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u64
}

/// Rounds to `places` decimals, so the JSON prints the same number everywhere.
pub(crate) fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}
