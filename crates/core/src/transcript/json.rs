//! Field access for the speech-to-text services' JSON (openai-whisper, WhisperX, AssemblyAI,
//! Deepgram, AWS Transcribe, Vosk): every missing or mistyped field is an error that names the
//! format and the field's path (`Deepgram JSON: results.channels[0].alternatives[0].words[3].start
//! is not a number`), and every time is checked (not negative, not past 24 hours).

use std::path::Path;

use serde_json::Value;

use crate::transcript::timestamp::MAX_TIME_MS;
use crate::transcript::whisper_json::json_syntax_error;
use crate::{Error, Result};

/// Parses JSON text, reporting a syntax error with its line.
pub(crate) fn parse_value(text: &str, path: &Path) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| json_syntax_error(&e, path))
}

/// How times are written in a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Seconds, as a number or a numeric string (`0.44`, `"0.44"`).
    Seconds,
    /// Whole milliseconds.
    Millis,
}

pub(crate) struct Fields<'p> {
    pub path: &'p Path,
    /// The format's name, at the start of every message (`AssemblyAI JSON`).
    pub format: &'static str,
}

pub(crate) fn at(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Fields<'_> {
    pub fn error(&self, field: &str, what: impl std::fmt::Display) -> Error {
        Error::input(self.path, format!("{}: {field} {what}", self.format))
    }

    /// `v[key]` as an array; missing or `null` is `None`.
    pub fn opt_array<'v>(
        &self,
        v: &'v Value,
        key: &str,
        parent: &str,
    ) -> Result<Option<&'v [Value]>> {
        match v.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(self.error(&at(parent, key), "is not an array")),
        }
    }

    pub fn array<'v>(&self, v: &'v Value, key: &str, parent: &str) -> Result<&'v [Value]> {
        self.opt_array(v, key, parent)?
            .ok_or_else(|| self.error(&at(parent, key), "is missing"))
    }

    /// `v[key]` as a string; missing or `null` is `None`.
    pub fn opt_str<'v>(&self, v: &'v Value, key: &str, parent: &str) -> Result<Option<&'v str>> {
        match v.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(&at(parent, key), "is not a string")),
        }
    }

    pub fn str<'v>(&self, v: &'v Value, key: &str, parent: &str) -> Result<&'v str> {
        self.opt_str(v, key, parent)?
            .ok_or_else(|| self.error(&at(parent, key), "is missing"))
    }

    /// A time in milliseconds; missing or `null` is `None`.
    pub fn opt_time(&self, v: &Value, key: &str, parent: &str, unit: Unit) -> Result<Option<u64>> {
        let field = || at(parent, key);
        let number = match v.get(key) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) if unit == Unit::Seconds => match s.trim().parse::<f64>() {
                Ok(x) => Some(x),
                Err(_) => return Err(self.error(&field(), format!("`{s}` is not a number"))),
            },
            Some(_) => return Err(self.error(&field(), "is not a number")),
        };
        let Some(x) = number.filter(|x| x.is_finite()) else {
            return Err(self.error(&field(), "is not a number"));
        };
        let ms = match unit {
            Unit::Seconds => x * 1000.0,
            Unit::Millis => x,
        };
        if ms < 0.0 {
            return Err(self.error(&field(), format!("is {x}, a time before the start")));
        }
        if ms > MAX_TIME_MS as f64 {
            return Err(self.error(&field(), format!("is {x}, beyond 24 hours")));
        }
        Ok(Some(ms.round() as u64))
    }

    pub fn time(&self, v: &Value, key: &str, parent: &str, unit: Unit) -> Result<u64> {
        self.opt_time(v, key, parent, unit)?
            .ok_or_else(|| self.error(&at(parent, key), "is missing"))
    }

    /// `start` and `end` of one item, the end not before the start.
    pub fn span(
        &self,
        v: &Value,
        keys: (&str, &str),
        parent: &str,
        unit: Unit,
    ) -> Result<(u64, u64)> {
        let start = self.time(v, keys.0, parent, unit)?;
        let end = self.time(v, keys.1, parent, unit)?;
        self.ordered(start, end, parent)
    }

    pub fn ordered(&self, start: u64, end: u64, parent: &str) -> Result<(u64, u64)> {
        if end < start {
            Err(self.error(
                parent,
                format!("ends at {end} ms, before it starts at {start} ms"),
            ))
        } else {
            Ok((start, end))
        }
    }

    /// The first of `keys` that holds a number (or a numeric string), clamped to 0..1; 1.0 when
    /// none does (the source gave no confidence).
    pub fn probability(&self, v: &Value, keys: &[&str]) -> f32 {
        keys.iter()
            .find_map(|k| match v.get(*k) {
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
                _ => None,
            })
            .filter(|p| p.is_finite())
            .map_or(1.0, |p| p.clamp(0.0, 1.0) as f32)
    }
}

/// The JSON type of a value, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields<'static> {
        Fields {
            path: Path::new("x.json"),
            format: "Test JSON",
        }
    }

    #[test]
    fn seconds_as_numbers_and_strings_become_millis() {
        let v: Value = serde_json::json!({"a": 1.2345, "b": "0.44", "c": null});
        let f = fields();
        assert_eq!(f.time(&v, "a", "", Unit::Seconds).unwrap(), 1_235);
        assert_eq!(f.time(&v, "b", "", Unit::Seconds).unwrap(), 440);
        assert_eq!(f.opt_time(&v, "c", "", Unit::Seconds).unwrap(), None);
    }

    #[test]
    fn bad_times_name_the_field() {
        let v: Value = serde_json::json!({"a": -1, "b": "soon", "c": 1e12, "d": true});
        let f = fields();
        let e = |k: &str| {
            f.time(&v, k, "items[2]", Unit::Seconds)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            e("a"),
            "x.json: Test JSON: items[2].a is -1, a time before the start"
        );
        assert_eq!(
            e("b"),
            "x.json: Test JSON: items[2].b `soon` is not a number"
        );
        assert!(e("c").ends_with("beyond 24 hours"), "{}", e("c"));
        assert_eq!(e("d"), "x.json: Test JSON: items[2].d is not a number");
        assert_eq!(e("z"), "x.json: Test JSON: items[2].z is missing");
    }

    #[test]
    fn millis_are_not_read_from_strings() {
        let v: Value = serde_json::json!({"a": "40"});
        assert!(fields().time(&v, "a", "", Unit::Millis).is_err());
    }

    #[test]
    fn backwards_span_is_refused() {
        let v: Value = serde_json::json!({"start": 5, "end": 1});
        let e = fields()
            .span(&v, ("start", "end"), "words[0]", Unit::Millis)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.json: Test JSON: words[0] ends at 1 ms, before it starts at 5 ms"
        );
    }

    #[test]
    fn probability_defaults_and_clamps() {
        let v: Value = serde_json::json!({"p": 1.5, "q": "0.25"});
        let f = fields();
        assert_eq!(f.probability(&v, &["x"]), 1.0);
        assert_eq!(f.probability(&v, &["p"]), 1.0);
        assert_eq!(f.probability(&v, &["x", "q"]), 0.25);
    }
}
