//! `mockreview eval flags LABELS`: runs the full analyzer over a labelled set of sessions and
//! prints, per flag, true/false positives and false negatives with precision and recall, the
//! score-band agreement per rubric dimension, the inferred-role checks, and every mismatch.
//!
//! The labels file (TOML) lists sessions; paths are relative to the labels file:
//!
//! ```toml
//! [[session]]
//! file = "rate-limiter-weak.vtt"      # transcript (any format) or recording
//! candidate = "Sam Ortiz"             # optional: the candidate the analyzer must infer
//! present = ["tool-first-opening"]    # flags that must fire
//! absent = ["*"]                      # flags that must not fire; "*" = every flag not in `present`
//! scores = { clarification = "0-1", tradeoffs = "2" }   # expected draft score bands
//! ```
//!
//! Only labelled expectations count: a flag a session does not mention is neither right nor wrong.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Deserialize;

use crate::align::Phase;
use crate::analysis::{self, Analysis, AnalyzeOptions};
use crate::cli::{EvalFlagsArgs, WhisperOptions};
use crate::ids::Verdict;
use crate::lexicon::LexiconSet;
use crate::pipeline::Transcripts;
use crate::rubric::Dimension;
use crate::transcribe::Settings;
use crate::{output, rules, Error, Result};

/// A phase start further than this from its label is listed as a mismatch.
const PHASE_TOLERANCE_MS: u64 = 90_000;

pub fn run(args: EvalFlagsArgs) -> Result<ExitCode> {
    let splits: Vec<Option<String>> = match &args.split {
        Some(s) => vec![Some(s.clone())],
        None => {
            // A labels file with splits is reported split by split (dev first, the frozen eval
            // split after it), never as one blended number.
            let mut found: Vec<String> = read_labels(&args.labels)?
                .session
                .into_iter()
                .filter_map(|l| l.split)
                .collect();
            found.sort();
            found.dedup();
            if found.is_empty() {
                vec![None]
            } else {
                found.into_iter().map(Some).collect()
            }
        }
    };
    let mut out = String::new();
    for split in &splits {
        let evaluation = evaluate_split(&args.labels, &args.whisper, split.as_deref())?;
        if let Some(s) = split {
            let _ = writeln!(out, "== split: {s} ==");
        }
        out.push_str(&evaluation.report());
        out.push('\n');
    }
    output::emit(None, out.trim_end_matches('\n').as_bytes())?;
    output::emit(None, b"\n")?;
    Ok(ExitCode::SUCCESS)
}

fn read_labels(labels_path: &Path) -> Result<LabelsFile> {
    let text = std::fs::read_to_string(labels_path).map_err(|e| Error::io(labels_path, e))?;
    toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text.get(..s.start).map_or(1, |p| p.lines().count().max(1))
        });
        Error::at_line(labels_path, line, e.message().to_string())
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    session: Vec<Label>,
}

/// One labelled session.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub file: PathBuf,
    #[serde(default)]
    pub candidate: Option<String>,
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    pub scores: BTreeMap<String, String>,
    /// Free text for the reader of the labels file.
    #[serde(default)]
    pub note: Option<String>,
    /// "dev" (rules may be tuned on it) or "eval" (frozen); reported separately.
    #[serde(default)]
    pub split: Option<String>,
    /// The expected draft verdict: "below_bar", "senior" or "staff".
    #[serde(default)]
    pub verdict: Option<String>,
    /// Ground-truth phase starts (phase id → ms), where a listening coach puts them.
    #[serde(default)]
    pub phases: BTreeMap<String, u64>,
    /// When the interviewer states the problem (the session clock's start), in ms.
    #[serde(default)]
    pub prompt_ms: Option<u64>,
    /// Descriptive fields the session generator writes (`fixtures/sessions/render.py`).
    #[serde(default)]
    pub script: Option<String>,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub export: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub interviewer: Option<String>,
    /// Known analyzer gaps: expectations (a flag id or a dimension id) that are labelled with the
    /// truth but that the analyzer gets wrong today, each with the reason after a colon
    /// ("phase-overrun: the aligner starts the summary late"). They count like any other
    /// expectation in the numbers; tests/rules_fixtures.rs requires them to still be wrong, so a
    /// fix shows up as a test asking for the entry to be removed.
    #[serde(default)]
    pub known_gaps: Vec<String>,
}

