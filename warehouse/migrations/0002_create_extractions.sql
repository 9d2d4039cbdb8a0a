-- The curated knowledge base and what the NLP stage found in each article.

CREATE TABLE entities (
    entity_id   VARCHAR PRIMARY KEY,  -- KB id, e.g. 'chip:nvidia-h20'
    type        VARCHAR,
    name        VARCHAR,
    wikidata_id VARCHAR
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL,
    surface    VARCHAR,
    start_char INTEGER,
    end_char   INTEGER
);

CREATE TABLE relations (
    article_id VARCHAR NOT NULL,
    subject_id VARCHAR,
    predicate  VARCHAR,
    object_id  VARCHAR,
    subject    VARCHAR,  -- surface text of the subject
    object     VARCHAR,  -- surface text of the object
    evidence   VARCHAR
);

CREATE TABLE sanction_events (
    event_id       VARCHAR PRIMARY KEY,  -- first 16 hex of sha256(article_id:position)
    article_id     VARCHAR NOT NULL,
    authority_id   VARCHAR,
    authority      VARCHAR,              -- surface text of the authority
    measure        VARCHAR,
    status         VARCHAR,
    country        VARCHAR,
    event_date     DATE,                 -- first day of the month when only the month is known
    date_precision VARCHAR,              -- day | month | NULL when no date
    evidence       VARCHAR
);

CREATE TABLE event_targets (
    event_id  VARCHAR NOT NULL,
    entity_id VARCHAR,  -- NULL when the target is not in the KB
    target    VARCHAR   -- surface text of the target
);

CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX relations_article ON relations (article_id);
CREATE INDEX sanction_events_article ON sanction_events (article_id);
CREATE INDEX event_targets_event ON event_targets (event_id);
