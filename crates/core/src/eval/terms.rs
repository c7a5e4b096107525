//! Lexicon term recall: how many lexicon terms survive speech-to-text.
//!
//! The built-in lexicons scan a transcript and its script; the distinct (lexicon, term) pairs
//! found in the script are the reference and those found in the transcript the hypothesis:
//! recall = matched / script pairs, precision = matched / transcript pairs. Totals sum the pair
//! counts over all files (micro-average). `mockreview eval terms` prints [`report`], with the
//! pairs only the sound-alike stage found: on the transcript they are what the stage adds, on the
//! script (text spelled right) they are false alarms.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::lexicon::{Hit, Stage};
use crate::{Error, Result};

/// `NAME.script.txt`, else `NAME.ref.txt` (what `render_audio.py` and `eval wer` use), else
/// `NAME.txt` unless that is the input itself; NAME is the file name without its extension, then
/// without each further one (`talk.stereo.flac` → `talk.stereo`, then `talk`), so several
/// recordings of one script share it.
pub fn script_path(input: &Path) -> Result<PathBuf> {
    let name = input
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = input.parent().unwrap_or(Path::new(""));
    let mut stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let first = stem.clone();
    loop {
        for candidate in [
            format!("{stem}.script.txt"),
            format!("{stem}.ref.txt"),
            format!("{stem}.txt"),
        ] {
            let path = dir.join(&candidate);
            if candidate != name && path.is_file() {
                return Ok(path);
            }
        }
        match stem.rsplit_once('.') {
            Some((shorter, _)) if !shorter.is_empty() => stem = shorter.to_string(),
            _ => break,
        }
    }
    Err(Error::input(
        input,
        format!("no script beside it ({first}.script.txt, {first}.ref.txt or {first}.txt)"),
    ))
}

/// Distinct-pair counts for one lexicon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pairs in the script.
    pub script: usize,
    /// Pairs in the transcript.
    pub found: usize,
    /// Pairs in both.
    pub matched: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.script += o.script;
        self.found += o.found;
        self.matched += o.matched;
    }

    /// matched / script; `None` when the script has no terms.
    pub fn recall(&self) -> Option<f64> {
        (self.script > 0).then(|| self.matched as f64 / self.script as f64)
    }

    /// matched / found; `None` when nothing was found.
    pub fn precision(&self) -> Option<f64> {
        (self.found > 0).then(|| self.matched as f64 / self.found as f64)
    }
}

/// The comparison of one transcript with its script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    pub by_lexicon: BTreeMap<String, Counts>,
    /// (lexicon, term) in the script but not in the transcript.
    pub missed: Vec<(String, String)>,
    /// (lexicon, term) in the transcript but not in the script.
    pub spurious: Vec<(String, String)>,
    /// (lexicon, term) of the transcript found only by the sound-alike stage.
    pub by_sound: Vec<(String, String)>,
    /// (lexicon, term) of the script found only by the sound-alike stage.
    pub script_by_sound: Vec<(String, String)>,
}

impl Score {
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.by_lexicon.values() {
            t.add(c);
        }
        t
    }
}

fn pairs(hits: &[Hit]) -> BTreeSet<(String, String)> {
    hits.iter()
        .map(|h| (h.lexicon.clone(), h.term.clone()))
        .collect()
}

/// The distinct (lexicon, term) pairs found only by the sound-alike stage.
pub fn sound_only(hits: &[(Hit, Stage)]) -> Vec<(String, String)> {
    let pair = |h: &Hit| (h.lexicon.clone(), h.term.clone());
    let other: BTreeSet<(String, String)> = hits
        .iter()
        .filter(|(_, s)| *s != Stage::Sound)
        .map(|(h, _)| pair(h))
        .collect();
    let sound: BTreeSet<(String, String)> = hits
        .iter()
        .filter(|(_, s)| *s == Stage::Sound)
        .map(|(h, _)| pair(h))
        .filter(|p| !other.contains(p))
        .collect();
    sound.into_iter().collect()
}

/// [`compare`] with the stage of each hit, noting the pairs only the sound-alike stage found.
pub fn compare_staged(script: &[(Hit, Stage)], found: &[(Hit, Stage)]) -> Score {
    let hits = |v: &[(Hit, Stage)]| v.iter().map(|(h, _)| h.clone()).collect::<Vec<Hit>>();
    let mut score = compare(&hits(script), &hits(found));
    score.by_sound = sound_only(found);
    score.script_by_sound = sound_only(script);
    score
}

