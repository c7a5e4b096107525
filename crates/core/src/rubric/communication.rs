//! The communication ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

pub(super) fn score(f: &Facts, m: &Metrics) -> Scored {
    if f.sentences.is_empty() {
        return (0, "no candidate speech".into(), vec![]);
    }
    let summary = f.flagged(RuleId::MissingSummary).is_none();
    let timed = f.s.transcript.timing == Timing::Measured;
    let structured = if timed {
        // `phase-skipped` groups adjacent phases, so count the phases, not the findings.
        let skipped = if f.flagged(RuleId::PhaseSkipped).is_some() {
            f.s.timeline
                .phases
                .iter()
                .filter(|p| p.start_ms.is_none())
                .count()
        } else {
            0
        };
        f.count_flagged(RuleId::PhaseOverrun) == 0 && skipped <= 1
    } else {
        [
            "clarifying",
            "scale",
            "architecture",
            "failure_modes",
            "summary",
        ]
        .iter()
        .filter(|l| !f.hits(l).is_empty())
        .count()
            >= 4
    };
    let collaborative = m.questions_asked >= 2;
    let concise = (!timed || m.longest_monologue_ms <= CONCISE_MONOLOGUE_MS)
        && m.filler_rate_per_100_words <= CONCISE_FILLERS_PER_100;
    let signals = [
        (summary, "summary"),
        (structured, "structured"),
        (collaborative, "collaborative"),
        (concise, "concise"),
    ];
    let have: Vec<&str> = signals
        .iter()
        .filter(|(ok, _)| *ok)
        .map(|(_, n)| *n)
        .collect();
    let lack: Vec<&str> = signals
        .iter()
        .filter(|(ok, _)| !*ok)
        .map(|(_, n)| *n)
        .collect();
    let score = match have.len() {
        4 => 4,
        3 if structured && collaborative => 3,
        0 => 1,
        _ => 2,
    };
    let mut ev = f.quotes(&f.hits("summary"));
    for id in [RuleId::PhaseOverrun, RuleId::MissingSummary] {
        ev.extend(f.finding_quotes(id));
    }
    ev.truncate(MAX_EVIDENCE);
    let rationale = format!(
        "{} questions asked, longest monologue {} s, {:.1} fillers per 100 words; {}{}",
        m.questions_asked,
        m.longest_monologue_ms / 1000,
        m.filler_rate_per_100_words,
        if have.is_empty() {
            "none of summary, structured, collaborative, concise".to_string()
        } else {
            have.join(", ")
        },
        if lack.is_empty() || have.is_empty() {
            String::new()
        } else {
            format!("; not {}", lack.join(", "))
        }
    );
    (score, rationale, ev)
}
