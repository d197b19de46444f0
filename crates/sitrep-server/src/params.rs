//! Query parameters: read as text, then checked one by one so that every bad
//! value gets an error naming the parameter and what is wrong with it.

use serde::Deserialize;

/// The largest page a list returns.
pub const MAX_LIMIT: i64 = 500;
pub const DEFAULT_LIMIT: i64 = 100;

/// Parameters as they arrive; unknown names are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParams {
    pub category: Option<String>,
    pub mode: Option<String>,
    pub country: Option<String>,
    pub actor: Option<String>,
    pub q: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub bbox: Option<String>,
    pub min_dead: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub sort: Option<String>,
    pub interval: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Sort {
    #[default]
    DateDesc,
    DateAsc,
    DeadDesc,
    DeadAsc,
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Interval {
    Day,
    Week,
    Month,
}

impl Interval {
    pub fn name(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StatsBy {
    Category,
    Country,
}

impl StatsBy {
    pub fn name(self) -> &'static str {
        match self {
            StatsBy::Category => "category",
            StatsBy::Country => "country",
        }
    }
}

/// Checked filters, paging and sorting.
#[derive(Debug, Clone, Default)]
pub struct ListParams {
    pub category: Option<String>,
    pub mode: Option<String>,
    pub country: Option<String>,
    pub actor: Option<String>,
    pub q: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// min lon, min lat, max lon, max lat
    pub bbox: Option<[f64; 4]>,
    pub min_dead: Option<i64>,
    pub limit: i64,
    pub offset: i64,
    pub sort: Sort,
}

/// A parameter that is not acceptable.
#[derive(Debug, thiserror::Error)]
#[error("parameter {name}: {why}")]
pub struct ParamError {
    pub name: &'static str,
    pub why: String,
}

fn bad(name: &'static str, why: impl Into<String>) -> ParamError {
    ParamError { name, why: why.into() }
}

/// A non-empty value of at most `max` characters, or none.
fn text(name: &'static str, v: &Option<String>, max: usize) -> Result<Option<String>, ParamError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max => Err(bad(name, format!("longer than {max} characters"))),
        Some(s) if s.chars().any(|c| c.is_control()) => Err(bad(name, "holds a control character")),
        Some(s) => Ok(Some(s.to_string())),
    }
}

/// `YYYY-MM-DD` with a real month and day.
fn day(name: &'static str, v: &Option<String>) -> Result<Option<String>, ParamError> {
    let Some(s) = text(name, v, 10)? else {
        return Ok(None);
    };
    let b = s.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && s.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let ok = shape && {
        let m: u32 = s[5..7].parse().unwrap_or(0);
        let d: u32 = s[8..10].parse().unwrap_or(0);
        (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    if !ok {
        return Err(bad(name, format!("{s:?} is not a date YYYY-MM-DD")));
    }
    Ok(Some(s))
}

fn int(name: &'static str, v: &Option<String>, min: i64, max: i64) -> Result<Option<i64>, ParamError> {
    let Some(s) = text(name, v, 20)? else {
        return Ok(None);
    };
    let n: i64 = s.parse().map_err(|_| bad(name, format!("{s:?} is not a whole number")))?;
    if n < min || n > max {
        return Err(bad(name, format!("{n} is outside {min}..={max}")));
    }
    Ok(Some(n))
}

impl ListParams {
    pub fn from_raw(r: &RawParams) -> Result<ListParams, ParamError> {
        let upper = |name: &'static str, v: &Option<String>, max: usize| -> Result<Option<String>, ParamError> {
            Ok(text(name, v, max)?.map(|s| s.to_ascii_uppercase()))
        };
        let country = upper("country", &r.country, 3)?;
        if let Some(c) = &country {
            if c.len() != 3 || !c.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(bad("country", format!("{c:?} is not an ISO 3166 alpha-3 code")));
            }
        }
        let bbox = match text("bbox", &r.bbox, 200)? {
            None => None,
            Some(s) => {
                let v: Vec<f64> = s
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad("bbox", "expected four numbers: min_lon,min_lat,max_lon,max_lat"))?;
                let [a, b, c, d] = v[..] else {
                    return Err(bad("bbox", "expected four numbers: min_lon,min_lat,max_lon,max_lat"));
                };
                if !v.iter().all(|x| x.is_finite()) || !(-180.0..=180.0).contains(&a) || !(-180.0..=180.0).contains(&c) {
                    return Err(bad("bbox", "longitudes must lie in -180..180"));
                }
                if !(-90.0..=90.0).contains(&b) || !(-90.0..=90.0).contains(&d) {
                    return Err(bad("bbox", "latitudes must lie in -90..90"));
                }
                if a > c || b > d {
                    return Err(bad("bbox", "the minimum is above the maximum"));
                }
                Some([a, b, c, d])
            }
        };
        let since = day("since", &r.since)?;
        let until = day("until", &r.until)?;
        if let (Some(a), Some(b)) = (&since, &until) {
            if a > b {
                return Err(bad("until", "is before since"));
            }
        }
        let sort = match text("sort", &r.sort, 10)?.as_deref() {
            None | Some("-date") => Sort::DateDesc,
            Some("date") => Sort::DateAsc,
            Some("-dead") => Sort::DeadDesc,
            Some("dead") => Sort::DeadAsc,
            Some("id") => Sort::Id,
            Some(s) => return Err(bad("sort", format!("{s:?} is not one of date, -date, dead, -dead, id"))),
        };
        Ok(ListParams {
            category: upper("category", &r.category, 40)?,
            mode: text("mode", &r.mode, 40)?,
            country,
            actor: upper("actor", &r.actor, 40)?,
            q: text("q", &r.q, 200)?,
            since,
            until,
            bbox,
            min_dead: int("min_dead", &r.min_dead, 0, i64::from(u32::MAX))?,
            limit: int("limit", &r.limit, 1, MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT),
            offset: int("offset", &r.offset, 0, 1_000_000_000)?.unwrap_or(0),
            sort,
        })
    }

    /// Refuses the parameters a list does not take (`interval`, `by`).
    pub fn only_list(r: &RawParams) -> Result<(), ParamError> {
        if r.interval.is_some() {
            return Err(bad("interval", "only /api/stats/timeline takes it"));
        }
        if r.by.is_some() {
            return Err(bad("by", "only /api/stats/timeline takes it"));
        }
        Ok(())
    }
}