/// Compares the distinct (lexicon, term) pairs of the script's hits and the transcript's hits.
pub fn compare(script: &[Hit], found: &[Hit]) -> Score {
    let reference = pairs(script);
    let hypothesis = pairs(found);
    let mut score = Score::default();
    for (lex, term) in &reference {
        let c = score.by_lexicon.entry(lex.clone()).or_default();
        c.script += 1;
        if hypothesis.contains(&(lex.clone(), term.clone())) {
            c.matched += 1;
        } else {
            score.missed.push((lex.clone(), term.clone()));
        }
    }
    for (lex, term) in &hypothesis {
        score.by_lexicon.entry(lex.clone()).or_default().found += 1;
        if !reference.contains(&(lex.clone(), term.clone())) {
            score.spurious.push((lex.clone(), term.clone()));
        }
    }
    score
}

#[derive(Debug, Clone)]
pub struct FileScore {
    pub name: String,
    pub score: Score,
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |x| format!("{:.1}%", x * 100.0))
}

fn row(out: &mut String, label: &str, c: &Counts) {
    let _ = writeln!(
        out,
        "{label:<32} {:>6} {:>6} {:>7} {:>7} {:>9}",
        c.script,
        c.found,
        c.matched,
        pct(c.recall()),
        pct(c.precision())
    );
}

