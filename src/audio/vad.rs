//! Voice activity detection: per-frame speech scores (earshot) turned into padded speech regions.
//!
//! The region logic is pure and works on 16 ms frames: a region opens on the first frame scored as
//! speech, stays open through pauses shorter than `min_silence_frames`, is padded on both sides so
//! word onsets and tails are kept, is dropped if it holds too little speech (clicks, coughs), and is
//! split in its longest pause when it grows past `max_region_frames` (so it fits a decoder window).

/// Samples per VAD frame at 16 kHz (16 ms), fixed by earshot.
pub const FRAME_SAMPLES: usize = 256;

/// A frame count from milliseconds (16 ms frames, rounded up).
pub const fn frames_for_ms(ms: u64) -> u64 {
    ms.div_ceil(16)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VadConfig {
    /// Score at or above which a frame counts as speech.
    pub threshold: f32,
    /// Regions with fewer speech frames than this are dropped.
    pub min_speech_frames: u64,
    /// A pause this long ends a region; shorter pauses stay inside it.
    pub min_silence_frames: u64,
    /// Audio kept before and after the speech frames of a region.
    pub pad_frames: u64,
    /// Longest region before it is split.
    pub max_region_frames: u64,
}

impl Default for VadConfig {
    fn default() -> Self {
        VadConfig {
            threshold: 0.5,
            min_speech_frames: frames_for_ms(250),
            min_silence_frames: frames_for_ms(700),
            pad_frames: frames_for_ms(400),
            max_region_frames: frames_for_ms(28_000),
        }
    }
}

/// A padded speech region, in frames: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: u64,
    pub end: u64,
}

#[derive(Debug)]
struct Open {
    /// First frame of the region (before padding).
    start: u64,
    /// Whether `start` may be padded backwards (not when the region continues a forced split).
    pad_start: bool,
    last_speech: u64,
    speech_frames: u64,
    /// Scores since `start`, to find the quietest split point.
    scores: Vec<f32>,
}

/// Streams frame scores in, closed regions out. Regions come out in order and never overlap.
#[derive(Debug)]
pub struct RegionTracker {
    cfg: VadConfig,
    frame: u64,
    open: Option<Open>,
    prev_end: u64,
}

impl RegionTracker {
    pub fn new(cfg: VadConfig) -> Self {
        // Padding must fit inside the pause that ends a region, or padded regions would overlap.
        let cfg = VadConfig {
            pad_frames: cfg.pad_frames.min(cfg.min_silence_frames),
            max_region_frames: cfg.max_region_frames.max(2),
            ..cfg
        };
        RegionTracker {
            cfg,
            frame: 0,
            open: None,
            prev_end: 0,
        }
    }

    pub fn config(&self) -> &VadConfig {
        &self.cfg
    }

    /// First frame that a future region may still include (so audio before it can be dropped).
    pub fn keep_from_frame(&self) -> u64 {
        match &self.open {
            Some(open) => open
                .start
                .saturating_sub(self.cfg.pad_frames)
                .max(self.prev_end),
            None => self
                .frame
                .saturating_sub(self.cfg.pad_frames)
                .max(self.prev_end),
        }
    }

    /// Scores the next frame; returns a region that this frame closed, if any.
    pub fn push(&mut self, score: f32) -> Option<Region> {
        let f = self.frame;
        self.frame += 1;
        let speech = score >= self.cfg.threshold;
        let Some(open) = self.open.as_mut() else {
            if speech {
                self.open = Some(Open {
                    start: f,
                    pad_start: true,
                    last_speech: f,
                    speech_frames: 1,
                    scores: vec![score],
                });
            }
            return None;
        };
        open.scores.push(score);
        if speech {
            open.last_speech = f;
            open.speech_frames += 1;
        }
        if f - open.last_speech >= self.cfg.min_silence_frames {
            let open = self.open.take()?;
            return self.close(open, self.frame);
        }
        if f + 1 - open.start >= self.cfg.max_region_frames {
            return self.split();
        }
        None
    }

    /// Ends the stream of `total_frames` frames; returns the region still open, if any.
    pub fn finish(&mut self, total_frames: u64) -> Option<Region> {
        let open = self.open.take()?;
        self.close(open, total_frames)
    }

