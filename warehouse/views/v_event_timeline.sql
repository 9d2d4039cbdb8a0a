-- One row per distinct measure (warehouse/measures.py: same side, measure and status, overlapping targets,
-- articles within three weeks), however many articles report it: when it was first and last reported, the
-- date the texts give, and who reported it. Usable articles only; `measures` keeps these figures too.
SELECT
    m.measure_id,
    m.side,
    m.authority_id,
    m.authority,
    m.measure,
    m.status,
    coalesce(list(DISTINCT coalesce(t.entity_id, lower(t.target)) ORDER BY coalesce(t.entity_id, lower(t.target)))
        FILTER (WHERE coalesce(t.entity_id, t.target) IS NOT NULL), []) AS target_ids,
    coalesce(list(DISTINCT coalesce(te.name, t.target) ORDER BY coalesce(te.name, t.target))
        FILTER (WHERE coalesce(te.name, t.target) IS NOT NULL), []) AS targets,
    mode(ev.country) AS country,
    min(ev.event_date) AS event_date,
    min(a.reported_at) AS first_seen_at,
    max(a.reported_at) AS last_seen_at,
    min(a.reported_at)::DATE AS first_seen,
    max(a.reported_at)::DATE AS last_seen,
    count(DISTINCT ev.article_id) AS articles,
    coalesce(list(DISTINCT a.source_id ORDER BY a.source_id) FILTER (WHERE a.source_id IS NOT NULL), []) AS sources,
    coalesce(list(DISTINCT a.lang ORDER BY a.lang) FILTER (WHERE a.lang IS NOT NULL), []) AS languages
FROM measure_events AS l
JOIN measures AS m USING (measure_id)
JOIN sanction_events AS ev USING (event_id)
JOIN v_articles AS a USING (article_id)
LEFT JOIN event_targets AS t USING (event_id)
LEFT JOIN entities AS te ON te.entity_id = t.entity_id
WHERE a.usable
GROUP BY m.measure_id, m.side, m.authority_id, m.authority, m.measure, m.status
ORDER BY first_seen_at, m.measure_id
