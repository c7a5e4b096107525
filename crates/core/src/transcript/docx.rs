//! Word `.docx` transcripts: Microsoft Teams' transcript download, Word's own Transcribe, Google
//! Meet's transcript document saved as Word, and tables of turns such as Amazon's
//! `ts-to-word` writes.
//!
//! A `.docx` file is a zip archive; its text is in `word/document.xml` (WordprocessingML), read here
//! with the `zip` and `quick-xml` crates. Paragraphs become lines (a line break inside one, `<w:br/>`,
//! too); tables become rows of cells.
//!
//! - A table whose header row names a start-time column, a speaker column and a text column
//!   (`Start` / `Time` / `Timestamp`, `Speaker` / `Name`, `Transcription` / `Transcript` / `Text`;
//!   optionally `End` or `Dur.` / `Duration`) is read row by row: one segment a row.
//!   The markers `ts-to-word` writes into the text (`[ISSUE]`, `[ACTION]`, `[OUTCOME]`,
//!   `[INTERRUPTION]`) are not speech and are dropped.
//! - Otherwise the lines are a text transcript: headed turns (`Priya Shah   0:03` in Teams, `00:00:05
//!   Speaker 1` in Word; see [`otter`](super::otter)), Google Meet's layout (see [`meet`](super::meet)),
//!   Teams' older cue layout (`0:0:0.0 --> 0:0:5.140`, the name, the text), or plain text (see
//!   [`plain`](super::plain)).
//!
//! A zip archive without `word/document.xml`, a damaged archive and malformed XML are errors saying
//! so (with the byte offset in `word/document.xml` for XML).

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::transcript::finish::finish;
use crate::transcript::payload::{collapse_spaces, looks_like_name};
use crate::transcript::plain::{timed_segments, Turn};
use crate::transcript::timestamp::{self, is_timing_line};
use crate::transcript::MAX_TRANSCRIPT_BYTES;
use crate::transcript::{meet, otter, plain, speaker, srt, Segment, Timing, Transcript};
use crate::{Error, Result};

const DOCUMENT: &str = "word/document.xml";

