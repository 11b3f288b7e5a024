-- greatgame knowledge base, schema version 1.
-- Offsets (start, "end", cited_at, sent_*) are character offsets into documents.text.

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    hash        TEXT NOT NULL,
    source      TEXT,
    format      TEXT,
    title       TEXT,
    published   TEXT,
    url         TEXT,
    author      TEXT,
    meta        JSON,
    text        TEXT NOT NULL,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);

-- A part (body, title, notes, furniture, comments) is a list of segments of the text.
CREATE TABLE parts (
    doc_id  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    joiner  TEXT,            -- text that joins this segment to the previous one
    PRIMARY KEY (doc_id, kind, seq)
);

CREATE TABLE citations (
    doc_id    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    number    INTEGER,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT,
    cited_at  INTEGER,
    outlet    TEXT,
    title     TEXT,
    authors   JSON,
    url       TEXT,
    date      TEXT,
    date_text TEXT,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE comments (
    doc_id       TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    author       TEXT,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    author_start INTEGER,
    author_end   INTEGER,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,       -- state | igo | org | person | project
    name    TEXT NOT NULL,
    aliases JSON,
    attrs   JSON,
    source  TEXT,                -- where the fact comes from (ontology entries)
    origin  TEXT NOT NULL        -- ontology | text
);

CREATE TABLE mentions (
    doc_id     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    part       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    entity_id  TEXT,
    label      TEXT,
    method     TEXT,             -- how it was linked
    sent_start INTEGER,
    sent_end   INTEGER,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE roles (
    doc_id    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    role      TEXT NOT NULL,
    org_id    TEXT,
    org_text  TEXT,
    part      TEXT,
    start     INTEGER,
    "end"     INTEGER,
    PRIMARY KEY (doc_id, seq)
);

-- Filled by the extraction layer: each row points to its evidence span.
CREATE TABLE events (
    doc_id         TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    type           TEXT NOT NULL,
    mode           TEXT,
    contexts       JSON,
    actors         JSON,
    recipients     JSON,
    people         JSON,
    date           TEXT,
    date_precision TEXT,
    date_kind      TEXT,
    place          TEXT,
    negated        BOOLEAN DEFAULT false,
    hypothetical   BOOLEAN DEFAULT false,
    planned        BOOLEAN DEFAULT false,
    claim          BOOLEAN DEFAULT false,
    score          DOUBLE,
    trigger        TEXT,
    part           TEXT,
    start          INTEGER,
    "end"          INTEGER,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE quotes (
    doc_id       TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    speaker_id   TEXT,
    speaker_text TEXT,
    speaker_role TEXT,
    speaker_org  TEXT,
    text         TEXT NOT NULL,
    direct       BOOLEAN,
    part         TEXT,
    start        INTEGER,
    "end"        INTEGER,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE quantities (
    doc_id    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    value     DOUBLE,
    value_max DOUBLE,
    unit      TEXT,
    measure   TEXT,
    subjects  JSON,
    date      TEXT,
    qualifier TEXT,
    text      TEXT,
    part      TEXT,
    start     INTEGER,
    "end"     INTEGER,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT
);
