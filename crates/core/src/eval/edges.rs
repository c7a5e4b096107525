//! Errors at window edges: are words lost or broken where the audio was cut into decoder windows?
//!
//! The transcript is aligned to the reference word by word (the same edit distance as
//! [`super::wer`]). Every reference word gets a time, from the heard word it is aligned to (a
//! deleted word takes the time of the heard word before it), and every error (substitution,
//! deletion, insertion) is counted either near an edge (within `radius_ms` of one) or elsewhere.
//! A cutter that never cuts inside speech has the same error rate in both places.

use std::fmt::Write as _;

use super::wer::percent;

/// Reference words and errors near window edges and elsewhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EdgeCounts {
    pub edges: usize,
    pub near_words: usize,
    pub near_errors: usize,
    pub far_words: usize,
    pub far_errors: usize,
}

impl EdgeCounts {
    pub fn add(&mut self, other: &EdgeCounts) {
        self.edges += other.edges;
        self.near_words += other.near_words;
        self.near_errors += other.near_errors;
        self.far_words += other.far_words;
        self.far_errors += other.far_errors;
    }
}

/// Cuts inside continuous audio: the points where one decoded piece ends and the next begins with
/// nothing removed between them. `pieces` are (start, end) spans of the recording, in ms, in any
/// order; the result is sorted.
pub fn cuts_inside_speech(pieces: &[(u64, u64)]) -> Vec<u64> {
    let mut starts: Vec<u64> = pieces.iter().map(|p| p.0).collect();
    starts.sort_unstable();
    let mut cuts: Vec<u64> = pieces
        .iter()
        .map(|p| p.1)
        .filter(|end| starts.binary_search(end).is_ok())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Reference and heard word aligned (equal or substituted).
    Pair,
    /// A reference word not heard.
    Deleted,
    /// A heard word not in the reference.
    Inserted,
}

