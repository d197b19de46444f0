//! Whether an event record of one report tells the same real-world event as
//! an incident built from others, and why. The thresholds and the word lists
//! live in `data/merge_rules.tsv`.

use sitrep_core::{Actor, Date, EventRecord, Location};
use std::collections::HashMap;
use std::sync::OnceLock;

const RULES_TSV: &str = include_str!("../data/merge_rules.tsv");

/// The longest date window (in days) a record or an incident can have and
/// still merge: two months.
pub const MAX_WINDOW_DAYS: i64 = 62;

/// The merge rules, read from `data/merge_rules.tsv`.
#[derive(Debug, Clone, Default)]
pub struct MergeRules {
    pub place_km: HashMap<String, f64>,
    pub date_slack_days: HashMap<String, i64>,
    pub compatible_modes: Vec<(String, String)>,
    pub correction_cues: Vec<String>,
}

impl MergeRules {
    /// Parses the rules file; a bad line is an error naming the line.
    pub fn parse(tsv: &str) -> Result<MergeRules, String> {
        let mut r = MergeRules::default();
        for (i, line) in tsv.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let key = cols.get(1).copied().unwrap_or("");
            let value = cols.get(2).copied().unwrap_or("");
            if key.is_empty() {
                return Err(format!("merge_rules.tsv:{line_no}: missing key"));
            }
            match cols[0] {
                "place_km" => {
                    let v: f64 = value
                        .parse()
                        .map_err(|_| format!("merge_rules.tsv:{line_no}: not a number: {value:?}"))?;
                    r.place_km.insert(key.to_string(), v);
                }
                "date_slack_days" => {
                    let v: i64 = value
                        .parse()
                        .map_err(|_| format!("merge_rules.tsv:{line_no}: not a number: {value:?}"))?;
                    r.date_slack_days.insert(key.to_string(), v);
                }
                "mode_compatible" => {
                    if value.is_empty() {
                        return Err(format!("merge_rules.tsv:{line_no}: mode_compatible needs two modes"));
                    }
                    r.compatible_modes.push((key.to_string(), value.to_string()));
                }
                "correction_cue" => r.correction_cues.push(key.to_lowercase()),
                other => return Err(format!("merge_rules.tsv:{line_no}: unknown kind {other:?}")),
            }
        }
        Ok(r)
    }

    /// The built-in rules.
    pub fn builtin() -> &'static MergeRules {
        static RULES: OnceLock<MergeRules> = OnceLock::new();
        RULES.get_or_init(|| MergeRules::parse(RULES_TSV).unwrap_or_else(|e| panic!("built-in {e}")))
    }

    pub fn modes_compatible(&self, a: &str, b: &str) -> bool {
        a == b || self.compatible_modes.iter().any(|(x, y)| (x == a && y == b) || (x == b && y == a))
    }

    /// Whether a report's title marks it as a correction of earlier figures.
    pub fn is_correction_title(&self, title: &str) -> bool {
        let lower = title.to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| self.correction_cues.iter().any(|c| c == w))
    }

    fn km_for(&self, precision: &str) -> Option<f64> {
        self.place_km.get(precision).copied()
    }
}

/// The days a record's date can stand for, with its precision's slack.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateWindow {
    pub first: Date,
    pub last: Date,
}

impl DateWindow {
    fn overlaps(&self, o: &DateWindow) -> bool {
        self.first <= o.last && o.first <= self.last
    }
    fn days(&self) -> i64 {
        self.last.to_days() - self.first.to_days() + 1
    }
    pub fn union(&self, o: &DateWindow) -> DateWindow {
        DateWindow {
            first: self.first.min(o.first),
            last: self.last.max(o.last),
        }
    }
}

/// The exact days a date string covers: `2024-01-04`, `2024-W01`, `2024-01`, `2024`.
pub fn date_span(date: &str) -> Option<(Date, Date)> {
    let d = date.trim();
    if let Some(day) = Date::parse(d) {
        return Some((day, day));
    }
    if let Some((y, w)) = d.split_once("-W") {
        let y: i32 = y.parse().ok()?;
        let w: i64 = w.get(..2).unwrap_or(w).parse().ok()?;
        let jan4 = Date::new(y, 1, 4)?;
        let monday = jan4.add_days(-i64::from(jan4.weekday()) + (w - 1) * 7);
        return Some((monday, monday.add_days(6)));
    }
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m] => {
            let first = Date::new(y.parse().ok()?, m.parse().ok()?, 1)?;
            Some((first, first.add_months(1).add_days(-1)))
        }
        [y] if y.len() == 4 => {
            let y: i32 = y.parse().ok()?;
            Some((Date::new(y, 1, 1)?, Date::new(y, 12, 31)?))
        }
        _ => None,
    }
}

