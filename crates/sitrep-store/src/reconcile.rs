//! One incident's record from all its reports: place, date and mode from the
//! most specific report, every perpetrator kept per report, and the counts
//! reconciled by named rules.
//!
//! Count rules (named in the incident's `rules`):
//! - `count:one-story-no-double-count`: several records of one report that
//!   give figures for the incident are not added up; the report's figure is
//!   its largest one ("names added multiple times").
//! - `count:later-report-supersedes`: a report published later replaces the
//!   figures of earlier ones, which are kept in `revisions`.
//! - `count:explicit-correction-supersedes`: a report that corrects a figure
//!   ("revised", "corrected", "lowered") replaces every other figure of its
//!   day; the figures it replaces are logged in `revisions`.
//! - `count:same-time-range`: reports of the same day that disagree give
//!   low = the smallest figure, high = the largest, and best = the figure of
//!   the most specific report (an exact number before "at least" before a
//!   vague range), the latest ingested first.

use crate::merge::MergeRules;
use crate::model::{DocMeta, Incident, Member, MergeReason, PerpetratorReport};
use sitrep_core::{Actor, Attribution, Count, EventRecord, Revision};

const PRECISION_RANK: [&str; 5] = ["country", "admin1", "admin2", "city", "point"];
const DATE_RANK: [&str; 5] = ["unknown", "year", "month", "week", "day"];

fn place_rank(p: &str) -> usize {
    PRECISION_RANK.iter().position(|x| *x == p).unwrap_or(0)
}
fn date_rank(p: &str) -> usize {
    DATE_RANK.iter().position(|x| *x == p).unwrap_or(0)
}

/// The order of reports in time: publication day, then ingest order. A
/// report without a date comes before the dated ones: it cannot supersede them.
fn time_key(d: &DocMeta) -> (Option<sitrep_core::Date>, i64) {
    (d.published, d.seq)
}

/// One report's figure for one count of the incident.
struct ReportFigure<'a> {
    doc: &'a DocMeta,
    count: Count,
    correction: bool,
}

fn specificity(c: &Count) -> u8 {
    match (c.low, c.best, c.high) {
        (Some(l), Some(b), Some(h)) if l == b && b == h => 3,
        (_, Some(_), _) => 2,
        _ => 1,
    }
}

fn value_text(c: &Count) -> String {
    match (c.low, c.best, c.high) {
        (_, Some(b), _) => b.to_string(),
        (Some(l), None, Some(h)) => format!("{l}-{h}"),
        (Some(l), None, None) => format!(">={l}"),
        (None, None, Some(h)) => format!("<={h}"),
        _ => c.text.clone(),
    }
}

/// Reconciles one count across the reports (see the module's rules).
fn reconcile_count(
    members: &[&Member],
    which: fn(&EventRecord) -> &Option<Count>,
    rules: &MergeRules,
    out_rules: &mut Vec<String>,
) -> Option<Count> {
    // one figure a report
    let mut figures: Vec<ReportFigure> = Vec::new();
    for m in members {
        let Some(c) = which(&m.record) else { continue };
        let correction = !c.revisions.is_empty()
            || m.record.rules.iter().any(|r| r == "count:revised-figure")
            || rules.is_correction_title(&m.doc.title);
        if let Some(f) = figures.iter_mut().find(|f| f.doc.id == m.doc.id) {
            push_rule(out_rules, "count:one-story-no-double-count");
            let key = |c: &Count| (c.best.or(c.low), c.high);
            if key(c) > key(&f.count) {
                f.count = c.clone();
            }
            f.correction |= correction;
        } else {
            figures.push(ReportFigure {
                doc: &m.doc,
                count: c.clone(),
                correction,
            });
        }
    }
    if figures.is_empty() {
        return None;
    }
    figures.sort_by_key(|f| time_key(f.doc));
    let latest_day = figures.iter().map(|f| f.doc.published).max().flatten();
    let mut current: Vec<usize> = (0..figures.len()).filter(|&i| figures[i].doc.published == latest_day).collect();
    if current.len() < figures.len() {
        push_rule(out_rules, "count:later-report-supersedes");
    }
    if current.iter().any(|&i| figures[i].correction) && current.iter().any(|&i| !figures[i].correction) {
        push_rule(out_rules, "count:explicit-correction-supersedes");
        current.retain(|&i| figures[i].correction);
    } else if current.iter().any(|&i| figures[i].correction) {
        push_rule(out_rules, "count:explicit-correction-supersedes");
    }
    let distinct: Vec<String> = current.iter().map(|&i| value_text(&figures[i].count)).collect();
    if distinct.iter().any(|v| *v != distinct[0]) {
        push_rule(out_rules, "count:same-time-range");
    }

    let low = current.iter().filter_map(|&i| figures[i].count.low.or(figures[i].count.best)).min();
    // high: the largest credible figure; an "at least" figure counts with its
    // lower bound, and stays open-ended only when every figure is
    let high = if current.iter().all(|&i| figures[i].count.high.is_none()) {
        None
    } else {
        current
            .iter()
            .filter_map(|&i| figures[i].count.high.or(figures[i].count.best).or(figures[i].count.low))
            .max()
    };
    // best: the most specific report, the latest of those
    let best_idx = current
        .iter()
        .copied()
        .filter(|&i| figures[i].count.best.is_some())
        .max_by_key(|&i| (specificity(&figures[i].count), time_key(figures[i].doc)));
    let text_idx = best_idx.unwrap_or(current[current.len() - 1]);
    let best = best_idx.and_then(|i| figures[i].count.best);

    // revisions: every superseded report's figure, then the figures the
    // reports themselves revised, in report order
    let mut revisions: Vec<Revision> = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        for r in &f.count.revisions {
            let mut r = r.clone();
            if r.doc_id.is_empty() {
                r.doc_id = f.doc.id.clone();
            }
            if !revisions.contains(&r) {
                revisions.push(r);
            }
        }
        if !current.contains(&i) {
            let r = Revision {
                value: value_text(&f.count),
                doc_id: f.doc.id.clone(),
                text: f.count.text.clone(),
            };
            if !revisions.contains(&r) {
                revisions.push(r);
            }
        }
    }
    let (low, high) = match (low, high, best) {
        (l, h, Some(b)) => (l.map(|l| l.min(b)).or(Some(b)), h.map(|h| h.max(b))),
        other => (other.0, other.1),
    };
    Some(Count {
        low,
        best,
        high,
        text: figures[text_idx].count.text.clone(),
        revisions,
    })
}

