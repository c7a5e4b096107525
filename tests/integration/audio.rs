//! Audio in: every supported format, bit depth, sample rate and channel layout decodes to 16 kHz
//! at the right length and pitch; long recordings stream through bounded buffers; VAD keeps
//! silence away from the decoder; bad files fail with one clear line naming the file.

use std::f32::consts::PI;
use std::path::{Path, PathBuf};

use mockreview::audio::{self, ChannelMode, Edge, Selection, SpeechWindows, VadConfig};

use crate::util::{fixture, mockreview, speech, Dir};

#[derive(Clone, Copy, Debug)]
enum Encoding {
    Int(u16),
    Float32,
}

/// Writes a WAV whose channel `c` holds a sine of `freqs[c]` Hz at half scale.
fn write_wav(path: &Path, enc: Encoding, rate: u32, freqs: &[f32], seconds: f32) {
    let spec = hound::WavSpec {
        channels: freqs.len() as u16,
        sample_rate: rate,
        bits_per_sample: match enc {
            Encoding::Int(b) => b,
            Encoding::Float32 => 32,
        },
        sample_format: match enc {
            Encoding::Int(_) => hound::SampleFormat::Int,
            Encoding::Float32 => hound::SampleFormat::Float,
        },
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let frames = (rate as f32 * seconds) as usize;
    for i in 0..frames {
        for f in freqs {
            let v = 0.5 * (2.0 * PI * f * i as f32 / rate as f32).sin();
            match enc {
                Encoding::Int(bits) => {
                    let max = ((1i64 << (bits - 1)) - 1) as f32;
                    let s = (v * max).round() as i32;
                    if bits == 8 {
                        w.write_sample(s as i8).unwrap();
                    } else {
                        w.write_sample(s).unwrap();
                    }
                }
                Encoding::Float32 => w.write_sample(v).unwrap(),
            }
        }
    }
    w.finalize().unwrap();
}

/// Dominant frequency estimated from sign changes over the middle of the signal.
fn frequency(samples: &[f32]) -> f32 {
    let n = samples.len();
    let mid = &samples[n / 10..n - n / 10];
    // Samples near zero have no reliable sign; what is near depends on the level.
    let floor = 0.3 * mid.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let mut last: Option<bool> = None;
    let mut changes = 0;
    for s in mid.iter().filter(|s| s.abs() > floor) {
        let positive = *s > 0.0;
        if last.is_some_and(|l| l != positive) {
            changes += 1;
        }
        last = Some(positive);
    }
    changes as f32 / 2.0 / (mid.len() as f32 / 16_000.0)
}

fn assert_close(actual: f32, expected: f32, tolerance: f32, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} is not within {tolerance} of {expected}"
    );
}

#[test]
fn every_wav_bit_depth_and_sample_rate_decodes_to_16khz() {
    let dir = Dir::new();
    let encodings = [
        Encoding::Int(8),
        Encoding::Int(16),
        Encoding::Int(24),
        Encoding::Int(32),
        Encoding::Float32,
    ];
    let rates = [
        8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 48_000, 96_000,
    ];
    for enc in encodings {
        for rate in rates {
            let path = dir.path().join(format!("{enc:?}-{rate}.wav"));
            write_wav(&path, enc, rate, &[440.0], 0.5);
            let (info, pcm) = audio::read_all(&path, ChannelMode::Mix)
                .unwrap_or_else(|e| panic!("{enc:?} at {rate} Hz: {e}"));
            assert_eq!(info.sample_rate, rate);
            let frames = (rate as f32 * 0.5) as u64;
            let expected = (frames * 16_000 + rate as u64 / 2) / rate as u64;
            assert_eq!(pcm.len() as u64, expected, "{enc:?} at {rate} Hz");
            assert_close(
                frequency(&pcm),
                440.0,
                8.0,
                &format!("{enc:?} at {rate} Hz"),
            );
            let peak = pcm.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            assert_close(peak, 0.5, 0.05, &format!("level of {enc:?} at {rate} Hz"));
        }
    }
}

#[test]
fn stereo_wav_splits_into_channels_and_mixes_to_mono() {
    let dir = Dir::new();
    let path = dir.path().join("stereo.wav");
    write_wav(&path, Encoding::Int(16), 44_100, &[440.0, 1_000.0], 1.0);
    let (info, left) = audio::read_all(&path, ChannelMode::Only(0)).unwrap();
    let (_, right) = audio::read_all(&path, ChannelMode::Only(1)).unwrap();
    let (_, mix) = audio::read_all(&path, ChannelMode::Mix).unwrap();
    assert_eq!(info.channels, 2);
    assert_close(frequency(&left), 440.0, 8.0, "left");
    assert_close(frequency(&right), 1_000.0, 8.0, "right");
    assert_eq!(mix.len(), 16_000);
    // The mix holds both tones at half level each.
    let expected: Vec<f32> = left
        .iter()
        .zip(&right)
        .map(|(l, r)| (l + r) / 2.0)
        .collect();
    let worst = mix
        .iter()
        .zip(&expected)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-4, "mix differs from the average by {worst}");
}

