-- How far the crawl spool beside the warehouse has been loaded: a run loads only the lines after it.

CREATE TABLE spool_marks (
    spool       VARCHAR PRIMARY KEY,  -- the spool file's name
    byte_offset BIGINT NOT NULL,      -- end of the last complete line loaded
    line_number BIGINT NOT NULL,      -- complete lines up to there
    fingerprint VARCHAR NOT NULL,     -- sha256 of the bytes before the offset (their two ends): a rewrite shows
    loaded_at   TIMESTAMP NOT NULL
);
