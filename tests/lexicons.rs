//! The built-in lexicons test themselves (Harper style): every `[[examples]]` entry of every file
//! must produce exactly the hits it declares. Plus the matcher behaviours the rules depend on.

use mockreview::lexicon::{Hit, LexiconSet};
use mockreview::transcript::{Segment, Timing, Transcript, Word};

fn set() -> LexiconSet {
    LexiconSet::builtin().expect("built-in lexicons load")
}

fn terms(text: &str, lexicon: &str) -> Vec<String> {
    let mut t: Vec<String> =
        set().scan_text(text).into_iter().filter(|h| h.lexicon == lexicon).map(|h| h.term).collect();
    t.sort();
    t.dedup();
    t
}

#[test]
fn every_builtin_example_gives_its_declared_hits() {
    let failures = set().check_examples();
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(report.is_empty(), "{} example(s) failed:\n{}", report.len(), report.join("\n"));
}
