//! The analysis pipeline glue: transcript → roles → hits → timeline → findings → draft rubric.
//! CONTRACT: `Session` is what every rule, drill and the review read; `Metrics` is what the communication score reads;
//! `Analysis` IS the `mockreview.analysis/1` JSON document: [`to_json`] writes it and
//! [`from_json`] reads it back into the same types (scorecard and progress read it that way), so
//! the writer and its readers cannot drift apart.

use std::fmt;
use std::path::Path;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::align::{self, Budget, PhaseSpan};
use crate::coach::drills::{self, DrillReport, SessionKind};
use crate::coach::prompts::{self, DeepDiveReport, PromptMatch};
use crate::coach::review::{self, Review};
use crate::ids::{Dimension, Verdict};
use crate::lexicon::LexiconSet;
use crate::roles::{self, Role, Roles};
use crate::roles::{talk_spans, TalkSpan};
use crate::rubric::{self, metrics, Metrics, Rubric};
pub use crate::rubric::{RubricEntry, LONG_PAUSE_MS};
pub use crate::rules::Session;
use crate::rules::{self, Finding};
use crate::transcript::{self, Timing, Transcript};
use crate::units::{date_in_name, is_date};
use crate::{Error, Result};

pub const ANALYSIS_SCHEMA: &str = "mockreview.analysis/1";

/// The `schema` field of an analysis: always [`ANALYSIS_SCHEMA`]. Reading any other string fails,
/// so a transcript or an analysis of another major version is never taken for this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnalysisSchema;

impl AnalysisSchema {
    pub fn as_str(self) -> &'static str {
        ANALYSIS_SCHEMA
    }
}

impl fmt::Display for AnalysisSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ANALYSIS_SCHEMA)
    }
}

impl Serialize for AnalysisSchema {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(ANALYSIS_SCHEMA)
    }
}

impl<'de> Deserialize<'de> for AnalysisSchema {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct SchemaVisitor;
        impl Visitor<'_> for SchemaVisitor {
            type Value = AnalysisSchema;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "the string {ANALYSIS_SCHEMA:?}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<AnalysisSchema, E> {
                if v == ANALYSIS_SCHEMA {
                    Ok(AnalysisSchema)
                } else {
                    Err(E::custom(format!(
                        "schema is {v:?}, expected {ANALYSIS_SCHEMA:?}"
                    )))
                }
            }
        }
        d.deserialize_str(SchemaVisitor)
    }
}

/// Options that change what `analyze` concludes (not how it is printed).
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    pub candidate: Option<String>,
    pub interviewer: Option<String>,
    pub budget: Budget,
    /// `--prompt ID`: which of the guide's 18 prompts the session is about (otherwise detected).
    pub prompt: Option<String>,
    /// `--session`: a full mock, or one of the guide's drills.
    pub session: SessionKind,
}

/// The stretch before the session clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmallTalk {
    pub start_ms: u64,
    pub end_ms: u64,
}

/// One speaker's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerSummary {
    pub name: String,
    pub role: Role,
    pub talk_ms: u64,
}