impl Label {
    /// Whether an expectation (flag or dimension id) is listed as a known gap.
    pub fn is_known_gap(&self, id: &str) -> bool {
        self.known_gaps
            .iter()
            .any(|g| g.split(':').next().map(str::trim) == Some(id))
    }
}

/// An inclusive score band, "3-4" or "2".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub low: u8,
    pub high: u8,
}

impl Band {
    pub fn parse(text: &str) -> Option<Band> {
        let (low, high) = match text.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let v = text.trim().parse().ok()?;
                (v, v)
            }
        };
        (low <= high && high <= 4).then_some(Band { low, high })
    }

    pub fn contains(self, score: u8) -> bool {
        self.low <= score && score <= self.high
    }
}

/// Counts of one flag over the labelled set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagCounts {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
    pub tn: u32,
}

impl FlagCounts {
    pub fn precision(&self) -> Option<f64> {
        let d = self.tp + self.fp;
        (d > 0).then(|| f64::from(self.tp) / f64::from(d))
    }
    pub fn recall(&self) -> Option<f64> {
        let d = self.tp + self.fn_;
        (d > 0).then(|| f64::from(self.tp) / f64::from(d))
    }
    fn add(&mut self, o: FlagCounts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
    }
}

/// The result over the whole labelled set.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub sessions: usize,
    /// Per flag id, in id order.
    pub flags: BTreeMap<&'static str, FlagCounts>,
    /// Per dimension: (bands matched, bands labelled).
    pub bands: BTreeMap<Dimension, (u32, u32)>,
    /// (roles matched, roles labelled).
    pub roles: (u32, u32),
    /// (verdicts matched, verdicts labelled).
    pub verdicts: (u32, u32),
    /// Per labelled phase start: how far the analyzer's start is from it, in ms; `None` when
    /// the analyzer found no such phase.
    pub phase_errors: Vec<Option<u64>>,
    /// Every labelled expectation the analyzer missed, in labels order.
    pub mismatches: Vec<Mismatch>,
}

/// One labelled expectation the analyzer did not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub file: String,
    /// The flag id, dimension id, or "candidate".
    pub what: String,
    pub known_gap: bool,
    pub detail: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let gap = if self.known_gap { " [known gap]" } else { "" };
        write!(f, "{}: {}{gap}", self.file, self.detail)
    }
}

/// Runs the analyzer over every labelled session and compares.
pub fn evaluate(labels_path: &Path, whisper: &WhisperOptions) -> Result<Evaluation> {
    evaluate_split(labels_path, whisper, None)
}

