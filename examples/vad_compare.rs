//! Compares the voice activity detectors considered for mockreview on the project's real speech:
//! earshot (chosen) and webrtc-vad in its least and most aggressive modes.
//!
//! The six real-speech clips (../shared/speech) are laid out with 5 s pauses between them, speech
//! normalised to -20 dBFS, over several backgrounds. Speech recall is measured on samples where the
//! clean speech is loud (RMS over 32 ms above -45 dBFS); false alarms on samples of the pauses more
//! than 0.5 s away from any speech. Run: `cargo run --example vad_compare` (the detectors are dependencies, built optimised).

use std::path::Path;
use std::time::Instant;

use mockreview::audio::vad::RegionTracker;
use mockreview::audio::{self, ChannelMode, VadConfig};

const RATE: usize = 16_000;

fn rms_db(x: &[f32]) -> f32 {
    let m = x.iter().map(|s| s * s).sum::<f32>() / x.len().max(1) as f32;
    10.0 * m.max(1e-20).log10()
}

/// A deterministic noise source (xorshift), uniform in [-1, 1].
struct Noise(u64);
impl Noise {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

fn background(kind: &str, n: usize) -> Vec<f32> {
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let gain = |db: f32| 10f32.powf(db / 20.0) * 3f32.sqrt();
    match kind {
        "digital silence" => vec![0.0; n],
        "white noise -50 dBFS" => (0..n).map(|_| noise.next() * gain(-50.0)).collect(),
        "white noise -35 dBFS" => (0..n).map(|_| noise.next() * gain(-35.0)).collect(),
        "hum 100 Hz -30 dBFS" => (0..n)
            .map(|i| {
                let t = i as f32 / RATE as f32;
                0.03 * ((2.0 * std::f32::consts::PI * 100.0 * t).sin()
                    + 0.5 * (2.0 * std::f32::consts::PI * 300.0 * t).sin())
            })
            .collect(),
        "keyboard clicks" => (0..n)
            .map(|i| {
                let phase = i % (RATE * 3 / 10);
                if phase < 80 {
                    0.3 * noise.next() * (1.0 - phase as f32 / 80.0)
                } else {
                    noise.next() * gain(-60.0)
                }
            })
            .collect(),
        _ => vec![0.0; n],
    }
}

/// Per-sample decisions of a detector working on fixed frames.
fn decide(signal: &[f32], frame: usize, mut is_speech: impl FnMut(&[f32]) -> bool) -> Vec<bool> {
    let mut out = vec![false; signal.len()];
    for (i, chunk) in signal.chunks(frame).enumerate() {
        if chunk.len() == frame && is_speech(chunk) {
            out[i * frame..(i + 1) * frame].fill(true);
        }
    }
    out
}

fn main() {
    // Real speech from outside the project, read in place beside the repository.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/speech");
    let mut names: Vec<_> = std::fs::read_dir(dir.join("librivox"))
        .expect("../shared/speech/librivox")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wav"))
        .collect();
    names.sort();
    names.insert(0, dir.join("jfk.wav"));
    let pause = 5 * RATE;
    let mut clean = vec![0.0f32; pause];
    for p in &names {
        let (_, mut pcm) = audio::read_all(p, ChannelMode::Mix).expect("speech clip");
        let gain = 10f32.powf((-20.0 - rms_db(&pcm)) / 20.0);
        pcm.iter_mut().for_each(|s| *s *= gain);
        clean.extend(pcm);
        clean.extend(std::iter::repeat_n(0.0, pause));
    }
    // Labels from the clean signal.
    let win = 512;
    let loud: Vec<bool> = (0..clean.len())
        .map(|i| {
            let a = i.saturating_sub(win / 2);
            let b = (i + win / 2).min(clean.len());
            rms_db(&clean[a..b]) > -45.0
        })
        .collect();
    let margin = RATE / 2;
    let mut near_speech = vec![false; clean.len()];
    for (i, l) in loud.iter().enumerate() {
        if *l {
            let a = i.saturating_sub(margin);
            let b = (i + margin).min(clean.len());
            near_speech[a..b].fill(true);
        }
    }
    let speech_n = loud.iter().filter(|l| **l).count();
    let pause_n = near_speech.iter().filter(|l| !**l).count();
    println!(
        "{} clips, {:.1} s of audio, {:.1} s labelled speech, {:.1} s of pause scored",
        names.len(),
        clean.len() as f32 / RATE as f32,
        speech_n as f32 / RATE as f32,
        pause_n as f32 / RATE as f32
    );
    println!(
        "{:<22} {:<26} {:>13} {:>13} {:>12}",
        "background", "detector", "speech found", "false alarm", "cpu x rt"
    );
    for kind in [
        "digital silence",
        "white noise -50 dBFS",
        "white noise -35 dBFS",
        "hum 100 Hz -30 dBFS",
        "keyboard clicks",
    ] {
        let bg = background(kind, clean.len());
        let signal: Vec<f32> = clean
            .iter()
            .zip(&bg)
            .map(|(s, n)| (s + n).clamp(-1.0, 1.0))
            .collect();
        let pcm16: Vec<i16> = signal.iter().map(|s| (s * 32_767.0) as i16).collect();
        let mut rows: Vec<(String, Vec<bool>, f64)> = Vec::new();

        let t = Instant::now();
        let mut ear = earshot::Detector::default();
        let mut scores = Vec::new();
        let d = decide(&signal, 256, |f| {
            let p = ear.predict_f32(f);
            scores.push(p);
            p >= 0.5
        });
        let secs = t.elapsed().as_secs_f64();
        rows.push(("earshot frames (p >= 0.5)".into(), d, secs));
        // What mockreview sends to the decoder: earshot frames through its region logic.
        let mut tracker = RegionTracker::new(VadConfig::default());
        let mut regions: Vec<_> = scores.iter().filter_map(|p| tracker.push(*p)).collect();
        regions.extend(tracker.finish(scores.len() as u64));
        let mut d = vec![false; signal.len()];
        for r in regions {
            let a = (r.start as usize * 256).min(signal.len());
            let b = (r.end as usize * 256).min(signal.len());
            d[a..b].fill(true);
        }
        rows.push(("earshot regions (sent)".into(), d, secs));

        for (label, mode) in [
            ("webrtc-vad Quality", webrtc_vad::VadMode::Quality),
            (
                "webrtc-vad VeryAggressive",
                webrtc_vad::VadMode::VeryAggressive,
            ),
        ] {
            let t = Instant::now();
            let mut vad =
                webrtc_vad::Vad::new_with_rate_and_mode(webrtc_vad::SampleRate::Rate16kHz, mode);
            let mut d = vec![false; signal.len()];
            for (i, chunk) in pcm16.chunks(480).enumerate() {
                if chunk.len() == 480 && vad.is_voice_segment(chunk).unwrap_or(false) {
                    d[i * 480..(i + 1) * 480].fill(true);
                }
            }
            rows.push((label.into(), d, t.elapsed().as_secs_f64()));
        }
        for (label, d, secs) in rows {
            let found = d.iter().zip(&loud).filter(|(d, l)| **d && **l).count();
            let alarms = d
                .iter()
                .zip(&near_speech)
                .filter(|(d, n)| **d && !**n)
                .count();
            println!(
                "{:<22} {:<26} {:>12.1}% {:>12.1}% {:>12.0}",
                kind,
                label,
                100.0 * found as f64 / speech_n as f64,
                100.0 * alarms as f64 / pause_n as f64,
                (clean.len() as f64 / RATE as f64) / secs
            );
        }
    }
}
