"""The alerts held back as too old when they were raised (`fresh_days`): recorded, listed, never sent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flows.alerting.config import AlertConfig
from flows.alerting.delivery import watch_keys

if TYPE_CHECKING:
    import duckdb

BACKLOG_COLUMNS = ("alert_id", "first_seen", "raised", "measure", "status", "authority", "targets", "articles", "url")


def held_back_alerts(con: duckdb.DuckDBPyConnection, config: AlertConfig) -> list[tuple[Any, ...]]:
    """Rows (`BACKLOG_COLUMNS`) of the alerts the watch list allows but `config.fresh_days` holds back,
    oldest first report first; `url` is the first report's."""
    keys = watch_keys(con)
    rows = con.execute(
        "SELECT al.alert_id, al.first_seen_at, al.created_at, al.measure, al.status, al.authority, "
        "       array_to_string(al.targets, ', '), al.article_count, a.url "
        "FROM v_alerts AS al LEFT JOIN articles AS a ON a.article_id = al.first_article_id "
        "ORDER BY al.first_seen_at, al.alert_id"
    ).fetchall()
    return [
        (alert_id, first_seen.date(), raised.date(), measure, *rest)
        for alert_id, first_seen, raised, measure, *rest in rows
        if config.watch.allows(measure, keys.get(alert_id, set())) and config.held_back(first_seen, raised)
    ]
