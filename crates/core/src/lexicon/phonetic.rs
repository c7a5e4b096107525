//! The sound-alike stage: speech-to-text writes a word it does not know as a run of words it
//! knows ("summarize" as "summer I is", "kubernetes" as "cuber netes", "idempotent" as "item
//! potent"). This stage finds such runs by sound, so those spellings need no hand list.
//!
//! Sound is Double Metaphone (the `rphonetic` crate, a port of Apache commons-codec): a word's key
//! keeps its consonant sounds (`summarize` → SMRS, `summer` → SMR, `is` → AS) and marks a leading
//! vowel with `A`. A run of words sounds like the concatenation of its words' keys, each word after
//! the first without its leading-vowel `A` (said together, "summer I is" is S-M-R-S). Primary and
//! alternate keys are both tried. The unit is one entry word of at least [`MIN_LETTERS`] letters,
//! heard as a run of 2 to [`MAX_WORDS`] words; the entry's other words must be there as spelled,
//! around the run ("to summer I is" is `to summarize`).
//!
//! A key throws the vowels away, so ordinary words share keys with terms ("red is" and `redis`,
//! "looking" and `logging`, "people now" and `pipeline`). The guards, measured on transcripts
//! people wrote down correctly (`crates/core/tests/sound_false_alarms.rs`, README "Lexicons"):
//! - one word alone is never heard as another: a real word that sounds like a term is another
//!   word (fuzzy matching and `sounds_like` handle misspellings);
//! - at least [`MIN_SOUNDS`] of the run's sounds come from words that are not function words
//!   ("ready is" gets only R-T from "ready", so it is not `redis`), and the run starts on one;
//!   a lone letter ("Manish R Jain") or a word without a vowel ("SDK") is spelled out, never
//!   part of a word;
//! - the run's letters stay within [`MAX_EDIT_SHARE`] of the word's in edits ("summeriis" is 3 edits
//!   from `summarize`'s 9 letters; "peoplenow" 4 from `pipeline`'s 8, too far);
//! - a run that stands for a whole entry alone must end on a content word: "work or", "available
//!   to", "scheme is" are a word and its usual neighbour, not `worker`, `availability`, `schema`;
//! - runs stay inside one sentence;
//! - a lexicon can switch the stage off (`phonetic = false`) or name terms it never applies to
//!   (`phonetic_except`).
//!
//! Matches from this stage rank last: they only fill gaps the exact, joined, pattern and fuzzy
//! matches leave.

use std::collections::{BTreeSet, HashMap};

use rphonetic::DoubleMetaphone;

use super::distance::bounded_edit_distance;

/// Shortest entry (letters, spaces removed) matched by sound.
pub const MIN_LETTERS: usize = 5;
/// Fewest sounds in an entry word's key, and fewest sounds a run must get from content words.
pub const MIN_SOUNDS: usize = 3;
/// Longest run of words heard as one entry word.
pub const MAX_WORDS: usize = 3;
/// Edits allowed between a run (spaces removed) and the entry word it sounds like, as a share of
/// the word's letters (a third): a key keeps no vowels, so the spelling must stay near too.
pub const MAX_EDIT_SHARE: (usize, usize) = (1, 3);

/// Function words and the commonest short words of speech: their sounds make accidental
/// sound-alikes cheap ("want to" is A-N-T-T like `entity`), so they never count as content. Sorted.
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "both", "but", "by", "can", "could", "did", "do", "does", "don't",
    "each", "even", "every", "for", "from", "get", "gets", "got", "had", "has", "have", "he",
    "her", "here", "him", "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into",
    "is", "isn't", "it", "it's", "its", "just", "let's", "like", "me", "more", "most", "much",
    "my", "no", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our",
    "out", "over", "same", "she", "should", "so", "some", "such", "than", "that", "that's", "the",
    "their", "them", "then", "there", "there's", "these", "they", "they're", "this", "those",
    "through", "to", "too", "up", "us", "very", "was", "way", "we", "we're", "well", "were",
    "what", "what's", "when", "where", "which", "while", "who", "why", "will", "with", "would",
    "yeah", "yes", "you", "you're", "your",
];

pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// The primary and alternate Double Metaphone keys of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordKey {
    pub primary: String,
    pub alternate: String,
}

/// A word's letters for keying: ASCII letters with apostrophes dropped ("kafka's" → "kafkas");
/// `None` for anything else (numbers, `node.js`, non-ASCII), which never matches by sound.
fn letters(word: &str) -> Option<String> {
    let out: String = word.chars().filter(|&c| c != '\'').collect();
    (!out.is_empty() && out.bytes().all(|b| b.is_ascii_lowercase())).then_some(out)
}

/// The keys of one normalised (lower-case) word, or `None` if it is not made of ASCII letters.
pub fn word_key(encoder: &DoubleMetaphone, word: &str) -> Option<WordKey> {
    let word = letters(word)?;
    let r = encoder.double_metaphone(&word);
    Some(WordKey {
        primary: r.primary(),
        alternate: r.alternate(),
    })
}

/// A word's key as the second or later word of a run: without its leading-vowel mark.
fn inner(key: &str) -> &str {
    key.strip_prefix('A').unwrap_or(key)
}

/// One word of an entry that may be heard as a run of words: the entry's other words must be
/// there as spelled, around the run.
#[derive(Debug, Clone)]
struct Part {
    /// Index into the owner lists the matcher keeps for its entries.
    owners: usize,
    /// The entry's words before and after this one.
    before: Vec<String>,
    after: Vec<String>,
    /// This word's letters.
    word: String,
}

/// The stage compiled for a lexicon set: the keys of entry words and every prefix of them.
#[derive(Debug, Clone)]
pub struct SoundIndex {
    encoder: DoubleMetaphone,
    parts: Vec<Part>,
    /// Key → parts with that key (primary or alternate).
    by_key: HashMap<String, Vec<usize>>,
    /// Every non-empty prefix of every key, so a run stops growing as soon as no part can match.
    prefixes: BTreeSet<String>,
}

/// Words `first..=last` that sound like an entry (its owners: `owners`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoundMatch {
    pub first: usize,
    pub last: usize,
    pub owners: usize,
}

