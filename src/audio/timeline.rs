//! Mapping from a decoder window's packed time back to the original recording.
//!
//! VAD removes silence and packs the remaining speech pieces into one window, with a short gap of
//! zeros between pieces. Whisper's timestamps are relative to that packed audio; every one of them is
//! mapped back through this piecewise-linear map, so times never drift after removed silence.

/// One stretch of original audio copied into the window, in 16 kHz samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub packed_start: u64,
    pub original_start: u64,
    pub len: u64,
}

impl Piece {
    fn packed_end(&self) -> u64 {
        self.packed_start + self.len
    }
    fn original_end(&self) -> u64 {
        self.original_start + self.len
    }
}

/// Which side of a time span a timestamp is: matters only for times in a gap between pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// A start time in a gap belongs to the speech that follows.
    Start,
    /// An end time in a gap belongs to the speech before.
    End,
}

const SAMPLES_PER_MS: u64 = 16;

/// Pieces in packed order; both packed and original starts increase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeMap {
    pieces: Vec<Piece>,
}

impl TimeMap {
    pub fn new() -> Self {
        TimeMap { pieces: Vec::new() }
    }

    /// Appends a piece. Pieces must come in order and not overlap, in packed and original time; a
    /// piece that continues the last one in both extends it.
    pub fn push(&mut self, piece: Piece) {
        debug_assert!(self.pieces.last().is_none_or(|p| {
            p.packed_end() <= piece.packed_start && p.original_end() <= piece.original_start
        }));
        if let Some(last) = self.pieces.last_mut() {
            if last.packed_end() == piece.packed_start
                && last.original_end() == piece.original_start
            {
                last.len += piece.len;
                return;
            }
        }
        self.pieces.push(piece);
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The original-recording sample for a packed sample.
    pub fn original_sample(&self, packed: u64, edge: Edge) -> u64 {
        let (Some(first), Some(last)) = (self.pieces.first(), self.pieces.last()) else {
            return packed;
        };
        if packed <= first.packed_start {
            return first.original_start;
        }
        if packed >= last.packed_end() {
            return last.original_end();
        }
        // The last piece starting at or before `packed` (exists: packed > first.packed_start).
        let i = self.pieces.partition_point(|p| p.packed_start <= packed) - 1;
        let piece = self.pieces[i];
        let inside = packed - piece.packed_start;
        if inside < piece.len {
            return piece.original_start + inside;
        }
        if packed == piece.packed_end() || edge == Edge::End {
            return piece.original_end();
        }
        // A start time inside the gap after `piece`: the next piece exists since packed < last end.
        self.pieces
            .get(i + 1)
            .map_or(piece.original_end(), |next| next.original_start)
    }

    /// The original-recording time in ms for a packed time in ms.
    pub fn original_ms(&self, packed_ms: u64, edge: Edge) -> u64 {
        let sample = self.original_sample(packed_ms.saturating_mul(SAMPLES_PER_MS), edge);
        (sample + SAMPLES_PER_MS / 2) / SAMPLES_PER_MS
    }

    /// The original span (ms) of something said from `start_ms` to `end_ms` in packed time. It
    /// cannot run past the end of the speech piece it starts in: whisper's token times overshoot,
    /// and an end that strays into the next piece would stretch a word across removed silence.
    pub fn original_span_ms(&self, start_ms: u64, end_ms: u64) -> (u64, u64) {
        let start = self.original_ms(start_ms, Edge::Start);
        let mut end = self.original_ms(end_ms, Edge::End);
        let start_sample = start.saturating_mul(SAMPLES_PER_MS);
        if let Some(piece) = self
            .pieces
            .iter()
            .find(|p| p.original_start <= start_sample && start_sample < p.original_end())
        {
            let piece_end = (piece.original_end() + SAMPLES_PER_MS / 2) / SAMPLES_PER_MS;
            end = end.min(piece_end);
        }
        (start, end.max(start))
    }

    /// Silence removed between two packed times (ms): original distance minus packed distance.
    /// A word boundary with a large value sits on a cut where a long pause was taken out.
    pub fn removed_ms_between(&self, earlier_end_ms: u64, later_start_ms: u64) -> u64 {
        let original = self
            .original_ms(later_start_ms, Edge::Start)
            .saturating_sub(self.original_ms(earlier_end_ms, Edge::End));
        original.saturating_sub(later_start_ms.saturating_sub(earlier_end_ms))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two pieces of speech with a 250 ms (4000-sample) gap between them in the window:
    /// original 10.000–12.000 s → packed 0–2.000 s; original 70.000–71.000 s → packed 2.250–3.250 s.
    /// Shared with the transcriber's tests.
    pub(crate) fn two_pieces() -> TimeMap {
        let mut m = TimeMap::new();
        m.push(Piece {
            packed_start: 0,
            original_start: 160_000,
            len: 32_000,
        });
        m.push(Piece {
            packed_start: 36_000,
            original_start: 1_120_000,
            len: 16_000,
        });
        m
    }

    #[test]
    fn times_inside_pieces_shift_by_the_piece_offset() {
        let m = two_pieces();
        assert_eq!(m.original_ms(0, Edge::Start), 10_000);
        assert_eq!(m.original_ms(1_500, Edge::Start), 11_500);
        assert_eq!(m.original_ms(2_250, Edge::Start), 70_000);
        assert_eq!(m.original_ms(2_900, Edge::End), 70_650);
    }

    #[test]
    fn no_drift_after_removed_silence() {
        // The pitfall: timestamps after a cut must land in the later speech, 58 s later, not near 12 s.
        let m = two_pieces();
        let later = m.original_ms(3_000, Edge::Start);
        assert_eq!(later, 70_750);
        assert_eq!(later - m.original_ms(2_250, Edge::Start), 750);
    }

    #[test]
    fn end_of_a_piece_maps_to_its_own_end_not_the_next_piece() {
        let m = two_pieces();
        assert_eq!(m.original_ms(2_000, Edge::End), 12_000);
        assert_eq!(m.original_ms(2_000, Edge::Start), 12_000);
    }

    #[test]
    fn gap_times_snap_to_the_adjacent_speech_by_edge() {
        let m = two_pieces();
        assert_eq!(m.original_ms(2_100, Edge::Start), 70_000);
        assert_eq!(m.original_ms(2_100, Edge::End), 12_000);
    }

    #[test]
    fn times_outside_the_window_clamp_to_its_ends() {
        let m = two_pieces();
        assert_eq!(m.original_ms(3_250, Edge::End), 71_000);
        assert_eq!(m.original_ms(29_990, Edge::End), 71_000);
        assert_eq!(m.original_ms(29_990, Edge::Start), 71_000);
    }

    #[test]
    fn a_window_starting_late_maps_zero_to_its_first_piece() {
        let mut m = TimeMap::new();
        m.push(Piece {
            packed_start: 1_600,
            original_start: 480_000,
            len: 16_000,
        });
        assert_eq!(m.original_ms(0, Edge::Start), 30_000);
        assert_eq!(m.original_ms(100, Edge::Start), 30_000);
        assert_eq!(m.original_ms(600, Edge::End), 30_500);
    }

    #[test]
    fn contiguous_pieces_map_their_shared_boundary_consistently() {
        // A forced split inside long speech leaves pieces with no gap between them.
        let mut m = TimeMap::new();
        m.push(Piece {
            packed_start: 0,
            original_start: 0,
            len: 16_000,
        });
        m.push(Piece {
            packed_start: 16_000,
            original_start: 16_000,
            len: 16_000,
        });
        for ms in [0, 999, 1_000, 1_001, 2_000] {
            assert_eq!(m.original_ms(ms, Edge::Start), ms);
            assert_eq!(m.original_ms(ms, Edge::End), ms);
        }
    }

    #[test]
    fn empty_map_is_identity() {
        assert_eq!(TimeMap::new().original_ms(1_234, Edge::End), 1_234);
    }

    #[test]
    fn a_span_cannot_stretch_across_removed_silence() {
        let m = two_pieces();
        // Ends in the next piece (whisper overshoot): cut at the end of the piece it starts in.
        assert_eq!(m.original_span_ms(1_800, 2_600), (11_800, 12_000));
        // Ends in the gap: the end of its own piece.
        assert_eq!(m.original_span_ms(1_800, 2_100), (11_800, 12_000));
        // Within one piece: unchanged.
        assert_eq!(m.original_span_ms(2_300, 2_900), (70_050, 70_650));
        // Starts in the gap: belongs to the next piece.
        assert_eq!(m.original_span_ms(2_100, 2_500), (70_000, 70_250));
    }

    #[test]
    fn removed_silence_is_measured_across_the_cut_only() {
        let m = two_pieces();
        assert_eq!(m.removed_ms_between(2_000, 2_250), 57_750);
        assert_eq!(m.removed_ms_between(500, 1_500), 0);
    }

    #[test]
    fn mapping_is_monotonic_for_both_edges() {
        let m = two_pieces();
        for edge in [Edge::Start, Edge::End] {
            let mut prev = 0;
            for ms in 0..3_400 {
                let t = m.original_ms(ms, edge);
                assert!(t >= prev, "{edge:?} {ms}: {t} < {prev}");
                prev = t;
            }
        }
    }
}
