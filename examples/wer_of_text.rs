//! Word error rate of a plain-text transcript against a reference, normalised exactly as
//! `mockreview eval wer` does: how `benches/e2e.sh` scores the peers' output on the same terms.
//!
//!     cargo run --release --example wer_of_text -- REFERENCE.txt HYPOTHESIS.txt

use std::process::ExitCode;

use mockreview::eval::wer::{normalize, word_errors};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [reference, hypothesis] = args.as_slice() else {
        eprintln!("usage: wer_of_text REFERENCE.txt HYPOTHESIS.txt");
        return ExitCode::from(2);
    };
    let read = |path: &str| match std::fs::read_to_string(path) {
        Ok(text) => Some(normalize(&text)),
        Err(e) => {
            eprintln!("error: {path}: {e}");
            None
        }
    };
    let (Some(r), Some(h)) = (read(reference), read(hypothesis)) else {
        return ExitCode::from(2);
    };
    let errors = word_errors(&r, &h);
    let rate = 100.0 * errors as f64 / r.len().max(1) as f64;
    println!(
        "{} words, {} heard, {errors} errors, WER {rate:.1}%",
        r.len(),
        h.len()
    );
    ExitCode::SUCCESS
}
