//! Annotation quality, measured: the time and place layers of `sitrep
//! annotate` against two evaluation sets written for the project
//! (`tests/data/timex_eval.jsonl`, `tests/data/places_eval.jsonl`).
//!
//! Times are scored the TempEval-3 way: a predicted expression matches a gold
//! one strictly when the spans are equal and relaxedly when they overlap;
//! the value (and type) counts as correct on a relaxed match with the same
//! normalised value. Gold spans marked `ignore` (expressions whose TimeML
//! reading is disputed) neither reward nor punish.
//!
//! Places are scored the way toponym corpora are: detection precision and
//! recall on overlapping spans, then for the found mentions the share
//! resolved to the exact gazetteer entry and the share within 161 km
//! (100 miles) of the gold coordinates. Words that look like places but are
//! not here (a person named Georgia, "Washington said") are counted apart.
//!
//! `cargo test -p sitrep-extract --test annotate_eval -- --nocapture`
//! prints the figures and every miss.

use serde::Deserialize;
use serde_json::Value;
use sitrep_core::Document;
use sitrep_extract::{annotate, Coder};

#[derive(Deserialize)]
struct GoldTimex {
    start: usize,
    end: usize,
    text: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    value: Option<String>,
    #[serde(default)]
    ignore: bool,
}

#[derive(Deserialize)]
struct TimexCase {
    published: String,
    text: String,
    timex: Vec<GoldTimex>,
}

#[derive(Deserialize)]
struct GoldPlace {
    start: usize,
    end: usize,
    text: String,
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
}

#[derive(Deserialize)]
struct Span {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Deserialize)]
struct PlaceCase {
    text: String,
    places: Vec<GoldPlace>,
    not_places: Vec<Span>,
}

fn coder(with_geo: bool) -> Coder {
    let lex = sitrep_lexicon::Lexicon::load(&[]).expect("built-in lexicon loads");
    let geo: Option<Box<dyn sitrep_extract::Geo>> = if with_geo {
        Some(Box::new(sitrep_geo::Gazetteer::embedded().expect("built-in gazetteer loads")))
    } else {
        None
    };
    Coder::new(lex, geo)
}

fn layer(coder: &Coder, id: &str, published: Option<&str>, text: &str, name: &str) -> Vec<Value> {
    let mut obj = serde_json::json!({"id": id, "text": text});
    if let Some(p) = published {
        obj["published"] = Value::from(p);
    }
    let doc = Document::from_json_line(&obj.to_string()).expect("test document parses");
    let a = coder.analyse(&doc);
    let v = annotate::annotation(coder, &doc, &a, &[name]);
    v[name].as_array().cloned().unwrap_or_default()
}

fn span(v: &Value) -> (usize, usize) {
    (v["start"].as_u64().unwrap_or(0) as usize, v["end"].as_u64().unwrap_or(0) as usize)
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

#[test]
fn time_expressions() {
    let coder = coder(false);
    let cases: Vec<TimexCase> = include_str!("data/timex_eval.jsonl")
        .lines()
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("timex_eval.jsonl:{}: {e}", i + 1)))
        .collect();
    let (mut gold_n, mut pred_n, mut strict, mut relaxed, mut value_ok, mut type_ok) = (0, 0, 0, 0, 0, 0);
    for (i, c) in cases.iter().enumerate() {
        for g in &c.timex {
            assert_eq!(&c.text[g.start..g.end], g.text, "timex_eval.jsonl:{}: span", i + 1);
        }
        let pred = layer(&coder, &format!("t{i}"), Some(&c.published), &c.text, "times");
        let gold: Vec<&GoldTimex> = c.timex.iter().filter(|g| !g.ignore).collect();
        let ignored: Vec<(usize, usize)> = c.timex.iter().filter(|g| g.ignore).map(|g| (g.start, g.end)).collect();
        let pred: Vec<&Value> = pred.iter().filter(|p| !ignored.iter().any(|&s| overlaps(s, span(p)))).collect();
        gold_n += gold.len();
        pred_n += pred.len();
        for g in &gold {
            let gs = (g.start, g.end);
            match pred.iter().find(|p| overlaps(span(p), gs)) {
                Some(p) => {
                    relaxed += 1;
                    if span(p) == gs {
                        strict += 1;
                    } else {
                        println!("SPAN  {:?} gold {:?} got {:?}", c.text, g.text, p["text"]);
                    }
                    let (pv, pt) = (p["value"].as_str().unwrap_or(""), p["type"].as_str().unwrap_or(""));
                    if Some(pt) == g.kind.as_deref() {
                        type_ok += 1;
                    }
                    if Some(pv) == g.value.as_deref() {
                        value_ok += 1;
                    } else {
                        println!(
                            "VALUE {:?} [{}] {:?}: gold {} {} got {pt} {pv}",
                            c.text,
                            c.published,
                            g.text,
                            g.kind.as_deref().unwrap_or(""),
                            g.value.as_deref().unwrap_or("")
                        );
                    }
                }
                None => println!("MISS  {:?} [{}] {:?}", c.text, c.published, g.text),
            }
        }
        for p in &pred {
            if !gold.iter().any(|g| overlaps(span(p), (g.start, g.end))) {
                println!("FALSE {:?} {:?} {} {}", c.text, p["text"], p["type"], p["value"]);
            }
        }
    }
    let rel_p = ratio(relaxed, pred_n);
    let rel_r = ratio(relaxed, gold_n);
    let str_p = ratio(strict, pred_n);
    let str_r = ratio(strict, gold_n);
    let val_p = ratio(value_ok, pred_n);
    let val_r = ratio(value_ok, gold_n);
    println!("time expressions: {} sentences, {gold_n} gold, {pred_n} predicted", cases.len());
    println!("  strict  P {str_p:.3} R {str_r:.3} F1 {:.3}", f1(str_p, str_r));
    println!("  relaxed P {rel_p:.3} R {rel_r:.3} F1 {:.3}", f1(rel_p, rel_r));
    println!(
        "  value   P {val_p:.3} R {val_r:.3} F1 {:.3} (accuracy on matches {:.3}); type accuracy {:.3}",
        f1(val_p, val_r),
        ratio(value_ok, relaxed),
        ratio(type_ok, relaxed)
    );
    assert!(gold_n >= 250, "the set must hold at least 250 expressions, has {gold_n}");
    assert!(
        f1(rel_p, rel_r) >= FLOOR_TIME_RELAXED_F1,
        "relaxed F1 fell below {FLOOR_TIME_RELAXED_F1}"
    );
    assert!(
        f1(str_p, str_r) >= FLOOR_TIME_STRICT_F1,
        "strict F1 fell below {FLOOR_TIME_STRICT_F1}"
    );
    assert!(f1(val_p, val_r) >= FLOOR_TIME_VALUE_F1, "value F1 fell below {FLOOR_TIME_VALUE_F1}");
}

