-- Every stored page with the two rules the other views and queries share: the date it reports for
-- (`reported_at`: published, else fetched) and whether it is a usable article (`usable`: status 'ok').
SELECT
    *,
    coalesce(published_at, fetched_at) AS reported_at,
    status = 'ok' AS usable
FROM articles
