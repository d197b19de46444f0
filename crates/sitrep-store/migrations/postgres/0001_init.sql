-- Documents, event records and incidents.
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    seq          BIGINT NOT NULL UNIQUE,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    publisher    TEXT,
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_hash ON documents (content_hash);

CREATE TABLE incidents (
    id         TEXT PRIMARY KEY,
    category   TEXT NOT NULL,
    mode       TEXT,
    date       TEXT,
    date_first TEXT,
    date_last  TEXT,
    win_first  TEXT,
    win_last   TEXT,
    cc3        TEXT,
    geonameid  BIGINT,
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    dead_low   BIGINT,
    dead_best  BIGINT,
    dead_high  BIGINT,
    n_reports  BIGINT NOT NULL,
    record     TEXT NOT NULL
);
CREATE INDEX incidents_window ON incidents (category, win_first, win_last);
CREATE INDEX incidents_cc3 ON incidents (cc3);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord             BIGINT NOT NULL,
    incident_id     TEXT,
    category        TEXT NOT NULL,
    mode            TEXT,
    date            TEXT,
    date_first      TEXT,
    date_last       TEXT,
    cc3             TEXT,
    geonameid       BIGINT,
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    dead_best       BIGINT,
    source_codes    TEXT NOT NULL,
    recipient_codes TEXT NOT NULL,
    record          TEXT NOT NULL
);
CREATE INDEX events_doc ON events (doc_id, ord);
CREATE INDEX events_incident ON events (incident_id);
CREATE INDEX events_category_date ON events (category, date_last);
CREATE INDEX events_cc3 ON events (cc3);
