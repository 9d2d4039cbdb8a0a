-- The vocabularies of core/vocab.py checked where they are stored, and one table of distinct measures of
-- every status in place of `alerts` (watchers are alerted on those that are not background: `v_alerts`).
-- DuckDB adds no CHECK constraint to an existing table, so each table is rebuilt: copy, drop, rename.

CREATE TABLE articles_checked (
    article_id    VARCHAR PRIMARY KEY,  -- first 16 hex of sha256(canonical_url or url)
    url           VARCHAR NOT NULL,
    canonical_url VARCHAR,
    source_id     VARCHAR,
    lang          VARCHAR,              -- detected language
    declared_lang VARCHAR,              -- the source's language
    title         VARCHAR,
    author        VARCHAR,
    published_at  TIMESTAMP,
    fetched_at    TIMESTAMP,
    text          VARCHAR,
    content_hash  VARCHAR,              -- first 16 hex of sha256(text)
    html_hash     VARCHAR,
    duplicate_of  VARCHAR,              -- url of the first copy when status = 'duplicate'
    status        VARCHAR NOT NULL CHECK (status IN ('ok', 'duplicate', 'no_article', 'blocked', 'failed')),
    error         VARCHAR,
    extra         JSON,
    record_hash   VARCHAR,              -- fingerprint of the loaded record: unchanged reloads are skipped
    loaded_at     TIMESTAMP,
    encoding      VARCHAR,
    http_status   INTEGER,
    extracted_at  TIMESTAMP,            -- NULL: not yet processed by the NLP stage
    extract_error VARCHAR               -- why the NLP stage could not process it
);
INSERT INTO articles_checked BY NAME SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE articles_checked RENAME TO articles;

CREATE TABLE sanction_events_checked (
    event_id       VARCHAR PRIMARY KEY,  -- first 16 hex of sha256(article_id:position)
    article_id     VARCHAR NOT NULL,
    authority_id   VARCHAR,
    authority      VARCHAR,              -- surface text of the authority
    measure        VARCHAR CHECK (measure IN ('export_ban', 'export_license', 'entity_list', 'tariff',
                                              'investigation', 'import_ban', 'other')),
    status         VARCHAR CHECK (status IN ('announced', 'proposed', 'lifted', 'background')),
    country        VARCHAR,              -- the country the measure is aimed at
    event_date     DATE,                 -- first day of the month when only the month is known
    date_precision VARCHAR CHECK (date_precision IN ('day', 'month')),
    evidence       VARCHAR
);
INSERT INTO sanction_events_checked BY NAME SELECT * FROM sanction_events;
DROP INDEX sanction_events_article;
DROP TABLE sanction_events;
ALTER TABLE sanction_events_checked RENAME TO sanction_events;
CREATE INDEX sanction_events_article ON sanction_events (article_id);

CREATE TABLE measures (
    measure_id       VARCHAR PRIMARY KEY,  -- first 16 hex of sha256 of the first event's id
    event_key        VARCHAR NOT NULL,     -- side|measure|status|targets of the first event, readable
    authority_id     VARCHAR,              -- the first event's authority (id, else its surface text)
    authority        VARCHAR,              -- display name
    side             VARCHAR,              -- root of the authority's parent chain: BIS, Commerce -> US government
    measure          VARCHAR NOT NULL CHECK (measure IN ('export_ban', 'export_license', 'entity_list', 'tariff',
                                                         'investigation', 'import_ban', 'other')),
    status           VARCHAR NOT NULL CHECK (status IN ('announced', 'proposed', 'lifted', 'background')),
    country          VARCHAR,
    target_ids       VARCHAR[],            -- KB ids, else casefolded surface text; grows as articles add targets
    targets          VARCHAR[],            -- display names
    event_date       DATE,                 -- earliest date the texts give for the measure
    evidence         VARCHAR,              -- sentence of the first event
    first_article_id VARCHAR NOT NULL,
    first_seen_at    TIMESTAMP NOT NULL,   -- article date (published, else fetched) of the first report
    last_seen_at     TIMESTAMP NOT NULL,   -- article date of the latest report
    article_count    INTEGER NOT NULL,
    sources          VARCHAR[],
    languages        VARCHAR[],
    created_at       TIMESTAMP NOT NULL,   -- when chipwatch first linked an event to it
    updated_at       TIMESTAMP NOT NULL
);
INSERT INTO measures BY NAME SELECT alert_id AS measure_id, * EXCLUDE (alert_id) FROM alerts;

CREATE TABLE measure_events (
    event_id   VARCHAR PRIMARY KEY,  -- an event belongs to one measure
    measure_id VARCHAR NOT NULL
);
INSERT INTO measure_events SELECT event_id, alert_id FROM alert_events;
DROP INDEX alert_events_alert;
DROP TABLE alert_events;
DROP TABLE alerts;
CREATE INDEX measure_events_measure ON measure_events (measure_id);