/// The edit-distance alignment, as steps from the start.
fn align(reference: &[String], heard: &[&str]) -> Vec<Step> {
    let (n, m) = (reference.len(), heard.len());
    // One byte a cell for the way back; costs two rows at a time.
    let mut back = vec![Step::Pair; (n + 1) * (m + 1)];
    let mut prev: Vec<u32> = (0..=m as u32).collect();
    let mut cur = vec![0u32; m + 1];
    back[1..=m].fill(Step::Inserted);
    for i in 1..=n {
        cur[0] = i as u32;
        back[i * (m + 1)] = Step::Deleted;
        for j in 1..=m {
            let pair = prev[j - 1] + u32::from(reference[i - 1] != heard[j - 1]);
            let deleted = prev[j] + 1;
            let inserted = cur[j - 1] + 1;
            let (cost, step) = if pair <= deleted && pair <= inserted {
                (pair, Step::Pair)
            } else if deleted <= inserted {
                (deleted, Step::Deleted)
            } else {
                (inserted, Step::Inserted)
            };
            cur[j] = cost;
            back[i * (m + 1) + j] = step;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let step = back[i * (m + 1) + j];
        steps.push(step);
        match step {
            Step::Pair => (i, j) = (i - 1, j - 1),
            Step::Deleted => i -= 1,
            Step::Inserted => j -= 1,
        }
    }
    steps.reverse();
    steps
}

/// Counts reference words and errors near `edges` (sorted, ms) and elsewhere. `heard` is the
/// normalised transcript, each word with its time in the recording (ms).
pub fn edge_errors(
    reference: &[String],
    heard: &[(String, u64)],
    edges: &[u64],
    radius_ms: u64,
) -> EdgeCounts {
    let near = |t: u64| {
        let i = edges.partition_point(|e| *e < t.saturating_sub(radius_ms));
        edges.get(i).is_some_and(|e| *e <= t + radius_ms)
    };
    let words: Vec<&str> = heard.iter().map(|(w, _)| w.as_str()).collect();
    let mut counts = EdgeCounts {
        edges: edges.len(),
        ..EdgeCounts::default()
    };
    let mut count = |t: u64, is_word: bool, is_error: bool| {
        let (w, e) = if near(t) {
            (&mut counts.near_words, &mut counts.near_errors)
        } else {
            (&mut counts.far_words, &mut counts.far_errors)
        };
        *w += usize::from(is_word);
        *e += usize::from(is_error);
    };
    let (mut i, mut j) = (0, 0);
    // A deleted word before any heard word takes the first heard word's time.
    let mut last_time = heard.first().map_or(0, |h| h.1);
    for step in align(reference, &words) {
        match step {
            Step::Pair => {
                last_time = heard[j].1;
                count(last_time, true, reference[i] != heard[j].0);
                (i, j) = (i + 1, j + 1);
            }
            Step::Deleted => {
                count(last_time, true, true);
                i += 1;
            }
            Step::Inserted => {
                last_time = heard[j].1;
                count(last_time, false, true);
                j += 1;
            }
        }
    }
    counts
}

/// One line per clip: edges, and the error rate near them against elsewhere.
pub fn table(rows: &[(String, EdgeCounts)], radius_ms: u64) -> String {
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(7);
    let secs = radius_ms as f64 / 1000.0;
    let mut out = format!(
        "{:<width$}  {:>5}  {:>22}  {:>22}\n",
        "clip",
        "cuts",
        format!("within {secs:.1} s of a cut"),
        "elsewhere"
    );
    let mut total = EdgeCounts::default();
    let mut line = |name: &str, c: &EdgeCounts| {
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {:>7} of {:>5} {:>5.1}%  {:>7} of {:>5} {:>5.1}%",
            name,
            c.edges,
            c.near_errors,
            c.near_words,
            percent(c.near_errors, c.near_words),
            c.far_errors,
            c.far_words,
            percent(c.far_errors, c.far_words)
        );
    };
    for (name, c) in rows {
        line(name, c);
        total.add(c);
    }
    line("overall", &total);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::wer::normalize;

    fn timed(words: &[(&str, u64)]) -> Vec<(String, u64)> {
        words.iter().map(|(w, t)| (w.to_string(), *t)).collect()
    }

    #[test]
    fn contiguous_pieces_meet_at_a_cut_and_gaps_are_not_cuts() {
        // 0–28 s and 28–40 s touch; 45–50 s follows removed silence.
        assert_eq!(
            cuts_inside_speech(&[(45_000, 50_000), (0, 28_000), (28_000, 40_000)]),
            [28_000]
        );
        assert!(cuts_inside_speech(&[(0, 1_000), (2_000, 3_000)]).is_empty());
    }

    #[test]
    fn errors_are_counted_where_they_happen() {
        let reference = normalize("i heard a beep this is diane");
        // "a beep" heard as "of deep" at 12 s, next to a cut at 12.2 s.
        let heard = timed(&[
            ("i", 11_000),
            ("heard", 11_400),
            ("of", 11_900),
            ("deep", 12_300),
            ("this", 14_000),
            ("is", 14_200),
            ("diane", 14_500),
        ]);
        let c = edge_errors(&reference, &heard, &[12_200], 1_000);
        assert_eq!(c.edges, 1);
        assert_eq!((c.near_words, c.near_errors), (3, 2));
        assert_eq!((c.far_words, c.far_errors), (4, 0));
    }

    #[test]
    fn a_deleted_word_takes_the_time_of_the_word_before_it() {
        let reference = normalize("one two three four");
        let heard = timed(&[("one", 1_000), ("two", 5_000), ("four", 9_000)]);
        // "three" is lost right after "two", at 5 s: near the cut at 5.5 s.
        let c = edge_errors(&reference, &heard, &[5_500], 1_000);
        assert_eq!((c.near_words, c.near_errors), (2, 1));
        assert_eq!((c.far_words, c.far_errors), (2, 0));
    }

    #[test]
    fn inserted_words_count_as_errors_but_not_as_reference_words() {
        let reference = normalize("hello there");
        let heard = timed(&[("hello", 100), ("uh", 20_000), ("there", 20_100)]);
        let c = edge_errors(&reference, &heard, &[20_000], 500);
        assert_eq!((c.near_words, c.near_errors), (1, 1));
        assert_eq!((c.far_words, c.far_errors), (1, 0));
    }

    #[test]
    fn with_no_edges_every_error_is_elsewhere_and_totals_match_the_wer() {
        let reference = normalize("the cat sat on the mat");
        let heard = timed(&[("the", 0), ("cat", 1), ("sit", 2), ("the", 3), ("mat", 4)]);
        let c = edge_errors(&reference, &heard, &[], 1_000);
        let hyp: Vec<String> = heard.iter().map(|h| h.0.clone()).collect();
        assert_eq!(
            c.far_errors,
            crate::eval::wer::word_errors(&reference, &hyp)
        );
        assert_eq!((c.near_words, c.near_errors, c.far_words), (0, 0, 6));
    }
}