/// The analysis of one session: this struct IS the `mockreview.analysis/1` JSON document.
///
/// Fields a newer writer of the same major version adds are ignored on reading; a field this
/// version writes is required (the optional ones are marked `default`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema: AnalysisSchema,
    /// The recording date (`YYYY-MM-DD`), written only when known. `analyze` does not know it, so it
    /// writes none; a document may carry one (added by hand or by another tool), and readers fall
    /// back to a date in the file name ([`Analysis::recording_date`]).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "recording_date_field"
    )]
    pub recorded_on: Option<String>,
    pub duration_ms: u64,
    /// "measured", or "estimated" for a transcript without times (phase timing is then approximate).
    pub timing: Timing,
    pub speakers: Vec<SpeakerSummary>,
    /// How the candidate and interviewer were decided.
    pub roles_how: String,
    /// Greetings, mic checks and introductions before the interviewer states the problem: not
    /// judged and outside the phase budget. Absent when the session opens with the prompt.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub small_talk: Option<SmallTalk>,
    /// Why there is nothing to judge (no candidate speech); `null` when the analysis ran.
    pub nothing_to_judge: Option<String>,
    /// Always six, in the guide's order; `start_ms`/`end_ms` null for a phase that never happened.
    pub phases: Vec<PhaseSpan>,
    pub flags: Vec<Finding>,
    pub rubric: Rubric,
    /// Mean of the seven draft scores, two decimals; `null` when there is nothing to judge.
    pub average: Option<f64>,
    /// Draft verdict against the guide's bar: "staff", "senior", "below_bar", or
    /// "nothing_to_judge".
    pub verdict: Verdict,
    pub metrics: Metrics,
    /// Caveats a reader must know (estimated timing, single speaker, …), in a fixed order.
    pub notes: Vec<String>,
    /// Talk turns of the interviewer and the candidate, in time order (for the timeline lanes).
    pub turns: Vec<TalkSpan>,
    /// Which of the guide's prompts the session is about (given by `--prompt` or detected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<PromptMatch>,
    /// How far the deep dive got into the prompt's strong deep-dive topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_dive: Option<DeepDiveReport>,
    /// The drill's own checks, for `--session …-drill`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drill: Option<DrillReport>,
    /// The Day-7 closing review (full sessions): clarified well, became vague, tradeoff to make explicit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

const NOTE_ESTIMATED_TIMING: &str = "timing is estimated: the transcript has no timestamps, so phase times and the timing metrics are approximate or unavailable";

