-- Schema version 3: which version of the extractor produced a document's records,
-- so that re-ingesting unchanged content after an extractor upgrade re-extracts it.
ALTER TABLE documents ADD COLUMN extractor TEXT;
