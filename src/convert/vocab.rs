//! The token list whisper.cpp stores: the byte-level BPE tokens of the CTranslate2 model, turned back
//! from GPT-2's printable-character alphabet into raw bytes, up to and including `<|endoftext|>`
//! (whisper.cpp synthesizes the special tokens after it).

use std::collections::BTreeMap;
use std::path::Path;

use crate::{Error, Result};

/// The last token written; everything after it is a special token whisper.cpp creates itself.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// GPT-2's byte ↔ character table: printable Latin-1 bytes stand for themselves, the other 68 bytes
/// are moved to U+0100 and up, in byte order. Returns the character for each byte.
pub fn byte_to_char() -> [char; 256] {
    let printable = |b: u8| matches!(b, b'!'..=b'~' | 0xa1..=0xac | 0xae..=0xff);
    let mut table = ['\0'; 256];
    let mut next = 256u32;
    for b in 0..=255u8 {
        table[usize::from(b)] = if printable(b) {
            char::from(b)
        } else {
            let c = char::from_u32(next).unwrap_or('\u{fffd}');
            next += 1;
            c
        };
    }
    table
}

/// The inverse table, from a token character to its byte.
pub fn char_to_byte() -> BTreeMap<char, u8> {
    byte_to_char()
        .iter()
        .enumerate()
        .map(|(b, &c)| (c, b as u8))
        .collect()
}

/// Raw bytes of a byte-level BPE token, or the first character that is not in GPT-2's alphabet.
pub fn token_bytes(
    token: &str,
    decoder: &BTreeMap<char, u8>,
) -> std::result::Result<Vec<u8>, char> {
    token
        .chars()
        .map(|c| decoder.get(&c).copied().ok_or(c))
        .collect()
}

/// Loads the vocabulary from `vocabulary.txt` (one token per line, by id) or, failing that, from
/// `tokenizer.json`, and returns the byte form of ids 0 ..= `<|endoftext|>`.
pub fn load(dir: &Path) -> Result<Vec<Vec<u8>>> {
    let txt = dir.join("vocabulary.txt");
    let json = dir.join("tokenizer.json");
    let (path, tokens) = if txt.is_file() {
        let text = std::fs::read_to_string(&txt).map_err(|e| Error::io(&txt, e))?;
        (txt, text.lines().map(str::to_string).collect::<Vec<_>>())
    } else if json.is_file() {
        let tokens = tokens_from_tokenizer_json(&json)?;
        (json, tokens)
    } else {
        return Err(Error::input(
            dir,
            "no vocabulary.txt or tokenizer.json in this folder; a CTranslate2 Whisper model has one of them",
        ));
    };
    to_bytes(&path, &tokens)
}

fn to_bytes(path: &Path, tokens: &[String]) -> Result<Vec<Vec<u8>>> {
    let end = tokens
        .iter()
        .position(|t| t == END_OF_TEXT)
        .ok_or_else(|| {
            Error::input(
                path,
                format!("no {END_OF_TEXT} token: not a Whisper vocabulary"),
            )
        })?;
    let decoder = char_to_byte();
    tokens[..=end]
        .iter()
        .enumerate()
        .map(|(id, token)| {
            token_bytes(token, &decoder).map_err(|c| {
                Error::at_line(
                    path,
                    id + 1,
                    format!("token {token:?} has {c:?}, which is not a byte-level BPE character"),
                )
            })
        })
        .collect()
}

