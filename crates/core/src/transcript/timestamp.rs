//! Cue timestamps: `[hh:]mm:ss.ttt` (WebVTT) and `hh:mm:ss,ttt` (SRT), read leniently and written
//! exactly.
//!
//! Reading accepts either fraction separator, one to nine fraction digits (truncated to
//! milliseconds), one or two digits for minutes and seconds, and hours of any width up to the
//! 24-hour limit. Anything past [`MAX_TIME_MS`] is refused: no interview lasts a day, so such a
//! time is a corrupt file, not a long recording.

/// The latest time any transcript may contain: 24 hours.
pub const MAX_TIME_MS: u64 = 24 * 60 * 60 * 1000;

/// Parses one timestamp (`01:02:03.456`, `02:03.456`, `01:02:03,456`). The error says what is wrong
/// with it, for the caller to attach a file and line.
pub fn parse(s: &str) -> Result<u64, String> {
    let bad = || format!("`{s}` is not a timestamp like 00:01:02.345");
    let (clock, fraction) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let (hours, minutes, seconds) = match fields.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return Err(bad()),
    };
    if !is_digits(hours, 1, usize::MAX) || !is_digits(minutes, 1, 2) || !is_digits(seconds, 1, 2) {
        return Err(bad());
    }
    // Hours are checked before the arithmetic, so a field like 99999999999999999999 cannot overflow.
    let hours_value: u64 = match hours.parse() {
        Ok(h) if h <= 24 => h,
        _ => {
            return Err(format!(
                "`{s}` is beyond 24 hours: not a plausible interview time"
            ))
        }
    };
    let minutes_value: u64 = minutes.parse().map_err(|_| bad())?;
    let seconds_value: u64 = seconds.parse().map_err(|_| bad())?;
    if minutes_value >= 60 || seconds_value >= 60 {
        return Err(format!("`{s}` has minutes or seconds of 60 or more"));
    }
    let millis = match fraction {
        None => 0,
        Some(f) if is_digits(f, 1, 9) => fraction_to_ms(f),
        Some(_) => return Err(bad()),
    };
    let total = ((hours_value * 60 + minutes_value) * 60 + seconds_value) * 1000 + millis;
    if total > MAX_TIME_MS {
        return Err(format!(
            "`{s}` is beyond 24 hours: not a plausible interview time"
        ));
    }
    Ok(total)
}

/// A cue timing line: `start --> end` followed by optional cue settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub start_ms: u64,
    pub end_ms: u64,
}

/// Whether a line is meant as a timing line: something shaped like a time, then the `-->` arrow
/// (the times may still be wrong, which [`parse_timing_line`] reports). Cue text that merely contains `-->` is not one.
pub fn is_timing_line(line: &str) -> bool {
    line.split_once("-->").is_some_and(|(start, _)| {
        let start = start.trim();
        start.contains(':')
            && start
                .bytes()
                .all(|b| b.is_ascii_digit() || b".:,".contains(&b))
    })
}

/// Parses `00:00:01.000 --> 00:00:04.000 align:start` (settings after the end time are ignored).
/// An end before the start is an error here, so every reader reports it the same way.
pub fn parse_timing_line(line: &str) -> Result<Timing, String> {
    let Some((left, right)) = line.split_once("-->") else {
        return Err(format!("`{line}` is not a timing line (no `-->`)"));
    };
    let start = left.trim();
    let end = right.split_whitespace().next().unwrap_or("");
    if end.is_empty() {
        return Err(format!("`{}` has no end time after `-->`", line.trim()));
    }
    let start_ms = parse(start)?;
    let end_ms = parse(end)?;
    if end_ms < start_ms {
        return Err(format!("end time {end} is before start time {start}"));
    }
    Ok(Timing { start_ms, end_ms })
}

/// `HH:MM:SS.mmm`, as WebVTT writes it.
pub fn format_vtt(ms: u64) -> String {
    let (h, m, s, frac) = split(ms);
    format!("{h:02}:{m:02}:{s:02}.{frac:03}")
}

/// `HH:MM:SS,mmm`, as SRT writes it.
pub fn format_srt(ms: u64) -> String {
    let (h, m, s, frac) = split(ms);
    format!("{h:02}:{m:02}:{s:02},{frac:03}")
}

