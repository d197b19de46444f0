//! The layers the coder saw, as JSON: sentences, entities, places, times,
//! numbers and events, each item a byte span into the document's text.

use crate::{Analysis, Coder};
use serde_json::{json, Value};
use sitrep_core::Document;

pub const ALL_LAYERS: [&str; 6] = ["sentences", "entities", "places", "times", "numbers", "events"];

/// One JSON object for a document with the requested layers.
pub fn annotation(coder: &Coder, doc: &Document, a: &Analysis, layers: &[&str]) -> Value {
    let text = doc.text.as_str();
    let span = |s: usize, e: usize| json!({"start": s, "end": e, "text": &text[s..e]});
    let mut obj = serde_json::Map::new();
    obj.insert("doc_id".into(), json!(doc.id));
    let tok_span = |ts: usize, te: usize| (a.toks[ts].start, a.toks[te - 1].end);
    if layers.contains(&"sentences") {
        obj.insert(
            "sentences".into(),
            Value::Array(a.sents.iter().map(|s| span(s.start, s.end)).collect()),
        );
    }
    if layers.contains(&"entities") {
        let v = a
            .ents
            .mentions
            .iter()
            .map(|m| {
                let mut o = span(m.start, m.end);
                o["code"] = json!(m.code);
                o["sector"] = json!(m.sector);
                o["identifier_text"] = json!(m.identifier_text);
                o["identifier_id"] = json!(m.identifier_id);
                o["rule"] = json!(m.rule);
                o["capital_as_government"] = json!(
                    m.is_place_name
                        && m.rule.contains("actor:")
                        && !a.ents.places.iter().any(|p| p.start == m.start && p.rule == "place:country")
                );
                o
            })
            .collect();
        obj.insert("entities".into(), Value::Array(v));
    }
    if layers.contains(&"places") {
        let v = a
            .ents
            .places
            .iter()
            .filter_map(|p| {
                let l = p.location.as_ref()?;
                let mut o = span(p.start, p.end);
                o["name"] = json!(l.name);
                o["geonameid"] = json!(l.geonameid);
                o["latitude"] = json!(l.latitude);
                o["longitude"] = json!(l.longitude);
                o["cc3"] = json!(l.cc3);
                o["admin1"] = json!(l.admin1);
                o["precision"] = json!(l.precision);
                o["feature_code"] = json!(p.feature_code);
                o["score"] = json!(p.score);
                o["rule"] = json!(p.rule);
                Some(o)
            })
            .collect();
        obj.insert("places".into(), Value::Array(v));
    }
    if layers.contains(&"times") {
        let v = a
            .times
            .iter()
            .map(|t| {
                let (s, e) = tok_span(t.tok_start, t.tok_end);
                let mut o = span(s, e);
                o["type"] = json!(t.kind.name());
                o["value"] = json!(t.value);
                o["rule"] = json!(t.rule);
                o
            })
            .collect();
        obj.insert("times".into(), Value::Array(v));
    }
    if layers.contains(&"numbers") {
        let v = a
            .numbers
            .iter()
            .map(|n| {
                let (s, e) = tok_span(n.tok_start, n.tok_end);
                let mut o = span(s, e);
                o["low"] = json!(n.low);
                o["best"] = json!(n.best);
                o["high"] = json!(n.high);
                o["qualifier"] = json!(n.qualifier);
                o
            })
            .collect();
        obj.insert("numbers".into(), Value::Array(v));
    }
    if layers.contains(&"events") {
        let mut v = Vec::new();
        for (r, trig) in a.records.iter().zip(&a.triggers) {
            for &(s, e) in trig {
                let mut o = span(s, e);
                o["event_id"] = json!(r.id);
                o["event_type"] = json!(r.event_type);
                o["mode"] = json!(r.mode);
                v.push(o);
            }
        }
        obj.insert("events".into(), Value::Array(v));
    }
    let _ = coder;
    Value::Object(obj)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One self-contained HTML page: each document's text with its layers
/// highlighted, the resolution in a tooltip and a side list.
pub fn html_page(docs: &[(Document, Value)]) -> String {
    let mut h = String::from("<!doctype html><meta charset=utf-8><title>sitrep annotate</title><style>body{font:15px/1.6 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em}.t{white-space:pre-wrap}mark{border-radius:3px;padding:0 2px}.entities{background:#cde8ff}.places{background:#c9f5c9}.times{background:#ffe7b3}.numbers{background:#f6d1f6}.events{background:#ffc4c4;font-weight:600}.legend mark{margin-right:1em}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style>");
    h.push_str("<p class=legend><mark class=entities>entity</mark><mark class=places>place</mark><mark class=times>time</mark><mark class=numbers>number</mark><mark class=events>event trigger</mark></p>");
    for (doc, v) in docs {
        h.push_str(&format!("<h2>{}</h2>", esc(doc.title.as_deref().unwrap_or(&doc.id))));
        // spans: the innermost layer wins where they overlap
        let mut spans: Vec<(usize, usize, &str, String)> = Vec::new();
        for layer in ["entities", "places", "times", "numbers", "events"] {
            if let Some(items) = v.get(layer).and_then(|x| x.as_array()) {
                for it in items {
                    let s = it["start"].as_u64().unwrap_or(0) as usize;
                    let e = it["end"].as_u64().unwrap_or(0) as usize;
                    let mut tip = it.clone();
                    if let Some(o) = tip.as_object_mut() {
                        o.remove("text");
                        o.remove("start");
                        o.remove("end");
                    }
                    spans.push((s, e, layer, tip.to_string()));
                }
            }
        }
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let text = &doc.text;
        let mut out = String::new();
        let mut pos = 0;
        for (s, e, layer, tip) in &spans {
            if *s < pos || *e > text.len() || !text.is_char_boundary(*s) || !text.is_char_boundary(*e) {
                continue;
            }
            out.push_str(&esc(&text[pos..*s]));
            out.push_str(&format!("<mark class={layer} title=\"{}\">{}</mark>", esc(tip), esc(&text[*s..*e])));
            pos = *e;
        }
        out.push_str(&esc(&text[pos..]));
        h.push_str(&format!("<div class=t>{out}</div>"));
        h.push_str("<table><tr><th>layer</th><th>text</th><th>resolution</th></tr>");
        for (s, e, layer, tip) in &spans {
            if *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e) {
                h.push_str(&format!(
                    "<tr><td>{layer}</td><td>{}</td><td>{}</td></tr>",
                    esc(&text[*s..*e]),
                    esc(tip)
                ));
            }
        }
        h.push_str("</table>");
    }
    h
}
