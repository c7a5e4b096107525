#![no_main]
//! Any bytes as a recording: the decoder reports an error or yields samples, never panics.
//! Needs the app crate: `cargo fuzz run audio --features audio`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("mockreview-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input.bin");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(mut source) = mockreview::audio::decode::open(&path) {
        let mut block = Vec::new();
        // Bounded: a lying header must not make the fuzzer spin.
        for _ in 0..64 {
            block.clear();
            match source.read_block(&mut block) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
});
