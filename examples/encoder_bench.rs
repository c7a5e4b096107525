//! What one 30-second decoder window costs before any text is decoded: the log-mel spectrogram and
//! the encoder pass of the bundled model, at 1 and 2 threads (median of 5 runs each). The encoder
//! runs once per window (twice when Whisper seeks back inside it), so this bounds how fast
//! `transcribe` can go; it is how the ggml build options were compared (see the README).
//!
//!     cargo run --release --example encoder_bench

use std::process::ExitCode;
use std::time::{Duration, Instant};

use whisper_rs::{WhisperContext, WhisperContextParameters};

const RUNS: usize = 5;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let model = mockreview::model::default_model_path()?;
    whisper_rs::install_logging_hooks();
    let ctx = WhisperContext::new_with_params(&model, WhisperContextParameters::default())?;
    let mut state = ctx.create_state()?;
    // A quiet tone: the encoder's cost does not depend on what the window holds.
    let window: Vec<f32> = (0..30 * 16_000)
        .map(|i| (i as f32 * 0.05).sin() * 0.1)
        .collect();
    println!("model {}", model.display());
    println!("threads  log-mel (ms)  encoder (ms)");
    for threads in [1, 2] {
        let mut mel = Vec::with_capacity(RUNS);
        let mut encode = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            state.pcm_to_mel(&window, threads)?;
            mel.push(t.elapsed());
            let t = Instant::now();
            state.encode(0, threads)?;
            encode.push(t.elapsed());
        }
        println!(
            "{threads:>7}  {:>12.0}  {:>12.0}",
            median_ms(&mut mel),
            median_ms(&mut encode)
        );
    }
    Ok(())
}

fn median_ms(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}
