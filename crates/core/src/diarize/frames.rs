//! Per-frame voice features on the recording's timeline: what the audio side hands to diarization.

/// Feature vectors (`dim` numbers each) at increasing times, e.g. one MFCC vector per 10 ms of
/// speech. Only speech is here: the times skip the silence the voice activity detector removed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeatureFrames {
    pub dim: usize,
    /// The time of each frame's centre, in ms, non-decreasing.
    pub times_ms: Vec<u64>,
    /// `times_ms.len() × dim` values, frame after frame.
    pub values: Vec<f32>,
}

impl FeatureFrames {
    pub fn new(dim: usize) -> Self {
        FeatureFrames {
            dim,
            ..FeatureFrames::default()
        }
    }

    pub fn len(&self) -> usize {
        self.times_ms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.times_ms.is_empty()
    }

    /// Appends one frame; frames must come in time order.
    pub fn push(&mut self, time_ms: u64, values: &[f32]) {
        debug_assert_eq!(values.len(), self.dim);
        debug_assert!(self.times_ms.last().is_none_or(|&t| t <= time_ms));
        self.times_ms.push(time_ms);
        self.values.extend_from_slice(values);
    }

    pub fn frame(&self, i: usize) -> &[f32] {
        &self.values[i * self.dim..(i + 1) * self.dim]
    }

    /// The frames whose centre lies in `[start_ms, end_ms)`, as an index range.
    pub fn range(&self, start_ms: u64, end_ms: u64) -> std::ops::Range<usize> {
        let lo = self.times_ms.partition_point(|&t| t < start_ms);
        let hi = self.times_ms.partition_point(|&t| t < end_ms);
        lo..hi.max(lo)
    }

    /// Every dimension shifted to mean 0 and scaled to variance 1 over the whole recording, so the
    /// channel (microphone, room) weighs less and no dimension dominates the distances.
    pub fn normalize(&mut self) {
        let n = self.len();
        if n < 2 {
            return;
        }
        for d in 0..self.dim {
            let mean = (0..n)
                .map(|i| f64::from(self.values[i * self.dim + d]))
                .sum::<f64>()
                / n as f64;
            let var = (0..n)
                .map(|i| (f64::from(self.values[i * self.dim + d]) - mean).powi(2))
                .sum::<f64>()
                / n as f64;
            let scale = if var > 1e-12 { 1.0 / var.sqrt() } else { 1.0 };
            for i in 0..n {
                let v = &mut self.values[i * self.dim + d];
                *v = ((f64::from(*v) - mean) * scale) as f32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_finds_the_frames_centred_inside_a_span() {
        let mut f = FeatureFrames::new(1);
        for t in [5, 15, 25, 35] {
            f.push(t, &[t as f32]);
        }
        assert_eq!(f.range(10, 30), 1..3);
        assert_eq!(f.range(40, 50), 4..4);
        assert_eq!(f.range(0, 5), 0..0);
    }

    #[test]
    fn normalize_gives_each_dimension_mean_zero_and_unit_variance() {
        let mut f = FeatureFrames::new(2);
        f.push(0, &[1.0, 10.0]);
        f.push(10, &[3.0, 10.0]);
        f.normalize();
        assert_eq!(f.frame(0), &[-1.0, 0.0]);
        assert_eq!(f.frame(1), &[1.0, 0.0]);
    }
}
