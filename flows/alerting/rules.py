"""Turn new sanction events into alerts: one alert per distinct measure, updated as more articles report it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.alerting.grouping import Measure, best_match
from flows.alerting.reports import read_reports

if TYPE_CHECKING:
    import duckdb

_INSERT_ALERT = """
INSERT INTO alerts (alert_id, event_key, authority_id, authority, side, measure, status, country, target_ids,
                    targets, event_date, evidence, first_article_id, first_seen_at, last_seen_at, article_count,
                    sources, languages, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, [], [], NULL, ?, ?, ?, ?, 0, [], [], ?, ?)
"""

# Recount the touched alerts from the events linked to them: the linked events are the truth.
_REFRESH = """
UPDATE alerts SET
    target_ids = s.target_ids, targets = s.targets, event_date = s.event_date, first_seen_at = s.first_seen,
    last_seen_at = s.last_seen, article_count = s.articles, sources = s.sources, languages = s.languages,
    updated_at = ?
FROM (
    SELECT l.alert_id,
           coalesce(list(DISTINCT coalesce(t.entity_id, lower(t.target))
                         ORDER BY coalesce(t.entity_id, lower(t.target)))
               FILTER (WHERE coalesce(t.entity_id, t.target) IS NOT NULL), []) AS target_ids,
           coalesce(list(DISTINCT coalesce(te.name, t.target) ORDER BY coalesce(te.name, t.target))
               FILTER (WHERE coalesce(te.name, t.target) IS NOT NULL), []) AS targets,
           min(ev.event_date) AS event_date,
           min(coalesce(a.published_at, a.fetched_at)) AS first_seen,
           max(coalesce(a.published_at, a.fetched_at)) AS last_seen,
           count(DISTINCT ev.article_id) AS articles,
           coalesce(list(DISTINCT a.source_id ORDER BY a.source_id) FILTER (WHERE a.source_id IS NOT NULL), [])
               AS sources,
           coalesce(list(DISTINCT a.lang ORDER BY a.lang) FILTER (WHERE a.lang IS NOT NULL), []) AS languages
    FROM alert_events AS l
    JOIN sanction_events AS ev USING (event_id)
    JOIN articles AS a USING (article_id)
    LEFT JOIN event_targets AS t USING (event_id)
    LEFT JOIN entities AS te ON te.entity_id = t.entity_id
    WHERE l.alert_id IN (SELECT unnest(?))
    GROUP BY l.alert_id
) AS s
WHERE alerts.alert_id = s.alert_id
"""


def raise_alerts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create or update alerts from the events not yet linked to one, in one transaction.

    A non-background event joins an alert of the same side (root authority), measure and status with
    overlapping targets (or none named) first or last reported within 21 days of its article's date; else it raises
    a new alert. Safe to re-run: linked events are never read again. Returns {"events", "created", "updated"}.
    """
    from warehouse.rows import transaction

    with transaction(con):
        return link_new_events(con)


def link_new_events(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """`raise_alerts` inside the caller's transaction (a dry run rolls it back)."""
    from warehouse.ids import short_hash
    from warehouse.rows import insert_rows, utc_now

    reports = read_reports(con, skip_alerted=True)
    pool = _stored_measures(con)
    stored = {measure.key for measure in pool}
    created: dict[str, Measure] = {}
    links = []
    for report in reports:
        match = best_match(pool, report)
        if match is None:
            match = Measure.start(report, key=short_hash(report.event_id))
            pool.append(match)
            created[match.key] = match
        else:
            match.add(report)
        links.append((report.event_id, match.key))
    now = utc_now()
    for alert_id, measure in created.items():
        first = measure.first
        key = "|".join((measure.side, measure.measure, measure.status, ",".join(sorted(first.target_ids))))
        con.execute(
            _INSERT_ALERT,
            [
                alert_id, key, first.authority_id or first.authority, first.authority, measure.side, measure.measure,
                measure.status, first.country, first.evidence, first.article_id, first.seen_at, first.seen_at, now,
                now,
            ],
        )
    insert_rows(con, "alert_events", ("event_id", "alert_id"), links)
    touched = sorted({alert_id for _, alert_id in links})
    con.execute(_REFRESH, [now, touched])
    return {"events": len(reports), "created": len(created), "updated": len(set(touched) & stored)}


def _stored_measures(con: duckdb.DuckDBPyConnection) -> list[Measure]:
    """Existing alerts as measures new reports can join."""
    rows = con.execute(
        "SELECT alert_id, side, measure, status, target_ids, first_seen_at, last_seen_at FROM alerts"
    ).fetchall()
    return [
        Measure(side, measure, status, set(target_ids or ()), first_seen, last_seen, key=alert_id)
        for alert_id, side, measure, status, target_ids, first_seen, last_seen in rows
    ]
