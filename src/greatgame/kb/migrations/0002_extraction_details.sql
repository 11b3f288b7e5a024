-- Schema version 2: what the extraction layer records beyond version 1.

-- Events: the trigger's span, and the cluster that merges reports of one
-- real-world event across documents (same type, parties and date).
ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
ALTER TABLE events ADD COLUMN cluster TEXT;

-- Quotes: the sentence that carries the quote.
ALTER TABLE quotes ADD COLUMN sent_start INTEGER;
ALTER TABLE quotes ADD COLUMN sent_end INTEGER;

-- Figures: the sentence, and the other figure giving the same amount in another unit.
ALTER TABLE quantities ADD COLUMN sent_start INTEGER;
ALTER TABLE quantities ADD COLUMN sent_end INTEGER;
ALTER TABLE quantities ADD COLUMN paired_with INTEGER;

-- Date expressions, resolved against the publication date where possible.
CREATE TABLE dates (
    doc_id    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    part      TEXT,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT NOT NULL,
    value     TEXT,
    precision TEXT,
    value_end TEXT,
    relative  BOOLEAN,
    kind      TEXT,
    PRIMARY KEY (doc_id, seq)
);

-- Reader comments' stance toward the actors they name.
CREATE TABLE comment_stances (
    doc_id  TEXT NOT NULL,
    comment INTEGER NOT NULL,
    entity  TEXT NOT NULL,
    stance  TEXT NOT NULL,
    score   DOUBLE,
    PRIMARY KEY (doc_id, comment, entity)
);