pub fn interval(r: &RawParams) -> Result<Interval, ParamError> {
    match text("interval", &r.interval, 10)?.as_deref() {
        None | Some("day") => Ok(Interval::Day),
        Some("week") => Ok(Interval::Week),
        Some("month") => Ok(Interval::Month),
        Some(s) => Err(bad("interval", format!("{s:?} is not one of day, week, month"))),
    }
}

pub fn stats_by(r: &RawParams) -> Result<StatsBy, ParamError> {
    match text("by", &r.by, 10)?.as_deref() {
        None | Some("category") => Ok(StatsBy::Category),
        Some("country") => Ok(StatsBy::Country),
        Some(s) => Err(bad("by", format!("{s:?} is not one of category, country"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(f: impl FnOnce(&mut RawParams)) -> RawParams {
        let mut r = RawParams::default();
        f(&mut r);
        r
    }

    #[test]
    fn dates_must_be_real_days() {
        assert!(ListParams::from_raw(&raw(|r| r.since = Some("2024-03-10".into()))).is_ok());
        for bad in ["2024-13-01", "2024-3-1", "yesterday", "2024-03-10' OR 1=1 --", "２０２４-03-10"] {
            let e = ListParams::from_raw(&raw(|r| r.since = Some(bad.into()))).unwrap_err();
            assert_eq!(e.name, "since", "{bad}");
        }
    }

    #[test]
    fn limit_is_bounded_and_bbox_checked() {
        assert_eq!(ListParams::from_raw(&raw(|_| {})).unwrap().limit, DEFAULT_LIMIT);
        assert!(ListParams::from_raw(&raw(|r| r.limit = Some("501".into()))).is_err());
        assert!(ListParams::from_raw(&raw(|r| r.limit = Some("0".into()))).is_err());
        assert!(ListParams::from_raw(&raw(|r| r.bbox = Some("1,2,3".into()))).is_err());
        assert!(ListParams::from_raw(&raw(|r| r.bbox = Some("10,10,0,20".into()))).is_err());
        assert!(ListParams::from_raw(&raw(|r| r.bbox = Some("NaN,1,2,3".into()))).is_err());
        let p = ListParams::from_raw(&raw(|r| r.bbox = Some("60,20,70,30".into()))).unwrap();
        assert_eq!(p.bbox, Some([60.0, 20.0, 70.0, 30.0]));
    }
}