/// `mm:ss`, or `h:mm:ss` from the first hour on: the whole-second clock of the plain-text format.
pub fn format_clock(ms: u64) -> String {
    let (h, m, s, _) = split(ms);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

fn split(ms: u64) -> (u64, u64, u64, u64) {
    let secs = ms / 1000;
    (secs / 3600, secs / 60 % 60, secs % 60, ms % 1000)
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// `5` → 500, `25` → 250, `123456` → 123: the digits are a decimal fraction of a second.
fn fraction_to_ms(digits: &str) -> u64 {
    digits
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |acc, b| acc * 10 + u64::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hours_minutes_seconds_millis() {
        assert_eq!(parse("01:02:03.456"), Ok(3_723_456));
    }

    #[test]
    fn hours_are_optional() {
        assert_eq!(parse("02:03.456"), Ok(123_456));
    }

    #[test]
    fn comma_separator_of_srt_is_accepted() {
        assert_eq!(parse("00:00:01,250"), Ok(1_250));
    }

    #[test]
    fn short_and_long_fractions_scale_to_millis() {
        assert_eq!(parse("00:01.5"), Ok(1_500));
        assert_eq!(parse("00:01.25"), Ok(1_250));
        assert_eq!(parse("00:01.123456"), Ok(1_123));
    }

    #[test]
    fn single_digit_fields_are_accepted() {
        assert_eq!(parse("0:00:07,000"), Ok(7_000));
        assert_eq!(parse("1:5.000"), Ok(65_000));
    }

    #[test]
    fn absurd_hours_are_refused_without_overflow() {
        assert!(parse("99999:00:00.000").unwrap_err().contains("24 hours"));
        assert!(parse("99999999999999999999999:00:00.000")
            .unwrap_err()
            .contains("24 hours"));
        assert!(parse("24:00:00.001").unwrap_err().contains("24 hours"));
        assert_eq!(parse("24:00:00.000"), Ok(MAX_TIME_MS));
    }

    #[test]
    fn sixty_minutes_or_seconds_are_refused() {
        assert!(parse("00:60:00.000").is_err());
        assert!(parse("00:00:60.000").is_err());
    }

    #[test]
    fn non_numeric_and_malformed_fields_are_refused() {
        for bad in [
            "",
            "abc",
            "00:0a:01.000",
            "1.000",
            "00:00:01.",
            "00:00:01.x",
            "::",
            "-1:00.000",
            "00:00:00:01.000",
            "+1:00.000",
            "00:001.000",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn timing_line_ignores_cue_settings() {
        let t =
            parse_timing_line("00:00:01.000 --> 00:00:04.000 align:start position:10%").unwrap();
        assert_eq!(
            t,
            Timing {
                start_ms: 1_000,
                end_ms: 4_000
            }
        );
    }

    #[test]
    fn timing_line_accepts_arrow_without_spaces() {
        let t = parse_timing_line("00:01.000-->00:02.000").unwrap();
        assert_eq!(
            t,
            Timing {
                start_ms: 1_000,
                end_ms: 2_000
            }
        );
    }

    #[test]
    fn backwards_timing_line_is_refused_naming_both_times() {
        let e = parse_timing_line("00:10:00.000 --> 00:01:00.000").unwrap_err();
        assert_eq!(e, "end time 00:01:00.000 is before start time 00:10:00.000");
    }

    #[test]
    fn equal_start_and_end_are_accepted() {
        assert!(parse_timing_line("00:00:01.000 --> 00:00:01.000").is_ok());
    }

    #[test]
    fn text_with_an_arrow_is_not_a_timing_line() {
        assert!(is_timing_line("00:01.000 --> whenever"));
        assert!(is_timing_line("99999:00:00.000 --> 1"));
        assert!(!is_timing_line("A --> B"));
        assert!(!is_timing_line("no arrow 00:01.000"));
    }

    #[test]
    fn timing_line_without_end_is_refused() {
        assert!(parse_timing_line("00:00:01.000 -->").is_err());
    }

    #[test]
    fn formats_round_trip() {
        for ms in [0, 1, 999, 61_001, 3_723_456, MAX_TIME_MS] {
            assert_eq!(parse(&format_vtt(ms)), Ok(ms));
            assert_eq!(parse(&format_srt(ms)), Ok(ms));
        }
    }

    #[test]
    fn clock_shows_hours_only_when_needed() {
        assert_eq!(format_clock(65_900), "01:05");
        assert_eq!(format_clock(3_723_000), "1:02:03");
    }
}