/// Runs the whole analysis: roles → lexicon scan → phase alignment → rules → draft rubric.
///
/// A transcript with no candidate speech (only the interviewer, or no words at all) is not an
/// error: the analysis says there is nothing to judge, with no flags and no scores.
pub fn analyze(
    transcript: &Transcript,
    lexicons: &LexiconSet,
    options: &AnalyzeOptions,
) -> Result<Analysis> {
    let full = transcript;
    // Every stage reads turns: a sentence cut over several cues is one sentence again.
    let turns = transcript::turns::join(full);
    let roles = roles::resolve(
        &turns,
        options.candidate.as_deref(),
        options.interviewer.as_deref(),
    )?;
    // The session clock starts when the interviewer states the problem; the small talk before
    // it is outside the budget and not judged.
    let prompt_ms = roles::prompt_at(&turns, &roles);
    let small_talk = prompt_ms.and_then(|at| {
        let first = turns.segments.iter().map(|s| s.start_ms).min()?;
        (first < at).then_some(SmallTalk {
            start_ms: first,
            end_ms: at,
        })
    });
    let judged = match prompt_ms {
        Some(at) => Transcript {
            segments: turns
                .segments
                .iter()
                .filter(|s| s.start_ms >= at)
                .cloned()
                .collect(),
            timing: turns.timing,
            duration_ms: turns.duration_ms,
        },
        None => turns,
    };
    let transcript = &judged;
    let hits = lexicons.scan(transcript);
    let mut timeline = align::align(transcript, &roles, &hits, &options.budget);
    if let Some(at) = prompt_ms {
        // The clarify slot starts when the problem is stated, not at the candidate's first
        // answer; a candidate who jumps straight into tools still spent that time (the
        // `skipped-clarification` flag says what was missing in it).
        let next_start = timeline.phases[1..].iter().find_map(|p| p.start_ms);
        let clarify = &mut timeline.phases[0];
        match clarify.start_ms {
            Some(s) => clarify.start_ms = Some(s.min(at)),
            None if transcript.timing == Timing::Measured && next_start.is_some_and(|n| n > at) => {
                clarify.start_ms = Some(at);
                clarify.end_ms = next_start;
            }
            None => {}
        }
    }
    let metrics = metrics(transcript, &roles, &hits);
    let speakers = speakers(full, &roles);

    let mut notes = Vec::new();
    if transcript.timing == Timing::Estimated {
        notes.push(NOTE_ESTIMATED_TIMING.to_string());
    }
    if let Some(st) = &small_talk {
        notes.push(format!(
            "small talk before the prompt ({}–{}) is outside the phase budget and not judged",
            crate::units::mm_ss(st.start_ms),
            crate::units::mm_ss(st.end_ms)
        ));
    }

    let nothing_to_judge = if metrics.candidate_words > 0 {
        None
    } else if transcript.segments.is_empty() {
        Some("the transcript has no speech".to_string())
    } else if roles.candidate.is_none() {
        Some("no candidate speech: only the interviewer speaks".to_string())
    } else {
        Some(format!(
            "no candidate speech: {:?} says nothing",
            roles.candidate.as_deref().unwrap_or_default()
        ))
    };
    // What the rules, the drills and the review read.
    let session = Session {
        transcript,
        roles: &roles,
        hits: &hits,
        timeline: &timeline,
    };
    let (flags, rubric, average, verdict) = if nothing_to_judge.is_some() {
        (Vec::new(), Rubric::default(), None, Verdict::NothingToJudge)
    } else {
        let flags = rules::check_all(&session);
        let draft = rubric::draft(&session, &flags, &metrics);
        (flags, draft.rubric, Some(draft.average), draft.verdict)
    };
    let coach_hits = crate::coach::scan(transcript)?;
    let prompt = prompts::resolve_in(options.prompt.as_deref(), transcript, &roles, &coach_hits)?;
    let prompt_def = prompt.as_ref().map(|m| prompts::get(&m.id)).transpose()?;
    let deep_dive = prompt_def.map(|p| prompts::coverage_in(p, transcript, &roles, &coach_hits));
    let drill = drills::run(options.session, &session, &coach_hits);
    // The Day-7 review reads a full mock; a drill has its own checks.
    let review = (options.session == SessionKind::Full && nothing_to_judge.is_none())
        .then(|| review::review(&session, prompt_def.zip(deep_dive.as_ref())));
    let turns = talk_spans(full, &roles);
    Ok(Analysis {
        schema: AnalysisSchema,
        recorded_on: None,
        duration_ms: transcript.duration_ms,
        timing: transcript.timing,
        speakers,
        roles_how: roles.how,
        small_talk,
        nothing_to_judge,
        phases: timeline.phases,
        flags,
        rubric,
        average,
        verdict,
        metrics,
        notes,
        turns,
        prompt,
        deep_dive,
        drill,
        review,
    })
}

/// `recorded_on`, when present, must be a `YYYY-MM-DD` date: progress orders sessions by it.
fn recording_date_field<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    let date = Option::<String>::deserialize(d)?;
    match date {
        Some(s) if !is_date(&s) => Err(de::Error::custom(format!(
            "recorded_on {s:?} is not a YYYY-MM-DD date"
        ))),
        date => Ok(date),
    }
}

impl Analysis {
    /// The candidate's name, when a named speaker is the candidate.
    pub fn candidate(&self) -> Option<&str> {
        self.speakers
            .iter()
            .find(|s| s.role == Role::Candidate)
            .map(|s| s.name.as_str())
    }

    /// The draft entry of one dimension; `None` when there was nothing to judge.
    pub fn rubric_entry(&self, dimension: Dimension) -> Option<&RubricEntry> {
        self.rubric.0.iter().find(|e| e.dimension == dimension)
    }

    /// The seven draft scores in `Dimension::ALL` order; `None` when there was nothing to judge.
    pub fn scores(&self) -> Option<[u8; 7]> {
        let mut scores = [0u8; 7];
        for (slot, d) in scores.iter_mut().zip(Dimension::ALL) {
            *slot = self.rubric_entry(d)?.score;
        }
        Some(scores)
    }

