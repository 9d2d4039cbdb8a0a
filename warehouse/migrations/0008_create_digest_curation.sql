-- Editors' choices for one week's digest: items pinned to the top of their section, items left out, notes.
CREATE TABLE digest_curation (
    week       VARCHAR NOT NULL,            -- ISO week, 2025-W16
    item       VARCHAR NOT NULL,            -- measure:<measure id> or story:<article id of its first article>
    pinned     BOOLEAN NOT NULL DEFAULT false,
    excluded   BOOLEAN NOT NULL DEFAULT false,
    note       VARCHAR,                     -- shown under the item
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (week, item)
);
