//! The `mockreview.analysis/1` JSON document: pretty-printed, fields in a fixed order, a trailing
//! newline, so the same analysis always gives the same bytes ([`analysis::to_json`], beside the
//! reader of the same document).

use super::Render;
use crate::analysis::{self, Analysis};

pub struct Json;

impl Render for Json {
    fn render(&self, analysis: &Analysis) -> String {
        analysis::to_json(analysis)
    }
}