/// Like [`evaluate`], over the sessions of one split only (all sessions when `split` is `None`).
pub fn evaluate_split(
    labels_path: &Path,
    whisper: &WhisperOptions,
    split: Option<&str>,
) -> Result<Evaluation> {
    let mut labels = read_labels(labels_path)?;
    if let Some(s) = split {
        labels.session.retain(|l| l.split.as_deref() == Some(s));
        if labels.session.is_empty() {
            return Err(Error::Usage(format!(
                "{}: no session has split = {s:?}",
                labels_path.display()
            )));
        }
    }
    let base = labels_path.parent().unwrap_or(Path::new("."));
    let known: Vec<&str> = rules::ids().into_iter().map(|r| r.as_str()).collect();
    // Check every label before running anything.
    for (i, l) in labels.session.iter().enumerate() {
        let where_ = format!("session {} ({})", i + 1, l.file.display());
        for id in l.present.iter().chain(&l.absent) {
            if id != "*" && !known.contains(&id.as_str()) {
                return Err(Error::input(
                    labels_path,
                    format!("{where_}: unknown flag {id:?}"),
                ));
            }
        }
        for gap in &l.known_gaps {
            let id = gap.split(':').next().unwrap_or("").trim();
            let labelled = l
                .present
                .iter()
                .chain(&l.absent)
                .any(|x| x == id || x == "*")
                || l.scores.contains_key(id)
                || (id == "candidate" && l.candidate.is_some());
            if !labelled
                || !(known.contains(&id) || Dimension::from_id(id).is_some() || id == "candidate")
            {
                return Err(Error::input(
                    labels_path,
                    format!(
                        "{where_}: known gap {id:?} is not a labelled flag, dimension or candidate"
                    ),
                ));
            }
        }
        if let Some(v) = &l.verdict {
            if Verdict::from_id(v).is_none() {
                return Err(Error::input(
                    labels_path,
                    format!("{where_}: unknown verdict {v:?}; expected below_bar, senior or staff"),
                ));
            }
        }
        for phase in l.phases.keys() {
            if Phase::from_id(phase).is_none() {
                return Err(Error::input(
                    labels_path,
                    format!("{where_}: unknown phase {phase:?}"),
                ));
            }
        }
        for (dim, band) in &l.scores {
            if Dimension::from_id(dim).is_none() {
                return Err(Error::input(
                    labels_path,
                    format!("{where_}: unknown dimension {dim:?}"),
                ));
            }
            if Band::parse(band).is_none() {
                return Err(Error::input(
                    labels_path,
                    format!("{where_}: score band {band:?} for {dim} is not \"N\" or \"N-M\" within 0-4"),
                ));
            }
        }
    }
    let lexicons = LexiconSet::builtin()?;
    let transcripts = Transcripts::new(Settings::from_options(whisper)?);
    let mut eval = Evaluation {
        flags: known
            .iter()
            .map(|&id| (id, FlagCounts::default()))
            .collect(),
        ..Evaluation::default()
    };
    for label in &labels.session {
        let path = base.join(&label.file);
        let analysis = analysis::analyze(
            &transcripts.load(&path, None)?,
            &lexicons,
            &AnalyzeOptions::default(),
        )?;
        eval.add(label, &analysis);
    }
    Ok(eval)
}

impl Evaluation {
    /// Scores one analysed session against its label.
    pub fn add(&mut self, label: &Label, a: &Analysis) {
        self.sessions += 1;
        let fired: Vec<&str> = a.flags.iter().map(|f| f.id.as_str()).collect();
        let wildcard = label.absent.iter().any(|x| x == "*");
        let ids: Vec<&'static str> = self.flags.keys().copied().collect();
        for id in ids {
            let present = label.present.iter().any(|x| x == id);
            let absent = !present && (wildcard || label.absent.iter().any(|x| x == id));
            let got = fired.contains(&id);
            let c = match (present, absent, got) {
                (true, _, true) => FlagCounts {
                    tp: 1,
                    ..Default::default()
                },
                (true, _, false) => {
                    self.mismatch(label, id, format!("expected {id}, it did not fire"));
                    FlagCounts {
                        fn_: 1,
                        ..Default::default()
                    }
                }
                (_, true, true) => {
                    let at = a.flags.iter().find(|f| f.id == id).map_or(0, |f| f.at_ms);
                    let detail = format!(
                        "{id} fired at {} but is labelled absent",
                        rules::util::mmss(at)
                    );
                    self.mismatch(label, id, detail);
                    FlagCounts {
                        fp: 1,
                        ..Default::default()
                    }
                }
                (_, true, false) => FlagCounts {
                    tn: 1,
                    ..Default::default()
                },
                _ => FlagCounts::default(),
            };
            self.flags.entry(id).or_default().add(c);
        }
        for (dim, band) in &label.scores {
            let (Some(d), Some(b)) = (Dimension::from_id(dim), Band::parse(band)) else {
                continue;
            };
            let entry = a.rubric.0.iter().find(|e| e.dimension == d);
            let score = entry.map(|e| e.score);
            let slot = self.bands.entry(d).or_insert((0, 0));
            slot.1 += 1;
            if score.is_some_and(|s| b.contains(s)) {
                slot.0 += 1;
            } else {
                let detail = format!(
                    "{dim} scored {} ({}), labelled {band}",
                    score.map_or("none".to_string(), |s| s.to_string()),
                    entry.map_or("not scored", |e| e.rationale.as_str())
                );
                self.mismatch(label, dim, detail);
            }
        }
        if let Some(expected) = &label.verdict {
            self.verdicts.1 += 1;
            if a.verdict.as_str() == expected {
                self.verdicts.0 += 1;
            } else {
                let detail = format!(
                    "verdict {} (average {}), labelled {expected}",
                    a.verdict,
                    a.average.map_or("-".to_string(), |x| format!("{x:.2}"))
                );
                self.mismatch(label, "verdict", detail);
            }
        }
        for (phase, &truth) in &label.phases {
            let got = a
                .phases
                .iter()
                .find(|p| p.id.id() == phase)
                .and_then(|p| p.start_ms);
            let error = got.map(|g| g.abs_diff(truth));
            if error.is_none_or(|e| e > PHASE_TOLERANCE_MS) {
                let detail = format!(
                    "phase {phase} starts at {}, labelled {}",
                    got.map_or("(not found)".to_string(), rules::util::mmss),
                    rules::util::mmss(truth)
                );
                self.mismatch(label, "phase", detail);
            }
            self.phase_errors.push(error);
        }
        if let Some(expected) = &label.candidate {
            self.roles.1 += 1;
            let got = a
                .speakers
                .iter()
                .find(|s| s.role == crate::roles::Role::Candidate)
                .map(|s| s.name.as_str());
            if got == Some(expected.as_str()) {
                self.roles.0 += 1;
            } else {
                let detail = format!(
                    "candidate inferred as {got:?}, labelled {expected:?} ({})",
                    a.roles_how
                );
                self.mismatch(label, "candidate", detail);
            }
        }
    }

