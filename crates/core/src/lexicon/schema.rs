//! The lexicon file format (`lexicons/*.toml`), read strictly: an unknown key, a bad regex, an empty
//! or duplicate id is an error naming the file and line.
//!
//! ```toml
//! id = "tools"                      # required: [a-z][a-z0-9_]*, unique across all loaded files
//! description = "Specific products" # required: one line for people
//! fuzzy = true                      # optional (default true): allow edit-distance matches of long terms
//! phonetic = true                   # optional (default true): allow sound-alike matches (phonetic.rs)
//! phonetic_except = ["redis"]       # optional: terms never matched by sound
//! terms = ["kafka", "redis"]        # canonical terms; matched case-insensitively on word boundaries
//! exceptions = ["spanned"]          # optional: phrases where this lexicon never matches
//!                                   # (e.g. hedging's "what kind of" blocks its "kind of")
//!
//! [sounds_like]                     # optional: canonical term → how speech-to-text spells it
//! redis = ["ridis", "reddis"]
//!
//! [[patterns]]                      # optional: regexes over the normalised text (see normalize.rs)
//! name = "qps"                      # the hit's term; unique in the file
//! regex = '\d+(\.\d+)? ?(k|m)? ?qps'
//!
//! [[examples]]                      # run by the test suite for every built-in lexicon
//! text = "I would use Reddis because it is fast"
//! hits = ["redis"]                  # distinct canonical terms / pattern names expected, any order
//! ```
//!
//! Terms, variants and exceptions are normalised like the transcript (lower case, hyphens as
//! spaces, number words as digits), so `"trade-off"` and `"trade off"` are the same entry and
//! listing both is an error. A `sounds_like` key must be one of `terms`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::normalize::normalize;
use crate::{Error, Result};

/// One loaded and validated lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub id: String,
    pub description: String,
    pub fuzzy: bool,
    /// Sound-alike matching (`phonetic.rs`) of terms and their variants.
    pub phonetic: bool,
    /// Terms (as written in `terms`) left out of sound-alike matching.
    pub phonetic_except: Vec<String>,
    /// Canonical terms as written in the file.
    pub terms: Vec<String>,
    /// Canonical term → variants as written in the file.
    pub sounds_like: BTreeMap<String, Vec<String>>,
    /// Normalised phrases inside which this lexicon reports nothing.
    pub exceptions: Vec<String>,
    pub patterns: Vec<Pattern>,
    pub examples: Vec<Example>,
    /// File the lexicon came from (for messages).
    pub source: String,
    /// Line of the `id` key (for duplicate-id messages).
    pub id_line: usize,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub name: String,
    pub regex: Regex,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub hits: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    id: Spanned<String>,
    description: String,
    #[serde(default)]
    fuzzy: Option<bool>,
    #[serde(default)]
    phonetic: Option<bool>,
    #[serde(default)]
    phonetic_except: Vec<Spanned<String>>,
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    sounds_like: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<RawPattern>,
    #[serde(default)]
    examples: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    name: Spanned<String>,
    regex: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    text: String,
    hits: Vec<Spanned<String>>,
}

/// 1-based line of byte `at` in `src`.
pub fn line_of(src: &str, at: usize) -> usize {
    let at = at.min(src.len());
    src.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The last line of a regex error (`error: unclosed group`), without the pattern echo and caret.
fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| {
            l.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| {
            text.lines()
                .last()
                .unwrap_or("invalid regex")
                .trim()
                .to_string()
        })
}

