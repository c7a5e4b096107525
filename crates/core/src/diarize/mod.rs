//! Who is speaking on a recording with one track: speaker diarization from per-frame voice
//! features (computed by the audio side) and the transcript's word times.
//!
//! ```text
//! words → chunks of ~1.5 s of speech, cut at pauses → one mean feature vector per chunk
//!   → clustering (how many voices, which chunk is whose) → a Gaussian per voice
//!   → Viterbi over words (a change of speaker costs a penalty) → segments cut between words
//! ```
//!
//! One job a file: `frames` (the feature track), `cluster`, `resegment` (voice models and
//! Viterbi), `split` (labels → named segments).

pub mod cluster;
pub mod frames;
pub mod resegment;
pub mod split;

pub use cluster::{SpeakerCount, MAX_SPEAKERS};
pub use frames::FeatureFrames;

use crate::transcript::Segment;
use cluster::ClusterSettings;
use resegment::VoiceModel;

/// …or at a pause between words longer than this, where a turn may change.
const CHUNK_PAUSE_MS: u64 = 400;
/// Chunks with fewer frames are too short to say whose voice they are; only words decide them.
const MIN_CHUNK_FRAMES: usize = 50;

/// The choices diarization makes; [`Settings::new`] gives the measured defaults (README, "Who is
/// speaking on a mono recording").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub count: SpeakerCount,
    /// Average cosine distance between chunk clusters above which they are two voices.
    pub threshold: f32,
    /// Log-likelihood a change of speaker between two words must win by.
    pub switch_penalty: f64,
    /// A chunk closes once it holds this many frames (10 ms each) of speech, or at a pause.
    pub chunk_frames: usize,
}

impl Settings {
    pub fn new(count: SpeakerCount) -> Self {
        Settings {
            count,
            threshold: 0.6,
            switch_penalty: 40.0,
            chunk_frames: 150,
        }
    }
}

/// The transcript's segments with speakers, and how many voices were found.
#[derive(Debug, Clone, PartialEq)]
pub struct Diarized {
    pub segments: Vec<Segment>,
    pub speakers: usize,
}

/// One word (or a wordless segment) and its frames.
struct Unit {
    segment: usize,
    start_ms: u64,
    end_ms: u64,
    frames: std::ops::Range<usize>,
}

/// Labels `segments` with `Speaker 1`, `Speaker 2`, … from `frames`. With one voice found (or
/// too little speech to tell) the segments come back unlabelled and `speakers` is 1.
pub fn diarize(segments: &[Segment], mut frames: FeatureFrames, settings: Settings) -> Diarized {
    let unchanged = Diarized {
        segments: segments.to_vec(),
        speakers: 1,
    };
    if settings.count == SpeakerCount::Exactly(1) {
        return unchanged;
    }
    frames.normalize();
    let units = units(segments, &frames);
    let chunks = chunks(&units, settings.chunk_frames);
    let usable: Vec<&Vec<usize>> = chunks
        .iter()
        .filter(|c| frame_count(c, &units) >= MIN_CHUNK_FRAMES)
        .collect();
    if usable.len() < 2 {
        return unchanged;
    }
    let mut vectors: Vec<Vec<f32>> = usable
        .iter()
        .map(|c| chunk_vector(c, &units, &frames))
        .collect();
    standardize(&mut vectors);
    let weights: Vec<f64> = usable
        .iter()
        .map(|c| frame_count(c, &units) as f64)
        .collect();
    let cluster_settings = ClusterSettings {
        count: settings.count,
        threshold: settings.threshold,
    };
    let chunk_labels = cluster::cluster(&vectors, &weights, cluster_settings);
    let voices = chunk_labels.iter().max().map_or(1, |m| m + 1);
    if voices < 2 {
        return unchanged;
    }
    let models: Vec<VoiceModel> = (0..voices)
        .filter_map(|v| {
            let ranges: Vec<_> = usable
                .iter()
                .zip(&chunk_labels)
                .filter(|(_, &l)| l == v)
                .flat_map(|(c, _)| c.iter().map(|&u| units[u].frames.clone()))
                .collect();
            VoiceModel::fit(&frames, &ranges)
        })
        .collect();
    let scores: Vec<Vec<f64>> = units
        .iter()
        .map(|u| {
            models
                .iter()
                .map(|m| {
                    u.frames
                        .clone()
                        .map(|i| m.log_likelihood(frames.frame(i)))
                        .sum()
                })
                .collect()
        })
        .collect();
    let word_labels = cluster::renumber(&resegment::viterbi(&scores, settings.switch_penalty));
    let speakers = word_labels.iter().max().map_or(1, |m| m + 1);
    if speakers < 2 {
        return unchanged;
    }
    let mut per_segment: Vec<Vec<usize>> = vec![Vec::new(); segments.len()];
    for (unit, label) in units.iter().zip(word_labels) {
        per_segment[unit.segment].push(label);
    }
    Diarized {
        segments: split::split_by_speaker(segments, &per_segment),
        speakers,
    }
}

