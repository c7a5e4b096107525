use std::path::Path;

use crate::transcript::{Transcript, TranscriptDocument};
use crate::{Error, Result};

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    parse_document(text, path).map(|_| unreachable!())
}

pub fn parse_document(_text: &str, path: &Path) -> Result<TranscriptDocument> {
    Err(Error::input(path, "this transcript format is not readable yet"))
}
