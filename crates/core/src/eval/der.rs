//! Diarization error rate, the NIST definition (as `md-eval.pl` scores it):
//!
//! - time within `collar` of any reference turn's start or end is not scored;
//! - in every other stretch, with `R` reference and `H` hypothesis speakers talking and `C` of the
//!   hypothesis speakers mapped to one of those reference speakers, missed speech is
//!   `max(0, R − H)`, false alarm `max(0, H − R)` and confusion `min(R, H) − C`, each times the
//!   stretch's length;
//! - the mapping from hypothesis to reference speakers is one-to-one and the one that maximises the
//!   scored time both agree on (the optimal mapping);
//! - DER = (missed + false alarm + confusion) / reference speech (overlap counted once per speaker).
//!
//! Times are integer milliseconds, so the sums are exact.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One speaker talking from `start_ms` to `end_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerTurn {
    pub start_ms: u64,
    pub end_ms: u64,
    pub speaker: String,
}

/// The scored times, in milliseconds, and the mapping that gave them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DerScore {
    /// Scored reference speech (the denominator).
    pub reference_ms: u64,
    pub missed_ms: u64,
    pub false_alarm_ms: u64,
    pub confusion_ms: u64,
    /// Hypothesis speaker → reference speaker, for the speakers the optimal mapping pairs.
    pub mapping: BTreeMap<String, String>,
}

