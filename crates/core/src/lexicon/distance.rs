//! Edit distance, bounded: the fuzzy stage and the sound-alike stage only ask whether two short
//! words are within a few edits, so only a diagonal band of the table is ever computed.

/// Longest string either side compared (the fuzzy matcher's longest window).
pub const FUZZY_MAX: usize = 40;

/// Levenshtein distance if it is ≤ `k`: only the diagonal band |i - j| ≤ k is computed, with an
/// early exit once a whole row exceeds `k`.
pub fn bounded_edit_distance(a: &[u8], b: &[u8], k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k || b.len() > FUZZY_MAX || a.len() > FUZZY_MAX || k > 8 {
        return None;
    }
    // Cells hold distances capped at k + 1 (≤ 9), so u8 is enough.
    let far = k as u8 + 1;
    let mut rows = [[far; FUZZY_MAX + 1]; 2];
    let [mut prev, mut cur] = rows.each_mut();
    for (j, p) in prev.iter_mut().enumerate().take(b.len().min(k) + 1) {
        *p = j as u8;
    }
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(k).max(1);
        let hi = (row + k).min(b.len());
        cur[lo - 1] = if lo == 1 && row <= k { row as u8 } else { far };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let sub = prev[j - 1] + u8::from(ca != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(far);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < b.len() {
            cur[hi + 1] = far;
        }
        if row_min > far - 1 {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = usize::from(prev[b.len()]);
    (d <= k).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_bounds() {
        assert_eq!(
            bounded_edit_distance(b"kubernetis", b"kubernetes", 1),
            Some(1)
        );
        assert_eq!(bounded_edit_distance(b"kubernetis", b"kubernetes", 0), None);
        assert_eq!(
            bounded_edit_distance(b"idempotensy", b"idempotency", 2),
            Some(1)
        );
        assert_eq!(bounded_edit_distance(b"abcdefg", b"gfedcba", 2), None);
        assert_eq!(bounded_edit_distance(b"casandra", b"cassandra", 1), Some(1));
    }

    fn full_edit_distance(a: &[u8], b: &[u8]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, &ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, &cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn banded_distance_agrees_with_the_full_table(a in "[abc]{0,12}", b in "[abc]{0,12}", k in 0usize..4) {
            let full = full_edit_distance(a.as_bytes(), b.as_bytes());
            let expected = (full <= k).then_some(full);
            proptest::prop_assert_eq!(bounded_edit_distance(a.as_bytes(), b.as_bytes(), k), expected);
        }
    }
}