/// Tokens by id from a Hugging Face `tokenizer.json` (`model.vocab` plus `added_tokens`).
fn tokens_from_tokenizer_json(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::at_line(path, e.line(), format!("invalid JSON: {e}")))?;
    let mut by_id: BTreeMap<u64, String> = BTreeMap::new();
    let vocab = json
        .pointer("/model/vocab")
        .and_then(|v| v.as_object())
        .ok_or_else(|| {
            Error::input(
                path,
                "no model.vocab object: not a byte-level BPE tokenizer",
            )
        })?;
    for (token, id) in vocab {
        if let Some(id) = id.as_u64() {
            by_id.insert(id, token.clone());
        }
    }
    for added in json
        .get("added_tokens")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        if let (Some(id), Some(content)) = (
            added.get("id").and_then(|v| v.as_u64()),
            added.get("content").and_then(|v| v.as_str()),
        ) {
            by_id.insert(id, content.to_string());
        }
    }
    let mut tokens = Vec::with_capacity(by_id.len());
    for (expected, (id, token)) in (0u64..).zip(by_id) {
        if id != expected {
            return Err(Error::input(
                path,
                format!("token id {expected} is missing from the vocabulary"),
            ));
        }
        tokens.push(token);
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_table_is_a_bijection_with_gpt2_offsets() {
        let table = byte_to_char();
        assert_eq!(table[usize::from(b'A')], 'A');
        assert_eq!(table[usize::from(b' ')], 'Ġ'); // U+0120: space is the 33rd moved byte
        assert_eq!(table[usize::from(b'\n')], 'Ċ'); // U+010A
        assert_eq!(table[0], 'Ā'); // U+0100
        assert_eq!(table[0xad], 'Ń'); // soft hyphen, the last moved byte, is U+0143
        assert_eq!(char_to_byte().len(), 256);
    }

    #[test]
    fn tokens_decode_to_their_bytes() {
        let d = char_to_byte();
        assert_eq!(token_bytes("Ġhello", &d).unwrap(), b" hello");
        assert_eq!(token_bytes("ĊĊ", &d).unwrap(), b"\n\n");
        // "é" in UTF-8 is C3 A9; both bytes are printable Latin-1, shown as "Ã©".
        assert_eq!(token_bytes("Ã©", &d).unwrap(), "é".as_bytes());
        assert_eq!(token_bytes("<|endoftext|>", &d).unwrap(), b"<|endoftext|>");
        assert_eq!(token_bytes("", &d).unwrap(), b"");
    }

    #[test]
    fn characters_outside_the_alphabet_are_refused() {
        assert_eq!(token_bytes("a\u{2603}", &char_to_byte()), Err('\u{2603}'));
    }

    #[test]
    fn vocabulary_stops_after_end_of_text() {
        let tokens: Vec<String> = ["a", "Ġb", "", END_OF_TEXT, "<|startoftranscript|>"]
            .map(String::from)
            .to_vec();
        let bytes = to_bytes(Path::new("v.txt"), &tokens).unwrap();
        assert_eq!(
            bytes,
            vec![
                b"a".to_vec(),
                b" b".to_vec(),
                vec![],
                END_OF_TEXT.as_bytes().to_vec()
            ]
        );
    }

    #[test]
    fn vocabulary_without_end_of_text_is_refused() {
        let e = to_bytes(Path::new("v.txt"), &["a".to_string()]).unwrap_err();
        assert!(e.to_string().contains("no <|endoftext|> token"));
    }

    #[test]
    fn bad_token_error_names_its_line() {
        let tokens: Vec<String> = ["a", "\u{2603}", END_OF_TEXT].map(String::from).to_vec();
        let e = to_bytes(Path::new("v.txt"), &tokens).unwrap_err();
        assert!(e.to_string().starts_with("v.txt: line 2: token"), "{e}");
    }

    #[test]
    fn tokenizer_json_gives_tokens_by_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("tokenizer.json"),
            r#"{"model":{"vocab":{"Ġb":1,"a":0}},"added_tokens":[{"id":2,"content":"<|endoftext|>"},{"id":3,"content":"<|en|>"}]}"#,
        )
        .unwrap();
        assert_eq!(
            load(dir.path()).unwrap(),
            vec![
                b"a".to_vec(),
                b" b".to_vec(),
                END_OF_TEXT.as_bytes().to_vec()
            ]
        );
    }
}
