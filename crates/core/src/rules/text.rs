//! Sentences and quotes: rules quote the sentence a match sits in, and some rules reason about
//! "the same or the next sentence" of the candidate's speech.

use crate::lexicon::Hit;
use crate::rules::Session;

/// Quotes longer than this many characters are clipped around the match.
const MAX_QUOTE_CHARS: usize = 160;

/// Whether the byte at `i` ends a sentence: `.`, `?` or `!` followed by whitespace or the end
/// (so "2.5" and "p99.9" do not split), or `;`.
fn ends_sentence(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(b'?' | b'!' | b';') => true,
        Some(b'.') => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
        _ => false,
    }
}

/// Byte range `[start, end)` of the sentence of `text` that contains byte `at` (the terminator
/// included), without the surrounding whitespace.
pub fn sentence_bounds(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let mut start = 0;
    for i in (0..at).rev() {
        if ends_sentence(text, i) {
            start = i + 1;
            break;
        }
    }
    let mut end = text.len();
    for i in at..text.len() {
        if ends_sentence(text, i) {
            end = i + 1;
            break;
        }
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    if start + lead >= end - trail {
        return (start, end);
    }
    (start + lead, end - trail)
}

/// The sentence of `text` around bytes `[start, end)`, clipped to a readable length around the
/// match at char boundaries, with "…" where it was cut.
pub fn quote_around(text: &str, start: usize, end: usize) -> String {
    let (s0, s1) = sentence_bounds(text, start);
    let (s0, s1) = (s0.min(start), s1.max(end.min(text.len())));
    let Some(sentence) = text.get(s0..s1) else {
        return clip(text.trim(), MAX_QUOTE_CHARS);
    };
    let chars = sentence.chars().count();
    if chars <= MAX_QUOTE_CHARS {
        return sentence.trim().to_string();
    }
    // Keep the match visible: start a little before it when it lies late in the sentence.
    let match_char = text.get(s0..start).map_or(0, |p| p.chars().count());
    let lead = match_char.saturating_sub(MAX_QUOTE_CHARS / 3);
    let from = sentence.char_indices().nth(lead).map_or(0, |(i, _)| i);
    let clipped = clip(sentence[from..].trim(), MAX_QUOTE_CHARS);
    if from > 0 {
        format!("…{clipped}")
    } else {
        clipped
    }
}

/// The first `max` characters of `text`, with "…" when cut (at a char boundary).
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.to_string(),
    }
}

/// One sentence of the candidate's speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub segment: usize,
    pub start: usize,
    pub end: usize,
    /// Start time of the segment the sentence is in.
    pub segment_start_ms: u64,
    pub words: usize,
}

/// The candidate's speech split into sentences, in transcript order.
pub fn candidate_sentences(s: &Session) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (i_seg, seg) in s.transcript.segments.iter().enumerate() {
        if !s.roles.is_candidate(seg) {
            continue;
        }
        let text = seg.text.as_str();
        let mut begin = 0;
        for i in 0..=text.len() {
            if i < text.len() && !ends_sentence(text, i) {
                continue;
            }
            let stop = (i + 1).min(text.len());
            let piece = &text[begin..stop];
            let lead = piece.len() - piece.trim_start().len();
            let words = piece.split_whitespace().count();
            if words > 0 {
                out.push(Sentence {
                    segment: i_seg,
                    start: begin + lead,
                    end: begin + piece.trim_end().len(),
                    segment_start_ms: seg.start_ms,
                    words,
                });
            }
            begin = stop;
        }
    }
    out
}

impl Sentence {
    /// The sentence's text.
    pub fn text<'t>(&self, s: &'t Session) -> &'t str {
        s.transcript
            .segments
            .get(self.segment)
            .and_then(|seg| seg.text.get(self.start..self.end))
            .unwrap_or("")
    }

    /// Whether the sentence is a question (ends with `?`).
    pub fn is_question(&self, s: &Session) -> bool {
        self.text(s).trim_end().ends_with('?')
    }
}

/// Whether a sentence attaches a condition or a comparison to what it names: "if the store has
/// native TTL, like DynamoDB", "Redis or Memcached, either's fine", "instead of", "rather than".
/// Reasons and requirements come from their lexicons; these are the grammatical ones.
pub fn has_condition_or_comparison(sentence: &str) -> bool {
    const MARKERS: &[&str] = &[
        "if ",
        "unless ",
        "when ",
        "whether ",
        "either",
        "instead of",
        "rather than",
        "versus",
        " vs ",
        "compared",
        "than ",
        "because",
        "since ",
        "so that",
        "which gives",
        "gives us",
        "good at",
        "good for",
        "fits",
        "for the mvp",
        "already",
    ];
    let lower = format!(" {} ", sentence.to_ascii_lowercase());
    MARKERS.iter().any(|m| lower.contains(m))
}

