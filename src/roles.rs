//! Who is the candidate: from `--candidate/--interviewer`, or inferred from the transcript.
//! CONTRACT: `Roles` and `Roles::is_candidate` are used by rules and report.

use serde::Serialize;

use crate::transcript::Segment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Candidate,
    Interviewer,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    /// Speaker name of the candidate; `None` when segments carry no speaker names (then every
    /// segment is the candidate's).
    pub candidate: Option<String>,
    pub interviewer: Option<String>,
    /// How the roles were decided, for the report ("given by --candidate", "inferred: …",
    /// "single unnamed speaker treated as the candidate").
    pub how: String,
}

impl Roles {
    pub fn is_candidate(&self, segment: &Segment) -> bool {
        match (&self.candidate, &segment.speaker) {
            (None, _) => true,
            (Some(c), Some(s)) => c == s,
            (Some(_), None) => false,
        }
    }
}
