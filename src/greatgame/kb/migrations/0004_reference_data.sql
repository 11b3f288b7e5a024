-- Schema version 4: public reference datasets (trade, arms transfers, UN votes, IGO
-- membership, Chinese finance and public diplomacy, indicators, boundaries) and the
-- calibration facts. Written by greatgame.data importers, one dataset at a time:
-- each import replaces every row of its dataset in one transaction.
-- Country codes are ISO 3166-1 alpha-3 (plus WLD, EUU and historical codes such as
-- SUN, YUG, CSK, DDR, YMD); NULL where a name is not a state (rebel groups, IGOs).
-- source_row: the 1-based number of the data record in the source file (header excluded).

CREATE TABLE datasets (
    id          TEXT PRIMARY KEY,   -- registry id, e.g. 'imf-dots-c5'
    name        TEXT,
    publisher   TEXT,
    url         TEXT,               -- where the file was downloaded from
    licence     TEXT,
    citation    TEXT,
    layout      TEXT,               -- the file layout the importer expects
    path        TEXT,               -- the file imported
    sha256      TEXT,               -- of the file's bytes
    rows        INTEGER,            -- data records read from the file
    imported_at TIMESTAMP DEFAULT current_timestamp,
    collection  TEXT,               -- the folder / PROVENANCE.md the file belongs to
    encoding    TEXT,               -- the encoding the file was read with
    tables      JSON                -- rows written per table, e.g. {"trade": 26876}
);

-- IMF DOTS; flow is the reporter's: 'exports' (FOB) or 'imports' (CIF).
CREATE TABLE trade (
    dataset       TEXT,
    source_row    INTEGER,
    reporter      TEXT,
    partner       TEXT,
    flow          TEXT,
    year          INTEGER,
    value_usd_mn  DOUBLE,
    estimated     BOOLEAN,
    reporter_name TEXT,
    partner_name  TEXT
);

-- indicator: gdp_usd, population, remittances_pct_gdp, rus_gdp_growth_pct, rub_depreciation_pct
CREATE TABLE indicators (
    dataset    TEXT,
    source_row INTEGER,
    country    TEXT,
    year       INTEGER,
    indicator  TEXT,
    value      DOUBLE
);

CREATE TABLE arms_deals (
    dataset          TEXT,
    source_row       INTEGER,
    recipient        TEXT,
    supplier         TEXT,
    year_order       INTEGER,
    number_ordered   INTEGER,
    weapon           TEXT,
    description      TEXT,
    number_delivered INTEGER,
    delivery_years   TEXT,     -- as SIPRI writes it: '2010; 2012'
    status           TEXT,
    comments         TEXT,
    tiv_unit         DOUBLE,   -- SIPRI trend-indicator values, millions (a volume index, not USD)
    tiv_order        DOUBLE,
    tiv_delivered    DOUBLE,
    recipient_name   TEXT,
    supplier_name    TEXT,
    uncertain                  BOOLEAN,   -- any of the three '?' flags below
    year_order_uncertain       BOOLEAN,
    number_ordered_uncertain   BOOLEAN,
    number_delivered_uncertain BOOLEAN
);

-- One row per deal and delivery year: the deal's delivered TIV split equally over its delivery years.
CREATE TABLE arms_deliveries (
    dataset    TEXT,
    source_row INTEGER,            -- the deal's source_row in arms_deals
    recipient  TEXT,
    supplier   TEXT,
    year       INTEGER,
    tiv        DOUBLE
);

-- UNGA ideal points and agreement shares; year = 1945 + session (the year the session opened).
CREATE TABLE unga (
    dataset      TEXT,
    source_row   INTEGER,
    country      TEXT,
    session      INTEGER,
    year         INTEGER,
    n_votes      INTEGER,
    ideal_point  DOUBLE,
    agree_usa    DOUBLE,
    agree_rus    DOUBLE,
    agree_chn    DOUBLE,
    agree_ind    DOUBLE,
    agree_bra    DOUBLE,
    agree_isr    DOUBLE,
    ccode        INTEGER,          -- Correlates of War country code
    country_name TEXT
);

-- COW IGO, long format; status: 1 full, 2 associate, 3 observer, 0 none, -9 missing, -1 not a state then.
CREATE TABLE igo_membership (
    dataset    TEXT,
    source_row INTEGER,
    io         TEXT,
    orgname    TEXT,
    year       INTEGER,
    country    TEXT,
    status     INTEGER,
    ionum      INTEGER
);

CREATE TABLE aid_projects (
    dataset        TEXT,
    source_row     INTEGER,
    project_id     TEXT,
    year           INTEGER,
    donor          TEXT,
    recipient      TEXT,
    recipient_name TEXT,
    title          TEXT,
    category       TEXT,
    flow_class     TEXT,
    intent         TEXT,
    status         TEXT,
    recommended    BOOLEAN,
    amount         DOUBLE,         -- in currency
    currency       TEXT,
    usd_current    DOUBLE,
    usd_defl       DOUBLE,         -- constant USD (2014 in GCOF v1.0)
    flow           TEXT,
    sector         TEXT,           -- CRS sector name
    year_uncertain BOOLEAN
);

CREATE TABLE public_diplomacy (
    dataset        TEXT,
    source_row     INTEGER,
    recipient      TEXT,
    year           INTEGER,
    indicator      TEXT,
    value          DOUBLE,
    recipient_name TEXT
);

CREATE TABLE boundaries (
    dataset    TEXT,
    iso3       TEXT,
    name       TEXT,
    resolution TEXT,               -- '50m', '110m'; 'region-50m' for the Central Asia extract
    geometry   JSON,               -- GeoJSON geometry (Polygon or MultiPolygon, lon/lat WGS84)
    iso_n3     TEXT,
    source_row INTEGER             -- 1-based index of the (first) geometry in the file
);

CREATE TABLE adjacency (
    dataset    TEXT,
    source_row INTEGER,
    a          TEXT,
    b          TEXT,
    a_name     TEXT,
    b_name     TEXT
);

CREATE TABLE claims (
    dataset        TEXT,
    source_row     INTEGER,
    subject        TEXT,
    partner        TEXT,
    measure        TEXT,
    period         TEXT,
    period_start   TEXT,           -- ISO date, first day of the period
    period_end     TEXT,           -- ISO date, last day of the period
    value          DOUBLE,
    unit           TEXT,
    value_usd      DOUBLE,         -- for 'USD bn' / 'USD mn' units
    source         TEXT,
    note           TEXT,
    low_confidence BOOLEAN
);
