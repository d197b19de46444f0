//! The coder: from a news document to PLOVER event records.
//!
//! The stages are files named after them: [`text`] (tokens, sentences),
//! [`numbers`], [`times`], [`entities`] (actors and places), [`events`]
//! (triggers, arguments, counts, modality, place, date), [`merge`]
//! (coreference within the document) and [`record`] (the output).
//!
//! ```
//! use sitrep_extract::Coder;
//! let coder = Coder::new(sitrep_lexicon::Lexicon::load(&[]).unwrap(), None);
//! let doc = sitrep_core::Document::from_json_line(
//!     r#"{"id":"d1","published":"2024-03-02","text":"Police arrested 12 protesters in Lahore on Friday."}"#).unwrap();
//! let events = coder.extract(&doc);
//! assert_eq!(events[0].event_type, "COERCE");
//! assert_eq!(events[0].arrested.as_ref().unwrap().best, Some(12));
//! ```

// Readable rule conditions ("not (a and not b)") read better as written.
#![allow(clippy::nonminimal_bool, clippy::while_let_loop)]

pub mod annotate;
pub mod entities;
pub mod events;
pub mod merge;
pub mod numbers;
pub mod record;
pub mod text;
pub mod times;

pub use entities::Geo;

use sitrep_core::{Document, EventRecord};
use sitrep_lexicon::Lexicon;

/// The compiled coder: a lexicon and, when present, a gazetteer.
pub struct Coder {
    pub lex: Lexicon,
    pub geo: Option<Box<dyn Geo>>,
}

/// Every layer the coder builds for one document.
pub struct Analysis {
    pub toks: Vec<text::Token>,
    pub sents: Vec<text::Sentence>,
    pub ents: entities::Entities,
    pub times: Vec<times::Timex>,
    pub numbers: Vec<numbers::NumberExpr>,
    pub records: Vec<EventRecord>,
    /// For each record, the trigger spans (start, end) of its mentions.
    pub triggers: Vec<Vec<(usize, usize)>>,
}

impl Coder {
    pub fn new(lex: Lexicon, geo: Option<Box<dyn Geo>>) -> Coder {
        Coder { lex, geo }
    }

    /// The event records of a document.
    pub fn extract(&self, doc: &Document) -> Vec<EventRecord> {
        self.analyse(doc).records
    }

    /// Like [`Coder::extract`], but a fault inside the coder on one document
    /// comes back as an error naming the document instead of ending the run.
    pub fn try_extract(&self, doc: &Document) -> Result<Vec<EventRecord>, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.extract(doc))).map_err(|e| {
            let why = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown fault".to_string());
            format!("document {}: internal coder error: {why}", doc.id)
        })
    }

    /// All layers of a document, records included.
    pub fn analyse(&self, doc: &Document) -> Analysis {
        let text = doc.text.as_str();
        let published = doc.published_date();
        let mut toks = text::tokenize(text);
        let sents = text::split_sentences(text, &mut toks);
        // cue words once: the entity layer reads its regions, the events all
        let search = sitrep_lexicon::SearchText::new(text);
        let cue_spans = self.lex.find_cues_in(&search);
        let actor_hits = self.lex.find_actors_in(&search);
        let ents = entities::find_entities(
            text,
            &toks,
            &sents,
            &self.lex,
            self.geo.as_deref(),
            published,
            &cue_spans,
            actor_hits,
        );
        let mut times = Vec::new();
        let mut numbers = Vec::new();
        for s in &sents {
            times.extend(times::find_times(text, &toks, s.tok_start, s.tok_end, published));
            numbers.extend(numbers::find_numbers(text, &toks, s.tok_start, s.tok_end));
        }
        times::anchor_relative_days(&mut times, &toks, published);
        let cues = cue_spans
            .into_iter()
            .filter_map(|(s, e, roles)| {
                let ts = toks.partition_point(|t| t.start < s);
                let te = toks.partition_point(|t| t.start < e);
                (ts < te).then_some((ts, te, roles))
            })
            .collect();
        let mut cx = events::DocCtx {
            text,
            toks: &toks,
            sents: &sents,
            ents: &ents,
            times: &times,
            cues,
            published,
            lex: &self.lex,
            trigger_hits: self.lex.find_triggers_in(&search),
            lower: String::new(),
            mention_at_start: Vec::new(),
            mention_at_end: Vec::new(),
        };
        cx.index();
        let (records, triggers) = record::build(&cx, doc, self.geo.as_deref());
        Analysis {
            toks,
            sents,
            ents,
            times,
            numbers,
            records,
            triggers,
        }
    }
}
