//! Speaker labels as transcript tools write them, and the ones that mean "nobody in particular".
//!
//! Labels are carried through as the tool wrote them (`SPEAKER_00`, `A`, `spk_0`, `AGENT`,
//! `Priya Shah`), only trimmed and with runs of spaces collapsed, so `--candidate` takes the name the
//! user sees in the file and role inference sees every distinct voice.
//!
//! Some labels say the opposite: that the tool could not tell who spoke (Otter's
//! `Unknown Speaker`, whisper.cpp's `?`, Zoom's `Unknown`). Such a label is not one person: two
//! different voices may both carry it. Readers therefore give those segments no speaker at all
//! (`speaker: None`). Role inference only chooses among named speakers, so an unknown voice is never
//! picked as the candidate or the interviewer; in the report its talk time is listed under
//! `unnamed speaker` (role `other` whenever a named candidate exists). A transcript in which
//! *every* voice is unknown is the same as one without speaker names: one unnamed speaker,
//! treated as the candidate.

use crate::transcript::payload::collapse_spaces;

/// Labels (compared case-insensitively, after trimming) that mean the speaker is unknown.
const UNKNOWN: &[&str] = &[
    "?",
    "unknown",
    "unknown speaker",
    "unknown_speaker",
    "speaker ?",
    "speaker_?",
    "unidentified",
    "unidentified speaker",
    "unnamed speaker",
];

/// Whether a label means "the tool does not know who spoke".
pub fn is_unknown(label: &str) -> bool {
    let lower = collapse_spaces(label).to_lowercase();
    UNKNOWN.contains(&lower.as_str())
}

/// A label as a segment's speaker: `None` for a blank or unknown label, otherwise the label with
/// its spaces collapsed.
pub fn label(raw: &str) -> Option<String> {
    let name = collapse_spaces(raw);
    (!name.is_empty() && !is_unknown(&name)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_labels_are_carried_through() {
        for l in ["SPEAKER_00", "A", "spk_0", "AGENT", "CUSTOMER", "Speaker 2"] {
            assert_eq!(label(l).as_deref(), Some(l));
        }
        assert_eq!(label("  Priya   Shah ").as_deref(), Some("Priya Shah"));
    }

    #[test]
    fn unknown_labels_are_nobody() {
        for l in [
            "Unknown Speaker",
            "unknown",
            "?",
            " Speaker ? ",
            "UNKNOWN",
            "",
            "   ",
        ] {
            assert_eq!(label(l), None, "{l:?}");
        }
    }

    #[test]
    fn names_containing_unknown_are_still_names() {
        assert_eq!(
            label("Unknown Pleasures").as_deref(),
            Some("Unknown Pleasures")
        );
    }
}
