-- Sources from the registry and every fetched page (usable articles, duplicates, failures).
-- Times are UTC timestamps without zone.

CREATE TABLE sources (
    source_id  VARCHAR PRIMARY KEY,  -- registry key, e.g. 'lemonde-tech'
    name       VARCHAR,              -- display title
    lang       VARCHAR,              -- declared language (ISO 639-1)
    homepage   VARCHAR,
    updated_at TIMESTAMP
);

CREATE TABLE articles (
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
    status        VARCHAR NOT NULL,     -- ok | duplicate | failed | no_article
    error         VARCHAR,
    extra         JSON,
    record_hash   VARCHAR,              -- fingerprint of the loaded record: unchanged reloads are skipped
    loaded_at     TIMESTAMP
);
