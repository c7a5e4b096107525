//! Which channel(s) of a recording become the single 16 kHz track the decoder hears.

/// How a multi-channel recording is reduced to one track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelMode {
    /// Average every channel (the normal case: one conversation, any microphone layout).
    Mix,
    /// Keep one channel only (two-track recordings: one speaker per channel), 0-based.
    Only(usize),
}

/// Reduces interleaved frames to one channel, appending to `out`. A trailing partial frame is ignored.
pub fn reduce(interleaved: &[f32], channels: usize, mode: ChannelMode, out: &mut Vec<f32>) {
    if channels == 0 {
        return;
    }
    match mode {
        ChannelMode::Mix if channels == 1 => out.extend_from_slice(interleaved),
        ChannelMode::Mix => {
            let scale = 1.0 / channels as f32;
            out.extend(
                interleaved
                    .chunks_exact(channels)
                    .map(|frame| frame.iter().sum::<f32>() * scale),
            );
        }
        ChannelMode::Only(channel) => {
            out.extend(
                interleaved
                    .chunks_exact(channels)
                    .filter_map(|frame| frame.get(channel).copied()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keeps_the_chosen_channel_of_a_stereo_stream() {
        let interleaved = [1.0, -1.0, 2.0, -2.0, 3.0, -3.0];
        let mut left = Vec::new();
        let mut right = Vec::new();
        reduce(&interleaved, 2, ChannelMode::Only(0), &mut left);
        reduce(&interleaved, 2, ChannelMode::Only(1), &mut right);
        assert_eq!(left, vec![1.0, 2.0, 3.0]);
        assert_eq!(right, vec![-1.0, -2.0, -3.0]);
    }

    #[test]
    fn mix_averages_channels() {
        let mut out = Vec::new();
        reduce(
            &[0.5, 0.1, 0.3, 1.0, 0.0, -1.0],
            3,
            ChannelMode::Mix,
            &mut out,
        );
        assert_eq!(out.len(), 2);
        assert!((out[0] - 0.3).abs() < 1e-6);
        assert!(out[1].abs() < 1e-6);
    }

    #[test]
    fn mono_mix_is_a_copy() {
        let mut out = vec![9.0];
        reduce(&[0.25, 0.5], 1, ChannelMode::Mix, &mut out);
        assert_eq!(out, vec![9.0, 0.25, 0.5]);
    }

    #[test]
    fn channel_beyond_the_count_yields_nothing() {
        let mut out = Vec::new();
        reduce(&[1.0, 2.0], 2, ChannelMode::Only(5), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn partial_trailing_frame_is_ignored() {
        let mut out = Vec::new();
        reduce(&[1.0, 2.0, 3.0], 2, ChannelMode::Only(1), &mut out);
        assert_eq!(out, vec![2.0]);
    }
}
