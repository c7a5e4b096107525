//! Timestamped quotes for coach findings: the sentence around a hit, clipped to a readable length.

use crate::lexicon::Hit;
use crate::roles::Roles;
use crate::rules::Evidence;
use crate::transcript::Transcript;

/// Longest quote, in characters; longer sentences are clipped around the hit with an ellipsis.
const MAX_QUOTE_CHARS: usize = 160;

/// The candidate's hits in the given lexicons, in transcript order.
pub fn candidate_hits<'h>(
    transcript: &'h Transcript,
    roles: &'h Roles,
    hits: &'h [Hit],
    lexicons: &'h [&'h str],
) -> impl Iterator<Item = &'h Hit> + 'h {
    hits.iter().filter(move |h| {
        lexicons.contains(&h.lexicon.as_str())
            && transcript
                .segments
                .get(h.segment)
                .is_some_and(|s| roles.is_candidate(s))
    })
}

/// The sentence holding the hit, at the hit's time.
pub fn quote_hit(transcript: &Transcript, hit: &Hit) -> Evidence {
    let text = transcript
        .segments
        .get(hit.segment)
        .map_or("", |s| s.text.as_str());
    Evidence {
        start_ms: hit.at_ms,
        quote: sentence_around(text, hit.start, hit.end),
    }
}

/// A whole segment's text as a quote (clipped), at the segment's start.
pub fn quote_segment(transcript: &Transcript, segment: usize) -> Option<Evidence> {
    let seg = transcript.segments.get(segment)?;
    Some(Evidence {
        start_ms: seg.start_ms,
        quote: sentence_around(&seg.text, 0, 0),
    })
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '\n')
}

/// The sentence of `text` containing bytes `start..end`, trimmed and clipped to
/// `MAX_QUOTE_CHARS` characters; a match past the limit starts the quote a few words before it.
pub fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.clamp(start, text.len()));
    let from = text
        .get(..start)
        .and_then(|before| before.rfind(is_sentence_end).map(|i| i + 1))
        .unwrap_or(0);
    let to = text
        .get(end..)
        .and_then(|after| after.find(is_sentence_end).map(|i| end + i + 1))
        .unwrap_or(text.len());
    let sentence = text.get(from..to).unwrap_or(text).trim();
    let lead = text.get(from..start).map_or(0, |s| s.chars().count());
    if lead + 20 > MAX_QUOTE_CHARS {
        // Start about 40 characters before the match, at a word boundary.
        let skip = lead.saturating_sub(40);
        let rest: String = text
            .get(from..to)
            .unwrap_or("")
            .chars()
            .skip(skip)
            .collect();
        let rest = rest.split_once(' ').map_or(rest.as_str(), |(_, r)| r);
        return format!("…{}", clip_chars(rest.trim(), MAX_QUOTE_CHARS - 1));
    }
    clip_chars(sentence, MAX_QUOTE_CHARS)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn clip_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quote_is_the_sentence_holding_the_match() {
        let text = "First we clarify. I would use a token bucket here. Then scale.";
        let at = text.find("token").unwrap_or(0);
        assert_eq!(
            sentence_around(text, at, at + 12),
            "I would use a token bucket here."
        );
    }

    #[test]
    fn long_sentences_are_clipped_with_an_ellipsis() {
        let text = "word ".repeat(100);
        let q = sentence_around(&text, 0, 4);
        assert_eq!(q.chars().count(), MAX_QUOTE_CHARS);
        assert!(q.ends_with('…'));
    }

    #[test]
    fn spans_inside_multibyte_characters_do_not_panic() {
        let text = "naïve café — ünïcode.";
        for i in 0..text.len() {
            let _ = sentence_around(text, i, i + 1);
        }
    }
}
