-- Every KB chip with its vendor and the latest sanction event that targets it (NULLs when none).
-- "Latest" orders by the event's own date, else (except for background events) the article's date.
WITH chip_events AS (
    SELECT
        t.entity_id AS chip_id,
        ev.*,
        a.reported_at AS reported_at,
        coalesce(
            ev.event_date,
            CASE WHEN ev.status <> 'background' THEN a.reported_at::DATE END
        ) AS effective_date
    FROM event_targets AS t
    JOIN sanction_events AS ev USING (event_id)
    JOIN v_articles AS a USING (article_id)
    WHERE t.entity_id IS NOT NULL AND a.usable
),
ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY chip_id ORDER BY effective_date DESC NULLS LAST, reported_at DESC NULLS LAST, event_id
        ) AS rank,
        count(*) OVER (PARTITION BY chip_id) AS events
    FROM chip_events
)
SELECT
    c.vendor_id,
    v.name AS vendor,
    c.entity_id AS chip_id,
    c.name AS chip,
    r.status AS latest_status,
    r.measure AS latest_measure,
    r.authority_id,
    coalesce(au.name, r.authority) AS authority,
    r.country,
    r.effective_date AS status_date,
    r.article_id,
    coalesce(r.events, 0) AS events,
    c.in_kb
FROM entities AS c
LEFT JOIN entities AS v ON v.entity_id = c.vendor_id
LEFT JOIN ranked AS r ON r.chip_id = c.entity_id AND r.rank = 1
LEFT JOIN entities AS au ON au.entity_id = r.authority_id
WHERE upper(c.type) = 'CHIP'
ORDER BY vendor NULLS LAST, chip