    fn close(&mut self, open: Open, limit: u64) -> Option<Region> {
        if open.speech_frames < self.cfg.min_speech_frames && open.pad_start {
            return None;
        }
        let start = if open.pad_start {
            open.start
                .saturating_sub(self.cfg.pad_frames)
                .max(self.prev_end)
        } else {
            open.start
        };
        let end = (open.last_speech + 1 + self.cfg.pad_frames)
            .min(limit)
            .max(start);
        self.prev_end = end;
        Some(Region { start, end })
    }

    /// Cuts an over-long region in the middle of its longest pause in the second half (see
    /// [`split_point`]); the rest stays open.
    fn split(&mut self) -> Option<Region> {
        let open = self.open.take()?;
        let cut = split_point(&open.scores, open.scores.len() / 2, self.cfg.threshold);
        let split_frame = open.start + cut as u64;
        let start = if open.pad_start {
            open.start
                .saturating_sub(self.cfg.pad_frames)
                .max(self.prev_end)
        } else {
            open.start
        };
        let rest: Vec<f32> = open.scores[cut..].to_vec();
        let threshold = self.cfg.threshold;
        let rest_speech = rest.iter().filter(|s| **s >= threshold).count() as u64;
        let rest_last = rest.iter().rposition(|s| *s >= threshold);
        self.prev_end = split_frame;
        match rest_last {
            Some(last) => {
                self.open = Some(Open {
                    start: split_frame,
                    pad_start: false,
                    last_speech: split_frame + last as u64,
                    speech_frames: rest_speech,
                    scores: rest,
                });
            }
            None => {
                // Only quiet frames after the cut: the region simply ended there.
                self.open = None;
            }
        }
        Some(Region {
            start,
            end: split_frame,
        })
    }
}

