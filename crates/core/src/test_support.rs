//! Builders shared by the unit tests of the analysis stages.

use crate::roles::Roles;
use crate::transcript::Segment;

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
