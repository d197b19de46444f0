//! Ingest, merge and split on top of a [`Backend`]: one document is one
//! transaction, so a crash leaves either the whole document or none of it.

use crate::backend::Backend;
use crate::merge::{fit, joins_incidents, record_window, DateWindow, MergeRules, MAX_WINDOW_DAYS};
use crate::model::{content_hash, Filter, Incident, IngestOutcome, Member, MergeReason, StoreStats, StoredDocument};
use crate::reconcile::build_incident;
use anyhow::{bail, Context, Result};
use sitrep_core::{fnv64, Date, Document, EventRecord};
use sitrep_sources::dedup;
use std::collections::BTreeSet;

/// Documents, events and incidents in one database.
pub struct Store {
    backend: Box<dyn Backend>,
    rules: &'static MergeRules,
}

fn window_of(inc: &Incident) -> Option<DateWindow> {
    let (a, b) = inc.window.as_ref()?;
    Some(DateWindow {
        first: Date::parse(a)?,
        last: Date::parse(b)?,
    })
}

impl Store {
    pub fn new(backend: Box<dyn Backend>) -> Store {
        Store {
            backend,
            rules: MergeRules::builtin(),
        }
    }

    /// Whether ingesting this document would change nothing.
    pub fn is_stored(&mut self, doc: &Document) -> Result<Option<String>> {
        let hash = content_hash(&doc.text);
        if let Some((id, h)) = self.backend.document_by_id(&doc.id)? {
            return Ok((h == hash).then_some(id));
        }
        if let Some(url) = doc.url.as_deref().filter(|u| !u.trim().is_empty()) {
            if let Some((id, h)) = self.backend.document_by_url(url)? {
                return Ok((h == hash).then_some(id));
            }
        }
        self.backend.document_by_hash(&hash)
    }

    /// Stores a document and its event records (as the coder made them) and
    /// merges the records into incidents, all in one transaction.
    pub fn ingest(&mut self, doc: &Document, records: &[EventRecord]) -> Result<IngestOutcome> {
        self.backend.begin()?;
        match self.ingest_in_tx(doc, records) {
            Ok(out) => {
                if matches!(out, IngestOutcome::Unchanged { .. } | IngestOutcome::OlderVersion { .. }) {
                    self.backend.rollback()?;
                } else {
                    self.backend.commit().context("committing the document")?;
                }
                Ok(out)
            }
            Err(e) => {
                // the rollback's own failure would hide the cause
                let _ = self.backend.rollback();
                Err(e)
            }
        }
    }

    /// Stores several documents in one transaction, in order, each as
    /// [`Store::ingest`] would: one document's failure undoes that document
    /// alone (its own savepoint) and is returned in its place, and the rest
    /// are committed together. An error of the whole (the transaction could
    /// not begin or commit) means none of them was stored.
    pub fn ingest_batch(&mut self, items: &[(&Document, &[EventRecord])]) -> Result<Vec<Result<IngestOutcome>>> {
        self.backend.begin()?;
        let mut out = Vec::with_capacity(items.len());
        for (doc, records) in items {
            if let Err(e) = self.backend.savepoint() {
                let _ = self.backend.rollback();
                return Err(e);
            }
            let r = self.ingest_in_tx(doc, records);
            let ended = match &r {
                Ok(_) => self.backend.release_savepoint(),
                Err(_) => self.backend.rollback_to_savepoint(),
            };
            if let Err(e) = ended {
                let _ = self.backend.rollback();
                return Err(e);
            }
            out.push(r);
        }
        if let Err(e) = self.backend.commit() {
            let _ = self.backend.rollback();
            return Err(e.context("committing the documents"));
        }
        Ok(out)
    }

