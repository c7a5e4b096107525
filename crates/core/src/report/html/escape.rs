//! The one escaping of every HTML page mockreview writes (the report and the progress page).
//!
//! Pages are built with `maud`, which escapes every spliced value. Dynamic text (transcript
//! quotes, names, messages) is spliced as [`Text`], which escapes it the stricter way the pages
//! always had: `& < > " '` as entities, and control characters other than tab and newline (not
//! allowed in HTML text) replaced with U+FFFD.

use std::fmt::{Display, Write as _};
use std::path::Path;

use maud::{PreEscaped, Render};

/// Text spliced into a page: escaped for element content and quoted attribute values alike.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        escape_into(self.0, buffer);
    }
}

/// Escapes text for HTML element content and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// An empty SVG element written self-closed (`<line x1="0"/>`), as the pages always had it;
/// maud's syntax has no self-closing form. Attribute values are escaped like [`Text`].
pub fn empty_element(
    name: &'static str,
    attrs: &[(&'static str, &dyn Display)],
) -> PreEscaped<String> {
    let mut out = format!("<{name}");
    for (key, value) in attrs {
        let _ = write!(out, " {key}=\"");
        escape_into(&value.to_string(), &mut out);
        out.push('"');
    }
    out.push_str("/>");
    PreEscaped(out)
}

/// A relative audio path as a URL attribute: path separators kept, everything else that is not
/// safe in a URL percent-encoded (so `#`, `?`, spaces and quotes cannot change its meaning).
pub fn audio_src(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_every_markup_character() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(escape("a\u{7}b\tc\n"), "a\u{FFFD}b\tc\n");
    }

    #[test]
    fn text_spliced_by_maud_is_escaped_the_same_way() {
        let hostile = "<script>alert('x')</script> & \"y\"";
        let page = maud::html! { p title=(Text(hostile)) { (Text(hostile)) } }.into_string();
        let e = escape(hostile);
        assert_eq!(page, format!("<p title=\"{e}\">{e}</p>"));
    }

    #[test]
    fn empty_elements_are_self_closed_with_escaped_attributes() {
        let m = empty_element("path", &[("d", &"M1 2"), ("fill", &"\"x\"")]);
        assert_eq!(m.into_string(), "<path d=\"M1 2\" fill=\"&quot;x&quot;\"/>");
    }

    #[test]
    fn audio_paths_are_percent_encoded() {
        assert_eq!(
            audio_src(Path::new("rec/mock 1 \"final\".m4a")),
            "rec/mock%201%20%22final%22.m4a"
        );
    }
}
