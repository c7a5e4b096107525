//! Who is the candidate: from `--candidate/--interviewer`, or inferred from the transcript.
//! CONTRACT: `Roles` and `Roles::is_candidate` are used by rules and report.
//!
//! Inference, strongest evidence first:
//! 1. speaker names that say the role ("Interviewer", "Int", "Candidate", "Cand", ...);
//! 2. otherwise a score per speaker: stating the prompt ("let's design a …") and asking the
//!    questions point to the interviewer, talking most points to the candidate.
//!
//! A transcript without speaker names is one unnamed speaker, treated as the candidate.

use serde::{Deserialize, Serialize};

use crate::transcript::{Segment, Transcript};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Candidate,
    Interviewer,
    Other,
}

impl Role {
    /// The id used in JSON and reports.
    pub fn id(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Interviewer => "interviewer",
            Role::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    /// Speaker name of the candidate; `None` when segments carry no speaker names (then every
    /// segment is the candidate's, except the interviewer's when one is named).
    pub candidate: Option<String>,
    pub interviewer: Option<String>,
    /// How the roles were decided, for the report ("given by --candidate", "inferred: …",
    /// "single unnamed speaker treated as the candidate").
    pub how: String,
}

impl Roles {
    pub fn is_candidate(&self, segment: &Segment) -> bool {
        match (&self.candidate, &segment.speaker) {
            (Some(c), Some(s)) => c == s,
            (Some(_), None) => false,
            // No candidate name: everything is the candidate's, except what the interviewer says
            // (a transcript where only the interviewer speaks has no candidate speech at all).
            (None, Some(s)) => self.interviewer.as_deref() != Some(s.as_str()),
            (None, None) => true,
        }
    }

    /// The role of a named speaker.
    pub fn role_of(&self, speaker: &str) -> Role {
        if self.candidate.as_deref() == Some(speaker) {
            Role::Candidate
        } else if self.interviewer.as_deref() == Some(speaker) {
            Role::Interviewer
        } else if self.candidate.is_none() && self.interviewer.is_some() {
            // Mirrors `is_candidate`: without a candidate name, anyone but the interviewer is it.
            Role::Candidate
        } else {
            Role::Other
        }
    }
}

/// Decides the roles: the names given on the command line when present (each must be a speaker of
/// the transcript), otherwise inferred.
pub fn resolve(
    transcript: &Transcript,
    candidate: Option<&str>,
    interviewer: Option<&str>,
) -> Result<Roles> {
    let speakers = transcript.speakers();
    let candidate = candidate
        .map(|n| find_speaker(&speakers, n, "--candidate"))
        .transpose()?;
    let interviewer = interviewer
        .map(|n| find_speaker(&speakers, n, "--interviewer"))
        .transpose()?;
    if let (Some(c), Some(i)) = (candidate, interviewer) {
        if c == i {
            return Err(Error::Usage(format!(
                "--candidate and --interviewer both name {c:?}; give two different speakers"
            )));
        }
    }
    let stats = SpeakerStats::collect(transcript);
    Ok(match (candidate, interviewer) {
        (Some(c), Some(i)) => Roles {
            candidate: Some(c.to_string()),
            interviewer: Some(i.to_string()),
            how: "given by --candidate and --interviewer".into(),
        },
        (Some(c), None) => Roles {
            candidate: Some(c.to_string()),
            interviewer: stats.most_interviewer_like(&[c]).map(str::to_string),
            how: "candidate given by --candidate".into(),
        },
        (None, Some(i)) => match stats.most_candidate_like(&[i]) {
            Some(c) => Roles {
                candidate: Some(c.to_string()),
                interviewer: Some(i.to_string()),
                how: format!("interviewer given by --interviewer; {c:?} is the other speaker who talks most"),
            },
            None => Roles {
                candidate: None,
                interviewer: Some(i.to_string()),
                how: format!("interviewer given by --interviewer; {i:?} is the only named speaker, so there is no candidate"),
            },
        },
        (None, None) => infer(&stats),
    })
}

/// `name` as spelled in the transcript: an exact match, else the one case-insensitive match.
fn find_speaker<'t>(speakers: &[&'t str], name: &str, option: &str) -> Result<&'t str> {
    if let Some(s) = speakers.iter().find(|s| **s == name) {
        return Ok(s);
    }
    let folded: Vec<&&str> = speakers
        .iter()
        .filter(|s| s.eq_ignore_ascii_case(name))
        .collect();
    if let [only] = folded.as_slice() {
        return Ok(only);
    }
    let listed = if speakers.is_empty() {
        "none: the transcript has no speaker names".to_string()
    } else {
        speakers
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(Error::Usage(format!(
        "{option} {name:?} is not a speaker in the transcript (speakers: {listed})"
    )))
}