#[test]
fn six_channel_wav_decodes_any_channel() {
    let dir = Dir::new();
    let path = dir.path().join("surround.wav");
    let freqs = [200.0, 300.0, 400.0, 500.0, 600.0, 700.0];
    write_wav(&path, Encoding::Float32, 48_000, &freqs, 0.5);
    for (c, f) in freqs.iter().enumerate() {
        let (_, pcm) = audio::read_all(&path, ChannelMode::Only(c)).unwrap();
        assert_close(frequency(&pcm), *f, 8.0, &format!("channel {c}"));
    }
}

#[test]
fn compressed_formats_decode_with_both_channels() {
    for name in [
        "tone-44k1-stereo.flac",
        "tone-44k1-stereo.mp3",
        "tone-44k1-stereo.ogg",
        "tone-44k1-stereo.m4a",
    ] {
        let path = fixture(&format!("audio/formats/{name}"));
        let (info, left) =
            audio::read_all(&path, ChannelMode::Only(0)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_, right) = audio::read_all(&path, ChannelMode::Only(1)).unwrap();
        assert_eq!((info.channels, info.sample_rate), (2, 44_100), "{name}");
        // Encoders add a little padding (mp3, aac); never more than a tenth of a second here.
        assert_close(
            left.len() as f32 / 16_000.0,
            1.5,
            0.1,
            &format!("{name} length"),
        );
        assert_close(frequency(&left), 440.0, 10.0, &format!("{name} left"));
        assert_close(frequency(&right), 1_000.0, 10.0, &format!("{name} right"));
    }
}

