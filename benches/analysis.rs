//! The analysis stage alone (no audio, no model): a 45-minute transcript, and the same session
//! repeated 4× and 16× back to back, to show how the cost grows with length.
//!
//!     cargo bench --bench analysis
//!
//! The 45-minute transcript is `fixtures/transcripts/rate-limiter-strong.vtt` (a full strong
//! session) with its times stretched to exactly 45 minutes. Lexicons are compiled once outside
//! the measured loop, as `analyze` does for a batch.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mockreview::analysis::{analyze, AnalyzeOptions};
use mockreview::lexicon::LexiconSet;
use mockreview::transcript::{self, Timing, Transcript};

const FORTY_FIVE_MIN_MS: u64 = 45 * 60 * 1000;

fn forty_five_minutes() -> Transcript {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts/rate-limiter-strong.vtt");
    let t = transcript::load(&path).expect("fixture loads");
    let scale = |ms: u64| ms * FORTY_FIVE_MIN_MS / t.duration_ms.max(1);
    let segments = t
        .segments
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.start_ms = scale(s.start_ms);
            s.end_ms = scale(s.end_ms);
            for w in &mut s.words {
                w.start_ms = scale(w.start_ms);
                w.end_ms = scale(w.end_ms);
            }
            s
        })
        .collect();
    Transcript::new(segments, Timing::Measured)
}

fn repeated(t: &Transcript, times: u64) -> Transcript {
    let segments = (0..times)
        .flat_map(|i| {
            t.segments.iter().map(move |s| {
                let mut s = s.clone();
                s.start_ms += i * t.duration_ms;
                s.end_ms += i * t.duration_ms;
                for w in &mut s.words {
                    w.start_ms += i * t.duration_ms;
                    w.end_ms += i * t.duration_ms;
                }
                s
            })
        })
        .collect();
    Transcript::new(segments, Timing::Measured)
}

fn bench_analysis(c: &mut Criterion) {
    let lexicons = LexiconSet::builtin().expect("built-in lexicons compile");
    let options = AnalyzeOptions::default();
    let base = forty_five_minutes();
    let mut group = c.benchmark_group("analyze");
    for times in [1u64, 4, 16] {
        let t = repeated(&base, times);
        let words: u64 = t
            .segments
            .iter()
            .map(|s| s.text.split_whitespace().count() as u64)
            .sum();
        group.throughput(Throughput::Elements(words));
        group.bench_with_input(BenchmarkId::new("minutes", 45 * times), &t, |b, t| {
            b.iter(|| analyze(t, &lexicons, &options).expect("analysis runs"))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_analysis
}
criterion_main!(benches);