/// Parses and validates one lexicon file. `file` names it in errors.
pub fn parse(file: &str, src: &str) -> Result<Lexicon> {
    let raw: RawLexicon = toml::from_str(src).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(src, s.start));
        Error::at_line(file, line, e.message().trim().to_string())
    })?;
    let at = |span: Range<usize>, msg: String| Error::at_line(file, line_of(src, span.start), msg);

    let id_line = line_of(src, raw.id.span().start);
    let id = raw.id.get_ref().clone();
    if id.is_empty() {
        return Err(at(raw.id.span(), "lexicon id is empty".into()));
    }
    if !valid_id(&id) {
        return Err(at(
            raw.id.span(),
            format!("lexicon id `{id}` must be lower-case letters, digits and `_`, starting with a letter"),
        ));
    }
    if raw.description.trim().is_empty() {
        return Err(Error::at_line(
            file,
            id_line,
            format!("lexicon `{id}` has an empty description"),
        ));
    }
    if raw.terms.is_empty() && raw.patterns.is_empty() {
        return Err(Error::at_line(
            file,
            id_line,
            format!("lexicon `{id}` has no terms and no patterns"),
        ));
    }

    // Every normalised key may be listed once, whichever canonical term it belongs to.
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut add_key = |entry: &Spanned<String>, canonical: &str| -> Result<()> {
        let key = normalize(entry.get_ref()).text;
        if key.is_empty() {
            return Err(at(
                entry.span(),
                format!("term `{}` is empty after normalisation", entry.get_ref()),
            ));
        }
        if let Some(prev) = keys.insert(key.clone(), canonical.to_string()) {
            return Err(at(
                entry.span(),
                format!(
                    "`{}` is listed twice (normalised `{key}`, already under `{prev}`)",
                    entry.get_ref()
                ),
            ));
        }
        Ok(())
    };
    let mut terms = Vec::with_capacity(raw.terms.len());
    for t in &raw.terms {
        add_key(t, t.get_ref())?;
        terms.push(t.get_ref().clone());
    }
    let mut sounds_like = BTreeMap::new();
    for (canonical, variants) in &raw.sounds_like {
        if !terms.contains(canonical) {
            let line = variants
                .first()
                .map_or(id_line, |v| line_of(src, v.span().start));
            return Err(Error::at_line(
                file,
                line,
                format!("sounds_like key `{canonical}` is not one of `terms`"),
            ));
        }
        for v in variants {
            add_key(v, canonical)?;
        }
        sounds_like.insert(
            canonical.clone(),
            variants.iter().map(|v| v.get_ref().clone()).collect(),
        );
    }

    let mut phonetic_except = Vec::with_capacity(raw.phonetic_except.len());
    for t in &raw.phonetic_except {
        if !terms.contains(t.get_ref()) {
            return Err(at(
                t.span(),
                format!(
                    "phonetic_except entry `{}` is not one of `terms`",
                    t.get_ref()
                ),
            ));
        }
        phonetic_except.push(t.get_ref().clone());
    }

    let mut patterns = Vec::with_capacity(raw.patterns.len());
    let mut names = BTreeSet::new();
    for p in &raw.patterns {
        let name = p.name.get_ref();
        if name.trim().is_empty() {
            return Err(at(p.name.span(), "pattern name is empty".into()));
        }
        if !names.insert(name.clone()) {
            return Err(at(
                p.name.span(),
                format!("pattern name `{name}` is used twice"),
            ));
        }
        let regex = regex::RegexBuilder::new(p.regex.get_ref())
            .case_insensitive(true)
            .size_limit(1 << 22)
            .build()
            .map_err(|e| {
                at(
                    p.regex.span(),
                    format!("bad regex in pattern `{name}`: {}", regex_message(&e)),
                )
            })?;
        if regex.is_match("") {
            return Err(at(
                p.regex.span(),
                format!("regex of pattern `{name}` matches the empty string"),
            ));
        }
        patterns.push(Pattern {
            name: name.clone(),
            regex,
        });
    }

    let mut exceptions = Vec::with_capacity(raw.exceptions.len());
    for e in &raw.exceptions {
        let key = normalize(e.get_ref()).text;
        if key.is_empty() {
            return Err(at(
                e.span(),
                format!("exception `{}` is empty after normalisation", e.get_ref()),
            ));
        }
        exceptions.push(key);
    }

    let mut examples = Vec::with_capacity(raw.examples.len());
    for ex in &raw.examples {
        for h in &ex.hits {
            let h_ref = h.get_ref();
            if !terms.contains(h_ref) && !names.contains(h_ref) {
                return Err(at(
                    h.span(),
                    format!("example hit `{h_ref}` is neither a term nor a pattern name of `{id}`"),
                ));
            }
        }
        examples.push(Example {
            text: ex.text.clone(),
            hits: ex.hits.iter().map(|h| h.get_ref().clone()).collect(),
        });
    }

    Ok(Lexicon {
        id,
        description: raw.description.trim().to_string(),
        fuzzy: raw.fuzzy.unwrap_or(true),
        phonetic: raw.phonetic.unwrap_or(true),
        phonetic_except,
        terms,
        sounds_like,
        exceptions,
        patterns,
        examples,
        source: file.to_string(),
        id_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        parse("x.toml", src).unwrap_err().to_string()
    }

    #[test]
    fn minimal_file_loads() {
        let lx = parse(
            "x.toml",
            "id = \"a\"\ndescription = \"d\"\nterms = [\"kafka\"]\n",
        )
        .unwrap();
        assert_eq!(lx.id, "a");
        assert!(lx.fuzzy);
        assert_eq!(lx.terms, vec!["kafka"]);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let e = err("id = \"a\"\ndescription = \"d\"\nterms = [\"k\"]\ncolour = 3\n");
        assert!(e.starts_with("x.toml: line 4: "), "{e}");
        assert!(e.contains("colour"), "{e}");
    }

    #[test]
    fn unknown_key_in_pattern_names_its_line() {
        let e = err("id = \"a\"\ndescription = \"d\"\n\n[[patterns]]\nname = \"n\"\nregex = \"x\"\nflags = \"i\"\n");
        assert!(e.starts_with("x.toml: line 7: "), "{e}");
    }

    #[test]
    fn bad_regex_names_its_line() {
        let e =
            err("id = \"a\"\ndescription = \"d\"\n[[patterns]]\nname = \"n\"\nregex = \"(ab\"\n");
        assert!(
            e.starts_with("x.toml: line 5: bad regex in pattern `n`"),
            "{e}"
        );
        assert!(!e.contains('\n'), "one line: {e}");
    }

    #[test]
    fn empty_matching_regex_is_rejected() {
        let e =
            err("id = \"a\"\ndescription = \"d\"\n[[patterns]]\nname = \"n\"\nregex = \"a*\"\n");
        assert!(e.contains("line 5") && e.contains("empty string"), "{e}");
    }

    #[test]
    fn empty_id_is_rejected() {
        let e = err("description = \"d\"\nid = \"\"\nterms = [\"k\"]\n");
        assert_eq!(e, "x.toml: line 2: lexicon id is empty");
    }

    #[test]
    fn bad_id_characters_are_rejected() {
        let e = err("id = \"Tools-1\"\ndescription = \"d\"\nterms = [\"k\"]\n");
        assert!(e.starts_with("x.toml: line 1: lexicon id `Tools-1`"), "{e}");
    }

    #[test]
    fn missing_id_is_an_error() {
        let e = err("description = \"d\"\nterms = [\"k\"]\n");
        assert!(e.contains("id"), "{e}");
    }

    #[test]
    fn same_term_twice_after_normalisation_is_rejected() {
        let e = err(
            "id = \"a\"\ndescription = \"d\"\nterms = [\n  \"trade-off\",\n  \"Trade off\",\n]\n",
        );
        assert!(e.starts_with("x.toml: line 5: "), "{e}");
    }

    #[test]
    fn sounds_like_key_must_be_a_term() {
        let e = err("id = \"a\"\ndescription = \"d\"\nterms = [\"kafka\"]\n[sounds_like]\nredis = [\"ridis\"]\n");
        assert!(
            e.starts_with("x.toml: line 5: sounds_like key `redis`"),
            "{e}"
        );
    }

    #[test]
    fn phonetic_except_must_name_terms() {
        let e = err(
            "id = \"a\"\ndescription = \"d\"\nterms = [\"kafka\"]\nphonetic_except = [\"redis\"]\n",
        );
        assert!(
            e.starts_with("x.toml: line 4: phonetic_except entry `redis`"),
            "{e}"
        );
    }

    #[test]
    fn example_hits_must_name_terms() {
        let e = err(
            "id = \"a\"\ndescription = \"d\"\nterms = [\"kafka\"]\n[[examples]]\ntext = \"t\"\nhits = [\"redis\"]\n",
        );
        assert!(e.starts_with("x.toml: line 6: "), "{e}");
    }

    #[test]
    fn toml_syntax_error_names_line() {
        let e = err("id = \"a\"\ndescription = \"d\"\nterms = [\"k\"\n\n");
        assert!(e.starts_with("x.toml: line "), "{e}");
    }
}
