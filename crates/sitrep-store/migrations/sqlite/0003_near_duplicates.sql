-- Near-duplicate stories (syndicated copies of one wire story with small
-- edits). Every document stored from now on keeps its MinHash signature
-- (sitrep_sources::dedup, 128 slots as 1,024 bytes); a document that nearly
-- repeats a stored one names it in copy_of and adds no events. An original
-- is findable by its 32 LSH band keys, one row each in document_bands, so
-- a lookup reads the rows of 32 keys and never scans the documents.
ALTER TABLE documents ADD COLUMN copy_of TEXT;
ALTER TABLE documents ADD COLUMN signature BLOB;
CREATE INDEX documents_copy_of ON documents (copy_of);
CREATE TABLE document_bands (
    band_key INTEGER NOT NULL,
    doc_id   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, doc_id)
);
CREATE INDEX document_bands_doc ON document_bands (doc_id);
