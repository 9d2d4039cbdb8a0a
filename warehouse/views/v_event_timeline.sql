-- One row per distinct measure (authority, measure, status, set of targets), however many articles
-- report it: when it was first and last reported, the date the texts give, and who reported it.
WITH event_targets_sorted AS (
    SELECT
        ev.event_id,
        coalesce(list(DISTINCT coalesce(t.entity_id, t.target) ORDER BY coalesce(t.entity_id, t.target))
            FILTER (WHERE coalesce(t.entity_id, t.target) IS NOT NULL), []) AS target_ids,
        coalesce(list(DISTINCT coalesce(e.name, t.target) ORDER BY coalesce(e.name, t.target))
            FILTER (WHERE coalesce(e.name, t.target) IS NOT NULL), []) AS targets
    FROM sanction_events AS ev
    LEFT JOIN event_targets AS t USING (event_id)
    LEFT JOIN entities AS e ON e.entity_id = t.entity_id
    GROUP BY ev.event_id
)
SELECT
    coalesce(ev.authority_id, ev.authority) AS authority_id,
    coalesce(any_value(au.name), any_value(ev.authority)) AS authority,
    ev.measure,
    ev.status,
    k.target_ids,
    any_value(k.targets) AS targets,
    mode(ev.country) AS country,
    min(ev.event_date) AS event_date,
    min(coalesce(a.published_at, a.fetched_at))::DATE AS first_seen,
    max(coalesce(a.published_at, a.fetched_at))::DATE AS last_seen,
    count(DISTINCT ev.article_id) AS articles,
    list(DISTINCT a.source_id ORDER BY a.source_id) FILTER (WHERE a.source_id IS NOT NULL) AS sources,
    list(DISTINCT a.lang ORDER BY a.lang) FILTER (WHERE a.lang IS NOT NULL) AS languages
FROM sanction_events AS ev
JOIN articles AS a USING (article_id)
JOIN event_targets_sorted AS k USING (event_id)
LEFT JOIN entities AS au ON au.entity_id = ev.authority_id
WHERE a.status = 'ok'
GROUP BY coalesce(ev.authority_id, ev.authority), ev.measure, ev.status, k.target_ids
ORDER BY first_seen, authority_id, ev.measure, ev.status