/// Whether the bytes are a zip archive (the start of every `.docx`).
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Transcript> {
    let xml = document_xml(bytes, path)?;
    let blocks = blocks(&xml, path)?;
    for block in &blocks {
        if let Block::Table(rows) = block {
            if let Some(columns) = Columns::find(rows) {
                return table(rows, &columns, path);
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => lines.extend(p.split('\n').map(str::to_string)),
            Block::Table(rows) => lines.extend(rows.iter().map(|r| r.join("  "))),
        }
    }
    text(&lines.join("\n"), path)
}

fn document_xml(bytes: &[u8], path: &Path) -> Result<String> {
    let bad = |what: String| Error::input(path, what);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("damaged zip archive, not a readable .docx: {e}")))?;
    let mut file = archive.by_name(DOCUMENT).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => bad(format!(
            "a zip archive without {DOCUMENT}: not a Word .docx document"
        )),
        other => bad(format!("cannot read {DOCUMENT} from the archive: {other}")),
    })?;
    if file.size() > MAX_TRANSCRIPT_BYTES {
        return Err(bad(format!(
            "{DOCUMENT} unpacks to {} bytes, larger than any transcript",
            file.size()
        )));
    }
    let mut raw = Vec::new();
    file.by_ref()
        .take(MAX_TRANSCRIPT_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(|e| bad(format!("cannot unpack {DOCUMENT}: {e}")))?;
    if raw.len() as u64 > MAX_TRANSCRIPT_BYTES {
        return Err(bad(format!(
            "{DOCUMENT} unpacks to more bytes than any transcript"
        )));
    }
    String::from_utf8(raw).map_err(|e| {
        bad(format!(
            "{DOCUMENT} is not UTF-8 (byte {}): not a Word document this reader knows",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Paragraphs and tables of the document body, in order.
pub(crate) fn blocks(xml: &str, path: &Path) -> Result<Vec<Block>> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    let mut runs = 0usize;
    let mut skip = 0usize; // inside mc:Fallback (a copy of content shown elsewhere)
    let mut tables = 0usize;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    let xml_error = |reader: &Reader<&[u8]>, e: &dyn std::fmt::Display| {
        Error::input(
            path,
            format!(
                "{DOCUMENT} is not well-formed XML (byte {}): {e}",
                reader.error_position()
            ),
        )
    };
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&reader, &e))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                _ if skip > 0 => skip += 1,
                b"Fallback" => skip = 1,
                b"p" => paragraph = Some(String::new()),
                b"r" => runs += 1,
                b"t" => in_text = true,
                b"tbl" => {
                    tables += 1;
                    if tables == 1 {
                        rows.clear();
                    }
                }
                b"tr" if tables == 1 => rows.push(Vec::new()),
                b"tc" if tables == 1 => cell = Some(String::new()),
                _ => {}
            },
            Event::Empty(e) if skip == 0 && runs > 0 => {
                if let Some(p) = paragraph.as_mut() {
                    match e.local_name().as_ref() {
                        b"tab" => p.push('\t'),
                        b"br" | b"cr" => p.push('\n'),
                        b"noBreakHyphen" => p.push('-'),
                        _ => {}
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                _ if skip > 0 => skip -= 1,
                b"t" => in_text = false,
                b"r" => runs = runs.saturating_sub(1),
                b"p" => {
                    let text = paragraph.take().unwrap_or_default();
                    match (tables, cell.as_mut()) {
                        (0, _) => out.push(Block::Paragraph(text)),
                        (_, Some(c)) => {
                            if !c.is_empty() {
                                c.push('\n');
                            }
                            c.push_str(&text);
                        }
                        _ => {}
                    }
                }
                b"tc" if tables == 1 => {
                    if let (Some(row), Some(c)) = (rows.last_mut(), cell.take()) {
                        row.push(c);
                    }
                }
                b"tbl" => {
                    tables = tables.saturating_sub(1);
                    if tables == 0 {
                        out.push(Block::Table(std::mem::take(&mut rows)));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                if let Some(p) = paragraph.as_mut() {
                    p.push_str(&t.decode().map_err(|e| xml_error(&reader, &e))?);
                }
            }
            Event::CData(t) if in_text && skip == 0 => {
                if let Some(p) = paragraph.as_mut() {
                    p.push_str(&t.decode().map_err(|e| xml_error(&reader, &e))?);
                }
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let resolved = match r.resolve_char_ref().map_err(|e| xml_error(&reader, &e))? {
                    Some(c) => Some(c),
                    None => match &*r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(p), Some(c)) = (paragraph.as_mut(), resolved) {
                    p.push(c);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Where the start, end, duration, speaker and text are in a table of turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    start: usize,
    end: Option<usize>,
    duration: Option<usize>,
    speaker: usize,
    text: usize,
}

impl Columns {
    fn find(rows: &[Vec<String>]) -> Option<Columns> {
        let header: Vec<String> = rows
            .first()?
            .iter()
            .map(|c| collapse_spaces(c).to_lowercase())
            .collect();
        let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        Some(Columns {
            start: col(&["start", "start time", "time", "timestamp", "begin", "from"])?,
            end: col(&["end", "end time", "to"]),
            duration: col(&["dur.", "dur", "duration", "length"]),
            speaker: col(&["speaker", "speaker name", "name", "participant"])?,
            text: col(&[
                "transcription",
                "transcript",
                "text",
                "utterance",
                "content",
                "speech",
            ])?,
        })
    }
}

/// The markers `ts-to-word` puts into a turn's text where Call Analytics found something.
const MARKERS: &[&str] = &["[ISSUE]", "[ACTION]", "[OUTCOME]", "[INTERRUPTION]"];

/// `5.0s`, `12s`, `0:05`, `1:02.5`.
fn duration_ms(s: &str) -> Option<u64> {
    let t = s.trim();
    if let Some(secs) = t.strip_suffix('s').or_else(|| t.strip_suffix("sec")) {
        let x: f64 = secs.trim().parse().ok()?;
        return (x.is_finite() && x >= 0.0 && x * 1000.0 <= timestamp::MAX_TIME_MS as f64)
            .then(|| (x * 1000.0).round() as u64);
    }
    timestamp::parse(t).ok()
}

fn table(rows: &[Vec<String>], c: &Columns, path: &Path) -> Result<Transcript> {
    let cell =
        |row: &[String], i: usize| row.get(i).map(|s| collapse_spaces(s)).unwrap_or_default();
    let row_error = |n: usize, what: String| {
        Error::input(path, format!("{DOCUMENT}: table row {}: {what}", n + 1))
    };
    let mut segments: Vec<Segment> = Vec::new();
    let mut untimed_ends: Vec<Turn> = Vec::new();
    for (n, row) in rows.iter().enumerate().skip(1) {
        let text = cell(row, c.text)
            .split(' ')
            .filter(|w| !MARKERS.contains(w))
            .collect::<Vec<_>>()
            .join(" ");
        let start_cell = cell(row, c.start);
        if start_cell.is_empty() {
            // A row without a time continues the turn above.
            if let Some(last) = segments.last_mut() {
                if !text.is_empty() {
                    last.text = format!("{} {text}", last.text);
                }
            }
            continue;
        }
        let start_ms = timestamp::parse(&start_cell).map_err(|e| row_error(n, e))?;
        let end_ms = match (
            c.end.map(|i| cell(row, i)),
            c.duration.map(|i| cell(row, i)),
        ) {
            (Some(end), _) if !end.is_empty() => {
                Some(timestamp::parse(&end).map_err(|e| row_error(n, e))?)
            }
            (_, Some(d)) if !d.is_empty() => Some(
                start_ms
                    + duration_ms(&d).ok_or_else(|| {
                        row_error(n, format!("`{d}` is not a duration like `5.0s`"))
                    })?,
            ),
            _ => None,
        };
        if let Some(end) = end_ms.filter(|&e| e < start_ms) {
            return Err(row_error(
                n,
                format!("ends at {end} ms, before it starts at {start_ms} ms"),
            ));
        }
        let who = speaker::label(&cell(row, c.speaker));
        match end_ms {
            Some(end_ms) => segments.push(Segment {
                start_ms,
                end_ms,
                speaker: who,
                text,
                words: Vec::new(),
            }),
            None => untimed_ends.push((Some(start_ms), who, text)),
        }
    }
    segments.extend(timed_segments(untimed_ends));
    finish(segments, Timing::Measured, path)
}

/// Teams' older layout: a timing line, the speaker's name on a line of its own, then the text.
/// Rewritten as `Name: text` cues for the SubRip reader; `None` when the lines are not laid out so.
fn teams_cues(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let first = lines.iter().position(|l| is_timing_line(l))?;
    if first > 10 || lines.iter().filter(|l| is_timing_line(l)).count() < 2 {
        return None;
    }
    let mut out = String::new();
    let mut i = first;
    while i < lines.len() {
        let line = lines[i];
        out.push_str(line.trim());
        out.push('\n');
        if is_timing_line(line) {
            if let (Some(name), Some(said)) = (lines.get(i + 1), lines.get(i + 2)) {
                let name = name.trim();
                if looks_like_name(name) && !is_timing_line(said) && !name.contains(':') {
                    out.push_str(&format!("{name}: {}\n", said.trim()));
                    i += 3;
                    continue;
                }
            }
        } else if lines.get(i + 1).is_some_and(|l| is_timing_line(l)) {
            out.push('\n');
        }
        i += 1;
    }
    Some(out)
}

fn text(text: &str, path: &Path) -> Result<Transcript> {
    if otter::looks_like(text) || text.lines().filter(|l| otter::heading(l).is_some()).count() >= 2
    {
        return otter::parse(text, path);
    }
    if meet::looks_like(text) {
        return meet::parse(text, path);
    }
    if let Some(cues) = teams_cues(text) {
        return srt::parse(&cues, path);
    }
    plain::parse(text, path)
}

/// A minimal .docx for tests: the archive with just `word/document.xml` holding `body` (the
/// content of `<w:body>`).
#[cfg(test)]
pub(crate) fn test_docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(DOCUMENT, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn p(text: &str) -> String {
        let runs: Vec<String> = text
            .split('\n')
            .map(|l| format!(r#"<w:r><w:t xml:space="preserve">{l}</w:t></w:r>"#))
            .collect();
        format!("<w:p>{}</w:p>", runs.join("<w:r><w:br/></w:r>"))
    }

    fn row(cells: &[&str]) -> String {
        let cells: String = cells
            .iter()
            .map(|c| format!("<w:tc>{}</w:tc>", p(c)))
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    }

    fn read(body: &str) -> Result<Transcript> {
        parse_bytes(&test_docx(body), Path::new("t.docx"))
    }

    use crate::test_support::triples as rows;

    #[test]
    fn paragraphs_runs_breaks_tabs_and_references() {
        let xml = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>A &amp; B</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> c&#233;</w:t><w:br/><w:t>next</w:t></w:r></w:p><mc:AlternateContent><mc:Choice><w:p><w:r><w:t>shown</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>copy</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>"#;
        let b = blocks(
            &format!(
                r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>{xml}</w:body></w:document>"#
            ),
            Path::new("t.docx"),
        )
        .unwrap();
        assert_eq!(
            b,
            [
                Block::Paragraph("A & B\t cé\nnext".into()),
                Block::Paragraph("shown".into())
            ]
        );
    }

    #[test]
    fn teams_document_with_name_and_time_headings() {
        let body = [
            p("Rate limiter mock-20240506_150003-Meeting Transcript"),
            p("May 6, 2024, 3:00PM"),
            p("32m 24s"),
            p("Priya Shah   0:03\nLet's design a rate limiter."),
            p("Dev Patel started transcription"),
            p("Dev Patel   0:09\nWho are the clients?"),
        ]
        .concat();
        let t = read(&body).unwrap();
        assert_eq!(
            rows(&t),
            [
                (
                    3_000,
                    6_000,
                    Some("Priya Shah"),
                    "Let's design a rate limiter."
                ),
                (9_000, 10_600, Some("Dev Patel"), "Who are the clients?"),
            ]
        );
    }

    #[test]
    fn word_transcribe_document_with_time_first_headings() {
        let body = [
            p("00:00:01 Speaker 1"),
            p("Hello there."),
            p("00:00:04 Speaker 2"),
            p("Hi."),
        ]
        .concat();
        let t = read(&body).unwrap();
        assert_eq!(t.speakers(), ["Speaker 1", "Speaker 2"]);
        assert_eq!(t.segments[1].start_ms, 4_000);
    }

    #[test]
    fn older_teams_cue_layout() {
        let body = [
            p("0:0:0.0 --> 0:0:5.140"),
            p("Priya Shah"),
            p("Let's design a rate limiter."),
            p("0:0:5.500 --> 0:0:7.0"),
            p("Dev Patel"),
            p("Who calls it?"),
        ]
        .concat();
        let t = read(&body).unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 5_140, Some("Priya Shah"), "Let's design a rate limiter."),
                (5_500, 7_000, Some("Dev Patel"), "Who calls it?"),
            ]
        );
    }

    #[test]
    fn table_of_turns_with_durations_and_markers() {
        let table = format!(
            "<w:tbl>{}{}{}{}</w:tbl>",
            row(&["Start", "Dur.", "Speaker", "", "Transcription"]),
            row(&["0:00:00.4", "5.0s", "Agent", "", "How can I help you?"]),
            row(&[
                "0:00:06.31",
                "4.1s",
                "Customer",
                "",
                "[ISSUE] My card [OUTCOME] fell in the water."
            ]),
            row(&["", "", "", "", "It sank."]),
        );
        let body = format!("{}{}", p("Call Transcription"), table);
        let t = read(&body).unwrap();
        assert_eq!(
            rows(&t),
            [
                (400, 5_400, Some("Agent"), "How can I help you?"),
                (
                    6_310,
                    10_410,
                    Some("Customer"),
                    "My card fell in the water. It sank."
                ),
            ]
        );
    }

    #[test]
    fn bad_rows_and_archives_are_named() {
        let table = format!(
            "<w:tbl>{}{}</w:tbl>",
            row(&["Time", "Speaker", "Text"]),
            row(&["soon", "Ana", "Hi"]),
        );
        let e = read(&table).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.docx: word/document.xml: table row 2: `soon` is not a timestamp like 00:01:02.345"
        );
        let e = parse_bytes(b"PK\x03\x04 not really", Path::new("t.docx")).unwrap_err();
        assert!(
            e.to_string().starts_with("t.docx: damaged zip archive"),
            "{e}"
        );
        let e = read("<w:p><w:r><w:t>open</w:t></w:p>").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.docx: word/document.xml is not well-formed XML (byte"),
            "{e}"
        );
    }

    #[test]
    fn zip_without_a_document_is_not_a_docx() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            zip.start_file("notes.txt", options).unwrap();
            zip.write_all(b"hi").unwrap();
            zip.finish().unwrap();
        }
        let e = parse_bytes(&buf.into_inner(), Path::new("t.docx")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.docx: a zip archive without word/document.xml: not a Word .docx document"
        );
    }
}
