-- Firm and chip pairs mentioned in the same article; `is_vendor` marks a chip's own vendor.
WITH pairs AS (
    SELECT DISTINCT f.article_id, f.entity_id AS firm_id, c.entity_id AS chip_id
    FROM mentions AS f
    JOIN mentions AS c ON c.article_id = f.article_id
    JOIN entities AS fe ON fe.entity_id = f.entity_id AND upper(fe.type) = 'FIRM'
    JOIN entities AS ce ON ce.entity_id = c.entity_id AND upper(ce.type) = 'CHIP'
)
SELECT
    p.firm_id,
    fe.name AS firm,
    p.chip_id,
    ce.name AS chip,
    coalesce(ce.vendor_id = p.firm_id, FALSE) AS is_vendor,
    count(*) AS articles,
    min(a.reported_at)::DATE AS first_seen,
    max(a.reported_at)::DATE AS last_seen
FROM pairs AS p
JOIN v_articles AS a USING (article_id)
JOIN entities AS fe ON fe.entity_id = p.firm_id
JOIN entities AS ce ON ce.entity_id = p.chip_id
WHERE a.usable
GROUP BY ALL
ORDER BY articles DESC, firm, chip
