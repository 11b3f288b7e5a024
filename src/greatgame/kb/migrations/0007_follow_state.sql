-- What `greatgame follow` remembers between polls: per feed, the validators of its last answer (for conditional
-- requests) and how the last poll went; per feed entry, whether it was ingested, and into which document.
CREATE TABLE follow_feeds (
    url            TEXT PRIMARY KEY,   -- the feed's URL, as given to `greatgame follow`
    title          TEXT,
    etag           TEXT,               -- ETag of the last 200 answer, sent back as If-None-Match
    last_modified  TEXT,               -- Last-Modified of the last 200 answer, sent back as If-Modified-Since
    polls          INTEGER NOT NULL DEFAULT 0,
    last_polled    TIMESTAMP,
    last_status    TEXT                -- 'ok', 'not modified' or the one-line error of the last poll
);

CREATE TABLE follow_items (
    feed        TEXT NOT NULL,         -- follow_feeds.url
    item        TEXT NOT NULL,         -- the entry's id (guid), else its link
    link        TEXT,
    doc_id      TEXT,                  -- the document it was stored as (documents.id)
    status      TEXT NOT NULL,         -- 'ingested', 'retry' (a transient failure: tried again next poll), 'failed'
    tries       INTEGER NOT NULL DEFAULT 1,
    error       TEXT,
    first_seen  TIMESTAMP DEFAULT current_timestamp,
    last_tried  TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (feed, item)
);
