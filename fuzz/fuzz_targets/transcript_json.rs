#![no_main]
//! Any bytes given to the mockreview transcript JSON reader: an error or a document, never a panic.

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.json");
    if let Ok(text) = mockreview_core::transcript::decode::decode(data, path) {
        let _ = mockreview_core::transcript::document::parse(&text, path);
    }
});
