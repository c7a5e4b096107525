//! Small formatting helpers every layer uses: times as `mm:ss`, bytes as hex.

/// `mm:ss` (minutes may exceed 59: a 75-minute session prints `75:00`).
pub fn mm_ss(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
