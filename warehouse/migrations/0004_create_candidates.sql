-- Firms the KB does not know yet: per-article counts, and their running total per name and language.

CREATE TABLE article_candidates (
    article_id VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    lang       VARCHAR,
    mentions   INTEGER
);

CREATE TABLE entity_candidates (
    name       VARCHAR NOT NULL,
    lang       VARCHAR NOT NULL,
    first_seen TIMESTAMP,
    mentions   INTEGER,
    articles   INTEGER,
    PRIMARY KEY (name, lang)
);

CREATE INDEX article_candidates_article ON article_candidates (article_id);
