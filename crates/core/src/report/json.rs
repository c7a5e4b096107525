//! The `mockreview.analysis/1` JSON document: pretty-printed, fields in a fixed order, a trailing
//! newline, so the same analysis always gives the same bytes.

use super::Render;
use crate::analysis::Analysis;

pub struct Json;

impl Render for Json {
    fn render(&self, analysis: &Analysis) -> String {
        // Serialising plain structs, strings and numbers into memory cannot fail; the fallback only
        // keeps this total.
        let mut out = serde_json::to_string_pretty(analysis)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
        out.push('\n');
        out
    }
}