fn infer(stats: &SpeakerStats) -> Roles {
    match stats.speakers.as_slice() {
        [] => Roles {
            candidate: None,
            interviewer: None,
            how: "single unnamed speaker treated as the candidate".into(),
        },
        [only] => match name_role(&only.name) {
            Some(Role::Interviewer) => Roles {
                candidate: None,
                interviewer: Some(only.name.clone()),
                how: format!(
                    "only one speaker, {:?}, whose name says interviewer: there is no candidate",
                    only.name
                ),
            },
            _ => Roles {
                candidate: Some(only.name.clone()),
                interviewer: None,
                how: format!("single speaker {:?} treated as the candidate", only.name),
            },
        },
        _ => stats
            .infer_from_names()
            .unwrap_or_else(|| stats.infer_from_behaviour()),
    }
}

/// What a speaker's name says about the role, if anything.
fn name_role(name: &str) -> Option<Role> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let interviewer = has(&["interviewer", "int", "host", "coach", "examiner"]);
    let candidate = has(&["candidate", "cand", "interviewee", "applicant"]);
    match (interviewer, candidate) {
        (true, false) => Some(Role::Interviewer),
        (false, true) => Some(Role::Candidate),
        _ => None,
    }
}

/// Phrases that state the interview prompt ("Let's design a rate limiter").
const PROMPT_PHRASES: &[&str] = &[
    "let's design",
    "let’s design",
    "lets design",
    "let us design",
    "design a ",
    "design an ",
    "how would you design",
    "how would you build",
    "your task is",
    "today's question",
    "today's problem",
    "today’s question",
    "the question today",
    "the problem today",
    "design the ",
    "the prompt is",
    "the problem is",
    "the question is",
    "you to design",
    "you to build",
];

/// Byte offset of the first prompt phrase in lower-cased text.
fn prompt_phrase_at(lower: &str) -> Option<usize> {
    PROMPT_PHRASES.iter().find_map(|p| lower.find(p))
}

/// When the session clock starts: the first time the interviewer states the problem (or, with no
/// interviewer, anyone does, as in solo practice) in the opening minutes. Everything before it is
/// small talk (greetings, "can you hear me?", screen sharing, introductions): outside the phase
/// budget and never judged. `None` when nobody states a prompt: the clock starts with the session.
pub fn prompt_at(transcript: &Transcript, roles: &Roles) -> Option<u64> {
    // "today's question" in an introduction is not yet the question: a prompt names what to
    // design or build.
    let states_prompt = |text: &str| {
        let lower = text.to_ascii_lowercase();
        (lower.contains("design") || lower.contains("build")) && prompt_phrase_at(&lower).is_some()
    };
    let opening = |s: &&Segment| s.start_ms < PROMPT_WINDOW_MS && states_prompt(&s.text);
    let by_interviewer = transcript
        .segments
        .iter()
        .filter(|s| roles.interviewer.is_some() && s.speaker == roles.interviewer)
        .find(opening);
    by_interviewer
        .or_else(|| {
            roles
                .interviewer
                .is_none()
                .then(|| transcript.segments.iter().find(opening))
                .flatten()
        })
        .map(|s| s.start_ms)
}

/// Only the opening of the interview is searched for the prompt.
const PROMPT_WINDOW_MS: u64 = 5 * 60 * 1000;

/// Words that open a question when the transcript lost its question marks.
const QUESTION_OPENERS: &[&str] = &[
    "what", "how", "who", "which", "when", "where", "why", "do", "does", "did", "is", "are", "can",
    "could", "should", "would", "will", "shall",
];