    fn ingest_in_tx(&mut self, doc: &Document, records: &[EventRecord]) -> Result<IngestOutcome> {
        let hash = content_hash(&doc.text);
        let url = doc.url.as_deref().filter(|u| !u.trim().is_empty());
        let id_key = format!("id:{}", doc.id);
        let url_key = url.map(|u| format!("url:{u}"));
        let mut previous = None;
        if let Some((id, h)) = self.backend.document_by_id(&doc.id)? {
            if h == hash {
                return Ok(IngestOutcome::Unchanged { existing_id: id });
            }
            if self.backend.seen_version(&id_key, &hash)? {
                return Ok(IngestOutcome::OlderVersion { existing_id: id });
            }
            previous = Some(id);
        } else if let Some((id, h)) = match url {
            Some(u) => self.backend.document_by_url(u)?,
            None => None,
        } {
            if h == hash {
                return Ok(IngestOutcome::Unchanged { existing_id: id });
            }
            if self.backend.seen_version(url_key.as_deref().unwrap_or(""), &hash)? {
                return Ok(IngestOutcome::OlderVersion { existing_id: id });
            }
            previous = Some(id);
        } else if let Some(id) = self.backend.document_by_hash(&hash)? {
            return Ok(IngestOutcome::Unchanged { existing_id: id });
        }
        self.backend.record_version(&id_key, &hash)?;
        if let Some(k) = &url_key {
            self.backend.record_version(k, &hash)?;
        }

        // a new version of a story: its old records leave their incidents
        let mut touched: BTreeSet<String> = BTreeSet::new();
        if let Some(prev) = &previous {
            touched.extend(self.backend.delete_document(prev)?);
        }
        let seq = self.backend.next_seq()?;
        let mut stored = StoredDocument::from_document(doc, seq);
        // a near-duplicate of a stored original is a copy; writers take
        // turns (SQLite's write lock, an advisory lock on PostgreSQL), so two
        // concurrent writers cannot both miss each other
        let signature = dedup::fingerprint(&doc.text);
        let keys: Vec<i64> = signature.band_keys().iter().map(|k| *k as i64).collect();
        let original = self.original_of(&signature, &keys)?;
        stored.copy_of = original.as_ref().map(|(id, _)| id.clone());
        self.backend.insert_document(&stored, &signature.to_bytes())?;
        if let Some(prev) = &previous {
            // the copies of the replaced text now repeat this one, or its original
            self.backend.repoint_copies(prev, stored.copy_of.as_deref().unwrap_or(&doc.id))?;
        }
        if let Some((original_id, similarity)) = original {
            // a copy adds no events: the incidents keep counting one report
            for id in &touched {
                let merges = self.backend.incident(id)?.map(|i| i.merges).unwrap_or_default();
                self.rebuild(id, &merges)?;
            }
            return Ok(IngestOutcome::Copy {
                original_id,
                similarity,
                previous_id: previous,
                incidents_updated: touched.len(),
            });
        }
        self.backend.insert_band_keys(&doc.id, &keys)?;
        let meta = stored.meta();

        let mut created: BTreeSet<String> = BTreeSet::new();
        let mut seen_ids: BTreeSet<String> = BTreeSet::new();
        for (ord, r) in records.iter().enumerate() {
            let mut r = r.clone();
            r.doc_id = doc.id.clone();
            // ids are unique within a document; a repeated one gets its order
            if !seen_ids.insert(r.id.clone()) {
                r.id = format!("{}-{ord}", r.id);
                seen_ids.insert(r.id.clone());
            }
            self.backend.insert_event(&r, ord)?;
            if !joins_incidents(&r) {
                continue;
            }
            let (inc_id, reason) = self.place_record(&r, meta.published)?;
            self.backend.set_event_incident(&r.id, Some(&inc_id))?;
            let existed = self.backend.incident(&inc_id)?;
            let mut merges = existed.as_ref().map(|i| i.merges.clone()).unwrap_or_default();
            if existed.is_none() {
                created.insert(inc_id.clone());
            }
            if let Some(reasons) = reason {
                merges.push(MergeReason {
                    event_id: r.id.clone(),
                    doc_id: doc.id.clone(),
                    reasons,
                });
            }
            self.rebuild(&inc_id, &merges)?;
            touched.insert(inc_id);
        }
        for id in &touched {
            if !created.contains(id) {
                let merges = self.backend.incident(id)?.map(|i| i.merges).unwrap_or_default();
                self.rebuild(id, &merges)?;
            }
        }
        let events = records.len();
        let incidents_new = created.len();
        let incidents_updated = touched.len() - created.len();
        Ok(match previous {
            Some(previous_id) => IngestOutcome::Replaced {
                previous_id,
                events,
                incidents_new,
                incidents_updated,
            },
            None => IngestOutcome::Stored {
                events,
                incidents_new,
                incidents_updated,
            },
        })
    }

    /// The stored original this text nearly repeats, with the estimated
    /// similarity: the most similar at or above the dedup threshold, the
    /// earliest stored on ties. Only originals sharing an LSH band key are read.
    fn original_of(&mut self, sig: &dedup::Signature, keys: &[i64]) -> Result<Option<(String, f64)>> {
        let mut best: Option<(f64, i64, String)> = None;
        for (id, seq, bytes) in self.backend.band_candidates(keys)? {
            let Some(other) = dedup::Signature::from_bytes(&bytes) else {
                continue;
            };
            let s = other.similarity(sig);
            if s >= dedup::THRESHOLD && best.as_ref().is_none_or(|b| s > b.0 || (s == b.0 && seq < b.1)) {
                best = Some((s, seq, id));
            }
        }
        Ok(best.map(|(s, _, id)| (id, s)))
    }