fn push_rule(rules: &mut Vec<String>, r: &str) {
    if !rules.iter().any(|x| x == r) {
        rules.push(r.to_string());
    }
}

fn actor_identity(a: &Actor) -> String {
    a.identifier_id
        .clone()
        .or_else(|| a.code.as_ref().map(|c| format!("{c}/{}", a.sector.as_deref().unwrap_or(""))))
        .unwrap_or_else(|| a.actor_text.to_lowercase())
}

/// Of two reports' words for one actor ("people", "Large crowds"), the one
/// the incident keeps, whatever order the reports came in: a named one, then
/// the longer, then the first in byte order.
fn better_wording(a: &Actor, b: &Actor) -> bool {
    let key = |x: &Actor| {
        (
            x.identifier_text.is_some(),
            x.actor_text.len(),
            std::cmp::Reverse(x.actor_text.clone()),
        )
    };
    key(a) > key(b)
}

/// Builds the incident's record from its members (any order) and the merge
/// reasons gathered so far (those of records no longer in it are dropped).
pub fn build_incident(id: &str, members: &[Member], merges: &[MergeReason], rules: &MergeRules) -> Incident {
    let mut ms: Vec<&Member> = members.iter().collect();
    ms.sort_by(|a, b| time_key(&a.doc).cmp(&time_key(&b.doc)).then(a.record.id.cmp(&b.record.id)));
    let mut rec = EventRecord {
        id: id.to_string(),
        ..Default::default()
    };
    let Some(first) = ms.first() else {
        return Incident {
            record: rec,
            ..Default::default()
        };
    };
    rec.doc_id = first.doc.id.clone();
    for m in &ms {
        if !rec.doc_ids.contains(&m.doc.id) {
            rec.doc_ids.push(m.doc.id.clone());
        }
    }
    rec.event_type = first.record.event_type.clone();
    rec.quad = first.record.quad;
    rec.intensity = first.record.intensity;

    // mode: the one most reports give; ties go to the earliest report
    let mut modes: Vec<(&str, usize, usize)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if let Some(md) = &m.record.mode {
            match modes.iter_mut().find(|x| x.0 == md) {
                Some(x) => x.1 += 1,
                None => modes.push((md, 1, i)),
            }
        }
    }
    let mode_src = modes.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2))).map(|x| x.2);
    let typical = &ms[mode_src.unwrap_or(0)].record;
    rec.mode = typical.mode.clone();
    rec.cameo = typical.cameo.clone();
    rec.acled_event_type = typical.acled_event_type.clone();
    rec.acled_sub_event_type = typical.acled_sub_event_type.clone();

    for m in &ms {
        for c in &m.record.context {
            if !rec.context.contains(c) {
                rec.context.push(c.clone());
            }
        }
    }

    // place: the most precise; among equals the earliest report
    rec.event_loc = ms
        .iter()
        .filter_map(|m| m.record.event_loc.as_ref())
        .enumerate()
        .max_by(|(i, a), (j, b)| place_rank(&a.precision).cmp(&place_rank(&b.precision)).then(j.cmp(i)))
        .map(|(_, l)| l.clone());

    // date: the most precise; among equals the one most reports give, then the earliest report
    let mut dates: Vec<(&str, &str, usize, usize)> = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if let Some(d) = &m.record.date {
            match dates.iter_mut().find(|x| x.0 == d) {
                Some(x) => x.2 += 1,
                None => dates.push((d, &m.record.date_precision, 1, i)),
            }
        }
    }
    match dates
        .iter()
        .max_by(|a, b| date_rank(a.1).cmp(&date_rank(b.1)).then(a.2.cmp(&b.2)).then(b.3.cmp(&a.3)))
    {
        Some(d) => {
            rec.date = Some(d.0.to_string());
            rec.date_precision = d.1.to_string();
        }
        None => rec.date_precision = "unknown".into(),
    }

    // perpetrators: every report's, never overwritten
    let mut perpetrators: Vec<PerpetratorReport> = Vec::new();
    for m in &ms {
        for a in &m.record.source {
            let p = PerpetratorReport {
                doc_id: m.doc.id.clone(),
                actor: a.clone(),
            };
            if !perpetrators.contains(&p) {
                perpetrators.push(p);
            }
        }
    }
    let mut sources: Vec<Actor> = Vec::new();
    for p in &perpetrators {
        let key = actor_identity(&p.actor);
        match sources.iter_mut().find(|s| actor_identity(s) == key) {
            // a claim is stronger than an allegation, a fact than either
            Some(s) => {
                let status = if p.actor.status.is_none()
                    || (p.actor.status.as_deref() == Some("claimed") && s.status.as_deref() == Some("alleged"))
                {
                    p.actor.status.clone()
                } else {
                    s.status.clone()
                };
                if better_wording(&p.actor, s) {
                    *s = p.actor.clone();
                }
                s.status = status;
            }
            None => sources.push(p.actor.clone()),
        }
    }
    let known: Vec<String> = sources
        .iter()
        .filter(|s| s.code.as_deref().is_some_and(|c| c != "UNK"))
        .map(actor_identity)
        .collect();
    let mut dedup = known.clone();
    dedup.sort();
    dedup.dedup();
    if dedup.len() > 1 {
        // "incident:perpetrators-disputed": when reports name different
        // perpetrators, none is fact: each is kept as its report's claim or
        // allegation
        for s in sources.iter_mut().filter(|s| s.status.is_none() && s.code.is_some()) {
            s.status = Some("alleged".into());
        }
        rec.rules.push("incident:perpetrators-disputed".into());
    }
    rec.source = sources;
    for m in &ms {
        for a in &m.record.recipient {
            match rec.recipient.iter_mut().find(|r| actor_identity(r) == actor_identity(a)) {
                Some(r) => {
                    if better_wording(a, r) {
                        *r = a.clone();
                    }
                }
                None => rec.recipient.push(a.clone()),
            }
        }
        for a in &m.record.attribution {
            let a = Attribution {
                role: a.role.clone(),
                text: a.text.clone(),
                via: a.via.clone().or_else(|| m.doc.publisher.clone()),
            };
            if !rec.attribution.contains(&a) {
                rec.attribution.push(a);
            }
        }
    }

    let mut count_rules = Vec::new();
    rec.dead = reconcile_count(&ms, |r| &r.dead, rules, &mut count_rules);
    rec.injured = reconcile_count(&ms, |r| &r.injured, rules, &mut count_rules);
    rec.arrested = reconcile_count(&ms, |r| &r.arrested, rules, &mut count_rules);
    if rec.doc_ids.len() > 1 {
        rec.rules.push(format!("incident:merged-{}-reports", rec.doc_ids.len()));
    }
    rec.rules.extend(count_rules);
    rec.confidence = ms.iter().map(|m| m.record.confidence).fold(0.0, f64::max);
    rec.evidence = Vec::new();

    let event_ids: Vec<String> = ms.iter().map(|m| m.record.id.clone()).collect();
    let merges = merges.iter().filter(|r| event_ids.contains(&r.event_id)).cloned().collect();
    let window = ms
        .iter()
        .filter_map(|m| crate::merge::record_window(&m.record, m.doc.published, rules))
        .reduce(|a, b| a.union(&b))
        .map(|w| (w.first.to_string(), w.last.to_string()));
    Incident {
        record: rec,
        event_ids,
        merges,
        perpetrators,
        window,
    }
}