/// The JFK clip with a minute of digital silence on each side.
fn jfk_in_silence(dir: &Path) -> PathBuf {
    let (_, speech) = audio::read_all(&speech("jfk.wav"), ChannelMode::Mix).unwrap();
    let path = dir.join("jfk-in-silence.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    let silence = vec![0i16; 60 * 16_000];
    let speech: Vec<i16> = speech.iter().map(|s| (s * 32_767.0) as i16).collect();
    for s in silence.iter().chain(&speech).chain(&silence) {
        w.write_sample(*s).unwrap();
    }
    w.finalize().unwrap();
    path
}

#[test]
fn vad_sends_only_the_speech_and_maps_it_back_to_its_place() {
    let dir = Dir::new();
    let path = jfk_in_silence(dir.path());
    let mut windows = SpeechWindows::open(
        &path,
        ChannelMode::Mix,
        Selection::Speech(VadConfig::default()),
    )
    .unwrap();
    let mut pieces = Vec::new();
    while let Some(w) = windows.next_window().unwrap() {
        assert!(w.samples.len() <= 30 * 16_000);
        pieces.push((
            w.map.original_ms(0, Edge::Start),
            w.map.original_ms(w.samples.len() as u64 / 16, Edge::End),
        ));
    }
    assert!(!pieces.is_empty(), "no speech found in the JFK clip");
    // All of it lies within the speech (60.0–71.0 s, with at most the VAD padding around it).
    for (start, end) in &pieces {
        assert!(
            *start >= 59_500 && *end <= 71_500,
            "window maps to {start}–{end} ms"
        );
    }
    // Most of the clip is speech; none of the two minutes of silence was sent.
    let sent = windows.sent_ms();
    assert!(
        (7_000..=11_500).contains(&sent),
        "{sent} ms sent to the decoder"
    );
    assert_eq!(windows.position_ms(), 131_000);
}

#[test]
fn without_vad_everything_is_sent() {
    let dir = Dir::new();
    let path = jfk_in_silence(dir.path());
    let mut windows = SpeechWindows::open(&path, ChannelMode::Mix, Selection::Everything).unwrap();
    let mut total = 0;
    while let Some(w) = windows.next_window().unwrap() {
        total += w.samples.len();
    }
    assert_eq!(total, 131 * 16_000);
    assert_eq!(windows.sent_ms(), 131_000);
}

#[test]
fn a_long_recording_streams_through_bounded_buffers() {
    // Ten minutes of speech and pauses: the JFK clip again and again with gaps.
    let dir = Dir::new();
    let (_, speech) = audio::read_all(&speech("jfk.wav"), ChannelMode::Mix).unwrap();
    let path = dir.path().join("long.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    let mut written = 0usize;
    while written < 600 * 16_000 {
        for s in &speech {
            w.write_sample((s * 32_767.0) as i16).unwrap();
        }
        for _ in 0..16_000 * 3 {
            w.write_sample(0i16).unwrap();
        }
        written += speech.len() + 16_000 * 3;
    }
    w.finalize().unwrap();

    let mut windows = SpeechWindows::open(
        &path,
        ChannelMode::Mix,
        Selection::Speech(VadConfig::default()),
    )
    .unwrap();
    let mut most_buffered = 0;
    let mut last_end = 0;
    let mut count = 0;
    while let Some(win) = windows.next_window().unwrap() {
        most_buffered = most_buffered.max(windows.buffered_samples());
        assert!(win.samples.len() <= 30 * 16_000);
        for p in win.map.pieces() {
            assert!(
                p.original_start >= last_end,
                "pieces overlap or go backwards"
            );
            last_end = p.original_start + p.len;
        }
        count += 1;
    }
    assert!(count >= 10, "only {count} windows");
    // Never more than about two windows' worth in memory for a ten-minute file.
    assert!(
        most_buffered <= 70 * 16_000,
        "{} s of audio buffered at once",
        most_buffered / 16_000
    );
    assert!(last_end <= written as u64);
}

// ---------------------------------------------------------------------------------------------
// Bad input through the binary: exit code 2, one line naming the file and the problem, no panic.

fn transcribe_fails(path: &Path, expect: &str) {
    let out = mockreview()
        .args(["transcribe", "--quiet"])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
    assert!(
        out.stdout.is_empty(),
        "output on failure: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr}"
    );
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains(name.as_ref()),
        "does not name {name}: {stderr}"
    );
    assert!(stderr.contains(expect), "expected {expect:?} in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn wav_bytes(frames: usize) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::new(&mut cursor, spec).unwrap();
    for i in 0..frames {
        w.write_sample((i % 100) as i16 * 100).unwrap();
    }
    w.finalize().unwrap();
    cursor.into_inner()
}

#[test]
fn empty_file_is_refused() {
    let dir = Dir::new();
    let p = dir.path().join("empty.wav");
    std::fs::write(&p, b"").unwrap();
    transcribe_fails(&p, "empty file");
}

#[test]
fn truncated_header_is_refused() {
    let dir = Dir::new();
    let p = dir.path().join("cut-header.wav");
    std::fs::write(&p, &wav_bytes(100)[..20]).unwrap();
    transcribe_fails(&p, "truncated WAV header");
}

#[test]
fn text_file_named_wav_is_refused() {
    let dir = Dir::new();
    let p = dir.path().join("notes.wav");
    std::fs::write(&p, "Interview notes: ask about rate limiting.\n").unwrap();
    transcribe_fails(&p, "not an audio file (it contains text)");
}

#[test]
fn binary_junk_is_refused() {
    let dir = Dir::new();
    let p = dir.path().join("junk.mp3");
    std::fs::write(
        &p,
        [0x00u8, 0x01, 0xfe, 0x80, 0x13, 0x37, 0x00, 0x99].repeat(64),
    )
    .unwrap();
    transcribe_fails(&p, "not a recognised audio file");
}

#[test]
fn unsupported_codec_is_named() {
    transcribe_fails(
        &fixture("audio/formats/tone-44k1-stereo.opus.ogg"),
        "unsupported audio codec (Opus)",
    );
}

#[test]
fn unsupported_wav_encoding_is_named() {
    let dir = Dir::new();
    let p = dir.path().join("odd-codec.wav");
    let mut bytes = wav_bytes(1_000);
    // Format tag 0x1234: no such WAV codec.
    bytes[20..22].copy_from_slice(&0x1234u16.to_le_bytes());
    std::fs::write(&p, bytes).unwrap();
    transcribe_fails(&p, "unsupported WAV encoding (format tag 0x1234)");
}

#[test]
fn zero_length_recording_is_refused() {
    let dir = Dir::new();
    let p = dir.path().join("silent-nothing.wav");
    std::fs::write(&p, wav_bytes(0)).unwrap();
    transcribe_fails(&p, "0 samples");
}

#[test]
fn truncated_data_names_the_second_it_ends() {
    let dir = Dir::new();
    let p = dir.path().join("cut-data.wav");
    let bytes = wav_bytes(32_000);
    // Keep the header and half a second of the promised two.
    std::fs::write(&p, &bytes[..44 + 16_000]).unwrap();
    transcribe_fails(
        &p,
        "audio data ends at 0.50 s but the header promises 2.00 s",
    );
}

#[test]
fn missing_file_is_named() {
    transcribe_fails(Path::new("/nonexistent/interview.m4a"), "No such file");
}

#[test]
fn channel_names_must_match_the_channel_count() {
    let out = mockreview()
        .args([
            "transcribe",
            "--quiet",
            "--channels",
            "interviewer,candidate",
        ])
        .arg(speech("jfk.wav"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("jfk.wav"), "{stderr}");
    assert!(
        stderr.contains("has 1 channel(s) but --channels names 2"),
        "{stderr}"
    );
}