/// Whether `sentence` contains one of `markers` as whole words (any case, punctuation ignored):
/// `has_words("It's harder to run.", &["harder"])`.
pub fn has_words(sentence: &str, markers: &[&str]) -> bool {
    let lower: String = sentence
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let padded = format!(
        " {} ",
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    markers.iter().any(|m| padded.contains(&format!(" {m} ")))
}

/// Words that state a cost or a weakness of an option: the other side of a tradeoff.
pub const COST_MARKERS: &[&str] = &[
    "downside",
    "downsides",
    "drawback",
    "drawbacks",
    "the cost is",
    "costs more",
    "at the cost of",
    "at the expense of",
    "harder",
    "slower",
    "more expensive",
    "expensive",
    "wasteful",
    "wastes",
    "overhead",
    "painful",
    "more complex",
    "complexity",
    "more moving parts",
    "worse",
    "sacrifice",
    "give up",
    "the catch",
    "you lose",
    "we lose",
    "less flexible",
    "limitation",
    "but then",
];

/// The indices of the candidate sentences within `radius` sentences of `i` (itself included).
pub fn around(sentences: &[Sentence], i: usize, radius: usize) -> std::ops::RangeInclusive<usize> {
    i.saturating_sub(radius)..=(i + radius).min(sentences.len().saturating_sub(1))
}

/// Index of the sentence in `sentences` (in transcript order) that holds the hit.
pub fn sentence_at(sentences: &[Sentence], hit: &Hit) -> Option<usize> {
    // The last sentence starting at or before the hit; it holds the hit if the hit starts
    // before its end.
    let after = sentences.partition_point(|t| (t.segment, t.start) <= (hit.segment, hit.start));
    let i = after.checked_sub(1)?;
    let t = sentences.get(i)?;
    (t.segment == hit.segment && hit.start < t.end.max(t.start + 1)).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_bounds_find_the_sentence_around_a_byte() {
        let t = "Who are the users? I would use Redis. Done";
        let at = t.find("Redis").unwrap();
        assert_eq!(
            &t[sentence_bounds(t, at).0..sentence_bounds(t, at).1],
            "I would use Redis."
        );
        let (a, b) = sentence_bounds(t, 0);
        assert_eq!(&t[a..b], "Who are the users?");
        let (a, b) = sentence_bounds(t, t.len() - 1);
        assert_eq!(&t[a..b], "Done");
    }

    #[test]
    fn decimal_points_do_not_end_a_sentence() {
        let t = "We need 2.5 GB per day and p99.9 under ten ms. Next.";
        let (a, b) = sentence_bounds(t, 3);
        assert_eq!(&t[a..b], "We need 2.5 GB per day and p99.9 under ten ms.");
    }

    #[test]
    fn long_quotes_are_clipped_at_char_boundaries_and_keep_the_match() {
        let long = format!(
            "{} Redis é {}",
            "ünïcode word ".repeat(30),
            "tail ".repeat(30)
        );
        let at = long.find("Redis").unwrap();
        let q = quote_around(&long, at, at + 5);
        assert!(q.contains("Redis"), "{q}");
        assert!(q.chars().count() <= MAX_QUOTE_CHARS + 2, "{q}");
        assert!(q.starts_with('…') && q.ends_with('…'), "{q}");
    }

    #[test]
    fn short_quotes_are_the_whole_sentence() {
        let t = "Okay. I'd shard by API key. Then cache.";
        let at = t.find("shard").unwrap();
        assert_eq!(quote_around(t, at, at + 5), "I'd shard by API key.");
    }

    #[test]
    fn sentence_at_finds_the_sentence_holding_a_hit_and_nothing_between_sentences() {
        use crate::rules::testkit::Kit;
        let kit = Kit::new()
            .say(0, "Cand", "Who are the users? I would use Redis.")
            .say(10, "Int", "Okay.")
            .say(20, "Cand", "Then Kafka.")
            .tag("tools", "redis", "Redis")
            .tag("tools", "kafka", "Kafka");
        let sentences = candidate_sentences(&kit.session());
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentence_at(&sentences, &kit.hits[0]), Some(1));
        assert_eq!(sentence_at(&sentences, &kit.hits[1]), Some(2));
        let mut interviewer = kit.hits[0].clone();
        interviewer.segment = 1;
        interviewer.start = 0;
        assert_eq!(sentence_at(&sentences, &interviewer), None);
    }

    #[test]
    fn has_words_matches_whole_words_only() {
        assert!(has_words(
            "It's harder, with that much writing.",
            COST_MARKERS
        ));
        assert!(has_words("The DOWNSIDE is memory", COST_MARKERS));
        assert!(!has_words(
            "Scylla instead of Cassandra, because it's faster.",
            COST_MARKERS
        ));
        assert!(!has_words("The overheads", &["overhead"]));
    }

    #[test]
    fn clip_marks_a_cut_and_leaves_short_text_alone() {
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