    /// The incident a record joins, with the reasons, or a new incident's id.
    fn place_record(&mut self, r: &EventRecord, published: Option<Date>) -> Result<(String, Option<Vec<String>>)> {
        if let Some(w) = record_window(r, published, self.rules) {
            let earliest = w.first.add_days(-MAX_WINDOW_DAYS).to_string();
            // places in two countries never merge: only this country's incidents and unplaced ones
            let cc3 = r.event_loc.as_ref().and_then(|l| l.cc3.as_deref());
            let cands = self
                .backend
                .candidate_incidents(&r.event_type, &w.first.to_string(), &w.last.to_string(), &earliest, cc3)?;
            let mut best: Option<(u32, String, Vec<String>)> = None;
            for c in cands {
                if let Ok((score, reasons)) = fit(r, published, &c.record, window_of(&c), self.rules) {
                    // the highest score wins; candidates come by id, so ties keep the smallest id
                    if best.as_ref().is_none_or(|b| score > b.0) {
                        best = Some((score, c.record.id.clone(), reasons));
                    }
                }
            }
            if let Some((_, id, reasons)) = best {
                return Ok((id, Some(reasons)));
            }
        }
        Ok((self.fresh_incident_id(&r.id, "")?, None))
    }

    fn fresh_incident_id(&mut self, founder: &str, salt: &str) -> Result<String> {
        let base = format!("inc-{:016x}", fnv64(format!("{founder}{salt}").as_bytes()));
        let mut id = base.clone();
        let mut n = 1;
        while self.backend.incident(&id)?.is_some() {
            n += 1;
            id = format!("{base}-{n}");
        }
        Ok(id)
    }

    /// Recomputes an incident from its members; an empty one is deleted.
    fn rebuild(&mut self, id: &str, merges: &[MergeReason]) -> Result<()> {
        let members = self.backend.members(id)?;
        if members.is_empty() {
            self.backend.delete_incident(id)?;
            return Ok(());
        }
        let inc = build_incident(id, &members, merges, self.rules);
        self.backend.upsert_incident(&inc)
    }

    /// An incident with its records and their reports.
    pub fn incident(&mut self, id: &str) -> Result<Option<(Incident, Vec<Member>)>> {
        let Some(inc) = self.backend.incident(id)? else {
            return Ok(None);
        };
        let members = self.backend.members(id)?;
        Ok(Some((inc, members)))
    }

    /// The documents stored as near-copies of an incident's reports (their
    /// events are not stored, and they count as no report), as (copy id,
    /// original id) in the order they were stored.
    pub fn incident_copies(&mut self, inc: &Incident) -> Result<Vec<(String, String)>> {
        let mut originals = inc.record.doc_ids.clone();
        originals.sort();
        originals.dedup();
        self.backend.copies_of(&originals)
    }

    /// Moves records (by event id, or every record of a document id) out of
    /// an incident into a new one; both are reconciled again. Returns the
    /// new incident's id.
    pub fn split(&mut self, id: &str, what: &[String]) -> Result<String> {
        self.backend.begin()?;
        let r = self.split_in_tx(id, what);
        match &r {
            Ok(_) => self.backend.commit()?,
            Err(_) => {
                let _ = self.backend.rollback();
            }
        }
        r
    }

    fn split_in_tx(&mut self, id: &str, what: &[String]) -> Result<String> {
        let Some(inc) = self.backend.incident(id)? else {
            bail!("no incident {id:?}");
        };
        let members = self.backend.members(id)?;
        let moving: Vec<&Member> = members
            .iter()
            .filter(|m| what.iter().any(|w| *w == m.record.id || *w == m.doc.id))
            .collect();
        for w in what {
            if !members.iter().any(|m| m.record.id == *w || m.doc.id == *w) {
                bail!("{w:?} is neither a record nor a report of incident {id}");
            }
        }
        if moving.len() == members.len() {
            bail!("splitting every record out of {id} would leave it empty");
        }
        let founder = moving.first().map(|m| m.record.id.clone()).unwrap_or_default();
        let new_id = self.fresh_incident_id(&founder, "/split")?;
        let moved: Vec<String> = moving.iter().map(|m| m.record.id.clone()).collect();
        for e in &moved {
            self.backend.set_event_incident(e, Some(&new_id))?;
        }
        let kept: Vec<MergeReason> = inc.merges.iter().filter(|m| !moved.contains(&m.event_id)).cloned().collect();
        self.rebuild(id, &kept)?;
        let note = vec![MergeReason {
            event_id: founder.clone(),
            doc_id: moving.first().map(|m| m.doc.id.clone()).unwrap_or_default(),
            reasons: vec![format!("split out of {id} by hand")],
        }];
        self.rebuild(&new_id, &note)?;
        Ok(new_id)
    }

    pub fn each_event(&mut self, f: &Filter, each: &mut dyn FnMut(EventRecord, Option<String>) -> Result<()>) -> Result<()> {
        self.backend.each_event(f, each)
    }

    pub fn each_incident(&mut self, f: &Filter, each: &mut dyn FnMut(Incident) -> Result<()>) -> Result<()> {
        self.backend.each_incident(f, each)
    }

    pub fn event_incident(&mut self, event_id: &str) -> Result<Option<String>> {
        self.backend.event_incident(event_id)
    }

    pub fn document(&mut self, id: &str) -> Result<Option<StoredDocument>> {
        self.backend.document(id)
    }

    pub fn stats(&mut self) -> Result<StoreStats> {
        self.backend.stats()
    }
}
