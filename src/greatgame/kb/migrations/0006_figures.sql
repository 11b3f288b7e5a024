-- One name per concept: a number with its unit, what it measures and whom it concerns is a "figure"
-- everywhere (the record type Figure, the `figures` command, /api/figures); the table follows.
ALTER TABLE quantities RENAME TO figures;
