//! Runs every place mention of `tests/data/places.tsv` (news-style sentences
//! written for this crate) through `qualify` + `resolve_qualified` and checks
//! the accuracy.

use sitrep_geo::{haversine_km, qualify, Gazetteer, GeoContext};

struct Case {
    sentence: String,
    mention: String,
    context: Vec<String>,
    nearby: Vec<(f64, f64)>,
    id: u32,
    lat: f64,
    lon: f64,
    name: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/places.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert!(c.len() >= 8, "bad test line: {l}");
            Case {
                sentence: c[0].to_string(),
                mention: c[1].to_string(),
                context: c[2].split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
                nearby: c[3]
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(|p| {
                        let (a, b) = p.split_once(',').expect("lat,lon");
                        (a.parse().expect("lat"), b.parse().expect("lon"))
                    })
                    .collect(),
                id: c[4].parse().expect("id"),
                lat: c[5].parse().expect("lat"),
                lon: c[6].parse().expect("lon"),
                name: c[7].to_string(),
            }
        })
        .collect()
}

#[test]
fn resolves_news_mentions() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer loads");
    let cases = cases();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let (mut exact, mut close, mut found) = (0usize, 0usize, 0usize);
    for c in &cases {
        // every expected id exists in the data with the expected coordinates
        let p = gaz.by_id(c.id).unwrap_or_else(|| panic!("id {} not in data", c.id));
        assert!(haversine_km(p.latitude, p.longitude, c.lat, c.lon) < 1.0, "{} moved", c.name);
        // "Paris, Texas": each part is a candidate
        for part in c.mention.split(", ") {
            assert!(gaz.is_candidate(part), "{part} is no candidate");
        }
        let at = c.sentence.find(&c.mention).expect("mention in sentence");
        let q = qualify(&c.sentence[..at], &c.sentence[at + c.mention.len()..]);
        let ctx = GeoContext {
            countries: c.context.iter().map(|s| (s.clone(), 1.0)).collect(),
            nearby: c.nearby.clone(),
            ..Default::default()
        };
        match gaz.resolve_qualified(&c.mention, &ctx, &q) {
            Some(r) => {
                found += 1;
                let d = haversine_km(r.place.latitude, r.place.longitude, c.lat, c.lon);
                if r.place.geonameid == c.id {
                    exact += 1;
                } else {
                    println!(
                        "MISS {:?} [{}] -> {} {} ({} {}) {:.0} km off; expected {} {}",
                        c.mention,
                        c.context.join(","),
                        r.place.geonameid,
                        r.place.name,
                        r.place.admin1,
                        r.place.cc3,
                        d,
                        c.id,
                        c.name
                    );
                }
                if d <= 161.0 {
                    close += 1;
                }
            }
            None => println!("NONE {:?}", c.mention),
        }
    }
    let n = cases.len() as f64;
    let acc = exact as f64 / n;
    let acc161 = close as f64 / n;
    println!(
        "{} mentions: {} resolved, exact geonameid {:.1}%, within 161 km {:.1}%",
        cases.len(),
        found,
        100.0 * acc,
        100.0 * acc161
    );
    assert!(acc >= 0.90, "accuracy {acc:.3} < 0.90");
    assert!(acc161 >= 0.90, "161 km accuracy {acc161:.3} < 0.90");
}

#[test]
fn lookup_variants_and_helpers() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer loads");
    for v in ["Al-Qaim", "Al Qa'im", "AL QAIM", "Qaim", "al-qaim"] {
        assert!(gaz.lookup(v).iter().any(|p| p.cc3 == "IRQ"), "{v} finds no Iraqi place");
    }
    assert!(gaz.lookup("Kiev").iter().any(|p| p.name == "Kyiv"));
    assert!(gaz.lookup("Bombay").iter().any(|p| p.name == "Mumbai"));
    assert!(!gaz.is_candidate("Xqzzyville"));
    assert!(!gaz.is_candidate(""));
    let iraq = gaz.country("IRQ").expect("Iraq");
    assert_eq!(iraq.cc2, "IQ");
    assert_eq!(iraq.precision(), sitrep_geo::Precision::Country);
    assert_eq!(serde_json::to_string(&sitrep_geo::Precision::Admin1).expect("json"), "\"admin1\"");
    assert!(gaz.len() >= 130_000);
    // every country and first-level division is an entry
    let adm1 = gaz.places().iter().filter(|p| p.feature_code == "ADM1").count();
    assert!(adm1 >= 3000, "{adm1} ADM1 entries");
    assert!(gaz.country("usa").is_some());
}
