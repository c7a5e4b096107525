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
/// When the count is estimated, a voice needs at least this much speech (10 ms frames inside its
/// chunks' words: 5 s) to count as a person of its own.
const MIN_VOICE_FRAMES: usize = 500;

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
    /// When the count is estimated: two voices whose frames one Gaussian explains almost as well
    /// as two (a log-likelihood gain per frame below this, in nats) are one voice.
    pub min_gain: f64,
}

impl Settings {
    pub fn new(count: SpeakerCount) -> Self {
        Settings {
            count,
            threshold: 0.6,
            switch_penalty: 40.0,
            chunk_frames: 150,
            min_gain: 0.25,
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
    let mut chunk_labels = cluster::cluster(&vectors, &weights, cluster_settings);
    if settings.count == SpeakerCount::Estimate {
        let frames_of =
            |chunk: &Vec<usize>| chunk.iter().map(|&u| units[u].frames.clone()).collect();
        let chunk_frames: Vec<Vec<std::ops::Range<usize>>> =
            usable.iter().map(|c| frames_of(c)).collect();
        chunk_labels = merge_alike(&frames, &chunk_frames, chunk_labels, settings.min_gain);
    }
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

/// Merges the two voices that differ least, as long as modelling them apart gains less than
/// `min_gain` nats of log-likelihood per frame (the BIC idea: a second voice must pay for itself).
/// Clustering decides which chunks go together; this decides whether two groups are two people.
fn merge_alike(
    frames: &FeatureFrames,
    chunk_frames: &[Vec<std::ops::Range<usize>>],
    mut labels: Vec<usize>,
    min_gain: f64,
) -> Vec<usize> {
    loop {
        let voices = labels.iter().max().map_or(0, |m| m + 1);
        if voices < 2 {
            return labels;
        }
        let stats: Vec<GaussStats> = (0..voices)
            .map(|v| {
                let mut g = GaussStats::new(frames.dim);
                for (ranges, _) in chunk_frames.iter().zip(&labels).filter(|(_, &l)| l == v) {
                    for i in ranges.iter().flat_map(|r| r.clone()) {
                        g.add(frames.frame(i));
                    }
                }
                g
            })
            .collect();
        // A voice heard for under MIN_VOICE_FRAMES is merged whatever the test says: too little
        // speech to be sure it is someone else.
        let smallest = (0..voices).min_by(|&a, &b| stats[a].n.total_cmp(&stats[b].n));
        let too_small = smallest.filter(|&v| stats[v].n < MIN_VOICE_FRAMES as f64);
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..voices {
            for b in (a + 1..voices).filter(|&b| too_small.is_none_or(|v| v == a || v == b)) {
                // BIC's price of the second Gaussian's 2 × dim parameters, per frame: small
                // voices must gain more, since few frames always fit two models better.
                let n = stats[a].n + stats[b].n;
                let price = frames.dim as f64 * n.ln() / n;
                let gain = stats[a].split_gain(&stats[b]) - price;
                if best.is_none_or(|(g, _, _)| gain < g) {
                    best = Some((gain, a, b));
                }
            }
        }
        let Some((gain, a, b)) = best else {
            return labels;
        };
        if gain >= min_gain && too_small.is_none() {
            return labels;
        }
        for l in labels.iter_mut() {
            if *l == b {
                *l = a;
            }
        }
        labels = cluster::renumber(&labels);
    }
}

/// Count, sum and sum of squares of frames: enough for a diagonal Gaussian's log-likelihood.
struct GaussStats {
    n: f64,
    sum: Vec<f64>,
    sq: Vec<f64>,
}

impl GaussStats {
    fn new(dim: usize) -> Self {
        GaussStats {
            n: 0.0,
            sum: vec![0.0; dim],
            sq: vec![0.0; dim],
        }
    }

    fn add(&mut self, x: &[f32]) {
        self.n += 1.0;
        for ((s, q), &x) in self.sum.iter_mut().zip(&mut self.sq).zip(x) {
            *s += f64::from(x);
            *q += f64::from(x) * f64::from(x);
        }
    }

    /// Sum over dimensions of the log variance (the log-determinant of a diagonal covariance).
    fn log_det(n: f64, sum: &[f64], sq: &[f64]) -> f64 {
        sum.iter()
            .zip(sq)
            .map(|(s, q)| {
                let mean = s / n;
                (q / n - mean * mean).max(1e-6).ln()
            })
            .sum()
    }

    /// Log-likelihood gained per frame by modelling `self` and `other` with a Gaussian each rather
    /// than one for both: ½ (N log|Σ| − N₁ log|Σ₁| − N₂ log|Σ₂|) / N.
    fn split_gain(&self, other: &GaussStats) -> f64 {
        if self.n < 2.0 || other.n < 2.0 {
            return 0.0;
        }
        let n = self.n + other.n;
        let sum: Vec<f64> = self
            .sum
            .iter()
            .zip(&other.sum)
            .map(|(a, b)| a + b)
            .collect();
        let sq: Vec<f64> = self.sq.iter().zip(&other.sq).map(|(a, b)| a + b).collect();
        0.5 * (n * Self::log_det(n, &sum, &sq)
            - self.n * Self::log_det(self.n, &self.sum, &self.sq)
            - other.n * Self::log_det(other.n, &other.sum, &other.sq))
            / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Word;

    /// A frame of voice `v` at `t` ms: two voices with different spectra, and some spread from a
    /// fixed sequence so the Gaussians have a variance.
    fn frame(v: usize, t: u64) -> [f32; 3] {
        let wobble = ((t / 10 * 7919) % 13) as f32 / 13.0 - 0.5;
        if v == 0 {
            [1.0 + wobble, -1.0, 0.5 * wobble]
        } else {
            [-1.0, 1.0 + wobble, -0.5 * wobble]
        }
    }

    /// Turns of (voice, start s, end s), one word per 300 ms, in segments of one turn each except
    /// that the last two turns are one segment (whisper often runs a reply into the question).
    fn recording(turns: &[(usize, u64, u64)]) -> (Vec<Segment>, FeatureFrames) {
        let mut frames = FeatureFrames::new(3);
        let mut segments = Vec::new();
        for &(v, from, to) in turns {
            let mut words = Vec::new();
            for t in (from * 1000..to * 1000).step_by(10) {
                frames.push(t + 5, &frame(v, t));
            }
            for w in (from * 1000..to * 1000).step_by(300) {
                words.push(Word {
                    start_ms: w,
                    end_ms: w + 280,
                    text: format!("v{v}"),
                    p: 0.9,
                });
            }
            segments.push(Segment {
                start_ms: from * 1000,
                end_ms: to * 1000,
                speaker: None,
                text: String::new(),
                words,
            });
        }
        let last = segments.pop().unwrap();
        let joined = segments.last_mut().unwrap();
        joined.end_ms = last.end_ms;
        joined.words.extend(last.words);
        (segments, frames)
    }

    const TURNS: [(usize, u64, u64); 6] = [
        (0, 0, 6),
        (1, 7, 15),
        (0, 16, 20),
        (1, 21, 30),
        (0, 31, 36),
        (1, 36, 42),
    ];

    #[test]
    fn two_voices_become_two_speakers_and_a_shared_segment_is_split_between_words() {
        let (segments, frames) = recording(&TURNS);
        let out = diarize(&segments, frames, Settings::new(SpeakerCount::Estimate));
        assert_eq!(out.speakers, 2);
        assert_eq!(out.segments.len(), 6, "{:#?}", out.segments);
        for s in &out.segments {
            let voice = if s.text.starts_with("v0") {
                "Speaker 1"
            } else {
                "Speaker 2"
            };
            assert_eq!(s.speaker.as_deref(), Some(voice), "{s:?}");
            assert!(s.words.iter().all(|w| w.text == s.words[0].text), "{s:?}");
        }
        assert_eq!(out.segments[5].start_ms, 36_000);
    }

    #[test]
    fn one_voice_leaves_the_transcript_unlabelled() {
        let one: Vec<(usize, u64, u64)> = TURNS.iter().map(|&(_, a, b)| (0, a, b)).collect();
        let (segments, frames) = recording(&one);
        let out = diarize(&segments, frames, Settings::new(SpeakerCount::Estimate));
        assert_eq!(out.speakers, 1);
        assert_eq!(out.segments, segments);
    }

    #[test]
    fn speakers_one_turns_diarization_off() {
        let (segments, frames) = recording(&TURNS);
        let out = diarize(&segments, frames, Settings::new(SpeakerCount::Exactly(1)));
        assert_eq!((out.speakers, out.segments), (1, segments));
    }
}
