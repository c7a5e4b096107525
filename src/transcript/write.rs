use crate::transcript::{Segment, TranscriptDocument};

pub fn json(_doc: &TranscriptDocument) -> String { String::new() }
pub fn vtt(_segments: &[Segment]) -> String { String::new() }
pub fn srt(_segments: &[Segment]) -> String { String::new() }
pub fn txt(_segments: &[Segment]) -> String { String::new() }
