//! The analysis pipeline glue: transcript → roles → hits → timeline → findings → draft rubric.
//! CONTRACT: `Session` is what every rule reads.

use crate::align::Timeline;
use crate::lexicon::Hit;
use crate::roles::Roles;
use crate::transcript::Transcript;

/// Everything a rule may look at; built once per analysed session.
pub struct Session<'a> {
    pub transcript: &'a Transcript,
    pub roles: &'a Roles,
    /// All lexicon hits over all segments (both speakers), sorted by (segment, start).
    pub hits: &'a [Hit],
    pub timeline: &'a Timeline,
}
