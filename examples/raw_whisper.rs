//! The benchmark's baseline: whisper.cpp through whisper-rs "the plain way": the whole recording
//! decoded into memory and handed to one `full()` call, no voice activity detection, same model,
//! same greedy settings and thread count as `mockreview`. Prints one line per segment.
//!
//!     cargo run --release --example raw_whisper -- RECORDING [THREADS]

use std::path::PathBuf;
use std::process::ExitCode;

use mockreview::audio::{self, ChannelMode};
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(input) = args.next().map(PathBuf::from) else {
        eprintln!("usage: raw_whisper RECORDING [THREADS]");
        return ExitCode::from(2);
    };
    let threads: i32 = args.next().and_then(|t| t.parse().ok()).unwrap_or(2);
    let model = match mockreview::model::default_model_path() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (_, samples) = match audio::stream::read_all(&input, ChannelMode::Mix) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    whisper_rs::install_logging_hooks();
    let ctx = WhisperContext::new_with_params(&model, WhisperContextParameters::default())
        .expect("model loads");
    let mut state = ctx.create_state().expect("state");
    let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
    params.set_language(Some("en"));
    params.set_n_threads(threads);
    params.set_no_context(true);
    params.set_suppress_nst(true);
    params.set_print_progress(false);
    params.set_print_realtime(false);
    params.set_print_special(false);
    params.set_print_timestamps(false);
    state.full(params, &samples).expect("whisper runs");
    for segment in state.as_iter() {
        println!(
            "[{} → {}] {}",
            segment.start_timestamp(),
            segment.end_timestamp(),
            segment.to_str_lossy().unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}
