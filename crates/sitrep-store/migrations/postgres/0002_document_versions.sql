-- Every text a document id or url has had: a replayed older version of a
-- story is recognised and changes nothing.
CREATE TABLE document_versions (
    doc_key      TEXT COLLATE "C" NOT NULL,
    content_hash TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_key, content_hash)
);