/// The printed report: per file, per lexicon (summed over files), overall, then the misses.
pub fn report(files: &[FileScore]) -> String {
    let mut out = String::new();
    let header = format!(
        "{:<32} {:>6} {:>6} {:>7} {:>7} {:>9}\n",
        "", "script", "found", "matched", "recall", "precision"
    );
    let _ = writeln!(
        out,
        "lexicon term recall: distinct (lexicon, term) pairs, transcript against script, {} file(s)\n",
        files.len()
    );
    out.push_str(&header.replacen(&format!("{:<32}", ""), &format!("{:<32}", "file"), 1));
    let mut by_lexicon: BTreeMap<String, Counts> = BTreeMap::new();
    let mut overall = Counts::default();
    for f in files {
        row(&mut out, &f.name, &f.score.total());
        overall.add(&f.score.total());
        for (lex, c) in &f.score.by_lexicon {
            by_lexicon.entry(lex.clone()).or_default().add(c);
        }
    }
    out.push('\n');
    out.push_str(&header.replacen(&format!("{:<32}", ""), &format!("{:<32}", "lexicon"), 1));
    for (lex, c) in &by_lexicon {
        row(&mut out, lex, c);
    }
    row(&mut out, "overall", &overall);
    let count = |pick: fn(&Score) -> usize| files.iter().map(|f| pick(&f.score)).sum::<usize>();
    let _ = writeln!(
        out,
        "\nfound only by sound: {} transcript pair(s); {} script pair(s) (false alarms on spelled text)",
        count(|s| s.by_sound.len()),
        count(|s| s.script_by_sound.len())
    );
    for f in files {
        let s = &f.score;
        if [&s.missed, &s.spurious, &s.by_sound, &s.script_by_sound]
            .iter()
            .all(|v| v.is_empty())
        {
            continue;
        }
        let _ = writeln!(out, "\n{}", f.name);
        let list = |v: &[(String, String)]| {
            v.iter()
                .map(|(l, t)| format!("{l}/{t}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !f.score.missed.is_empty() {
            let _ = writeln!(out, "  missed:   {}", list(&f.score.missed));
        }
        if !f.score.spurious.is_empty() {
            let _ = writeln!(out, "  spurious: {}", list(&f.score.spurious));
        }
        if !f.score.by_sound.is_empty() {
            let _ = writeln!(out, "  by sound: {}", list(&f.score.by_sound));
        }
        if !f.score.script_by_sound.is_empty() {
            let _ = writeln!(
                out,
                "  by sound in the script: {}",
                list(&f.score.script_by_sound)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(lexicon: &str, term: &str) -> Hit {
        Hit {
            lexicon: lexicon.into(),
            term: term.into(),
            segment: 0,
            start: 0,
            end: 1,
            at_ms: 0,
        }
    }

    #[test]
    fn recall_and_precision_count_distinct_pairs() {
        let script = [
            hit("tools", "redis"),
            hit("tools", "redis"),
            hit("tools", "kafka"),
            hit("deep_dive", "idempotency"),
        ];
        let found = [
            hit("tools", "redis"),
            hit("deep_dive", "idempotency"),
            hit("tools", "cassandra"),
        ];
        let s = compare(&script, &found);
        let total = s.total();
        assert_eq!((total.script, total.found, total.matched), (3, 3, 2));
        assert_eq!(s.by_lexicon["tools"].recall(), Some(0.5));
        assert_eq!(s.by_lexicon["deep_dive"].precision(), Some(1.0));
        assert_eq!(s.missed, vec![("tools".to_string(), "kafka".to_string())]);
        assert_eq!(
            s.spurious,
            vec![("tools".to_string(), "cassandra".to_string())]
        );
    }

    #[test]
    fn empty_sides_have_no_ratio() {
        let s = compare(&[], &[]);
        assert_eq!(s.total().recall(), None);
        assert_eq!(s.total().precision(), None);
        let s = compare(&[hit("tools", "redis")], &[]);
        assert_eq!(s.total().recall(), Some(0.0));
        assert_eq!(s.total().precision(), None);
    }

    #[test]
    fn same_term_in_another_lexicon_is_another_pair() {
        let s = compare(
            &[hit("deep_dive", "idempotency")],
            &[hit("idempotency", "idempotency")],
        );
        assert_eq!(s.total().matched, 0);
    }

    #[test]
    fn report_sums_files_and_lists_misses() {
        let a = FileScore {
            name: "a.json".into(),
            score: compare(
                &[hit("tools", "redis"), hit("tools", "kafka")],
                &[hit("tools", "redis")],
            ),
        };
        let b = FileScore {
            name: "b.json".into(),
            score: compare(&[hit("tools", "redis")], &[hit("tools", "redis")]),
        };
        let r = report(&[a, b]);
        assert!(r.contains("overall"), "{r}");
        let overall = r.lines().find(|l| l.starts_with("overall")).unwrap();
        assert!(
            overall.contains("66.7%") && overall.contains("100.0%"),
            "{overall}"
        );
        assert!(r.contains("missed:   tools/kafka"), "{r}");
    }

    #[test]
    fn script_is_found_beside_the_input_but_never_the_input_itself() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("talk.txt");
        std::fs::write(&input, "x").unwrap();
        assert!(script_path(&input).is_err());
        std::fs::write(dir.path().join("talk.script.txt"), "y").unwrap();
        assert_eq!(
            script_path(&input).unwrap(),
            dir.path().join("talk.script.txt")
        );
        let wav = dir.path().join("talk.wav");
        assert_eq!(
            script_path(&wav).unwrap(),
            dir.path().join("talk.script.txt")
        );
    }

    #[test]
    fn a_second_recording_of_a_script_shares_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mock.script.txt"), "y").unwrap();
        assert_eq!(
            script_path(&dir.path().join("mock.stereo.flac")).unwrap(),
            dir.path().join("mock.script.txt")
        );
    }

    #[test]
    fn a_rendered_reference_serves_as_the_script() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("talk-7min.ref.txt"), "y").unwrap();
        assert_eq!(
            script_path(&dir.path().join("talk-7min.ogg")).unwrap(),
            dir.path().join("talk-7min.ref.txt")
        );
    }

    #[test]
    fn sound_only_pairs_are_those_no_other_stage_found() {
        let staged = [
            (hit("tools", "kafka"), Stage::Sound),
            (hit("tools", "kafka"), Stage::Spelling),
            (hit("summary", "to summarize"), Stage::Sound),
            (hit("tools", "redis"), Stage::Fuzzy),
        ];
        assert_eq!(
            sound_only(&staged),
            vec![("summary".to_string(), "to summarize".to_string())]
        );
    }

    #[test]
    fn plain_txt_script_serves_a_recording() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clip.txt"), "y").unwrap();
        assert_eq!(
            script_path(&dir.path().join("clip.json")).unwrap(),
            dir.path().join("clip.txt")
        );
    }
}
