use std::path::Path;

use crate::transcript::Transcript;
use crate::{Error, Result};

pub fn parse(_text: &str, path: &Path) -> Result<Transcript> {
    Err(Error::input(path, "this transcript format is not readable yet"))
}