/// The window of days a record can be about: its date with the slack of its
/// precision, or the days before its report's publication when it has none.
pub fn record_window(rec: &EventRecord, published: Option<Date>, rules: &MergeRules) -> Option<DateWindow> {
    if let Some((a, b)) = rec.date.as_deref().and_then(date_span) {
        let slack = rules.date_slack_days.get(rec.date_precision.as_str()).copied().unwrap_or(0);
        return Some(DateWindow {
            first: a.add_days(-slack),
            last: b.add_days(slack),
        });
    }
    let p = published?;
    let slack = rules.date_slack_days.get("unknown").copied().unwrap_or(7);
    Some(DateWindow {
        first: p.add_days(-slack),
        last: p,
    })
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().atan2((1.0 - a).sqrt())
}

/// A record's place, reduced to what merging compares.
fn place_of(loc: &Option<Location>) -> Option<&Location> {
    loc.as_ref().filter(|l| !l.name.is_empty() || l.cc3.is_some())
}

/// How well a record fits an incident: a score (higher is better) and the
/// reasons, or why it cannot be the same event.
pub type Fit = Result<(u32, Vec<String>), String>;

fn actor_key(a: &Actor) -> Option<String> {
    match (&a.identifier_id, &a.code) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(c)) if c != "UNK" => Some(format!("{c}/{}", a.sector.as_deref().unwrap_or(""))),
        _ => None,
    }
}

/// Perpetrators reported as fact (no claim, no allegation) with a known identity.
fn factual_perpetrators(v: &[Actor]) -> Vec<String> {
    v.iter().filter(|a| a.status.is_none()).filter_map(actor_key).collect()
}

