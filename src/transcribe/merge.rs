//! Two-track recordings: each channel's segments, merged into one transcript by time.

use crate::transcript::Segment;

/// Merges per-track segment lists by start time; ties keep track order (stable).
pub fn merge_by_time(tracks: Vec<Vec<Segment>>) -> Vec<Segment> {
    let mut all: Vec<(usize, Segment)> = tracks
        .into_iter()
        .enumerate()
        .flat_map(|(i, segs)| segs.into_iter().map(move |s| (i, s)))
        .collect();
    all.sort_by_key(|(track, s)| (s.start_ms, *track, s.end_ms));
    all.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_merge_by_start_time_with_stable_ties() {
        let seg = |start_ms, who: &str| Segment {
            start_ms,
            end_ms: start_ms + 100,
            speaker: Some(who.into()),
            text: "x".into(),
            words: vec![],
        };
        let merged = merge_by_time(vec![
            vec![seg(0, "a"), seg(500, "a")],
            vec![seg(200, "b"), seg(500, "b")],
        ]);
        let order: Vec<(u64, &str)> = merged
            .iter()
            .map(|s| (s.start_ms, s.speaker.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(order, [(0, "a"), (200, "b"), (500, "a"), (500, "b")]);
    }
}
