-- Mentions of each entity per ISO week of the article's date (published, else fetched); `ok` articles only.
WITH dated AS (
    SELECT m.entity_id, m.article_id, a.reported_at::DATE AS day
    FROM mentions AS m
    JOIN v_articles AS a USING (article_id)
    WHERE a.usable
)
SELECT
    d.entity_id,
    e.name AS entity,
    e.type,
    printf('%d-W%02d', isoyear(d.day), week(d.day)) AS iso_week,
    date_trunc('week', d.day)::DATE AS week_start,
    count(*) AS mentions,
    count(DISTINCT d.article_id) AS articles
FROM dated AS d
LEFT JOIN entities AS e USING (entity_id)
WHERE d.day IS NOT NULL
GROUP BY ALL
ORDER BY week_start, mentions DESC, d.entity_id
