//! `sitrep ingest`, `sitrep export` and `sitrep incident`: the store from the
//! command line.

use crate::input;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use sitrep_extract::Coder;
use sitrep_store::export::{columns, event_json, event_row, incident_row, CsvWriter, ParquetWriter};
use sitrep_store::{Filter, IngestOutcome, Store};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Args)]
pub struct IngestArgs {
    /// JSON Lines files, .txt files, directories of either, or - for standard input
    pub paths: Vec<PathBuf>,
    /// A SQLite file, or a postgres:// URL
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
    /// Documents with a longer text are reported and skipped
    #[arg(long, default_value_t = 10_000_000)]
    pub max_doc_bytes: usize,
    #[command(flatten)]
    pub nats: sitrep_queue::PublishArgs,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum What {
    Events,
    Incidents,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Parquet,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "events")]
    pub what: What,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Output file (standard output when absent)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Only records dated on or after this day (YYYY-MM-DD)
    #[arg(long)]
    pub since: Option<String>,
    /// Only records placed in this country (ISO alpha-3, e.g. IRQ)
    #[arg(long)]
    pub country: Option<String>,
    /// Only records of this PLOVER category (e.g. ASSAULT)
    #[arg(long = "type")]
    pub event_type: Option<String>,
    #[arg(long, default_value = "sitrep.db")]
    pub db: String,
}

#[derive(Args)]
pub struct IncidentArgs {
    #[command(subcommand)]
    pub cmd: IncidentCmd,
    #[arg(long, global = true, default_value = "sitrep.db")]
    pub db: String,
}

#[derive(Subcommand)]
pub enum IncidentCmd {
    /// An incident: its reconciled record, every report's figures and claims, and why each record joined
    Show {
        id: String,
        /// The stored incident as JSON
        #[arg(long)]
        json: bool,
    },
    /// Move records (event ids) or whole reports (document ids) out of an incident into a new one
    Split {
        id: String,
        #[arg(required = true)]
        records: Vec<String>,
    },
}

