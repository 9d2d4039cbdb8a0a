-- Fetch details and the NLP watermark on articles; KB links (chip -> vendor, authority -> parent) and
-- sync flags on entities.

ALTER TABLE articles ADD COLUMN encoding VARCHAR;
ALTER TABLE articles ADD COLUMN http_status INTEGER;
ALTER TABLE articles ADD COLUMN extracted_at TIMESTAMP;  -- NULL: not yet processed by the NLP stage
ALTER TABLE articles ADD COLUMN extract_error VARCHAR;   -- why the NLP stage could not process it

ALTER TABLE entities ADD COLUMN vendor_id VARCHAR;       -- for chips: the firm that designs them
ALTER TABLE entities ADD COLUMN parent_id VARCHAR;       -- for authorities: the body they belong to
ALTER TABLE entities ADD COLUMN country VARCHAR;
ALTER TABLE entities ADD COLUMN in_kb BOOLEAN DEFAULT TRUE;  -- FALSE: removed from the KB or never in it
ALTER TABLE entities ADD COLUMN synced_at TIMESTAMP;