    /// When the session was recorded: `recorded_on`, else a `YYYY-MM-DD` date in the name of the
    /// file the analysis was read from (`day1-2026-11-20.json`).
    pub fn recording_date(&self, path: &Path) -> Option<String> {
        self.recorded_on
            .clone()
            .or_else(|| date_in_name(&file_name(path)))
    }
}

/// The document as `analyze --format json` writes it: pretty-printed, fields in declaration
/// order, a trailing newline. The same analysis always gives the same bytes.
pub fn to_json(analysis: &Analysis) -> String {
    // Serialising plain structs, strings and finite numbers into memory cannot fail; the fallback
    // only keeps this total.
    let mut out = serde_json::to_string_pretty(analysis)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    out.push('\n');
    out
}

/// Reads a `mockreview.analysis/1` document written by [`to_json`]. Malformed JSON, another
/// `schema` (a transcript, another version) or a field of the wrong shape is an error naming
/// `path` and the line.
pub fn from_json(path: &Path, text: &str) -> Result<Analysis> {
    /// The schema alone, checked first: whatever else a transcript or another document holds, the
    /// error is that it is not an analysis.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "schema")]
        _schema: AnalysisSchema,
    }
    serde_json::from_str::<Probe>(text).map_err(|e| {
        let hint = "make one with `mockreview analyze --format json`";
        read_error(path, &e, |m| {
            format!("not a mockreview analysis: {m} ({hint})")
        })
    })?;
    serde_json::from_str::<Analysis>(text)
        .map_err(|e| read_error(path, &e, |m| format!("malformed analysis: {m}")))
}

