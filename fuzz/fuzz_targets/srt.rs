#![no_main]
//! Any bytes given to the srt reader: an error or a transcript, never a panic.

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.input");
    if let Ok(text) = mockreview_core::transcript::decode::decode(data, path) {
        let _ = mockreview_core::transcript::srt::parse(&text, path);
    }
});
