-- Schema version 5: the Central Asian states' own trade statistics, transcribed trade figures,
-- World Bank IDS debt stocks and Factbook partner shares (greatgame.data.national).
-- Existing rows keep their meaning: every column added to trade is nullable and stays NULL for the
-- IMF DOTS rows.

-- trade rows are still from the reporter's side, in millions of current US dollars; flow may now
-- also be 'total' (turnover = exports + imports, as published).
ALTER TABLE trade ADD COLUMN basis TEXT;          -- 'reported' (the reporter's own statistics), 'transcribed'
                                                  -- (typed from a press/official page), 'aggregated' (summed by
                                                  -- greatgame from the dataset's rows: EU-27, a world total)
ALTER TABLE trade ADD COLUMN qualifier TEXT;      -- 'exact', 'more than', 'about' ...; for 'aggregated' rows: which sum
ALTER TABLE trade ADD COLUMN source_url TEXT;     -- the page a transcribed figure was read from
ALTER TABLE trade ADD COLUMN conflict BOOLEAN;    -- the dataset has several figures for this reporter, partner,
                                                  -- flow and year (never sum them)
ALTER TABLE trade ADD COLUMN source_agency TEXT;  -- who a transcribed figure is attributed to

-- Transcribed figures that are not annual US-dollar values of all goods with one partner (part-year,
-- EUR, one commodity, a group of states as partner): context only, never to be read as annual trade.
CREATE TABLE trade_context (
    dataset       TEXT,
    source_row    INTEGER,
    reporter      TEXT,
    partner       TEXT,            -- ISO3, WLD, or a group code (C5)
    flow          TEXT,            -- 'exports', 'imports', 'total' (the reporter's)
    year          INTEGER,
    period        TEXT,            -- 'full year', 'Jan-Jun', an Iranian year ...
    scope         TEXT,            -- 'all goods' or what the figure covers
    value_mn      DOUBLE,          -- millions of currency
    currency      TEXT,            -- 'USD', 'EUR' (not converted)
    qualifier     TEXT,
    reason        TEXT,            -- why the row is not in trade
    source_url    TEXT,
    source_agency TEXT,
    reporter_name TEXT,
    partner_name  TEXT
);

-- External debt stocks (World Bank IDS), end of year, current US dollars (not millions).
CREATE TABLE debt (
    dataset        TEXT,
    source_row     INTEGER,
    debtor         TEXT,           -- ISO3
    creditor       TEXT,           -- ISO3, or 'ALL' for all creditors
    indicator      TEXT,           -- IDS code, e.g. DT.DOD.BLAT.CD (PPG bilateral)
    year           INTEGER,
    value_usd      DOUBLE,
    debtor_name    TEXT,
    creditor_name  TEXT,
    indicator_name TEXT
);

-- A partner's share of a target's goods exports or imports, in percent (no values).
CREATE TABLE partner_shares (
    dataset        TEXT,
    source_row     INTEGER,
    target         TEXT,           -- ISO3
    flow           TEXT,           -- 'exports' | 'imports' (the target's)
    year           INTEGER,        -- the reference year of the share
    partner        TEXT,           -- ISO3 (NULL if the name is unknown; the name in partner_name)
    share_pct      DOUBLE,
    basis          TEXT,           -- 'mirror' (partner-reported data), 'reported' (the target's own)
    vintage        TEXT,           -- date of the publication copy the share was read from
    vintage_commit TEXT,
    partner_name   TEXT
);
