#![no_main]
//! Any text given to the lexicon schema: an error naming a line, or a lexicon, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        if let Ok(lexicon) = mockreview_core::lexicon::schema::parse("fuzz.toml", src) {
            // A lexicon that parses must also compile and scan without panicking.
            if let Ok(set) = mockreview_core::lexicon::LexiconSet::from_lexicons(vec![lexicon]) {
                let _ = set.scan_text("we use ridis and kafka at ten x peak, p ninety nine");
            }
        }
    }
});