/// A serde_json error as a one-line error at its line: syntax errors say "invalid JSON", data
/// errors are worded by `data`.
fn read_error(path: &Path, e: &serde_json::Error, data: impl Fn(&str) -> String) -> Error {
    // serde_json ends its message with its own " at line L column C".
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let message = match e.classify() {
        serde_json::error::Category::Data => data(message),
        _ => format!("invalid JSON: {message}"),
    };
    if e.line() == 0 {
        Error::input(path, message)
    } else {
        Error::at_line(path, e.line(), message)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Name given to the speaker of a transcript without speaker names.
pub const UNNAMED_SPEAKER: &str = "unnamed speaker";

/// Talk time per speaker, in order of first appearance (one unnamed speaker when nobody is named).
pub fn speakers(transcript: &Transcript, roles: &Roles) -> Vec<SpeakerSummary> {
    let mut out: Vec<SpeakerSummary> = Vec::new();
    for seg in &transcript.segments {
        let (name, role) = match seg.speaker.as_deref() {
            Some(n) => (n, roles.role_of(n)),
            None => (
                UNNAMED_SPEAKER,
                if roles.is_candidate(seg) {
                    Role::Candidate
                } else {
                    Role::Other
                },
            ),
        };
        let talk = seg.end_ms.saturating_sub(seg.start_ms);
        match out.iter_mut().find(|s| s.name == name) {
            Some(s) => s.talk_ms += talk,
            None => out.push(SpeakerSummary {
                name: name.to_string(),
                role,
                talk_ms: talk,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{roles, seg};
    use crate::transcript::Word;

    use crate::lexicon::Hit;

    fn filler(segment: usize) -> Hit {
        Hit {
            lexicon: "fillers".into(),
            term: "um".into(),
            segment,
            start: 0,
            end: 2,
            at_ms: 0,
        }
    }

    fn sample() -> Transcript {
        Transcript::new(
            vec![
                seg(0, 10_000, "I", "Design a feed. Any questions?"),
                seg(
                    12_000,
                    42_000,
                    "C",
                    "Um who are the users? What is the scale? I assume ten million users.",
                ),
                seg(
                    43_000,
                    73_000,
                    "C",
                    "So um we store posts by user id and fan out on write.",
                ),
                seg(80_000, 90_000, "I", "Why fan out on write?"),
                seg(90_500, 100_500, "C", "Because reads dominate."),
            ],
            Timing::Measured,
        )
    }

    #[test]
    fn candidate_words_talk_time_and_rate_count_only_the_candidate() {
        let m = metrics(&sample(), &roles(), &[]);
        assert_eq!(m.candidate_words, 14 + 13 + 3);
        assert_eq!(m.candidate_talk_ms, 70_000);
        assert_eq!(m.words_per_minute, Some(25.7));
        assert_eq!(m.talk_ratio, 0.78);
    }

    #[test]
    fn monologue_runs_until_another_speaker_or_a_long_pause() {
        let m = metrics(&sample(), &roles(), &[]);
        assert_eq!(m.longest_monologue_ms, 61_000);
        assert_eq!(m.longest_monologue_start_ms, Some(12_000));
    }

    #[test]
    fn long_pauses_are_counted_between_segments_and_words() {
        let mut t = sample();
        // 7 s of silence between the candidate's two turns and inside one turn's words.
        t.segments[2].start_ms = 49_000;
        t.segments[4].words = vec![
            Word {
                start_ms: 90_500,
                end_ms: 91_000,
                text: "Because".into(),
                p: 1.0,
            },
            Word {
                start_ms: 98_000,
                end_ms: 100_500,
                text: "reads".into(),
                p: 1.0,
            },
        ];
        let m = metrics(&t, &roles(), &[]);
        assert_eq!(m.long_pauses, Some(2));
        assert_eq!(m.long_pause_threshold_ms, LONG_PAUSE_MS);
    }

    #[test]
    fn short_gaps_are_not_long_pauses() {
        assert_eq!(metrics(&sample(), &roles(), &[]).long_pauses, Some(0));
    }

    #[test]
    fn questions_are_the_candidates_only() {
        assert_eq!(metrics(&sample(), &roles(), &[]).questions_asked, 2);
    }

    #[test]
    fn filler_rate_counts_candidate_fillers_per_hundred_words() {
        let hits = [filler(0), filler(1), filler(2)];
        let m = metrics(&sample(), &roles(), &hits);
        assert_eq!(m.fillers, 2);
        assert_eq!(m.filler_rate_per_100_words, 6.67);
        assert!(m.filler_note.contains("lower bound"));
    }

    #[test]
    fn estimated_timing_gives_no_rate_and_no_pauses() {
        let mut t = sample();
        t.timing = Timing::Estimated;
        let m = metrics(&t, &roles(), &[]);
        assert_eq!(m.words_per_minute, None);
        assert_eq!(m.long_pauses, None);
    }

    #[test]
    fn no_candidate_speech_gives_zero_metrics_not_a_division_by_zero() {
        let t = Transcript::new(vec![seg(0, 1000, "I", "Hello?")], Timing::Measured);
        let m = metrics(&t, &roles(), &[]);
        assert_eq!(m.candidate_words, 0);
        assert_eq!(m.words_per_minute, None);
        assert_eq!(m.filler_rate_per_100_words, 0.0);
        assert_eq!(m.longest_monologue_start_ms, None);
    }

    #[test]
    fn speakers_carry_role_and_talk_time_in_order_of_appearance() {
        let s = speakers(&sample(), &roles());
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].name.as_str(), s[0].role, s[0].talk_ms),
            ("I", Role::Interviewer, 20_000)
        );
        assert_eq!(
            (s[1].name.as_str(), s[1].role, s[1].talk_ms),
            ("C", Role::Candidate, 70_000)
        );
    }

    #[test]
    fn unnamed_transcript_has_one_unnamed_candidate() {
        let mut t = sample();
        for s in &mut t.segments {
            s.speaker = None;
        }
        let r = Roles {
            candidate: None,
            interviewer: None,
            how: String::new(),
        };
        let s = speakers(&t, &r);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].name.as_str(), s[0].role),
            (UNNAMED_SPEAKER, Role::Candidate)
        );
    }
}
