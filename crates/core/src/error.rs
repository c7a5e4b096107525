//! One error type for the whole tool. Every variant that comes from user input names the file and,
//! where it can, the line or byte, so the one-line message tells the user what to fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file a problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Line(usize),
    Byte(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Byte(n) => write!(f, "byte {n}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written at all.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but its content is wrong: bad audio, a malformed transcript or lexicon, a bad model.
    #[error("{}: {}{message}", path.display(), location.map(|l| format!("{l}: ")).unwrap_or_default())]
    Input {
        path: PathBuf,
        location: Option<Location>,
        message: String,
    },
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// The user pressed Ctrl-C; nothing was written.
    #[error("interrupted")]
    Interrupted,
    /// whisper.cpp itself failed after the model loaded.
    #[error("transcription failed: {0}")]
    Whisper(String),
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A content problem with no precise location.
    pub fn input(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            location: None,
            message: message.into(),
        }
    }

    pub fn at_line(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            location: Some(Location::Line(line)),
            message: message.into(),
        }
    }

    pub fn at_byte(path: impl AsRef<Path>, byte: u64, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            location: Some(Location::Byte(byte)),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_error_names_file_and_line() {
        let e = Error::at_line("talk.vtt", 14, "end time is before start time");
        assert_eq!(
            e.to_string(),
            "talk.vtt: line 14: end time is before start time"
        );
    }

    #[test]
    fn input_error_without_location_names_file() {
        let e = Error::input("a.wav", "not a WAV file");
        assert_eq!(e.to_string(), "a.wav: not a WAV file");
    }

    #[test]
    fn byte_location_is_reported() {
        let e = Error::at_byte("m.bin", 4, "bad magic");
        assert_eq!(e.to_string(), "m.bin: byte 4: bad magic");
    }
}
