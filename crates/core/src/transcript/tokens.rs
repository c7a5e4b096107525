//! Decoder tokens → words. Shared by the whisper.cpp JSON reader and the transcriber, so a word
//! means the same thing whichever path produced it.
//!
//! A token whose text starts with a space starts a new word; other tokens continue the current
//! word (`" idem"` + `"pot"` + `"ency"`), and punctuation sticks to the word before it. Special
//! tokens (`[_BEG_]`, `[_TT_150]`, `[_SOT_]`, `<|endoftext|>`, …) are dropped. A word's time runs
//! from its first token's start to its last token's end; its probability is the mean of its
//! tokens' probabilities.

use crate::transcript::Word;

/// One decoder token with its times, as whisper.cpp reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start_ms: u64,
    pub end_ms: u64,
    /// Probability 0..1; values outside are clamped and NaN counts as 0.
    pub p: f32,
}

/// whisper.cpp's names for control and timestamp tokens (`[_BEG_]`, `[_TT_42]`, `[_SOT_]`,
/// `[_EOT_]`, `[_SOLM_]`, `[_LANG_en]`, …) and the OpenAI spelling (`<|endoftext|>`).
pub fn is_special(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("[_") && t.ends_with(']')) || (t.starts_with("<|") && t.ends_with("|>"))
}

pub fn words_from_tokens(tokens: &[Token<'_>]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    // Sum of token probabilities and token count of the last word, for its mean.
    let mut p_sum = 0.0f32;
    let mut p_count = 0u32;
    for token in tokens.iter().filter(|t| !is_special(t.text)) {
        let p = if token.p.is_nan() {
            0.0
        } else {
            token.p.clamp(0.0, 1.0)
        };
        // Broken UTF-8 halves arrive as replacement characters: they carry no text but are part
        // of the word being spelled, so they extend its time.
        let text: String = token.text.chars().filter(|&c| c != '\u{FFFD}').collect();
        if text.trim().is_empty() {
            if let Some(word) = words.last_mut().filter(|_| token.text.contains('\u{FFFD}')) {
                word.end_ms = word.end_ms.max(token.end_ms);
                p_sum += p;
                p_count += 1;
                word.p = p_sum / p_count as f32;
            }
            continue;
        }
        let starts_word = text.starts_with(char::is_whitespace) && !is_punctuation(text.trim());
        match words.last_mut() {
            Some(word) if !starts_word => {
                word.text.push_str(text.trim());
                word.end_ms = word.end_ms.max(token.end_ms);
                p_sum += p;
                p_count += 1;
                word.p = p_sum / p_count as f32;
            }
            _ => {
                words.push(Word {
                    start_ms: token.start_ms,
                    end_ms: token.end_ms.max(token.start_ms),
                    text: text.trim().to_string(),
                    p,
                });
                p_sum = p;
                p_count = 1;
            }
        }
    }
    words
}

fn is_punctuation(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_punctuation() && c != '\'' && c != '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, start_ms: u64, end_ms: u64, p: f32) -> Token<'_> {
        Token {
            text,
            start_ms,
            end_ms,
            p,
        }
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn leading_space_starts_a_word_and_pieces_join() {
        let words = words_from_tokens(&[
            tok(" idem", 0, 200, 0.9),
            tok("pot", 200, 300, 0.5),
            tok("ency", 300, 500, 0.7),
            tok(" keys", 500, 800, 1.0),
        ]);
        assert_eq!(texts(&words), ["idempotency", "keys"]);
        assert_eq!((words[0].start_ms, words[0].end_ms), (0, 500));
        assert!((words[0].p - 0.7).abs() < 1e-6);
        assert_eq!(words[1].p, 1.0);
    }

    #[test]
    fn special_tokens_are_dropped() {
        let words = words_from_tokens(&[
            tok("[_BEG_]", 0, 0, 1.0),
            tok(" Hello", 0, 300, 0.9),
            tok("[_TT_15]", 300, 300, 1.0),
            tok("<|endoftext|>", 300, 300, 1.0),
        ]);
        assert_eq!(texts(&words), ["Hello"]);
    }

    #[test]
    fn punctuation_attaches_to_the_word_before() {
        let words = words_from_tokens(&[
            tok(" Redis", 0, 100, 1.0),
            tok(",", 100, 120, 1.0),
            tok(" then", 120, 300, 1.0),
        ]);
        assert_eq!(texts(&words), ["Redis,", "then"]);
    }

    #[test]
    fn first_token_without_space_starts_a_word() {
        let words = words_from_tokens(&[tok("So", 0, 100, 1.0), tok(" yes", 100, 200, 1.0)]);
        assert_eq!(texts(&words), ["So", "yes"]);
    }

    #[test]
    fn broken_utf8_halves_extend_the_word_and_blank_tokens_carry_no_text() {
        let words = words_from_tokens(&[
            tok(" caf", 0, 100, 1.0),
            tok("\u{FFFD}", 100, 110, 1.0),
            tok(" ", 110, 120, 1.0),
        ]);
        assert_eq!(texts(&words), ["caf"]);
        assert_eq!(
            words[0].end_ms, 110,
            "the broken half still belongs to the word"
        );
    }

    #[test]
    fn probabilities_are_clamped() {
        let words = words_from_tokens(&[tok(" a", 0, 1, f32::NAN), tok(" b", 1, 2, 7.0)]);
        assert_eq!((words[0].p, words[1].p), (0.0, 1.0));
    }

    #[test]
    fn special_token_names_are_recognised() {
        for t in [
            "[_BEG_]",
            "[_TT_1500]",
            "[_SOT_]",
            "[_EOT_]",
            "[_LANG_en]",
            "<|en|>",
        ] {
            assert!(is_special(t), "{t}");
        }
        for t in [" [laughs]", " Hello", "[x"] {
            assert!(!is_special(t), "{t}");
        }
    }
}
