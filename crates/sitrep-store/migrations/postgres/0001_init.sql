-- Documents, event records and incidents. Keys and dates compare as bytes
-- (COLLATE "C"), as in SQLite, so both backends order and merge alike.
CREATE TABLE documents (
    id           TEXT COLLATE "C" PRIMARY KEY,
    seq          BIGINT NOT NULL UNIQUE,
    url          TEXT COLLATE "C",
    title        TEXT,
    published    TEXT COLLATE "C",
    publisher    TEXT,
    content_hash TEXT COLLATE "C" NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_hash ON documents (content_hash);

CREATE TABLE incidents (
    id         TEXT COLLATE "C" PRIMARY KEY,
    category   TEXT COLLATE "C" NOT NULL,
    mode       TEXT COLLATE "C",
    date       TEXT COLLATE "C",
    date_first TEXT COLLATE "C",
    date_last  TEXT COLLATE "C",
    win_first  TEXT COLLATE "C",
    win_last   TEXT COLLATE "C",
    cc3        TEXT COLLATE "C",
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
    id              TEXT COLLATE "C" PRIMARY KEY,
    doc_id          TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord             BIGINT NOT NULL,
    incident_id     TEXT COLLATE "C",
    category        TEXT COLLATE "C" NOT NULL,
    mode            TEXT COLLATE "C",
    date            TEXT COLLATE "C",
    date_first      TEXT COLLATE "C",
    date_last       TEXT COLLATE "C",
    cc3             TEXT COLLATE "C",
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