/// Questions in `text`: sentences ending in `?`, or opening with a question word and ending
/// without a full stop or exclamation mark (ASR output that lost its `?`).
pub fn count_questions(text: &str) -> usize {
    let mut count = 0;
    let mut rest = text;
    while !rest.trim().is_empty() {
        let (sentence, terminator, tail) = match rest.find(['.', '!', '?']) {
            Some(i) => (&rest[..i], rest[i..].chars().next(), &rest[i + 1..]),
            None => (rest, None, ""),
        };
        let first = sentence.split_whitespace().next().map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        });
        let opens_question = first.is_some_and(|w| QUESTION_OPENERS.contains(&w.as_str()));
        if terminator == Some('?') || (terminator.is_none() && opens_question) {
            count += 1;
        }
        rest = tail;
    }
    count
}

struct SpeakerStat {
    name: String,
    talk_ms: u64,
    questions: usize,
    /// Start time and text of the first segment of this speaker that states the prompt.
    prompt: Option<(u64, String)>,
}

struct SpeakerStats {
    /// Named speakers in order of first appearance.
    speakers: Vec<SpeakerStat>,
    total_talk_ms: u64,
    total_questions: usize,
}

impl SpeakerStats {
    fn collect(transcript: &Transcript) -> SpeakerStats {
        let mut speakers: Vec<SpeakerStat> = transcript
            .speakers()
            .into_iter()
            .map(|name| SpeakerStat {
                name: name.to_string(),
                talk_ms: 0,
                questions: 0,
                prompt: None,
            })
            .collect();
        for seg in &transcript.segments {
            let Some(stat) = seg
                .speaker
                .as_deref()
                .and_then(|n| speakers.iter_mut().find(|s| s.name == n))
            else {
                continue;
            };
            stat.talk_ms += seg.end_ms.saturating_sub(seg.start_ms);
            stat.questions += count_questions(&seg.text);
            if stat.prompt.is_none() && seg.start_ms < PROMPT_WINDOW_MS {
                // ASCII lower-casing keeps byte offsets, so `at` indexes the original text.
                let lower = seg.text.to_ascii_lowercase();
                if let Some(at) = prompt_phrase_at(&lower) {
                    stat.prompt = Some((seg.start_ms, sentence_around(&seg.text, at)));
                }
            }
        }
        let total_talk_ms = speakers.iter().map(|s| s.talk_ms).sum();
        let total_questions = speakers.iter().map(|s| s.questions).sum();
        SpeakerStats {
            speakers,
            total_talk_ms,
            total_questions,
        }
    }

    fn talk_share(&self, s: &SpeakerStat) -> f64 {
        if self.total_talk_ms == 0 {
            0.0
        } else {
            s.talk_ms as f64 / self.total_talk_ms as f64
        }
    }

    fn question_share(&self, s: &SpeakerStat) -> f64 {
        if self.total_questions == 0 {
            0.0
        } else {
            s.questions as f64 / self.total_questions as f64
        }
    }

    /// The speaker who stated the prompt first, if anyone did.
    fn prompt_giver(&self) -> Option<&SpeakerStat> {
        self.speakers
            .iter()
            .filter_map(|s| s.prompt.as_ref().map(|(at, _)| (*at, s)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, s)| s)
    }

    /// How much a speaker behaves like the interviewer: stating the prompt weighs most, then the
    /// share of questions; talking most counts against (the candidate does most of the talking).
    fn interviewer_evidence(&self, s: &SpeakerStat) -> f64 {
        let prompt = match self.prompt_giver() {
            Some(p) if p.name == s.name => 2.0,
            _ => 0.0,
        };
        prompt + self.question_share(s) - 2.0 * self.talk_share(s)
    }