/// Whether `rec` (from a report published `published`) tells the same event
/// as the incident whose reconciled record is `inc` and whose window is
/// `inc_window`. Both records are of the same category.
pub fn fit(rec: &EventRecord, published: Option<Date>, inc: &EventRecord, inc_window: Option<DateWindow>, rules: &MergeRules) -> Fit {
    let mut score = 0;
    let mut reasons = vec![format!("same category {}", rec.event_type)];
    let mut same_place = false;
    let mut same_date = false;

    // mode
    match (&rec.mode, &inc.mode) {
        (Some(a), Some(b)) if a == b => {
            score += 1;
            reasons.push(format!("same mode {a}"));
        }
        (Some(a), Some(b)) if rules.modes_compatible(a, b) => reasons.push(format!("compatible modes {a} and {b}")),
        (Some(a), Some(b)) => return Err(format!("modes differ: {a} and {b}")),
        _ => reasons.push("mode unknown in one report".into()),
    }

    // date
    let w = record_window(rec, published, rules);
    match (w, inc_window) {
        (Some(a), Some(b)) => {
            // "merge:date-too-vague": a year says too little to join a report
            if a.days() > MAX_WINDOW_DAYS || b.days() > MAX_WINDOW_DAYS {
                return Err("date too vague to merge (longer than two months)".into());
            }
            if !a.overlaps(&b) {
                return Err(format!(
                    "dates too far apart: {} to {} and {} to {}",
                    a.first, a.last, b.first, b.last
                ));
            }
            if rec.date.is_some() && rec.date == inc.date {
                same_date = true;
                score += 2;
                reasons.push(format!("same date {}", rec.date.as_deref().unwrap_or("")));
            } else {
                score += 1;
                reasons.push(format!(
                    "date windows overlap ({} {} within {} to {})",
                    rec.date.as_deref().unwrap_or("undated, published"),
                    rec.date_precision,
                    b.first,
                    b.last
                ));
            }
        }
        _ => return Err("no date and no publication date: cannot place the report in time".into()),
    }

    // place
    match (place_of(&rec.event_loc), place_of(&inc.event_loc)) {
        (Some(a), Some(b)) => {
            if let (Some(ca), Some(cb)) = (&a.cc3, &b.cc3) {
                if ca != cb {
                    return Err(format!("countries differ: {ca} and {cb}"));
                }
            }
            let both_local = a.precision != "country" && b.precision != "country";
            if a.geonameid.is_some() && a.geonameid == b.geonameid {
                same_place = true;
                score += 3;
                reasons.push(format!("same place {} (geonameid {})", a.name, a.geonameid.unwrap_or(0)));
            } else if both_local {
                let limit = match (rules.km_for(&a.precision), rules.km_for(&b.precision)) {
                    (Some(x), Some(y)) => x.max(y),
                    (Some(x), None) | (None, Some(x)) => x,
                    (None, None) => 0.0,
                };
                match (a.latitude, a.longitude, b.latitude, b.longitude) {
                    (Some(la), Some(lo), Some(lb), Some(mb)) => {
                        let d = haversine_km(la, lo, lb, mb);
                        if d > limit {
                            return Err(format!(
                                "places too far apart: {} and {} are {d:.0} km apart ({} / {} precision allows {limit:.0} km)",
                                a.name, b.name, a.precision, b.precision
                            ));
                        }
                        same_place = true;
                        score += 2;
                        reasons.push(format!(
                            "{} and {} are {d:.0} km apart, within {limit:.0} km for {} / {} precision",
                            a.name, b.name, a.precision, b.precision
                        ));
                    }
                    _ => {
                        if a.name.to_lowercase() != b.name.to_lowercase() {
                            return Err(format!("places differ and have no coordinates: {} and {}", a.name, b.name));
                        }
                        score += 2;
                        reasons.push(format!("same place name {}", a.name));
                    }
                }
            } else {
                score += 1;
                reasons.push(format!(
                    "same country {} (country precision on one side)",
                    a.cc3.as_deref().or(b.cc3.as_deref()).unwrap_or("?")
                ));
            }
        }
        _ => reasons.push("place unknown in one report".into()),
    }

    // perpetrators: unknown merges with known; claims and allegations merge
    // and are kept per report; two different perpetrators both stated as
    // fact are two events
    let fa = factual_perpetrators(&rec.source);
    let fb = factual_perpetrators(&inc.source);
    if !fa.is_empty() && !fb.is_empty() {
        if fa.iter().any(|k| fb.contains(k)) {
            score += 1;
            reasons.push("same perpetrator".into());
        } else if same_place && same_date {
            // "merge:disputed-perpetrator": the same place and day, told with
            // another perpetrator, is one event whose author is disputed
            reasons.push(format!(
                "perpetrators differ ({} and {}) at the same place and date: kept per report",
                fa.join(","),
                fb.join(",")
            ));
        } else {
            return Err(format!("perpetrators differ: {} and {}", fa.join(","), fb.join(",")));
        }
    } else if rec.source.iter().chain(&inc.source).any(|a| a.status.is_some()) {
        reasons.push("perpetrator claimed or alleged: kept per report".into());
    } else if rec.source.is_empty() || inc.source.is_empty() {
        reasons.push("perpetrator unknown in one report".into());
    }

    // recipients: two different coded targets are two events
    let ra: Vec<String> = rec.recipient.iter().filter_map(actor_key).collect();
    let rb: Vec<String> = inc.recipient.iter().filter_map(actor_key).collect();
    if !ra.is_empty() && !rb.is_empty() && !ra.iter().any(|k| rb.contains(k)) {
        return Err(format!("targets differ: {} and {}", ra.join(","), rb.join(",")));
    }
    Ok((score, reasons))
}