fn spinner(what: &str) -> ProgressBar {
    let b = ProgressBar::new_spinner();
    b.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {what}: {{pos}} {{per_sec}} {{msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    b
}

#[derive(Default)]
struct IngestSummary {
    stored: usize,
    replaced: usize,
    copies: usize,
    unchanged: usize,
    older: usize,
    too_large: usize,
    faults: usize,
    events: usize,
    incidents_new: usize,
    incidents_updated: usize,
}

pub fn ingest(args: &IngestArgs, coder: &Coder) -> Result<()> {
    let mut store = sitrep_store::open(&args.db).with_context(|| format!("opening the store {}", args.db))?;
    let mut read = input::Summary::default();
    let mut s = IngestSummary::default();
    let bar = spinner("documents");
    input::for_each_document(&args.paths, &mut read, |doc| {
        bar.inc(1);
        if doc.text.len() > args.max_doc_bytes {
            bar.suspend(|| {
                eprintln!(
                    "{}: skipped: text of {} bytes is longer than --max-doc-bytes {}",
                    doc.id,
                    doc.text.len(),
                    args.max_doc_bytes
                )
            });
            s.too_large += 1;
            return Ok(());
        }
        // PostgreSQL text cannot hold NUL; no news text needs one
        let fields = [
            Some(&doc.id),
            Some(&doc.text),
            doc.title.as_ref(),
            doc.url.as_ref(),
            doc.publisher.as_ref(),
        ];
        if fields.iter().flatten().any(|f| f.contains('\0')) {
            bar.suspend(|| eprintln!("{}: skipped: a NUL character in the document", doc.id));
            s.too_large += 1;
            return Ok(());
        }
        // a stored document is not coded again
        if store.is_stored(&doc)?.is_some() {
            s.unchanged += 1;
            return Ok(());
        }
        // a fault inside the coder on one document is reported and skipped
        let records = match coder.try_extract(&doc) {
            Ok(r) => r,
            Err(why) => {
                bar.suspend(|| eprintln!("skipped: {why}"));
                s.faults += 1;
                return Ok(());
            }
        };
        match store
            .ingest(&doc, &records)
            .with_context(|| format!("storing document {}", doc.id))?
        {
            IngestOutcome::Stored {
                events,
                incidents_new,
                incidents_updated,
            } => {
                s.stored += 1;
                s.events += events;
                s.incidents_new += incidents_new;
                s.incidents_updated += incidents_updated;
            }
            IngestOutcome::Replaced {
                events,
                incidents_new,
                incidents_updated,
                ..
            } => {
                s.replaced += 1;
                s.events += events;
                s.incidents_new += incidents_new;
                s.incidents_updated += incidents_updated;
            }
            IngestOutcome::Copy {
                previous_id,
                incidents_updated,
                ..
            } => {
                s.copies += 1;
                s.replaced += usize::from(previous_id.is_some());
                s.incidents_updated += incidents_updated;
            }
            IngestOutcome::Unchanged { .. } => s.unchanged += 1,
            IngestOutcome::OlderVersion { existing_id } => {
                bar.suspend(|| eprintln!("{}: skipped: an older text of {existing_id}, whose newer text is stored", doc.id));
                s.older += 1;
            }
        }
        bar.set_message(format!("{} events, {} incidents new", s.events, s.incidents_new));
        Ok(())
    })?;
    bar.finish_and_clear();
    let totals = store.stats()?;
    eprintln!(
        "sitrep: {} documents read, {} skipped ({} unreadable, {} already stored, {} older versions, {} too large or with NUL, {} coder faults); \
         {} stored ({} as copies of a stored story, their events left out of incidents), {} replaced; {} events; incidents {} new, {} updated",
        read.documents + read.skipped,
        read.skipped + s.unchanged + s.older + s.too_large + s.faults,
        read.skipped,
        s.unchanged,
        s.older,
        s.too_large,
        s.faults,
        s.stored + s.copies,
        s.copies,
        s.replaced,
        s.events,
        s.incidents_new,
        s.incidents_updated
    );
    eprintln!(
        "sitrep: the store {} holds {} documents ({} copies), {} events, {} incidents",
        args.db, totals.documents, totals.copies, totals.events, totals.incidents
    );
    if read.documents == 0 && read.skipped > 0 {
        anyhow::bail!("no usable document in the input");
    }
    Ok(())
}

pub fn export(args: &ExportArgs) -> Result<()> {
    let mut store = sitrep_store::open(&args.db).with_context(|| format!("opening the store {}", args.db))?;
    let filter = Filter {
        since: args.since.clone(),
        country: args.country.clone(),
        event_type: args.event_type.clone(),
    };
    let out: Box<dyn Write + Send> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let bar = spinner("rows");
    let incidents = args.what == What::Incidents;
    let cols = columns(incidents);
    let mut n = 0usize;
    match args.format {
        ExportFormat::Jsonl => {
            let mut out = out;
            if incidents {
                store.each_incident(&filter, &mut |i| {
                    serde_json::to_writer(&mut out, &i)?;
                    out.write_all(b"\n")?;
                    n += 1;
                    bar.inc(1);
                    Ok(())
                })?;
            } else {
                store.each_event(&filter, &mut |e, inc| {
                    out.write_all(event_json(&e, inc.as_deref())?.as_bytes())?;
                    out.write_all(b"\n")?;
                    n += 1;
                    bar.inc(1);
                    Ok(())
                })?;
            }
            out.flush()?;
        }
        ExportFormat::Csv => {
            let mut w = CsvWriter::new(out, &cols)?;
            if incidents {
                store.each_incident(&filter, &mut |i| {
                    n += 1;
                    bar.inc(1);
                    w.write(&incident_row(&i))
                })?;
            } else {
                store.each_event(&filter, &mut |e, inc| {
                    n += 1;
                    bar.inc(1);
                    w.write(&event_row(&e, inc))
                })?;
            }
            w.finish()?;
        }
        ExportFormat::Parquet => {
            let mut w = ParquetWriter::new(out, &cols)?;
            if incidents {
                store.each_incident(&filter, &mut |i| {
                    n += 1;
                    bar.inc(1);
                    w.write(incident_row(&i))
                })?;
            } else {
                store.each_event(&filter, &mut |e, inc| {
                    n += 1;
                    bar.inc(1);
                    w.write(event_row(&e, inc))
                })?;
            }
            w.finish()?;
        }
    }
    bar.finish_and_clear();
    eprintln!("sitrep: {n} {} exported", if incidents { "incidents" } else { "events" });
    Ok(())
}

pub fn incident(args: &IncidentArgs) -> Result<()> {
    let mut store = sitrep_store::open(&args.db).with_context(|| format!("opening the store {}", args.db))?;
    match &args.cmd {
        IncidentCmd::Show { id, json } => {
            let Some((inc, members)) = store.incident(id)? else {
                anyhow::bail!("no incident {id:?} in {}", args.db);
            };
            let mut out = std::io::stdout().lock();
            if *json {
                serde_json::to_writer_pretty(&mut out, &inc)?;
                writeln!(out)?;
                return Ok(());
            }
            show(&mut out, &mut store, &inc, &members)?;
        }
        IncidentCmd::Split { id, records } => {
            let new_id = store.split(id, records)?;
            println!("{new_id}");
            eprintln!("sitrep: {} moved from {id} to {new_id}", records.join(", "));
        }
    }
    Ok(())
}

fn count_text(c: &Option<sitrep_core::Count>) -> String {
    let Some(c) = c else { return "-".into() };
    let f = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
    format!("low {} best {} high {}", f(c.low), f(c.best), f(c.high))
}

fn show(out: &mut impl Write, store: &mut Store, inc: &sitrep_store::Incident, members: &[sitrep_store::Member]) -> Result<()> {
    let r = &inc.record;
    writeln!(out, "incident {}", r.id)?;
    writeln!(out, "  {} {}", r.event_type, r.mode.as_deref().unwrap_or("-"))?;
    writeln!(out, "  date   {} ({})", r.date.as_deref().unwrap_or("-"), r.date_precision)?;
    if let Some(l) = &r.event_loc {
        writeln!(
            out,
            "  place  {} ({}, {}, geonameid {})",
            l.name,
            l.precision,
            l.cc3.as_deref().unwrap_or("?"),
            l.geonameid.map(|g| g.to_string()).unwrap_or_else(|| "-".into())
        )?;
    }
    writeln!(out, "  reports {}", r.doc_ids.join(", "))?;
    let copies = store.incident_copies(inc)?;
    if !copies.is_empty() {
        let list: Vec<String> = copies.iter().map(|(id, of)| format!("{id} (of {of})")).collect();
        writeln!(out, "  copies  {}", list.join(", "))?;
    }
    for (name, c) in [("dead", &r.dead), ("injured", &r.injured), ("arrested", &r.arrested)] {
        if let Some(cc) = c {
            writeln!(out, "  {name:<8} {}", count_text(c))?;
            for rev in &cc.revisions {
                writeln!(
                    out,
                    "           revised from {} ({}{})",
                    rev.value,
                    rev.doc_id,
                    if rev.text.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", rev.text)
                    }
                )?;
            }
        }
    }
    if !r.source.is_empty() {
        writeln!(out, "  perpetrators")?;
        for p in &inc.perpetrators {
            writeln!(
                out,
                "    {} ({}) {} per {}",
                p.actor.actor_text,
                p.actor.code.as_deref().unwrap_or("?"),
                p.actor.status.as_deref().unwrap_or("reported"),
                p.doc_id
            )?;
        }
    }
    writeln!(out, "  rules  {}", r.rules.join(", "))?;
    writeln!(out, "  records")?;
    for m in members {
        let title = store.document(&m.doc.id)?.and_then(|d| d.title).unwrap_or_default();
        writeln!(
            out,
            "    {} from {} ({}) {:?}: dead {}, injured {}, arrested {}",
            m.record.id,
            m.doc.id,
            m.doc.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into()),
            title,
            count_text(&m.record.dead),
            count_text(&m.record.injured),
            count_text(&m.record.arrested)
        )?;
        if let Some(why) = inc.merges.iter().find(|x| x.event_id == m.record.id) {
            writeln!(out, "      joined: {}", why.reasons.join("; "))?;
        } else {
            writeln!(out, "      founded the incident")?;
        }
    }
    Ok(())
}
