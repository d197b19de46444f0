//! The `sitrep` command: news text to PLOVER event records.

mod geo;
mod input;
mod store_cmd;
mod watch;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use sitrep_extract::{annotate, Coder};
use sitrep_lexicon::Lexicon;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// mimalloc: the coder makes many short-lived small allocations, which it
/// serves in about half the instructions of the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "sitrep", version, about = "Turns news text into structured, verifiable event records")]
struct Cli {
    /// Extra lexicon directories (actors/*.tsv, triggers/*.tsv, cues.tsv), added after the built-in one
    #[arg(long, global = true)]
    lexicon: Vec<PathBuf>,
    /// Run without the gazetteer (places resolve to countries and capitals only)
    #[arg(long, global = true)]
    no_gazetteer: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Jsonl,
    Json,
    Table,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum AnnFormat {
    Jsonl,
    Html,
}

#[derive(Subcommand)]
enum Cmd {
    /// Extract event records from documents (JSON Lines, .txt files, directories, or standard input)
    Extract {
        paths: Vec<PathBuf>,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
    },
    /// Show the layers the coder saw: sentences, entities, places, times, numbers, events
    Annotate {
        paths: Vec<PathBuf>,
        #[arg(long, value_delimiter = ',')]
        layers: Vec<String>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: AnnFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Measure extraction speed over a corpus (MB/s and documents/s on one core)
    Bench {
        paths: Vec<PathBuf>,
        /// Passes over the corpus
        #[arg(long, default_value_t = 3)]
        repeat: usize,
    },
    /// Inspect the lexicon
    Lexicon {
        #[command(subcommand)]
        cmd: LexCmd,
    },
    /// Inspect the gazetteer
    Geo {
        #[command(subcommand)]
        cmd: GeoCmd,
    },
    /// Extract and store documents, event records and incidents (SQLite file or postgres:// URL)
    Ingest(store_cmd::IngestArgs),
    /// Write stored events or incidents as JSON Lines, CSV or Parquet
    Export(store_cmd::ExportArgs),
    /// Show or split a stored incident
    Incident(store_cmd::IncidentArgs),
    /// Poll RSS/Atom feeds and write each new story once as a JSON Lines document
    Watch(watch::WatchArgs),
    /// Serve the HTTP API and the dashboard over a store, SQLite or PostgreSQL (read-only unless a token is set)
    Serve(sitrep_server::ServeArgs),
    /// Pull documents from a NATS JetStream work queue, extract and store them, acking after each commit
    Worker(sitrep_queue::WorkerArgs),
}

#[derive(Subcommand)]
enum LexCmd {
    /// Entry counts, one `name: number` line each
    Stats,
    /// Validate lexicon files in a directory; non-zero exit on errors
    Check { dir: PathBuf },
    /// Show how a phrase resolves and why
    Lookup { phrase: String },
}

#[derive(Subcommand)]
enum GeoCmd {
    /// Candidates for a place name with their scores
    Lookup {
        name: String,
        /// Countries the context speaks of (alpha-3)
        #[arg(long)]
        country: Vec<String>,
    },
}

fn load_coder(cli: &Cli) -> Result<Coder> {
    let lex = Lexicon::load(&cli.lexicon).context("loading the lexicon")?;
    for d in lex.diagnostics.iter().filter(|d| d.is_error) {
        eprintln!("warning: {d}");
    }
    let geo = if cli.no_gazetteer { None } else { geo::load()? };
    Ok(Coder::new(lex, geo))
}

/// The coder for a command that runs until the process ends: leaked, so
/// that exiting does not spend time freeing the lexicon and the gazetteer
/// (about a tenth of a second of a short run).
fn coder_for_run(cli: &Cli) -> Result<&'static Coder> {
    Ok(Box::leak(Box::new(load_coder(cli)?)))
}

fn out_writer(output: &Option<PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
}

fn run() -> Result<()> {
    let cli = Cli::parse();
    match &cli.cmd {
        Cmd::Extract { paths, output, format } => {
            let coder = coder_for_run(&cli)?;
            let mut out = out_writer(output)?;
            let mut summary = input::Summary::default();
            let mut all = Vec::new();
            let mut n_events = 0;
            let mut faults = 0usize;
            input::for_each_document(paths, &mut summary, |doc| {
                // one document the coder cannot handle is reported and skipped
                let recs = match coder.try_extract(&doc) {
                    Ok(r) => r,
                    Err(why) => {
                        eprintln!("sitrep: skipped: {why}");
                        faults += 1;
                        Vec::new()
                    }
                };
                for r in recs {
                    match format {
                        Format::Jsonl => {
                            serde_json::to_writer(&mut out, &r)?;
                            out.write_all(b"\n")?;
                        }
                        Format::Json => all.push(r),
                        Format::Table => {
                            writeln!(out, "{}", table_line(&r))?;
                        }
                    }
                    n_events += 1;
                }
                Ok(())
            })?;
            summary.events = n_events;
            summary.skipped += faults;
            if *format == Format::Json {
                serde_json::to_writer_pretty(&mut out, &all)?;
                writeln!(out)?;
            }
            out.flush()?;
            summary.report();
            if summary.documents == 0 && summary.skipped > 0 {
                anyhow::bail!("no usable document in the input");
            }
        }
        Cmd::Annotate {
            paths,
            layers,
            format,
            output,
        } => {
            let coder = coder_for_run(&cli)?;
            let layers: Vec<&str> = if layers.is_empty() {
                annotate::ALL_LAYERS.to_vec()
            } else {
                layers.iter().map(String::as_str).collect()
            };
            for l in &layers {
                if !annotate::ALL_LAYERS.contains(l) {
                    anyhow::bail!("unknown layer {l:?}; layers are {}", annotate::ALL_LAYERS.join(","));
                }
            }
            let mut out = out_writer(output)?;
            let mut summary = input::Summary::default();
            let mut pages = Vec::new();
            let mut n_events = 0;
            input::for_each_document(paths, &mut summary, |doc| {
                let a = coder.analyse(&doc);
                let v = annotate::annotation(coder, &doc, &a, &layers);
                n_events += a.records.len();
                if *format == AnnFormat::Jsonl {
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")?;
                } else {
                    pages.push((doc, v));
                }
                Ok(())
            })?;
            summary.events = n_events;
            if *format == AnnFormat::Html {
                out.write_all(sitrep_extract::annotate::html_page(&pages).as_bytes())?;
            }
            out.flush()?;
            summary.report();
        }
        Cmd::Bench { paths, repeat } => {
            let coder = coder_for_run(&cli)?;
            let mut docs = Vec::new();
            let mut summary = input::Summary::default();
            input::for_each_document(paths, &mut summary, |d| {
                docs.push(d);
                Ok(())
            })?;
            let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
            let mut events = 0;
            let t = Instant::now();
            for _ in 0..(*repeat).max(1) {
                for d in &docs {
                    events += coder.extract(d).len();
                }
            }
            let secs = t.elapsed().as_secs_f64();
            let n = (*repeat).max(1) as f64;
            println!("documents: {}", docs.len());
            println!("bytes: {bytes}");
            println!("events per pass: {}", events / (*repeat).max(1));
            println!("seconds: {secs:.3}");
            println!("MB/s per core: {:.2}", bytes as f64 * n / secs / 1e6);
            println!("documents/s per core: {:.1}", docs.len() as f64 * n / secs);
        }
        Cmd::Lexicon { cmd } => match cmd {
            LexCmd::Stats => {
                let t = Instant::now();
                let lex = Lexicon::load(&cli.lexicon)?;
                for (k, v) in lex.stats() {
                    println!("{k}: {v}");
                }
                eprintln!("compiled in {} ms", t.elapsed().as_millis());
            }
            LexCmd::Check { dir } => {
                let lex = Lexicon::load_only(std::slice::from_ref(dir))?;
                let errors = lex.diagnostics.iter().filter(|d| d.is_error).count();
                for d in &lex.diagnostics {
                    println!("{d}");
                }
                println!("{} actors, {} triggers, {errors} errors", lex.actors.len(), lex.triggers.len());
                if errors > 0 {
                    std::process::exit(1);
                }
            }
            LexCmd::Lookup { phrase } => {
                let lex = Lexicon::load(&cli.lexicon)?;
                let hits = lex.find_actors(phrase);
                if hits.is_empty() {
                    println!("no actor in {phrase:?}");
                }
                for h in hits {
                    println!("{:?} [{}..{}]", &phrase[h.start..h.end], h.start, h.end);
                    for c in &h.candidates {
                        let a = lex.actor(c.entry);
                        println!(
                            "  {} kind={} code={} sector={} name={:?} via {:?} as {:?} ({})",
                            a.id,
                            a.kind.name(),
                            a.code.as_deref().unwrap_or("-"),
                            a.sector.as_deref().unwrap_or("-"),
                            a.name,
                            c.alias,
                            c.role,
                            a.origin
                        );
                    }
                }
                let trig = lex.find_triggers(phrase);
                for h in trig {
                    for &c in &h.candidates {
                        let t = &lex.triggers[c];
                        println!(
                            "trigger {:?}: {} {} ({})",
                            &phrase[h.start..h.end],
                            t.category,
                            t.mode.as_deref().unwrap_or("-"),
                            t.origin
                        );
                    }
                }
            }
        },
        Cmd::Geo { cmd } => match cmd {
            GeoCmd::Lookup { name, country } => geo::lookup(name, country)?,
        },
        Cmd::Ingest(args) if args.nats.to_nats.is_some() => sitrep_queue::publish_cmd(&args.nats, &args.paths)?,
        Cmd::Ingest(args) => store_cmd::ingest(args, coder_for_run(&cli)?)?,
        Cmd::Export(args) => store_cmd::export(args)?,
        Cmd::Incident(args) => store_cmd::incident(args)?,
        Cmd::Watch(args) => watch::run(args)?,
        Cmd::Serve(args) => sitrep_server::serve(args, || load_coder(&cli))?,
        Cmd::Worker(args) => sitrep_queue::worker_cmd(args, coder_for_run(&cli)?)?,
    }
    Ok(())
}

fn table_line(r: &sitrep_core::EventRecord) -> String {
    let names = |v: &[sitrep_core::Actor]| {
        v.iter()
            .map(|a| format!("{}({})", a.actor_text, a.code.as_deref().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let count = |c: &Option<sitrep_core::Count>| {
        c.as_ref()
            .map(|c| c.best.or(c.low).map(|v| v.to_string()).unwrap_or_else(|| "?".into()))
            .unwrap_or_default()
    };
    format!(
        "{:<10} {:<14} {:<10} src: {:<30} tgt: {:<30} at: {:<14} dead {:<4} inj {:<4} {}",
        r.event_type,
        r.mode.as_deref().unwrap_or("-"),
        r.date.as_deref().unwrap_or("-"),
        names(&r.source),
        names(&r.recipient),
        r.event_loc.as_ref().map(|l| l.name.as_str()).unwrap_or("-"),
        count(&r.dead),
        count(&r.injured),
        r.context.join(",")
    )
}