/// Records that tell no current, real event join no incident.
pub fn joins_incidents(rec: &EventRecord) -> bool {
    !rec.context
        .iter()
        .any(|c| matches!(c.as_str(), "historical" | "future" | "hypothetical" | "negated"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(mode: &str, date: &str, place: Option<(&str, u32, f64, f64, &str)>) -> EventRecord {
        EventRecord {
            id: "e".into(),
            doc_id: "d".into(),
            event_type: "ASSAULT".into(),
            mode: Some(mode.into()),
            date: Some(date.into()),
            date_precision: if date.len() == 10 {
                "day".into()
            } else if date.contains('W') {
                "week".into()
            } else if date.len() == 7 {
                "month".into()
            } else {
                "year".into()
            },
            event_loc: place.map(|(n, g, la, lo, p)| Location {
                name: n.into(),
                text: n.into(),
                geonameid: Some(g),
                cc3: Some("PAK".into()),
                latitude: Some(la),
                longitude: Some(lo),
                precision: p.into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn fits(a: &EventRecord, b: &EventRecord) -> bool {
        let r = MergeRules::builtin();
        fit(a, None, b, record_window(b, None, r), r).is_ok()
    }

    #[test]
    fn every_rule_line_parses() {
        let r = MergeRules::builtin();
        assert_eq!(r.place_km.len(), 4);
        assert!(MergeRules::parse("bogus\tx\t1").is_err());
        assert!(MergeRules::parse("place_km\tcity\tfar").is_err());
    }

    #[test]
    fn a_suicide_bombing_and_an_explosion_are_compatible_modes() {
        let q = Some(("Quetta", 1, 30.18, 67.0, "city"));
        assert!(fits(&rec("suicide-attack", "2024-03-10", q), &rec("explosives", "2024-03-10", q)));
        assert!(!fits(&rec("aerial", "2024-03-10", q), &rec("explosives", "2024-03-10", q)));
    }

    #[test]
    fn a_gunman_shooting_a_minister_is_also_an_assassination() {
        let q = Some(("Quetta", 1, 30.18, 67.0, "city"));
        assert!(fits(&rec("firearms", "2024-03-10", q), &rec("assassinate", "2024-03-10", q)));
    }

    #[test]
    fn a_blast_that_destroyed_a_bridge_may_be_reported_as_destruction() {
        let q = Some(("Quetta", 1, 30.18, 67.0, "city"));
        assert!(fits(&rec("destroy", "2024-03-10", q), &rec("explosives", "2024-03-10", q)));
    }

    #[test]
    fn city_places_merge_within_thirty_km_and_not_beyond() {
        // two gazetteer entries 11 km apart (different geonameids), then 80 km
        let a = rec("explosives", "2024-03-10", Some(("Quetta", 1, 30.18, 67.0, "city")));
        let near = rec("explosives", "2024-03-10", Some(("Kuchlak", 2, 30.28, 67.0, "city")));
        let far = rec("explosives", "2024-03-10", Some(("Mastung", 3, 29.8, 66.3, "city")));
        assert!(fits(&a, &near));
        assert!(!fits(&a, &far));
        // point precision: 10 km, but the larger precision of the two applies
        let pa = rec("explosives", "2024-03-10", Some(("market", 4, 30.18, 67.0, "point")));
        let pb = rec("explosives", "2024-03-10", Some(("bazaar", 5, 30.28, 67.0, "point")));
        assert!(!fits(&pa, &pb));
        assert!(fits(&pa, &near));
    }

    #[test]
    fn admin2_and_admin1_places_allow_wider_distances() {
        let a = rec("explosives", "2024-03-10", Some(("Quetta", 1, 30.18, 67.0, "city")));
        let district = rec("explosives", "2024-03-10", Some(("Pishin District", 6, 30.7, 67.0, "admin2")));
        let province = rec("explosives", "2024-03-10", Some(("Balochistan", 7, 28.5, 65.1, "admin1")));
        assert!(fits(&a, &district)); // 58 km
        assert!(fits(&a, &province)); // about 260 km
    }

    #[test]
    fn day_dates_allow_one_day_either_side() {
        let q = Some(("Quetta", 1, 30.18, 67.0, "city"));
        assert!(fits(&rec("explosives", "2024-03-11", q), &rec("explosives", "2024-03-10", q)));
        assert!(fits(&rec("explosives", "2024-03-12", q), &rec("explosives", "2024-03-10", q)));
        assert!(!fits(&rec("explosives", "2024-03-13", q), &rec("explosives", "2024-03-10", q)));
    }

    #[test]
    fn a_week_allows_three_days_around_it_and_a_month_none() {
        let q = Some(("Quetta", 1, 30.18, 67.0, "city"));
        // 2024-W10 is 4..10 March
        assert!(fits(&rec("explosives", "2024-03-13", q), &rec("explosives", "2024-W10", q)));
        assert!(!fits(&rec("explosives", "2024-03-15", q), &rec("explosives", "2024-W10", q)));
        assert!(fits(&rec("explosives", "2024-03-31", q), &rec("explosives", "2024-03", q)));
        assert!(!fits(&rec("explosives", "2024-04-02", q), &rec("explosives", "2024-03", q)));
        // a year is too vague to merge at all
        assert!(!fits(&rec("explosives", "2024-03-10", q), &rec("explosives", "2024", q)));
    }

    #[test]
    fn an_undated_record_stands_in_the_week_before_its_publication() {
        let r = MergeRules::builtin();
        let mut undated = rec("explosives", "2024-03-10", None);
        undated.date = None;
        undated.date_precision = "unknown".into();
        let w = record_window(&undated, Date::parse("2024-03-16"), r).unwrap();
        assert_eq!(
            (w.first.to_string(), w.last.to_string()),
            ("2024-03-09".into(), "2024-03-16".into())
        );
    }

    #[test]
    fn correction_titles_are_recognised_by_word() {
        let r = MergeRules::builtin();
        for t in [
            "Police revised the toll",
            "Ministry revises casualty figure",
            "Toll corrected to 17",
            "Agency corrects earlier report",
            "Correction: eleven, not twelve, killed",
            "Officials lowered the number of dead",
            "Ministry lowers toll",
        ] {
            assert!(r.is_correction_title(t), "{t}");
        }
        assert!(!r.is_correction_title("Unrevised plans for the bridge"));
    }
}
