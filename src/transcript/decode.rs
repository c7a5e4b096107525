use std::path::Path;

use crate::{Error, Result};

pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| Error::at_byte(path, e.utf8_error().valid_up_to() as u64, "invalid UTF-8"))
}
