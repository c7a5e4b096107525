//! Recording → timestamped transcript with whisper.cpp (whisper-rs), English, offline.
//!
//! Audio arrives as packed speech windows (see [`crate::audio`]); each window is decoded on its own
//! (`no_context`), its tokens are merged into words, cleaned of known hallucinations, and every time
//! is mapped back to the recording's timeline. One job a file:
//!
//! - `settings`: the command-line options and the checked settings;
//! - `engine`: the whisper.cpp model and decoder ([`Transcriber`]);
//! - `interrupt`: Ctrl-C;
//! - `progress`: the progress bar;
//! - `words`: tokens → words;
//! - `filters`: hallucination and repetition-loop filters;
//! - `window`: one window's words → segments on the recording's timeline;
//! - `pool`: several windows decoded at once, reassembled in window order;
//! - `merge`: two-track merging.

mod engine;
mod filters;
mod interrupt;
mod merge;
mod pool;
mod progress;
mod settings;
mod window;
mod words;

pub use engine::{check_channel_names, Transcriber};
pub use filters::{collapse_repeats, drop_annotations, is_hallucination, level_dbfs, word_key};
pub use interrupt::{install_interrupt_handler, interrupted};
pub use merge::merge_by_time;
pub use settings::{Settings, WhisperOptions};
pub use window::{clean_window, split_at_removed_silence};
pub use words::{words_from_tokens, PackedWord, RawSegment, RawToken};

/// Builders shared by the unit tests of the post-processing stages.
#[cfg(test)]
mod testkit {
    use super::engine::cs_to_ms;
    use super::words::{PackedWord, RawToken};

    pub fn tok(text: &str, start_cs: i64, end_cs: i64, p: f32) -> RawToken {
        RawToken {
            bytes: text.as_bytes().to_vec(),
            start_ms: cs_to_ms(start_cs),
            end_ms: cs_to_ms(end_cs),
            p,
        }
    }
    pub fn word(text: &str, start_ms: u64, end_ms: u64) -> PackedWord {
        PackedWord {
            text: text.into(),
            start_ms,
            end_ms,
            p: 0.9,
        }
    }
    pub fn texts(words: &[PackedWord]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }
}
