//! Recordings in, 16 kHz mono speech out.
//!
//! ```text
//! decode (hound | symphonia) → channels (mix | one) → resample (rubato) → VAD (earshot)
//!   → speech regions → packed decoder windows + a map back to the recording's timeline
//!   → (one-track recordings) voice features of those windows, for diarization
//! ```
//!
//! Everything streams: a recording of hours is never decoded into memory at once.

pub mod channels;
pub mod container;
pub mod decode;
pub mod resample;
pub mod stream;
pub mod timeline;
pub mod vad;
pub mod voice;
pub mod windows;

pub use channels::ChannelMode;
pub use stream::{probe, read_all, AudioInfo, Pcm16kStream};
pub use timeline::{Edge, Piece, TimeMap};
pub use vad::VadConfig;
pub use windows::{Selection, SpeechWindows, Window};
