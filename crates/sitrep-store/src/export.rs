//! Flat rows for CSV and Parquet, with PLOVER-style column names, and the
//! writers for JSON Lines, CSV and Parquet. Rows are written as they come,
//! a row group at a time, so memory does not grow with the store.

use crate::model::Incident;
use anyhow::{Context, Result};
use parquet::basic::{ConvertedType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use sitrep_core::{Actor, Count, EventRecord};
use std::io::Write;
use std::sync::Arc;

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    Int,
    Float,
}

/// One cell of a flat row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
}

/// The flat columns, in order, for events (`incident = false`) or incidents.
pub fn columns(incident: bool) -> Vec<(&'static str, Kind)> {
    use Kind::*;
    let mut v = vec![
        (if incident { "incident_id" } else { "event_id" }, Text),
        (
            if incident { "n_reports" } else { "incident_id" },
            if incident { Int } else { Text },
        ),
        ("doc_id", Text),
        ("doc_ids", Text),
        ("event_type", Text),
        ("mode", Text),
        ("context", Text),
        ("cameo", Text),
        ("acled_event_type", Text),
        ("acled_sub_event_type", Text),
        ("quad", Int),
        ("intensity", Float),
        ("source_actor_text", Text),
        ("source_code", Text),
        ("source_sector", Text),
        ("source_identifier", Text),
        ("source_status", Text),
        ("recipient_actor_text", Text),
        ("recipient_code", Text),
        ("recipient_sector", Text),
        ("event_loc_name", Text),
        ("event_loc_geonameid", Int),
        ("event_loc_country_code", Text),
        ("event_loc_cc3", Text),
        ("event_loc_admin1", Text),
        ("event_loc_latitude", Float),
        ("event_loc_longitude", Float),
        ("event_loc_precision", Text),
        ("date", Text),
        ("date_precision", Text),
    ];
    for c in ["dead", "injured", "arrested"] {
        let names: [&'static str; 4] = match c {
            "dead" => ["dead_low", "dead_best", "dead_high", "dead_revisions"],
            "injured" => ["injured_low", "injured_best", "injured_high", "injured_revisions"],
            _ => ["arrested_low", "arrested_best", "arrested_high", "arrested_revisions"],
        };
        v.extend([(names[0], Int), (names[1], Int), (names[2], Int), (names[3], Text)]);
    }
    v.extend([
        ("reported_by", Text),
        ("claimed_by", Text),
        ("alleged_by", Text),
        ("rules", Text),
        ("confidence", Float),
    ]);
    v
}

fn join<'a>(it: impl Iterator<Item = &'a str>) -> Option<String> {
    let v: Vec<&str> = it.collect();
    if v.is_empty() {
        None
    } else {
        Some(v.join(";"))
    }
}

fn actors(v: &[Actor], f: fn(&Actor) -> Option<&str>) -> Cell {
    if v.iter().all(|a| f(a).is_none()) {
        return Cell::Text(None);
    }
    Cell::Text(Some(v.iter().map(|a| f(a).unwrap_or("")).collect::<Vec<_>>().join(";")))
}

fn to_i(v: Option<u64>) -> Cell {
    Cell::Int(v.and_then(|v| i64::try_from(v).ok()))
}

fn count_cells(c: &Option<Count>) -> [Cell; 4] {
    match c {
        None => [Cell::Int(None), Cell::Int(None), Cell::Int(None), Cell::Text(None)],
        Some(c) => [
            to_i(c.low),
            to_i(c.best),
            to_i(c.high),
            Cell::Text(join(c.revisions.iter().map(|r| r.value.as_str())).map(|_| {
                c.revisions
                    .iter()
                    .map(|r| format!("{}@{}", r.value, r.doc_id))
                    .collect::<Vec<_>>()
                    .join(";")
            })),
        ],
    }
}

/// The flat row of a record; `second` is the incident id (events) or the
/// number of reports (incidents).
pub fn row(r: &EventRecord, second: Cell) -> Vec<Cell> {
    let t = |s: &Option<String>| Cell::Text(s.clone());
    let loc = r.event_loc.as_ref();
    let role = |role: &str| Cell::Text(join(r.attribution.iter().filter(|a| a.role == role).map(|a| a.text.as_str())));
    let mut v = vec![
        Cell::Text(Some(r.id.clone())),
        second,
        Cell::Text(Some(r.doc_id.clone())),
        Cell::Text(join(r.doc_ids.iter().map(String::as_str))),
        Cell::Text(Some(r.event_type.clone())),
        t(&r.mode),
        Cell::Text(join(r.context.iter().map(String::as_str))),
        t(&r.cameo),
        t(&r.acled_event_type),
        t(&r.acled_sub_event_type),
        Cell::Int(Some(i64::from(r.quad))),
        Cell::Float(Some(r.intensity)),
        actors(&r.source, |a| Some(a.actor_text.as_str())),
        actors(&r.source, |a| a.code.as_deref()),
        actors(&r.source, |a| a.sector.as_deref()),
        actors(&r.source, |a| a.identifier_text.as_deref()),
        actors(&r.source, |a| a.status.as_deref()),
        actors(&r.recipient, |a| Some(a.actor_text.as_str())),
        actors(&r.recipient, |a| a.code.as_deref()),
        actors(&r.recipient, |a| a.sector.as_deref()),
        Cell::Text(loc.map(|l| l.name.clone())),
        Cell::Int(loc.and_then(|l| l.geonameid).map(i64::from)),
        Cell::Text(loc.and_then(|l| l.country_code.clone())),
        Cell::Text(loc.and_then(|l| l.cc3.clone())),
        Cell::Text(loc.and_then(|l| l.admin1.clone())),
        Cell::Float(loc.and_then(|l| l.latitude)),
        Cell::Float(loc.and_then(|l| l.longitude)),
        Cell::Text(loc.map(|l| l.precision.clone())),
        t(&r.date),
        Cell::Text(Some(r.date_precision.clone())),
    ];
    for c in [&r.dead, &r.injured, &r.arrested] {
        v.extend(count_cells(c));
    }
    v.extend([
        role("reported_by"),
        role("claimed_by"),
        role("alleged_by"),
        Cell::Text(join(r.rules.iter().map(String::as_str))),
        Cell::Float(Some(r.confidence)),
    ]);
    v
}

