//! Coach features on top of the analyzer: which of the guide's prompts a session is about and how
//! far its deep dive went (`prompts`), the guide's timed drills (`drills`), and the Day-7 closing
//! review (`review`). Everything here is a pure function of the transcript, the roles and the
//! lexicon hits; the data (prompt cues, deep-dive terms, drill words) lives in `lexicons/prompts/`
//! and is matched with the project's lexicon matcher.

pub mod drills;
pub mod prompts;
pub mod review;

mod evidence;

use std::sync::OnceLock;

use crate::lexicon::{schema, Hit, LexiconSet};
use crate::transcript::Transcript;
use crate::Result;

pub use evidence::{candidate_hits, quote_hit};

/// The drill word lists, in the lexicon file format.
const DRILL_LEXICONS: &[(&str, &str)] = &[
    (
        "lexicons/prompts/drill_choice.toml",
        include_str!("../../../../lexicons/prompts/drill_choice.toml"),
    ),
    (
        "lexicons/prompts/drill_data.toml",
        include_str!("../../../../lexicons/prompts/drill_data.toml"),
    ),
];

/// The coach's own lexicons (prompt cues, deep-dive items, drill words), compiled once. They are
/// kept apart from the analyzer's set so that the analyzer's hits and scores do not change.
pub fn lexicons() -> Result<LexiconSet> {
    static CACHE: OnceLock<LexiconSet> = OnceLock::new();
    if let Some(set) = CACHE.get() {
        return Ok(set.clone());
    }
    let mut all = prompts::lexicons()?;
    for (file, src) in DRILL_LEXICONS {
        all.push(schema::parse(file, src)?);
    }
    let set = LexiconSet::from_lexicons(all)?;
    Ok(CACHE.get_or_init(|| set).clone())
}

/// Every coach-lexicon hit in the transcript, sorted like `LexiconSet::scan`.
pub fn scan(transcript: &Transcript) -> Result<Vec<Hit>> {
    Ok(lexicons()?.scan(transcript))
}

/// `mm:ss` for coach messages (minutes keep counting past an hour, like the reports).
fn mm_ss(ms: u64) -> String {
    crate::units::mm_ss(ms)
}

#[cfg(test)]
mod tests {
    #[test]
    fn drill_lexicon_examples_hold() {
        let set = super::lexicons().expect("coach lexicons compile");
        let failures = set.check_examples();
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