    /// Ties go to the speaker who appears first, so the result never depends on float noise.
    fn ranked(&self, exclude: &[&str]) -> Vec<(&SpeakerStat, f64)> {
        let mut ranked: Vec<(&SpeakerStat, f64)> = self
            .speakers
            .iter()
            .filter(|s| !exclude.contains(&s.name.as_str()))
            .map(|s| (s, self.interviewer_evidence(s)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }

    fn most_interviewer_like(&self, exclude: &[&str]) -> Option<&str> {
        self.ranked(exclude).first().map(|(s, _)| s.name.as_str())
    }

    fn most_candidate_like(&self, exclude: &[&str]) -> Option<&str> {
        let ranked = self.ranked(exclude);
        let lowest = ranked.last()?.1;
        // The first-appearing speaker among those with the lowest evidence.
        ranked
            .iter()
            .filter(|(_, e)| *e == lowest)
            .map(|(s, _)| s)
            .min_by_key(|s| self.speakers.iter().position(|x| x.name == s.name))
            .map(|s| s.name.as_str())
    }

    /// Roles from names like "Interviewer" / "Candidate", when they single out exactly one
    /// speaker for a role.
    fn infer_from_names(&self) -> Option<Roles> {
        let with = |role: Role| -> Vec<&str> {
            self.speakers
                .iter()
                .filter(|s| name_role(&s.name) == Some(role))
                .map(|s| s.name.as_str())
                .collect()
        };
        let (candidates, interviewers) = (with(Role::Candidate), with(Role::Interviewer));
        let (candidate, interviewer) = match (candidates.as_slice(), interviewers.as_slice()) {
            ([c], [i]) => (*c, *i),
            ([c], []) => (*c, self.most_interviewer_like(&[c])?),
            ([], [i]) => (self.most_candidate_like(&[i])?, *i),
            _ => return None,
        };
        Some(Roles {
            candidate: Some(candidate.to_string()),
            interviewer: Some(interviewer.to_string()),
            how: format!(
                "inferred from speaker names: {candidate:?} is the candidate, {interviewer:?} the interviewer"
            ),
        })
    }

    fn infer_from_behaviour(&self) -> Roles {
        // At least two named speakers here, so both picks exist; the fallbacks only keep this total.
        let candidate = self.most_candidate_like(&[]).unwrap_or_default();
        let interviewer = self.most_interviewer_like(&[candidate]).unwrap_or_default();
        let mut reasons = Vec::new();
        if let Some(p) = self.prompt_giver() {
            if let Some((_, text)) = &p.prompt {
                reasons.push(format!(
                    "{:?} states the prompt ({:?})",
                    p.name,
                    clip(text, 60)
                ));
            }
        }
        if let Some(i) = self.speakers.iter().find(|s| s.name == interviewer) {
            if i.questions > 0 {
                reasons.push(format!(
                    "{:?} asks {} of {} questions",
                    i.name, i.questions, self.total_questions
                ));
            }
        }
        if let Some(c) = self.speakers.iter().find(|s| s.name == candidate) {
            reasons.push(format!(
                "{:?} talks {:.0}% of the time",
                c.name,
                100.0 * self.talk_share(c)
            ));
        }
        Roles {
            candidate: Some(candidate.to_string()),
            interviewer: Some(interviewer.to_string()),
            how: format!(
                "inferred: {candidate:?} is the candidate, {interviewer:?} the interviewer ({})",
                reasons.join("; ")
            ),
        }
    }
}

/// The sentence of `text` that contains byte `at`.
fn sentence_around(text: &str, at: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(['.', '!', '?'])
        .map_or(text.len(), |i| at + i + 1);
    text[start..end].trim().to_string()
}

/// The first `max` characters of `text`, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Consecutive segments of one role closer than this are drawn as one turn.
const TURN_JOIN_MS: u64 = 1_500;

/// One stretch of one speaker's talk, for the talk lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkSpan {
    pub role: Role,
    pub start_ms: u64,
    pub end_ms: u64,
}

/// The talk turns of a transcript, in time order, adjacent segments of one role joined.
pub fn talk_spans(transcript: &Transcript, roles: &Roles) -> Vec<TalkSpan> {
    let mut segs: Vec<TalkSpan> = transcript
        .segments
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .map(|s| TalkSpan {
            role: if roles.is_candidate(s) {
                Role::Candidate
            } else if s.speaker.is_some() && s.speaker == roles.interviewer {
                Role::Interviewer
            } else {
                Role::Other
            },
            start_ms: s.start_ms,
            end_ms: s.end_ms.max(s.start_ms),
        })
        .collect();
    segs.sort_by_key(|s| (s.start_ms, s.end_ms));
    // Sorted by start, so the previous span is the last one pushed: a turn is joined only when
    // nobody else spoke in between.
    let mut out: Vec<TalkSpan> = Vec::new();
    for s in segs {
        match out.last_mut() {
            Some(last) if last.role == s.role && s.start_ms <= last.end_ms + TURN_JOIN_MS => {
                last.end_ms = last.end_ms.max(s.end_ms);
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Timing;

    fn seg(start_s: u64, end_s: u64, speaker: Option<&str>, text: &str) -> Segment {
        Segment {
            start_ms: start_s * 1000,
            end_ms: end_s * 1000,
            speaker: speaker.map(str::to_string),
            text: text.into(),
            words: vec![],
        }
    }

    fn transcript(segments: Vec<Segment>) -> Transcript {
        Transcript::new(segments, Timing::Measured)
    }

    /// Alice states the prompt and asks the questions; Bob talks most.
    fn two_speakers() -> Transcript {
        transcript(vec![
            seg(
                0,
                10,
                Some("Alice"),
                "Hi. Let's design a rate limiter for public APIs.",
            ),
            seg(
                10,
                60,
                Some("Bob"),
                "Sure. I would first clarify who the users are. Is this per API key?",
            ),
            seg(60, 65, Some("Alice"), "Yes, per API key."),
            seg(
                65,
                200,
                Some("Bob"),
                "Then I need p99 latency under ten milliseconds and regional limits.",
            ),
            seg(
                200,
                210,
                Some("Alice"),
                "How would you handle a store outage? What about hot keys?",
            ),
            seg(
                210,
                400,
                Some("Bob"),
                "Local fallback tokens, and sharding by API key.",
            ),
        ])
    }

    #[test]
    fn given_names_are_used_as_is() {
        let r = resolve(&two_speakers(), Some("Alice"), Some("Bob")).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Alice"));
        assert_eq!(r.interviewer.as_deref(), Some("Bob"));
        assert!(r.how.contains("--candidate"));
    }

    #[test]
    fn given_candidate_name_matches_case_insensitively() {
        let r = resolve(&two_speakers(), Some("bob"), None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Bob"));
        assert_eq!(r.interviewer.as_deref(), Some("Alice"));
    }

    #[test]
    fn unknown_candidate_name_is_an_error_listing_the_speakers() {
        let e = resolve(&two_speakers(), Some("Carol"), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("--candidate \"Carol\""), "{e}");
        assert!(e.contains("\"Alice\", \"Bob\""), "{e}");
    }

    #[test]
    fn unknown_interviewer_name_in_unnamed_transcript_says_there_are_no_names() {
        let t = transcript(vec![seg(0, 10, None, "hello")]);
        let e = resolve(&t, None, Some("Alice")).unwrap_err().to_string();
        assert!(e.contains("no speaker names"), "{e}");
    }

    #[test]
    fn same_name_for_both_roles_is_an_error() {
        assert!(resolve(&two_speakers(), Some("Bob"), Some("Bob")).is_err());
    }

    #[test]
    fn given_interviewer_makes_the_other_speaker_the_candidate() {
        let r = resolve(&two_speakers(), None, Some("Bob")).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Alice"));
    }

    #[test]
    fn role_names_decide_even_when_behaviour_disagrees() {
        // The "Candidate" talks less and states something prompt-like; the names still win.
        let t = transcript(vec![
            seg(
                0,
                5,
                Some("Candidate"),
                "Let's design a chat system, I guess.",
            ),
            seg(
                5,
                300,
                Some("Interviewer"),
                "I will talk for a long time about everything.",
            ),
        ]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Candidate"));
        assert_eq!(r.interviewer.as_deref(), Some("Interviewer"));
        assert!(r.how.contains("speaker names"), "{}", r.how);
    }

    #[test]
    fn abbreviated_role_names_are_recognised() {
        let t = transcript(vec![
            seg(0, 5, Some("Int"), "Design a URL shortener."),
            seg(5, 10, Some("Cand"), "Okay."),
        ]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Cand"));
        assert_eq!(r.interviewer.as_deref(), Some("Int"));
    }

    #[test]
    fn one_role_name_is_enough_for_two_speakers() {
        let t = transcript(vec![
            seg(0, 5, Some("Interviewer"), "Design a URL shortener."),
            seg(5, 10, Some("Dana"), "Okay."),
        ]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Dana"));
    }

    #[test]
    fn prompt_and_questions_mark_the_interviewer_talk_marks_the_candidate() {
        let r = resolve(&two_speakers(), None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Bob"));
        assert_eq!(r.interviewer.as_deref(), Some("Alice"));
        assert!(
            r.how
                .contains("states the prompt (\"Let's design a rate limiter for public APIs.\")"),
            "{}",
            r.how
        );
        assert!(r.how.contains("talks"), "{}", r.how);
    }

    #[test]
    fn interviewer_who_says_redis_first_is_still_the_interviewer() {
        let t = transcript(vec![
            seg(
                0,
                20,
                Some("S1"),
                "Redis is on the table if you want it. Let's design a global rate limiter.",
            ),
            seg(
                20,
                90,
                Some("S2"),
                "Before tools, who calls this API? Are limits per key or per IP?",
            ),
            seg(90, 95, Some("S1"), "Per key."),
            seg(
                95,
                400,
                Some("S2"),
                "Then I assume a hundred thousand requests per second at peak and design for that.",
            ),
        ]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("S2"));
        assert_eq!(r.interviewer.as_deref(), Some("S1"));
    }

    #[test]
    fn prompt_with_a_typographic_apostrophe_is_recognised() {
        let t = transcript(vec![
            seg(
                0,
                10,
                Some("A"),
                "Welcome. Let\u{2019}s design a chat system. Take your time.",
            ),
            seg(
                10,
                20,
                Some("B"),
                "Who are the users? How many messages per day?",
            ),
            seg(20, 25, Some("A"), "Ten million."),
        ]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.interviewer.as_deref(), Some("A"));
        assert!(
            r.how.contains("(\"Let\u{2019}s design a chat system.\")"),
            "{}",
            r.how
        );
    }

    #[test]
    fn without_a_prompt_the_speaker_who_talks_most_is_the_candidate() {
        let t = transcript(vec![
            seg(0, 10, Some("A"), "Go ahead."),
            seg(
                10,
                300,
                Some("B"),
                "I will start with requirements. What is the read write ratio?",
            ),
            seg(300, 305, Some("A"), "Ten to one."),
        ]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("B"));
    }

    #[test]
    fn single_unnamed_speaker_is_the_candidate_and_how_says_so() {
        let t = transcript(vec![seg(0, 10, None, "I would clarify the users first.")]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate, None);
        assert!(r.how.contains("single unnamed speaker"), "{}", r.how);
        assert!(r.is_candidate(&t.segments[0]));
    }

    #[test]
    fn single_named_speaker_is_the_candidate() {
        let t = transcript(vec![seg(
            0,
            10,
            Some("Sam"),
            "I would clarify the users first.",
        )]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate.as_deref(), Some("Sam"));
    }

    #[test]
    fn single_speaker_named_interviewer_leaves_no_candidate_speech() {
        let t = transcript(vec![seg(
            0,
            10,
            Some("Interviewer"),
            "Design a chat system.",
        )]);
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.candidate, None);
        assert!(!r.is_candidate(&t.segments[0]));
        assert_eq!(r.role_of("Interviewer"), Role::Interviewer);
    }

    #[test]
    fn third_speaker_is_other() {
        let mut t = two_speakers();
        t.segments.push(seg(400, 401, Some("Observer"), "Note."));
        let r = resolve(&t, None, None).unwrap();
        assert_eq!(r.role_of("Observer"), Role::Other);
        assert_eq!(r.role_of("Bob"), Role::Candidate);
    }

    #[test]
    fn questions_are_counted_by_mark_or_by_opening_word() {
        assert_eq!(count_questions("Who are the users? Is it global?"), 2);
        assert_eq!(count_questions("what is the read write ratio"), 1);
        assert_eq!(count_questions("What a design. It works."), 0);
        assert_eq!(count_questions("I will use a queue."), 0);
        assert_eq!(count_questions(""), 0);
    }
}