pub fn incident_row(i: &Incident) -> Vec<Cell> {
    row(&i.record, Cell::Int(Some(i.record.doc_ids.len().max(1) as i64)))
}

pub fn event_row(r: &EventRecord, incident_id: Option<String>) -> Vec<Cell> {
    row(r, Cell::Text(incident_id))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes CSV (RFC 4180) a row at a time.
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, cols: &[(&str, Kind)]) -> Result<Self> {
        write!(out, "{}\r\n", cols.iter().map(|c| c.0).collect::<Vec<_>>().join(","))?;
        Ok(CsvWriter { out })
    }
    pub fn write(&mut self, row: &[Cell]) -> Result<()> {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(Some(s)) => csv_field(s),
                Cell::Int(Some(i)) => i.to_string(),
                Cell::Float(Some(f)) => f.to_string(),
                _ => String::new(),
            })
            .collect();
        self.out.write_all(cells.join(",").as_bytes())?;
        self.out.write_all(b"\r\n")?;
        Ok(())
    }
    pub fn finish(mut self) -> Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes a Parquet file (every column optional, UTF-8 strings, INT64,
/// DOUBLE), buffering one row group of rows at a time.
pub struct ParquetWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    kinds: Vec<Kind>,
    buf: Vec<Vec<Cell>>,
    rows_per_group: usize,
}

impl<W: Write + Send> ParquetWriter<W> {
    pub fn new(out: W, cols: &[(&str, Kind)]) -> Result<Self> {
        let fields = cols
            .iter()
            .map(|(name, kind)| {
                let b = match kind {
                    Kind::Text => Type::primitive_type_builder(name, PhysicalType::BYTE_ARRAY).with_converted_type(ConvertedType::UTF8),
                    Kind::Int => Type::primitive_type_builder(name, PhysicalType::INT64),
                    Kind::Float => Type::primitive_type_builder(name, PhysicalType::DOUBLE),
                };
                b.with_repetition(Repetition::OPTIONAL).build().map(Arc::new)
            })
            .collect::<parquet::errors::Result<Vec<_>>>()?;
        let schema = Type::group_type_builder("sitrep").with_fields(fields).build()?;
        let props = WriterProperties::builder().set_created_by("sitrep".into()).build();
        let writer = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(props)).context("starting the Parquet file")?;
        Ok(ParquetWriter {
            writer,
            kinds: cols.iter().map(|c| c.1).collect(),
            buf: Vec::new(),
            rows_per_group: 8192,
        })
    }

    pub fn write(&mut self, row: Vec<Cell>) -> Result<()> {
        self.buf.push(row);
        if self.buf.len() >= self.rows_per_group {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group()?;
        let mut col = 0;
        while let Some(mut cw) = rg.next_column()? {
            let defs: Vec<i16> = self
                .buf
                .iter()
                .map(|r| match r.get(col) {
                    Some(Cell::Text(Some(_)) | Cell::Int(Some(_)) | Cell::Float(Some(_))) => 1,
                    _ => 0,
                })
                .collect();
            match self.kinds[col] {
                Kind::Text => {
                    let vals: Vec<ByteArray> = self
                        .buf
                        .iter()
                        .filter_map(|r| match r.get(col) {
                            Some(Cell::Text(Some(s))) => Some(ByteArray::from(s.as_bytes().to_vec())),
                            _ => None,
                        })
                        .collect();
                    cw.typed::<ByteArrayType>().write_batch(&vals, Some(&defs), None)?;
                }
                Kind::Int => {
                    let vals: Vec<i64> = self
                        .buf
                        .iter()
                        .filter_map(|r| match r.get(col) {
                            Some(Cell::Int(Some(i))) => Some(*i),
                            _ => None,
                        })
                        .collect();
                    cw.typed::<Int64Type>().write_batch(&vals, Some(&defs), None)?;
                }
                Kind::Float => {
                    let vals: Vec<f64> = self
                        .buf
                        .iter()
                        .filter_map(|r| match r.get(col) {
                            Some(Cell::Float(Some(f))) => Some(*f),
                            _ => None,
                        })
                        .collect();
                    cw.typed::<DoubleType>().write_batch(&vals, Some(&defs), None)?;
                }
            }
            cw.close()?;
            col += 1;
        }
        rg.close()?;
        self.buf.clear();
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.flush_group()?;
        self.writer.close()?;
        Ok(())
    }
}

/// An event as a JSON Lines object: the record with its incident id.
pub fn event_json(r: &EventRecord, incident_id: Option<&str>) -> Result<String> {
    let mut v = serde_json::to_value(r)?;
    if let (Some(obj), Some(i)) = (v.as_object_mut(), incident_id) {
        obj.insert("incident_id".into(), serde_json::Value::String(i.to_string()));
    }
    Ok(serde_json::to_string(&v)?)
}
