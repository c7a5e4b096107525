//! Decoded BPE tokens → words, still on the packed window's timeline.

/// A decoded text token; times in ms of the packed window.
#[derive(Debug, Clone, PartialEq)]
pub struct RawToken {
    pub bytes: Vec<u8>,
    pub start_ms: u64,
    pub end_ms: u64,
    pub p: f32,
}

/// A segment as whisper.cpp returns it; times in ms of the packed window.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSegment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub no_speech: f32,
    pub tokens: Vec<RawToken>,
}

/// A word still on the window's packed timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedWord {
    pub text: String,
    pub start_ms: u64,
    pub end_ms: u64,
    pub p: f32,
}

/// Merges BPE tokens into words: a token that starts with a space starts a word; anything else
/// (word pieces, punctuation, the rest of a multi-byte character) continues the current one.
pub fn words_from_tokens(tokens: &[RawToken]) -> Vec<PackedWord> {
    struct Acc {
        bytes: Vec<u8>,
        start_ms: u64,
        end_ms: u64,
        p_sum: f32,
        n: u32,
    }
    fn flush(acc: &mut Option<Acc>, out: &mut Vec<PackedWord>) {
        if let Some(a) = acc.take() {
            let text = String::from_utf8_lossy(&a.bytes).trim().to_string();
            if !text.is_empty() {
                out.push(PackedWord {
                    text,
                    start_ms: a.start_ms,
                    end_ms: a.end_ms.max(a.start_ms),
                    p: round3(a.p_sum / a.n.max(1) as f32),
                });
            }
        }
    }
    let mut out = Vec::new();
    let mut acc: Option<Acc> = None;
    for t in tokens {
        if t.bytes.first() == Some(&b' ') {
            flush(&mut acc, &mut out);
        }
        match acc.as_mut() {
            Some(a) => {
                a.bytes.extend_from_slice(&t.bytes);
                a.end_ms = a.end_ms.max(t.end_ms);
                a.p_sum += t.p;
                a.n += 1;
            }
            None => {
                acc = Some(Acc {
                    bytes: t.bytes.clone(),
                    start_ms: t.start_ms,
                    end_ms: t.end_ms,
                    p_sum: t.p,
                    n: 1,
                })
            }
        }
    }
    flush(&mut acc, &mut out);
    out
}

fn round3(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::testkit::{texts, tok};

    #[test]
    fn tokens_merge_into_words_with_punctuation_attached() {
        let tokens = [
            tok(" Ask", 0, 20, 0.9),
            tok(" not", 20, 40, 0.8),
            tok(" what", 40, 55, 0.7),
            tok(" your", 55, 70, 0.9),
            tok(" coun", 70, 80, 0.6),
            tok("try", 80, 95, 1.0),
            tok(",", 95, 96, 0.9),
        ];
        let words = words_from_tokens(&tokens);
        assert_eq!(texts(&words), ["Ask", "not", "what", "your", "country,"]);
        let country = &words[4];
        assert_eq!((country.start_ms, country.end_ms), (700, 960));
        assert!((country.p - 0.833).abs() < 1e-6);
    }
    #[test]
    fn split_multibyte_character_is_rejoined() {
        let e_acute = "é".as_bytes();
        let tokens = [
            RawToken {
                bytes: [b" caf".as_slice(), &e_acute[..1]].concat(),
                start_ms: 0,
                end_ms: 100,
                p: 1.0,
            },
            RawToken {
                bytes: e_acute[1..].to_vec(),
                start_ms: 100,
                end_ms: 200,
                p: 1.0,
            },
        ];
        assert_eq!(texts(&words_from_tokens(&tokens)), ["café"]);
    }
}