/// Every word of every segment (a segment without words counts as one), in time order.
fn units(segments: &[Segment], frames: &FeatureFrames) -> Vec<Unit> {
    let mut out = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        let spans: Vec<(u64, u64)> = if s.words.is_empty() {
            vec![(s.start_ms, s.end_ms)]
        } else {
            s.words.iter().map(|w| (w.start_ms, w.end_ms)).collect()
        };
        for (start_ms, end_ms) in spans {
            out.push(Unit {
                segment: i,
                start_ms,
                end_ms,
                frames: frames.range(start_ms, end_ms),
            });
        }
    }
    out
}

/// Consecutive units grouped into chunks of about `chunk_frames` frames, cut at long pauses.
fn chunks(units: &[Unit], chunk_frames: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut held = 0;
    for (i, u) in units.iter().enumerate() {
        let pause = i > 0 && u.start_ms > units[i - 1].end_ms + CHUNK_PAUSE_MS;
        if !current.is_empty() && (held >= chunk_frames || pause) {
            out.push(std::mem::take(&mut current));
            held = 0;
        }
        current.push(i);
        held += u.frames.len();
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn frame_count(chunk: &[usize], units: &[Unit]) -> usize {
    chunk.iter().map(|&u| units[u].frames.len()).sum()
}

/// A chunk's voice print: the mean and the standard deviation of its frames, dimension by dimension.
fn chunk_vector(chunk: &[usize], units: &[Unit], frames: &FeatureFrames) -> Vec<f32> {
    let dim = frames.dim;
    let (mut sum, mut sq) = (vec![0f64; dim], vec![0f64; dim]);
    let mut n = 0usize;
    for &u in chunk {
        for i in units[u].frames.clone() {
            n += 1;
            for (d, &x) in frames.frame(i).iter().enumerate() {
                sum[d] += f64::from(x);
                sq[d] += f64::from(x) * f64::from(x);
            }
        }
    }
    let n = n.max(1) as f64;
    let mean: Vec<f64> = sum.iter().map(|s| s / n).collect();
    let std = (0..dim).map(|d| (sq[d] / n - mean[d] * mean[d]).max(0.0).sqrt());
    mean.iter().copied().chain(std).map(|x| x as f32).collect()
}

/// Each dimension of the chunk vectors shifted to mean 0 and scaled to variance 1 across the
/// chunks, so every dimension weighs the same in the cosine distance.
fn standardize(vectors: &mut [Vec<f32>]) {
    let n = vectors.len();
    let Some(dim) = vectors.first().map(Vec::len) else {
        return;
    };
    for d in 0..dim {
        let mean = vectors.iter().map(|v| f64::from(v[d])).sum::<f64>() / n as f64;
        let var = vectors
            .iter()
            .map(|v| (f64::from(v[d]) - mean).powi(2))
            .sum::<f64>()
            / n as f64;
        let scale = if var > 1e-12 { 1.0 / var.sqrt() } else { 1.0 };
        for v in vectors.iter_mut() {
            v[d] = ((f64::from(v[d]) - mean) * scale) as f32;
        }
    }
}
