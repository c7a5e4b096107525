//! Small formatting helpers every layer uses: times as `mm:ss`, bytes as hex, `YYYY-MM-DD` dates.

/// `mm:ss` (minutes may exceed 59: a 75-minute session prints `75:00`).
pub fn mm_ss(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `s` is a `YYYY-MM-DD` date (month 1–12, day 1–31; the calendar is not checked).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u8>(), Ok(1..=31))
}

/// The first `YYYY-MM-DD` date inside a file name (`day1-2026-11-20.json`), if any.
pub fn date_in_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = name.get(i..i + 10)?;
        is_date(s).then(|| s.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_run_past_an_hour() {
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(61_999), "01:01");
        assert_eq!(mm_ss(75 * 60_000), "75:00");
    }

    #[test]
    fn dates_are_validated() {
        assert!(is_date("2026-11-28"));
        assert!(!is_date("2026-13-28"));
        assert!(!is_date("2026/11/28"));
        assert_eq!(
            date_in_name("mock-2026-02-30x.json").as_deref(),
            Some("2026-02-30")
        );
        assert_eq!(date_in_name("mock.json"), None);
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