/// Where to cut a region that grew too long: the middle of the longest run of frames scored below
/// `threshold` at or after frame `from` (the later one on a tie, for longer windows), else the
/// quietest frame there. On talk from start to end there is no pause of `min_silence_frames`; the
/// pauses between sentences and words are shorter, and cutting inside one of them, rather than at a
/// frame that merely scores lowest, keeps every word whole on one side of the cut.
pub fn split_point(scores: &[f32], from: usize, threshold: f32) -> usize {
    let from = from.min(scores.len().saturating_sub(1));
    // (length, first frame) of the best run of quiet frames so far.
    let mut best: Option<(usize, usize)> = None;
    let mut run_start = None;
    for i in from..=scores.len() {
        let quiet = scores.get(i).is_some_and(|s| *s < threshold);
        match (quiet, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(start)) => {
                let len = i - start;
                if best.is_none_or(|(best_len, _)| len >= best_len) {
                    best = Some((len, start));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let cut = match best {
        Some((len, start)) => start + len / 2,
        None => {
            let mut quietest = from;
            for (i, s) in scores.iter().enumerate().skip(from) {
                if *s < scores[quietest] {
                    quietest = i;
                }
            }
            quietest
        }
    };
    cut.max(1)
}

/// earshot's neural detector behind a frame-at-a-time interface.
pub struct Detector {
    inner: Box<earshot::Detector>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector {
            inner: earshot::Detector::default_boxed(),
        }
    }
}

impl Detector {
    /// Speech probability of one 256-sample frame of 16 kHz audio in [-1, 1].
    pub fn score(&mut self, frame: &[f32; FRAME_SAMPLES]) -> f32 {
        self.inner.predict_f32(frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> VadConfig {
        VadConfig {
            threshold: 0.5,
            min_speech_frames: 3,
            min_silence_frames: 5,
            pad_frames: 2,
            max_region_frames: 1_000,
        }
    }

    /// Runs a score pattern ('#' speech, '.' silence) through the tracker.
    fn regions(cfg: VadConfig, pattern: &str) -> Vec<Region> {
        let mut t = RegionTracker::new(cfg);
        let mut out = Vec::new();
        for c in pattern.chars() {
            out.extend(t.push(if c == '#' { 0.9 } else { 0.1 }));
        }
        out.extend(t.finish(pattern.len() as u64));
        out
    }

    #[test]
    fn silence_only_gives_no_region() {
        assert!(regions(cfg(), "...................").is_empty());
    }

    #[test]
    fn speech_region_is_padded_on_both_sides() {
        // speech at frames 10..14
        let r = regions(cfg(), "..........####..........");
        assert_eq!(r, vec![Region { start: 8, end: 16 }]);
    }

    #[test]
    fn short_pause_stays_inside_the_region() {
        let r = regions(cfg(), "..........###...###..........");
        assert_eq!(r, vec![Region { start: 8, end: 21 }]);
    }

    #[test]
    fn long_pause_splits_regions_without_overlap() {
        let r = regions(cfg(), "..###.......###.........");
        assert_eq!(
            r,
            vec![Region { start: 0, end: 7 }, Region { start: 10, end: 17 }]
        );
    }

    #[test]
    fn too_little_speech_is_dropped_as_a_click() {
        assert!(regions(cfg(), "......##..........").is_empty());
        assert_eq!(regions(cfg(), "......###.........").len(), 1);
    }

    #[test]
    fn padding_is_clamped_at_the_stream_edges() {
        assert_eq!(regions(cfg(), "####"), vec![Region { start: 0, end: 4 }]);
    }

    #[test]
    fn long_speech_is_split_at_its_quietest_frame() {
        let cfg = VadConfig {
            max_region_frames: 20,
            ..cfg()
        };
        let mut t = RegionTracker::new(cfg);
        let mut out = Vec::new();
        // 40 frames of speech, with one dip to 0.6 at frame 15 (still speech, but quietest).
        for f in 0..40 {
            out.extend(t.push(if f == 15 { 0.6 } else { 0.9 }));
        }
        out.extend(t.finish(40));
        assert_eq!(out[0], Region { start: 0, end: 15 });
        // The rest continues from the cut, contiguous, with no padding overlap.
        assert_eq!(out[1].start, 15);
        assert!(out.windows(2).all(|w| w[0].end <= w[1].start));
        assert!(out.iter().all(|r| r.end - r.start <= 20));
        assert_eq!(out.last().map(|r| r.end), Some(40));
    }

    /// Scores from a pattern: '#' speech (0.9), '.' pause (0.1), 'o' a lone dip (0.3, below 0.5).
    fn scores(pattern: &str) -> Vec<f32> {
        pattern
            .chars()
            .map(|c| match c {
                '#' => 0.9,
                'o' => 0.3,
                _ => 0.1,
            })
            .collect()
    }

    #[test]
    fn split_point_is_the_middle_of_the_longest_pause() {
        // A one-frame dip at 12, a four-frame pause at 16..20: cut at 18, inside the pause.
        let s = scores("############o###....####");
        assert_eq!(split_point(&s, 10, 0.5), 18);
    }

    #[test]
    fn split_point_prefers_the_later_of_equal_pauses() {
        let s = scores("####..####..####");
        assert_eq!(split_point(&s, 2, 0.5), 11);
    }

    #[test]
    fn split_point_ignores_pauses_before_from() {
        let s = scores("#.........######.#####");
        assert_eq!(split_point(&s, 11, 0.5), 16);
    }

    #[test]
    fn split_point_counts_a_pause_running_to_the_end() {
        let s = scores("######.####...");
        assert_eq!(split_point(&s, 3, 0.5), 12);
    }

    #[test]
    fn split_point_without_a_pause_falls_back_to_the_quietest_frame() {
        let mut s = vec![0.9f32; 20];
        s[14] = 0.6;
        s[4] = 0.55;
        assert_eq!(split_point(&s, 10, 0.5), 14);
    }

    #[test]
    fn padding_longer_than_the_split_pause_is_capped() {
        let cfg = VadConfig {
            pad_frames: 50,
            ..cfg()
        };
        let r = regions(cfg, "###.......###");
        assert!(r.windows(2).all(|w| w[0].end <= w[1].start), "{r:?}");
    }

    #[test]
    fn keep_from_frame_covers_the_open_region_padding() {
        let mut t = RegionTracker::new(cfg());
        for _ in 0..10 {
            t.push(0.0);
        }
        assert_eq!(t.keep_from_frame(), 8);
        t.push(0.9);
        for _ in 0..3 {
            t.push(0.9);
        }
        assert_eq!(t.keep_from_frame(), 8);
    }

    #[test]
    fn detector_scores_silence_low() {
        let mut d = Detector::default();
        let silence = [0.0f32; FRAME_SAMPLES];
        let score = (0..20).map(|_| d.score(&silence)).fold(0.0, f32::max);
        assert!(score < 0.5, "{score}");
    }
}
