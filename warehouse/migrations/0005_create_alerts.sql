-- Alerts on new sanction events: one row per distinct measure (however many articles report it), the
-- events behind each, and every delivery attempt per channel (written before sending, completed after).

CREATE TABLE alerts (
    alert_id         VARCHAR PRIMARY KEY,  -- first 16 hex of sha256 of the first event's id
    event_key        VARCHAR NOT NULL,     -- side|measure|status|targets of the first event, readable
    authority_id     VARCHAR,              -- the first event's authority (id, else its surface text)
    authority        VARCHAR,              -- display name
    side             VARCHAR,              -- root of the authority's parent chain: BIS, Commerce -> US government
    measure          VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
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
    created_at       TIMESTAMP NOT NULL,   -- when chipwatch raised the alert
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE alert_events (
    event_id VARCHAR PRIMARY KEY,  -- an event belongs to one alert
    alert_id VARCHAR NOT NULL
);

CREATE TABLE alert_deliveries (
    alert_id     VARCHAR NOT NULL,
    channel      VARCHAR NOT NULL,    -- channel name from the alerts file, secrets masked
    attempt      INTEGER NOT NULL,    -- 1, 2, ... per alert and channel
    attempted_at TIMESTAMP NOT NULL,  -- written and committed before sending
    delivered_at TIMESTAMP,           -- set after the channel confirmed
    error        VARCHAR,             -- set after the channel failed (secrets masked)
    PRIMARY KEY (alert_id, channel, attempt)
);

CREATE INDEX alert_events_alert ON alert_events (alert_id);
