//! Builders shared by the unit tests of the analysis stages.

use crate::roles::Roles;
use crate::transcript::{Segment, Transcript};

/// A segment of `speaker` with no word timings.
pub fn seg(start_ms: u64, end_ms: u64, speaker: &str, text: &str) -> Segment {
    Segment {
        start_ms,
        end_ms,
        speaker: Some(speaker.into()),
        text: text.into(),
        words: vec![],
    }
}

/// Speaker "C" is the candidate, "I" the interviewer.
pub fn roles() -> Roles {
    Roles {
        candidate: Some("C".into()),
        interviewer: Some("I".into()),
        how: String::new(),
    }
}

/// The analysis of a short two-speaker session ("Ivy" interviews, "Sam" is the candidate), for
/// tests of what reads analyses; tests set the scores, flags and phases they need.
pub fn analysis() -> crate::analysis::Analysis {
    use crate::analysis::{analyze, AnalyzeOptions};
    use crate::transcript::{Timing, Transcript};
    let t = Transcript::new(
        vec![
            seg(0, 5_000, "Ivy", "Let's design a rate limiter."),
            seg(
                6_000,
                60_000,
                "Sam",
                "Who are the users? I assume ten thousand requests per second. I would use a token bucket in Redis.",
            ),
            seg(61_000, 90_000, "Sam", "To summarize, Redis versus local counters is the tradeoff."),
        ],
        Timing::Measured,
    );
    let lexicons = crate::lexicon::LexiconSet::builtin().expect("built-in lexicons");
    analyze(&t, &lexicons, &AnalyzeOptions::default()).expect("the sample analyses")
}

/// Each segment as (start, end, speaker, text), for comparing what a reader produced.
pub fn triples(t: &Transcript) -> Vec<(u64, u64, Option<&str>, &str)> {
    t.segments
        .iter()
        .map(|s| (s.start_ms, s.end_ms, s.speaker.as_deref(), s.text.as_str()))
        .collect()
}