impl SoundIndex {
    /// `entries`: (normalised entry text, owner-list index) for every entry the stage may match.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, usize)>) -> SoundIndex {
        let encoder = DoubleMetaphone::new(None);
        let mut index = SoundIndex {
            encoder,
            parts: Vec::new(),
            by_key: HashMap::new(),
            prefixes: BTreeSet::new(),
        };
        for (text, owners) in entries {
            let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            for (j, w) in words.iter().enumerate() {
                let (Some(word), Some(key)) = (letters(w), word_key(&encoder, w)) else {
                    continue;
                };
                if word.len() < MIN_LETTERS || is_function_word(w) {
                    continue;
                }
                let id = index.parts.len();
                let owned = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect();
                index.parts.push(Part {
                    owners,
                    before: owned(words.get(..j).unwrap_or_default()),
                    after: owned(words.get(j + 1..).unwrap_or_default()),
                    word,
                });
                let keys: BTreeSet<String> = [key.primary, key.alternate]
                    .into_iter()
                    .filter(|k| k.len() >= MIN_SOUNDS)
                    .collect();
                for key in keys {
                    for end in 1..=key.len() {
                        if let Some(p) = key.get(..end) {
                            index.prefixes.insert(p.to_string());
                        }
                    }
                    index.by_key.entry(key).or_default().push(id);
                }
            }
        }
        index
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Every place in `words` (normalised words; `joins_next[i]`: word i+1 follows word i in the
    /// same sentence) where an entry is heard, with the guards above.
    pub fn find(&self, words: &[&str], joins_next: &[bool]) -> Vec<SoundMatch> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        // Speech repeats its words: each distinct word is keyed once per scan.
        let mut cache: HashMap<&str, Option<WordKey>> = HashMap::new();
        for w in words {
            if !cache.contains_key(w) {
                cache.insert(w, word_key(&self.encoder, w));
            }
        }
        let keys: Vec<Option<&WordKey>> = words
            .iter()
            .map(|w| cache.get(w).and_then(Option::as_ref))
            .collect();
        let joined = |a: usize, b: usize| (a..b).all(|i| joins_next.get(i).copied() == Some(true));
        for first in 0..words.len() {
            let Some(&head) = words.get(first) else {
                continue;
            };
            if is_function_word(head) {
                continue;
            }
            let mut primary = String::new();
            let mut alternate = String::new();
            // Sounds contributed by words that are not function words, per key.
            let (mut content_p, mut content_a) = (0, 0);
            for last in first..(first + MAX_WORDS).min(words.len()) {
                if last > first && !joined(last - 1, last) {
                    break;
                }
                let (Some(Some(k)), Some(&word)) = (keys.get(last), words.get(last)) else {
                    break;
                };
                let (p, a) = if last == first {
                    (k.primary.as_str(), k.alternate.as_str())
                } else {
                    (inner(&k.primary), inner(&k.alternate))
                };
                primary.push_str(p);
                alternate.push_str(a);
                if !is_function_word(word) {
                    // A lone letter ("Manish R Jain") or a word without a vowel ("SDK") is
                    // spelled out letter by letter, not a piece of a word.
                    if word.len() < 2 || !word.bytes().any(|b| b"aeiouy".contains(&b)) {
                        break;
                    }
                    content_p += p.len();
                    content_a += a.len();
                }
                let alive_p = self.prefixes.contains(&primary);
                let alive_a = alternate != primary && self.prefixes.contains(&alternate);
                if !alive_p && !alive_a {
                    break;
                }
                // One word is a spelling, not a sound-alike (fuzzy matching and `sounds_like`).
                if last == first {
                    continue;
                }
                let run = words.get(first..=last).unwrap_or_default();
                let spaceless: String = run.iter().filter_map(|w| letters(w)).collect();
                for (key, content, alive) in [
                    (&primary, content_p, alive_p),
                    (&alternate, content_a, alive_a),
                ] {
                    if !alive || content < MIN_SOUNDS {
                        continue;
                    }
                    for &id in self.by_key.get(key.as_str()).into_iter().flatten() {
                        let Some(part) = self.parts.get(id) else {
                            continue;
                        };
                        // Spelled the same, it is the joined stage's ("idem potent"): scan.rs.
                        if spaceless == part.word || !near_spelling(&spaceless, &part.word) {
                            continue;
                        }
                        // Alone, a word and the function word after it ("work or", "available
                        // to") are just that: a split heard alone must end on a content word.
                        let alone = part.before.is_empty() && part.after.is_empty();
                        if alone && is_function_word(word) {
                            continue;
                        }
                        // The entry's other words, spelled, right before and after the run.
                        let Some(start) = first.checked_sub(part.before.len()) else {
                            continue;
                        };
                        let end = last + part.after.len();
                        let same = |at: usize, ws: &[String]| {
                            ws.iter()
                                .enumerate()
                                .all(|(i, w)| words.get(at + i) == Some(&w.as_str()))
                        };
                        if same(start, &part.before)
                            && same(last + 1, &part.after)
                            && end < words.len()
                            && joined(start, end)
                        {
                            out.push(SoundMatch {
                                first: start,
                                last: end,
                                owners: part.owners,
                            });
                        }
                    }
                }
            }
        }
        out.sort_by_key(|m| (m.first, m.last, m.owners));
        out.dedup();
        out
    }
}