impl DerScore {
    pub fn der(&self) -> f64 {
        ratio(
            self.missed_ms + self.false_alarm_ms + self.confusion_ms,
            self.reference_ms,
        )
    }
    pub fn missed(&self) -> f64 {
        ratio(self.missed_ms, self.reference_ms)
    }
    pub fn false_alarm(&self) -> f64 {
        ratio(self.false_alarm_ms, self.reference_ms)
    }
    pub fn confusion(&self) -> f64 {
        ratio(self.confusion_ms, self.reference_ms)
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The speakers talking in one elementary stretch of time (indices into the speaker lists).
struct Stretch {
    len_ms: u64,
    reference: Vec<usize>,
    hypothesis: Vec<usize>,
}

/// Scores `hypothesis` against `reference` with a `collar_ms` no-score zone around every reference
/// turn edge.
pub fn score(reference: &[SpeakerTurn], hypothesis: &[SpeakerTurn], collar_ms: u64) -> DerScore {
    let ref_names = names(reference);
    let hyp_names = names(hypothesis);
    let stretches = stretches(reference, &ref_names, hypothesis, &hyp_names, collar_ms);

    let mut agree = vec![vec![0u64; hyp_names.len()]; ref_names.len()];
    for s in &stretches {
        for &r in &s.reference {
            for &h in &s.hypothesis {
                agree[r][h] += s.len_ms;
            }
        }
    }
    let pairs = best_mapping(&agree);
    let mut result = DerScore::default();
    for s in &stretches {
        let (r, h) = (s.reference.len() as u64, s.hypothesis.len() as u64);
        let correct = pairs
            .iter()
            .filter(|(pr, ph)| s.reference.contains(pr) && s.hypothesis.contains(ph))
            .count() as u64;
        result.reference_ms += r * s.len_ms;
        result.missed_ms += r.saturating_sub(h) * s.len_ms;
        result.false_alarm_ms += h.saturating_sub(r) * s.len_ms;
        result.confusion_ms += (r.min(h) - correct) * s.len_ms;
    }
    result.mapping = pairs
        .into_iter()
        .map(|(r, h)| (hyp_names[h].clone(), ref_names[r].clone()))
        .collect();
    result
}

/// Distinct speaker names in order of first appearance.
fn names(turns: &[SpeakerTurn]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in turns {
        if !out.contains(&t.speaker) {
            out.push(t.speaker.clone());
        }
    }
    out
}

fn index_of(names: &[String], speaker: &str) -> usize {
    names.iter().position(|n| n == speaker).unwrap_or(0)
}

/// Cuts the timeline at every turn edge and collar edge; keeps the scored stretches (outside every
/// collar) with who talks in each.
fn stretches(
    reference: &[SpeakerTurn],
    ref_names: &[String],
    hypothesis: &[SpeakerTurn],
    hyp_names: &[String],
    collar_ms: u64,
) -> Vec<Stretch> {
    let mut collars: Vec<(u64, u64)> = reference
        .iter()
        .flat_map(|t| [t.start_ms, t.end_ms])
        .map(|edge| (edge.saturating_sub(collar_ms), edge + collar_ms))
        .collect();
    let mut cuts: Vec<u64> = reference
        .iter()
        .chain(hypothesis)
        .flat_map(|t| [t.start_ms, t.end_ms])
        .chain(collars.iter().flat_map(|&(a, b)| [a, b]))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    collars.sort_unstable();
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        // A stretch lies wholly inside or wholly outside each turn and collar: test its start.
        let inside = |a: u64, b: u64| a <= from && to <= b;
        if collar_ms > 0 && collars.iter().any(|&(a, b)| inside(a, b)) {
            continue;
        }
        let talking = |turns: &[SpeakerTurn], names: &[String]| {
            let mut who: Vec<usize> = turns
                .iter()
                .filter(|t| inside(t.start_ms, t.end_ms))
                .map(|t| index_of(names, &t.speaker))
                .collect();
            who.sort_unstable();
            who.dedup();
            who
        };
        let stretch = Stretch {
            len_ms: to - from,
            reference: talking(reference, ref_names),
            hypothesis: talking(hypothesis, hyp_names),
        };
        if !stretch.reference.is_empty() || !stretch.hypothesis.is_empty() {
            out.push(stretch);
        }
    }
    out
}

/// The one-to-one pairing of reference rows and hypothesis columns with the largest total
/// agreement, as `(reference, hypothesis)` pairs with agreement above zero. Exact: dynamic
/// programming over the subsets of the smaller side (a diarizer gives at most a handful of
/// speakers, so the subsets are few).
fn best_mapping(agree: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let rows = agree.len();
    let cols = agree.first().map_or(0, Vec::len);
    let transposed = cols > rows;
    let (many, few) = if transposed {
        (cols, rows)
    } else {
        (rows, cols)
    };
    if few == 0 {
        return Vec::new();
    }
    assert!(
        few <= 20,
        "the optimal mapping is exact for at most 20 speakers on one side"
    );
    let weight = |m: usize, f: usize| if transposed { agree[f][m] } else { agree[m][f] };
    // best[i][mask]: the best total using the first i of `many`, pairing the `few` in `mask`.
    let states = 1usize << few;
    let mut best = vec![vec![None::<u64>; states]; many + 1];
    best[0][0] = Some(0);
    for m in 0..many {
        for mask in 0..states {
            let Some(total) = best[m][mask] else { continue };
            let keep = &mut best[m + 1][mask];
            *keep = Some(keep.map_or(total, |k| k.max(total)));
            for f in (0..few).filter(|f| mask & (1 << f) == 0) {
                let next = &mut best[m + 1][mask | (1 << f)];
                let value = total + weight(m, f);
                *next = Some(next.map_or(value, |n| n.max(value)));
            }
        }
    }
    // Walk back from the best end state to recover the pairs.
    let (mut mask, mut total) = (0..states)
        .filter_map(|mask| best[many][mask].map(|t| (mask, t)))
        .max_by_key(|&(mask, t)| (t, std::cmp::Reverse(mask)))
        .unwrap_or((0, 0));
    let mut pairs = Vec::new();
    for m in (0..many).rev() {
        if best[m][mask] == Some(total) {
            continue;
        }
        let f = (0..few)
            .find(|&f| {
                mask & (1 << f) != 0 && best[m][mask ^ (1 << f)] == Some(total - weight(m, f))
            })
            .expect("a step of the optimum");
        total -= weight(m, f);
        mask ^= 1 << f;
        if weight(m, f) > 0 {
            pairs.push(if transposed { (f, m) } else { (m, f) });
        }
    }
    pairs.sort_unstable();
    pairs
}

/// How many hypothesis words the reference gives to the speaker the hypothesis named (under the
/// optimal mapping). A word belongs to the reference speaker who talks longest within it; words
/// outside all reference speech are counted apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WordScore {
    pub right: usize,
    /// Words inside reference speech.
    pub scored: usize,
    /// Words where no reference speaker talks.
    pub outside: usize,
}