// Floors a little below the measured figures (see README, "Annotation quality").
const FLOOR_TIME_RELAXED_F1: f64 = 0.97;
const FLOOR_TIME_STRICT_F1: f64 = 0.95;
const FLOOR_TIME_VALUE_F1: f64 = 0.95;
const FLOOR_PLACE_RECALL: f64 = 0.97;
const FLOOR_PLACE_PRECISION: f64 = 0.97;
const FLOOR_PLACE_161KM: f64 = 0.96;
const FLOOR_PLACE_EXACT: f64 = 0.94;

#[test]
fn place_mentions() {
    let coder = coder(true);
    let cases: Vec<PlaceCase> = include_str!("data/places_eval.jsonl")
        .lines()
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("places_eval.jsonl:{}: {e}", i + 1)))
        .collect();
    let (mut gold_n, mut pred_n, mut found, mut true_pred, mut exact, mut close, mut traps, mut trap_hits) = (0, 0, 0, 0, 0, 0, 0, 0);
    for (i, c) in cases.iter().enumerate() {
        for g in &c.places {
            assert_eq!(&c.text[g.start..g.end], g.text, "places_eval.jsonl:{}: span", i + 1);
        }
        let pred = layer(&coder, &format!("p{i}"), Some("2024-01-04"), &c.text, "places");
        gold_n += c.places.len();
        pred_n += pred.len();
        traps += c.not_places.len();
        for g in &c.places {
            let gs = (g.start, g.end);
            let Some(p) = pred.iter().find(|p| overlaps(span(p), gs)) else {
                println!("MISS  {:?} {:?}", c.text, g.text);
                continue;
            };
            found += 1;
            let id = p["geonameid"].as_u64();
            let d = match (p["latitude"].as_f64(), p["longitude"].as_f64()) {
                (Some(la), Some(lo)) => haversine_km(la, lo, g.latitude, g.longitude),
                _ => f64::INFINITY,
            };
            // divisions without a GeoNames id carry none in the output: the
            // coordinates decide
            let same_entry = id == Some(g.geonameid);
            if same_entry || (id.is_none() && d < 1.0) {
                exact += 1;
            }
            // the exact entry is the place, wherever a source puts the point
            // of a country or a division (centres differ by hundreds of km)
            if d <= 161.0 || same_entry {
                close += 1;
            } else {
                println!(
                    "WRONG {:?} {:?}: gold {} {} got {} {} {} ({:.0} km)",
                    c.text, g.text, g.geonameid, g.name, p["geonameid"], p["name"], p["cc3"], d
                );
            }
        }
        for p in &pred {
            let ps = span(p);
            if c.places.iter().any(|g| overlaps(ps, (g.start, g.end))) {
                true_pred += 1;
            } else if c.not_places.iter().any(|t| overlaps(ps, (t.start, t.end))) {
                trap_hits += 1;
                println!("TRAP  {:?} {:?} -> {} {}", c.text, p["text"], p["name"], p["cc3"]);
            } else {
                println!("FALSE {:?} {:?} -> {} {}", c.text, p["text"], p["name"], p["cc3"]);
            }
        }
        for t in &c.not_places {
            assert_eq!(&c.text[t.start..t.end], t.text, "places_eval.jsonl:{}: span", i + 1);
        }
    }
    let p = ratio(true_pred, pred_n);
    let r = ratio(found, gold_n);
    let acc161 = ratio(close, found);
    let acc_exact = ratio(exact, found);
    println!("place mentions: {} sentences, {gold_n} gold, {pred_n} predicted", cases.len());
    println!("  detection P {p:.3} R {r:.3} F1 {:.3}", f1(p, r));
    println!(
        "  resolution of found mentions: exact entry {acc_exact:.3}, within 161 km {acc161:.3}; of all gold within 161 km {:.3}",
        ratio(close, gold_n)
    );
    println!("  non-places taken for places: {trap_hits} of {traps}");
    assert!(gold_n >= 250, "the set must hold at least 250 place mentions, has {gold_n}");
    assert!(r >= FLOOR_PLACE_RECALL, "recall fell below {FLOOR_PLACE_RECALL}");
    assert!(p >= FLOOR_PLACE_PRECISION, "precision fell below {FLOOR_PLACE_PRECISION}");
    assert!(acc161 >= FLOOR_PLACE_161KM, "161 km accuracy fell below {FLOOR_PLACE_161KM}");
    assert!(acc_exact >= FLOOR_PLACE_EXACT, "exact accuracy fell below {FLOOR_PLACE_EXACT}");
}