/// A key keeps no vowels, so the run's letters must stay near the word's too.
fn near_spelling(run: &str, word: &str) -> bool {
    let (num, den) = MAX_EDIT_SHARE;
    let edits = (word.len() * num / den).min(8);
    bounded_edit_distance(run.as_bytes(), word.as_bytes(), edits).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(entries: &[&str]) -> SoundIndex {
        SoundIndex::new(entries.iter().enumerate().map(|(i, e)| (*e, i)))
    }

    /// The entries (by index) matched somewhere in `text`, a lower-case sentence.
    fn found(entries: &[&str], text: &str) -> Vec<String> {
        let words: Vec<&str> = text.split(' ').collect();
        let joins = vec![true; words.len()];
        let mut got: Vec<String> = index(entries)
            .find(&words, &joins)
            .into_iter()
            .filter_map(|m| entries.get(m.owners).map(|e| e.to_string()))
            .collect();
        got.sort();
        got.dedup();
        got
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn summer_i_is_alone_is_not_summarize() {
        // A word and the function words after it, with nothing spelled around them, read as
        // themselves: the same rule keeps "work or" from being `worker` (README, "Lexicons").
        assert!(found(&["summarize"], "so summer i is the design").is_empty());
        assert!(found(&["worker"], "it will work or fail").is_empty());
    }

    #[test]
    fn to_summer_i_is_is_to_summarize() {
        assert_eq!(
            found(&["to summarize"], "ok to summer i is for the mvp"),
            ["to summarize"]
        );
    }

    #[test]
    fn split_words_are_joined_by_sound() {
        let entries = ["idempotent", "kafka", "kubernetes"];
        // ("idem potent", spelled the same without its space, is the joined stage's: scan.rs.)
        assert_eq!(found(&entries, "make it item potent"), ["idempotent"]);
        assert_eq!(found(&entries, "deploy on cuber netes"), ["kubernetes"]);
        // K-P-R-N-T-S like `kubernetes`, but "coopernetties" is six edits from its ten letters:
        // too far to trust (that spelling stays in kubernetes' `sounds_like`).
        assert!(found(&entries, "deploy on cooper netties").is_empty());
        // K-F-K like `kafka`, but "coughka" is four edits from five letters: too far to trust
        // (that spelling stays in kafka's `sounds_like`).
        assert!(found(&entries, "events go to cough ka").is_empty());
    }

    #[test]
    fn ready_is_is_not_redis() {
        // R-T from "ready" is too little sound: "is" is a function word, so its S does not count.
        assert!(found(&["redis"], "the cache ready is fine").is_empty());
        assert!(found(&["redis"], "the red is wrong").is_empty());
    }

    #[test]
    fn one_word_is_left_to_spelling() {
        // A real word that sounds alike is another word: "charting" is X-R-T-N-K like `sharding`,
        // "looking" L-K-N-K like `logging`, "sense" S-N-S like `since`.
        assert!(found(&["sharding"], "we are charting it").is_empty());
        assert!(found(&["logging"], "we are looking at it").is_empty());
        assert!(found(&["since"], "it makes sense").is_empty());
    }

    #[test]
    fn a_run_spelled_far_from_the_entry_is_not_it() {
        // "people now" is P-P-L-N like `pipeline`, but four edits from its eight letters.
        assert!(found(&["pipeline"], "people now").is_empty());
    }

    #[test]
    fn function_words_alone_never_match() {
        // "as a" / "is it" and the like: no content sound at all.
        let entries = ["assay", "isset", "ionic", "onion"];
        for text in ["it is as a rule", "is it on in", "i on it"] {
            assert!(found(&entries, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_run_starting_with_a_function_word_needs_the_entry_to_start_with_it() {
        // "to ran sit" sounds like `transit`, but `transit` does not start with "to".
        assert!(found(&["transit"], "we had to ran sit").is_empty());
        assert_eq!(
            found(&["to transit"], "we had to trance it"),
            ["to transit"]
        );
    }

    #[test]
    fn runs_stop_at_sentence_breaks() {
        let words = ["idem", "potent"];
        assert!(index(&["idempotent"])
            .find(&words, &[false, false])
            .is_empty());
    }

    #[test]
    fn short_entries_and_numbers_are_left_to_spelling() {
        assert!(found(&["json"], "jason said").is_empty());
        assert!(index(&["s3", "p99", "k8s"]).is_empty());
    }
}