impl WordScore {
    pub fn share(&self) -> f64 {
        ratio(self.right as u64, self.scored as u64)
    }
}

/// `words`: each hypothesis word's time and speaker, as turns.
pub fn score_words(
    reference: &[SpeakerTurn],
    words: &[SpeakerTurn],
    mapping: &BTreeMap<String, String>,
) -> WordScore {
    let mut out = WordScore::default();
    for w in words {
        let mut talk: BTreeMap<&str, u64> = BTreeMap::new();
        for t in reference {
            let overlap = w
                .end_ms
                .min(t.end_ms)
                .saturating_sub(w.start_ms.max(t.start_ms));
            if overlap > 0 {
                *talk.entry(t.speaker.as_str()).or_default() += overlap;
            }
        }
        let Some((&owner, _)) = talk
            .iter()
            .max_by_key(|&(name, ms)| (*ms, std::cmp::Reverse(*name)))
        else {
            out.outside += 1;
            continue;
        };
        out.scored += 1;
        if mapping.get(&w.speaker).map(String::as_str) == Some(owner) {
            out.right += 1;
        }
    }
    out
}

/// The one-file report `mockreview eval diarization` prints.
pub fn report(name: &str, der: &DerScore, words: &WordScore, collar_ms: u64) -> String {
    let mut out = String::new();
    let pct = |x: f64| format!("{:.1} %", x * 100.0);
    let secs = |ms: u64| format!("{:.1} s", ms as f64 / 1000.0);
    let _ = writeln!(out, "{name}: diarization error rate {}", pct(der.der()));
    let _ = writeln!(
        out,
        "  scored speech {} (collar {:.2} s)",
        secs(der.reference_ms),
        collar_ms as f64 / 1000.0
    );
    let _ = writeln!(
        out,
        "  missed speech {:>7} ({})",
        pct(der.missed()),
        secs(der.missed_ms)
    );
    let _ = writeln!(
        out,
        "  false alarm   {:>7} ({})",
        pct(der.false_alarm()),
        secs(der.false_alarm_ms)
    );
    let _ = writeln!(
        out,
        "  confusion     {:>7} ({})",
        pct(der.confusion()),
        secs(der.confusion_ms)
    );
    for (hyp, reference) in &der.mapping {
        let _ = writeln!(out, "  {hyp} = {reference}");
    }
    let _ = writeln!(
        out,
        "  words to the right speaker {} ({} of {}; {} outside reference speech)",
        pct(words.share()),
        words.right,
        words.scored,
        words.outside
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start_ms: u64, end_ms: u64, speaker: &str) -> SpeakerTurn {
        SpeakerTurn {
            start_ms,
            end_ms,
            speaker: speaker.into(),
        }
    }

    #[test]
    fn a_perfect_hypothesis_with_other_names_scores_zero() {
        let reference = [t(0, 4000, "A"), t(4000, 10_000, "B")];
        let hypothesis = [t(0, 4000, "Speaker 2"), t(4000, 10_000, "Speaker 1")];
        let s = score(&reference, &hypothesis, 250);
        assert_eq!(s.der(), 0.0);
        assert_eq!(s.mapping["Speaker 1"], "B");
        assert_eq!(s.mapping["Speaker 2"], "A");
    }

    #[test]
    fn missed_false_alarm_and_confusion_by_hand() {
        // Reference: A 0–10 s, B 10–20 s. Hypothesis: X 0–12 s, Y 12–18 s, Y 25–27 s.
        // No collar. X ↔ A (10 s agree), Y ↔ B (6 s). 0–10: right. 10–12: B said by X: 2 s
        // confusion. 12–18: right. 18–20: B unheard: 2 s missed. 25–27: nobody talks: 2 s false alarm.
        let reference = [t(0, 10_000, "A"), t(10_000, 20_000, "B")];
        let hypothesis = [
            t(0, 12_000, "X"),
            t(12_000, 18_000, "Y"),
            t(25_000, 27_000, "Y"),
        ];
        let s = score(&reference, &hypothesis, 0);
        assert_eq!(s.reference_ms, 20_000);
        assert_eq!(s.confusion_ms, 2000);
        assert_eq!(s.missed_ms, 2000);
        assert_eq!(s.false_alarm_ms, 2000);
        assert!((s.der() - 0.3).abs() < 1e-12);
    }

    #[test]
    fn the_collar_removes_time_around_every_reference_edge() {
        // The same case with a 250 ms collar: edges at 0, 10, 20 s. Not scored: 0–0.25,
        // 9.75–10.25, 19.75–20.25. Reference speech 20 − 0.25 − 0.5 − 0.25 = 19 s. Confusion
        // 10.25–12 = 1.75 s, missed 18–19.75 = 1.75 s, false alarm 25–27 = 2 s.
        let reference = [t(0, 10_000, "A"), t(10_000, 20_000, "B")];
        let hypothesis = [
            t(0, 12_000, "X"),
            t(12_000, 18_000, "Y"),
            t(25_000, 27_000, "Y"),
        ];
        let s = score(&reference, &hypothesis, 250);
        assert_eq!(s.reference_ms, 19_000);
        assert_eq!(s.confusion_ms, 1750);
        assert_eq!(s.missed_ms, 1750);
        assert_eq!(s.false_alarm_ms, 2000);
    }

    #[test]
    fn overlapping_reference_speech_counts_once_per_speaker() {
        // A 0–10, B 5–10 (overlap): 15 s of reference speech. One hypothesis speaker 0–10 can
        // cover only one of them: 5 s missed.
        let reference = [t(0, 10_000, "A"), t(5000, 10_000, "B")];
        let s = score(&reference, &[t(0, 10_000, "X")], 0);
        assert_eq!(s.reference_ms, 15_000);
        assert_eq!(s.missed_ms, 5000);
        assert_eq!(s.confusion_ms, 0);
        assert_eq!(s.mapping["X"], "A");
    }

    #[test]
    fn the_mapping_is_optimal_not_greedy() {
        // Greedy on the largest agreement would pair X–A (6 s) and leave Y–B (1 s): 7 s.
        // The optimum pairs X–B (5 s) and Y–A (5 s): 10 s.
        let agree = vec![vec![6, 5], vec![5, 1]];
        assert_eq!(best_mapping(&agree), vec![(0, 1), (1, 0)]);
        // More hypothesis speakers than reference ones: the spare one stays unmapped.
        let agree = vec![vec![1, 9, 3]];
        assert_eq!(best_mapping(&agree), vec![(0, 1)]);
    }

    #[test]
    fn an_extra_hypothesis_speaker_is_confusion() {
        // A talks 0–10; the hypothesis splits it between X (0–6) and Y (6–10): 4 s confusion.
        let s = score(
            &[t(0, 10_000, "A")],
            &[t(0, 6000, "X"), t(6000, 10_000, "Y")],
            0,
        );
        assert_eq!(s.confusion_ms, 4000);
        assert_eq!(s.mapping.len(), 1);
    }

    #[test]
    fn words_go_to_the_reference_speaker_who_talks_longest_in_them() {
        let reference = [t(0, 1000, "A"), t(1000, 3000, "B")];
        let mapping: BTreeMap<String, String> = [
            ("X".to_string(), "A".to_string()),
            ("Y".to_string(), "B".to_string()),
        ]
        .into();
        let words = [
            t(100, 400, "X"),   // A's: right
            t(900, 1300, "X"),  // mostly B's: wrong
            t(2000, 2500, "Y"), // B's: right
            t(5000, 5200, "Y"), // nobody's
        ];
        let w = score_words(&reference, &words, &mapping);
        assert_eq!(
            w,
            WordScore {
                right: 2,
                scored: 3,
                outside: 1
            }
        );
    }
}
