use crate::transcript::Word;

/// One decoder token with its times, as whisper.cpp reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start_ms: u64,
    pub end_ms: u64,
    pub p: f32,
}

pub fn is_special(text: &str) -> bool {
    text.starts_with("[_") && text.ends_with(']')
}

pub fn words_from_tokens(_tokens: &[Token<'_>]) -> Vec<Word> {
    Vec::new()
}
