//! The last step of every reader: drop segments with nothing said, order by start time, refuse an
//! empty result.
//!
//! Overlapping segments are kept (two people talk at once; caption tools overlap cues by a few
//! milliseconds): they are sorted by start time with a stable sort, so cues that start together
//! keep their file order.

use std::path::Path;

use crate::transcript::{Segment, Timing, Transcript};
use crate::{Error, Result};

pub(crate) fn finish(
    mut segments: Vec<Segment>,
    timing: Timing,
    path: &Path,
) -> Result<Transcript> {
    segments.retain(|s| is_speech(&s.text));
    if segments.is_empty() {
        return Err(no_speech(path));
    }
    segments.sort_by_key(|s| s.start_ms);
    Ok(Transcript::new(segments, timing))
}

pub(crate) fn no_speech(path: &Path) -> Error {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Error::input(path, format!("no speech segments in {name}"))
}

/// Whether a segment's text is something someone said, not blank and not a bare annotation such
/// as `[BLANK_AUDIO]`, `[Music]` or `(silence)` that speech-to-text tools emit for non-speech.
pub(crate) fn is_speech(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return false;
    }
    !is_annotation(t, '[', ']') && !is_annotation(t, '(', ')') && !is_annotation(t, '*', '*')
}

fn is_annotation(t: &str, open: char, close: char) -> bool {
    t.len() >= 2
        && t.starts_with(open)
        && t.ends_with(close)
        && !t[1..t.len() - 1].contains([open, close])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start_ms: u64, text: &str) -> Segment {
        Segment {
            start_ms,
            end_ms: start_ms + 10,
            speaker: None,
            text: text.into(),
            words: vec![],
        }
    }

    #[test]
    fn segments_are_sorted_by_start_keeping_ties_in_file_order() {
        let t = finish(
            vec![seg(50, "b"), seg(10, "a"), seg(50, "c")],
            Timing::Measured,
            Path::new("x.vtt"),
        )
        .unwrap();
        let texts: Vec<_> = t.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }

    #[test]
    fn annotations_and_blanks_are_not_speech() {
        for t in [
            "",
            "  ",
            "[BLANK_AUDIO]",
            "[Music]",
            "(silence)",
            "*laughs*",
        ] {
            assert!(!is_speech(t), "{t:?}");
        }
    }

    #[test]
    fn text_with_an_annotation_inside_is_speech() {
        for t in ["(laughs) yes, Redis", "[a] and [b]", "ok"] {
            assert!(is_speech(t), "{t:?}");
        }
    }

    #[test]
    fn nothing_said_is_a_clear_error_naming_the_file() {
        let e = finish(
            vec![seg(0, "[BLANK_AUDIO]")],
            Timing::Measured,
            Path::new("dir/talk.srt"),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "dir/talk.srt: no speech segments in talk.srt"
        );
    }
}