    fn mismatch(&mut self, label: &Label, what: &str, detail: String) {
        self.mismatches.push(Mismatch {
            file: label.file.display().to_string(),
            what: what.to_string(),
            known_gap: label.is_known_gap(what),
            detail,
        });
    }

    /// Median phase-start error in ms; a phase the analyzer did not find counts as the largest
    /// error.
    pub fn median_phase_error(&self) -> Option<u64> {
        let mut errors: Vec<u64> = self
            .phase_errors
            .iter()
            .map(|e| e.unwrap_or(u64::MAX))
            .collect();
        errors.sort_unstable();
        errors
            .get(errors.len() / 2)
            .copied()
            .filter(|&e| e != u64::MAX)
    }

    /// Sum over every flag.
    pub fn total(&self) -> FlagCounts {
        let mut t = FlagCounts::default();
        for c in self.flags.values() {
            t.add(*c);
        }
        t
    }

    /// The printed report: a table per flag, band agreement per dimension, totals, mismatches.
    pub fn report(&self) -> String {
        let pct = |x: Option<f64>| x.map_or("   -".to_string(), |v| format!("{:>4.2}", v));
        let mut out = String::new();
        let _ = writeln!(out, "flags over {} labelled sessions", self.sessions);
        let _ = writeln!(
            out,
            "{:<34} {:>3} {:>3} {:>3} {:>3}  {:>9} {:>6}",
            "flag", "TP", "FP", "FN", "TN", "precision", "recall"
        );
        for (id, c) in &self.flags {
            let _ = writeln!(
                out,
                "{:<34} {:>3} {:>3} {:>3} {:>3}  {:>9} {:>6}",
                id,
                c.tp,
                c.fp,
                c.fn_,
                c.tn,
                pct(c.precision()),
                pct(c.recall())
            );
        }
        let t = self.total();
        let _ = writeln!(
            out,
            "{:<34} {:>3} {:>3} {:>3} {:>3}  {:>9} {:>6}",
            "total",
            t.tp,
            t.fp,
            t.fn_,
            t.tn,
            pct(t.precision()),
            pct(t.recall())
        );
        let _ = writeln!(out, "\nscore bands (draft score inside the labelled band)");
        let (mut hit, mut all) = (0, 0);
        for d in Dimension::ALL {
            let (m, n) = self.bands.get(&d).copied().unwrap_or((0, 0));
            hit += m;
            all += n;
            let _ = writeln!(out, "{:<34} {:>3}/{:<3}", d.id(), m, n);
        }
        let _ = writeln!(out, "{:<34} {:>3}/{:<3}", "total", hit, all);
        if self.roles.1 > 0 {
            let _ = writeln!(
                out,
                "\ninferred candidate matches label: {}/{}",
                self.roles.0, self.roles.1
            );
        }
        if self.verdicts.1 > 0 {
            let _ = writeln!(
                out,
                "verdict matches label: {}/{}",
                self.verdicts.0, self.verdicts.1
            );
        }
        if !self.phase_errors.is_empty() {
            let n = self.phase_errors.len();
            let within = |ms: u64| {
                self.phase_errors
                    .iter()
                    .filter(|e| e.is_some_and(|e| e <= ms))
                    .count()
            };
            let missing = self.phase_errors.iter().filter(|e| e.is_none()).count();
            let _ = writeln!(
                out,
                "phase starts: median error {}, within 60 s {}/{n}, within 90 s {}/{n}, not found {missing}",
                self.median_phase_error()
                    .map_or("-".to_string(), |ms| format!("{:.0} s", ms as f64 / 1000.0)),
                within(60_000),
                within(90_000),
            );
        }
        if self.mismatches.is_empty() {
            let _ = writeln!(out, "\nall labelled expectations met");
        } else {
            let known = self.mismatches.iter().filter(|m| m.known_gap).count();
            let _ = writeln!(
                out,
                "\nmismatches ({}, {known} of them known gaps)",
                self.mismatches.len()
            );
            for m in &self.mismatches {
                let _ = writeln!(out, "  {m}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_parse_single_scores_and_ranges_and_reject_nonsense() {
        assert_eq!(Band::parse("3-4"), Some(Band { low: 3, high: 4 }));
        assert_eq!(Band::parse("2"), Some(Band { low: 2, high: 2 }));
        assert_eq!(Band::parse("4-3"), None);
        assert_eq!(Band::parse("0-5"), None);
        assert_eq!(Band::parse("high"), None);
        assert!(Band::parse("0-1").is_some_and(|b| b.contains(1) && !b.contains(2)));
    }

    #[test]
    fn precision_and_recall_are_none_without_a_denominator() {
        let c = FlagCounts {
            tp: 3,
            fp: 1,
            fn_: 0,
            tn: 5,
        };
        assert_eq!(c.precision(), Some(0.75));
        assert_eq!(c.recall(), Some(1.0));
        assert_eq!(FlagCounts::default().precision(), None);
    }

    #[test]
    fn unknown_flag_in_labels_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("labels.toml");
        std::fs::write(
            &p,
            "[[session]]\nfile = \"x.txt\"\npresent = [\"no-such-flag\"]\n",
        )
        .unwrap();
        let e = evaluate(&p, &test_whisper()).unwrap_err().to_string();
        assert!(e.contains("unknown flag \"no-such-flag\""), "{e}");
    }

    #[test]
    fn unknown_key_in_labels_is_an_error_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("labels.toml");
        std::fs::write(&p, "[[session]]\nfile = \"x.txt\"\nflagz = []\n").unwrap();
        let e = evaluate(&p, &test_whisper()).unwrap_err().to_string();
        assert!(e.contains("labels.toml"), "{e}");
        assert!(e.contains("flagz"), "{e}");
    }

    #[test]
    fn known_gap_for_something_not_labelled_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("labels.toml");
        std::fs::write(
            &p,
            "[[session]]\nfile = \"x.txt\"\npresent = [\"missing-summary\"]\nknown_gaps = [\"tradeoffs: why\"]\n",
        )
        .unwrap();
        let e = evaluate(&p, &test_whisper()).unwrap_err().to_string();
        assert!(e.contains("known gap \"tradeoffs\""), "{e}");
    }

    fn test_whisper() -> WhisperOptions {
        use clap::Parser;
        #[derive(Parser)]
        struct W {
            #[command(flatten)]
            w: WhisperOptions,
        }
        W::parse_from(["w"]).w
    }
}
