//! Tries diarization settings on recordings without transcribing them again: the words come from a
//! transcript saved once (`mockreview transcribe REC --speakers 1 -o REC.json`), the voice features
//! from the recording (the same VAD windows the transcriber uses), and each result is scored
//! against the RTTM reference.
//!
//! ```sh
//! cargo run --release --example diarize_tune -- REC REC.json REF.rttm [REC REC.json REF.rttm …]
//! THRESHOLD=0.5 GAIN=0.3 PENALTY=30 CHUNK=200 SPEAKERS=2 cargo run --release --example diarize_tune -- …
//! ```

use std::path::Path;

use mockreview::audio::voice::VoiceFeatures;
use mockreview::audio::{ChannelMode, Selection, SpeechWindows, VadConfig};
use mockreview::diarize::{self, SpeakerCount};
use mockreview::eval::der::{self, SpeakerTurn};
use mockreview::eval::rttm;
use mockreview::transcript;

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut settings = diarize::Settings::new(match env::<usize>("SPEAKERS") {
        Some(n) => SpeakerCount::Exactly(n),
        None => SpeakerCount::Estimate,
    });
    if let Some(t) = env("THRESHOLD") {
        settings.threshold = t;
    }
    if let Some(p) = env("PENALTY") {
        settings.switch_penalty = p;
    }
    if let Some(g) = env("GAIN") {
        settings.min_gain = g;
    }
    if let Some(c) = env("CHUNK") {
        settings.chunk_frames = c;
    }
    for job in args.chunks(3) {
        let [audio, words, reference] = job else {
            return Err("give REC REC.json REF.rttm triples".into());
        };
        let mut windows = SpeechWindows::open(
            Path::new(audio),
            ChannelMode::Mix,
            Selection::Speech(VadConfig::default()),
        )?;
        let mut voices = VoiceFeatures::new();
        while let Some(w) = windows.next_window()? {
            voices.add(&w);
        }
        let t = transcript::load(Path::new(words))?;
        let started = std::time::Instant::now();
        let found = diarize::diarize(&t.segments, voices.finish(), settings);
        let took = started.elapsed();
        let (mut turns, mut word_turns) = (Vec::new(), Vec::new());
        for s in &found.segments {
            let speaker = s.speaker.clone().unwrap_or_else(|| "one".into());
            turns.push(SpeakerTurn {
                start_ms: s.start_ms,
                end_ms: s.end_ms,
                speaker: speaker.clone(),
            });
            for w in &s.words {
                word_turns.push(SpeakerTurn {
                    start_ms: w.start_ms,
                    end_ms: w.end_ms,
                    speaker: speaker.clone(),
                });
            }
        }
        let reference = rttm::load(Path::new(reference))?;
        let score = der::score(&reference, &turns, 250);
        let words = der::score_words(&reference, &word_turns, &score.mapping);
        println!(
            "{audio}: {} speakers, DER {:.1} % (miss {:.1}, FA {:.1}, conf {:.1}), words {:.1} %, diarize {took:?}",
            found.speakers,
            score.der() * 100.0,
            score.missed() * 100.0,
            score.false_alarm() * 100.0,
            score.confusion() * 100.0,
            words.share() * 100.0
        );
    }
    Ok(())
}
