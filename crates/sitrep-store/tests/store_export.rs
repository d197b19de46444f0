//! Exports of the fixture store: CSV with flat PLOVER-style columns and
//! Parquet read back with the parquet crate's own reader.

mod common;

use common::*;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use sitrep_store::export::{columns, event_row, incident_row, CsvWriter, ParquetWriter};
use sitrep_store::Filter;

#[test]
fn incidents_written_as_parquet_read_back_with_their_counts() {
    let reports = reports();
    for (backend, mut store) in stores("parquet") {
        ingest_all(&mut store, &reports);
        let incs = incidents(&mut store, &Filter::default());
        let path = temp_dir("parquet").join("incidents.parquet");
        let file = std::fs::File::create(&path).expect("create");
        let mut w = ParquetWriter::new(file, &columns(true)).expect("writer");
        for i in &incs {
            w.write(incident_row(i)).expect("row");
        }
        w.finish().expect("finish");

        let reader = SerializedFileReader::new(std::fs::File::open(&path).expect("open")).expect("a Parquet file");
        assert_eq!(reader.metadata().file_metadata().num_rows() as usize, incs.len(), "{backend}");
        let mut seen = 0;
        for row in reader.get_row_iter(None).expect("rows") {
            let row = row.expect("row");
            let get = |name: &str| row.get_column_iter().find(|(n, _)| n.as_str() == name).map(|(_, f)| f.clone());
            let Some(Field::Str(id)) = get("incident_id") else {
                panic!("no incident_id")
            };
            let inc = incs.iter().find(|i| i.record.id == id).expect("known incident");
            let dead = inc.record.dead.as_ref().and_then(|d| d.best).map(|b| b as i64);
            match get("dead_best") {
                Some(Field::Long(v)) => assert_eq!(Some(v), dead, "{backend}"),
                Some(Field::Null) | None => assert_eq!(dead, None, "{backend}"),
                other => panic!("dead_best is {other:?}"),
            }
            assert_eq!(get("n_reports"), Some(Field::Long(inc.record.doc_ids.len() as i64)));
            seen += 1;
        }
        assert_eq!(seen, incs.len());
    }
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let reports = reports();
    for (backend, mut store) in stores("csv") {
        ingest_all(&mut store, &reports);
        let mut buf = Vec::new();
        let mut w = CsvWriter::new(&mut buf, &columns(false)).expect("writer");
        let evs = events(&mut store, &Filter::default());
        for (e, i) in &evs {
            let mut e = e.clone();
            if let Some(l) = e.event_loc.as_mut() {
                l.name = "Quetta, \"old\"\ncity".into();
            }
            w.write(&event_row(&e, i.clone())).expect("row");
        }
        w.finish().expect("finish");
        let text = String::from_utf8(buf).expect("UTF-8");
        let header = text.lines().next().unwrap_or_default();
        assert!(
            header.starts_with("event_id,incident_id,doc_id,doc_ids,event_type,mode,context"),
            "{backend}"
        );
        assert!(header.contains(",dead_low,dead_best,dead_high,dead_revisions,"));
        assert!(text.contains("\"Quetta, \"\"old\"\"\ncity\""));
        // records (CRLF-terminated) = events + header
        assert_eq!(text.matches("\r\n").count(), evs.len() + 1, "{backend}");
    }
}
