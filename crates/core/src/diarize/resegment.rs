//! Word-level speaker decisions: a Gaussian per voice over its frames, then the most likely
//! sequence of speakers word by word (Viterbi), where changing speaker between two words costs a
//! fixed penalty. Clustering labels chunks of a second or more; this moves each turn edge to the
//! word boundary where the voice actually changes.

use super::frames::FeatureFrames;

/// Smallest variance a voice model may have (features are normalised to variance 1): a voice
/// heard briefly must not get a needle-sharp model.
const VARIANCE_FLOOR: f64 = 0.05;

/// A diagonal Gaussian over feature frames.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceModel {
    mean: Vec<f64>,
    inv_var: Vec<f64>,
    log_norm: f64,
}

impl VoiceModel {
    /// The model of the frames in `ranges`; `None` when they hold no frame.
    pub fn fit(frames: &FeatureFrames, ranges: &[std::ops::Range<usize>]) -> Option<VoiceModel> {
        let dim = frames.dim;
        let (mut n, mut sum, mut sq) = (0usize, vec![0f64; dim], vec![0f64; dim]);
        for i in ranges.iter().flat_map(|r| r.clone()) {
            n += 1;
            for (d, &x) in frames.frame(i).iter().enumerate() {
                sum[d] += f64::from(x);
                sq[d] += f64::from(x) * f64::from(x);
            }
        }
        if n == 0 {
            return None;
        }
        let mean: Vec<f64> = sum.iter().map(|s| s / n as f64).collect();
        let var: Vec<f64> = (0..dim)
            .map(|d| (sq[d] / n as f64 - mean[d] * mean[d]).max(VARIANCE_FLOOR))
            .collect();
        let log_norm = -0.5
            * var
                .iter()
                .map(|v| (2.0 * std::f64::consts::PI * v).ln())
                .sum::<f64>();
        Some(VoiceModel {
            mean,
            inv_var: var.iter().map(|v| 1.0 / v).collect(),
            log_norm,
        })
    }

    /// Log-likelihood of one frame.
    pub fn log_likelihood(&self, x: &[f32]) -> f64 {
        let mut acc = 0.0;
        for ((&x, m), iv) in x.iter().zip(&self.mean).zip(&self.inv_var) {
            let diff = f64::from(x) - m;
            acc += diff * diff * iv;
        }
        self.log_norm - 0.5 * acc
    }
}

/// The most likely speaker for every unit (a word), given each unit's summed log-likelihood under
/// each voice (`scores[unit][voice]`) and the cost of a change of speaker between two units.
pub fn viterbi(scores: &[Vec<f64>], switch_penalty: f64) -> Vec<usize> {
    let Some(first) = scores.first() else {
        return Vec::new();
    };
    let k = first.len();
    let mut total = first.clone();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(scores.len());
    back.push((0..k).collect());
    for unit in &scores[1..] {
        let (best_prev, best_score) = argmax(&total);
        let mut next = vec![0.0; k];
        let mut from = vec![0; k];
        for s in 0..k {
            let (prev, stay) = if total[s] >= best_score - switch_penalty {
                (s, total[s])
            } else {
                (best_prev, best_score - switch_penalty)
            };
            next[s] = stay + unit[s];
            from[s] = prev;
        }
        total = next;
        back.push(from);
    }
    let mut state = argmax(&total).0;
    let mut path = vec![0; scores.len()];
    for t in (0..scores.len()).rev() {
        path[t] = state;
        state = back[t][state];
    }
    path
}

/// Index and value of the largest score (the first on ties).
fn argmax(values: &[f64]) -> (usize, f64) {
    values
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 {
                (i, v)
            } else {
                best
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_blip_is_not_worth_a_change_of_speaker() {
        // Voice 1 is slightly likelier for one word in the middle of voice 0's turn.
        let scores = vec![
            vec![0.0, -10.0],
            vec![0.0, -10.0],
            vec![-3.0, 0.0],
            vec![0.0, -10.0],
            vec![-10.0, 0.0],
            vec![-10.0, 0.0],
        ];
        assert_eq!(viterbi(&scores, 5.0), vec![0, 0, 0, 0, 1, 1]);
        // With no penalty every word goes its own way.
        assert_eq!(viterbi(&scores, 0.0), vec![0, 0, 1, 0, 1, 1]);
    }

    #[test]
    fn a_voice_model_prefers_frames_like_its_own() {
        let mut f = FeatureFrames::new(2);
        for (t, x) in [[1.0, 0.0], [1.2, 0.1], [0.8, -0.1], [-1.0, 2.0]]
            .iter()
            .enumerate()
        {
            f.push(t as u64 * 10, x);
        }
        // Two ranges: the frames of two words.
        let model = VoiceModel::fit(&f, &[0..2, 2..3]).unwrap();
        assert!(model.log_likelihood(f.frame(0)) > model.log_likelihood(f.frame(3)));
        assert!(VoiceModel::fit(&f, &[2..2, 3..3]).is_none());
    }
}
