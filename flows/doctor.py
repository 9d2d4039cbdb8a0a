"""`chipwatch doctor`: check a configuration and a warehouse, and say what to do about each problem.

Each finding is one line: `ok`, `info` or `problem` (with the action to take). Exit code 0 when
healthy, 1 when a problem was found, 2 when an input is unusable (a `UserError` from its loader).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import UserError
from core.vocab import NOT_ARTICLES

REASONS_SHOWN = 5
# (table, key column, parent table, parent key): rows whose parent is gone
ORPHAN_CHECKS = (
    ("mentions", "article_id", "articles", "article_id"),
    ("relations", "article_id", "articles", "article_id"),
    ("sanction_events", "article_id", "articles", "article_id"),
    ("article_candidates", "article_id", "articles", "article_id"),
    ("event_targets", "event_id", "sanction_events", "event_id"),
    ("measure_events", "event_id", "sanction_events", "event_id"),
)


@dataclass(frozen=True)
class Finding:
    """One line of the report: `level` is ok, info or problem."""

    level: str
    text: str

    def __str__(self) -> str:
        return f"{self.level:8} {self.text}"


def diagnose(sources: str | None = None, db: str | None = None, alerts: str | None = None) -> list[Finding]:
    """The findings about a sources file, an alerts file and a warehouse (at least one must be given)."""
    if not (sources or db or alerts):
        raise UserError("nothing to check: give --sources, --db and/or --alerts")
    findings: list[Finding] = []
    configured = None
    if sources:
        from crawler.sources import load_sources

        configured = load_sources(sources)
        findings.append(Finding("ok", f"sources file {sources}: {len(configured.sources)} source(s)"))
    if alerts:
        from flows.alerting.config import load_alert_config

        loaded = load_alert_config(alerts)
        findings.append(Finding("ok", f"alerts file {alerts}: {len(loaded.channels)} channel(s)"))
    if db:
        names = [s.name for s in configured.sources] if configured else None
        findings += check_warehouse(db, names)
    return findings


def check_warehouse(db: str, configured: list[str] | None = None) -> list[Finding]:
    """Findings about the warehouse at `db`; `configured` are the source names of a sources file."""
    from warehouse.db import latest_version, open_warehouse, schema_version

    with open_warehouse(db, read_only=True, any_version=True) as con:
        version, latest = schema_version(con), latest_version()
        if version < latest:
            return [Finding("problem", f"warehouse {db} has schema version {version}, this chipwatch writes "
                            f"{latest}: run `chipwatch run` once to migrate it, then run doctor again")]
        findings = [Finding("ok", f"warehouse {db}: schema version {version}")]
        findings += _orphans(con)
        findings += _extraction(con)
        findings += _failures(con, configured)
    return findings


def _orphans(con: Any) -> list[Finding]:
    found = []
    for table, key, parent, parent_key in ORPHAN_CHECKS:
        count = con.execute(f"SELECT count(*) FROM {table} WHERE {key} NOT IN "
                            f"(SELECT {parent_key} FROM {parent})").fetchone()[0]
        if count:
            found.append(Finding("problem", f"{count} row(s) of {table} point to no row of {parent}: "
                                 f"delete them with DELETE FROM {table} WHERE {key} NOT IN "
                                 f"(SELECT {parent_key} FROM {parent})"))
    return found or [Finding("ok", "no orphan rows")]


def _extraction(con: Any) -> list[Finding]:
    pending, errors = con.execute(
        "SELECT count(*) FILTER (WHERE extracted_at IS NULL), count(*) FILTER (WHERE extract_error IS NOT NULL) "
        "FROM v_articles WHERE usable").fetchone()
    found = []
    if pending:
        found.append(Finding("problem", f"{pending} ok article(s) not yet extracted: run `chipwatch run` "
                             "(its extract stage picks them up)"))
    if errors:
        example = con.execute("SELECT extract_error FROM articles WHERE extract_error IS NOT NULL "
                              "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        found.append(Finding("problem", f"{errors} article(s) failed extraction (most often: {example}): "
                             "report it with an article id from "
                             "`chipwatch sql \"SELECT article_id, extract_error FROM articles "
                             "WHERE extract_error IS NOT NULL\"`"))
    return found or [Finding("ok", "every ok article is extracted")]


def _failures(con: Any, configured: list[str] | None) -> list[Finding]:
    found = []
    reasons = con.execute(
        "SELECT status, coalesce(error, '?'), count(*) AS n FROM articles WHERE status IN (SELECT unnest(?)) "
        "GROUP BY ALL ORDER BY n DESC, 2", [list(NOT_ARTICLES)]).fetchall()
    for status, reason, count in reasons[:REASONS_SHOWN]:
        found.append(Finding("info", f"{count} page(s) {status}: {reason}"))
    if len(reasons) > REASONS_SHOWN:
        found.append(Finding("info", f"{len(reasons) - REASONS_SHOWN} more failure reason(s): see "
                             "`chipwatch sql \"SELECT error, count(*) FROM articles GROUP BY ALL\"`"))
    dead = con.execute(
        "SELECT source_id, count(*), mode(coalesce(error, status)) FROM articles GROUP BY source_id "
        "HAVING count(*) FILTER (WHERE status IN ('ok', 'duplicate')) = 0 ORDER BY source_id").fetchall()
    for source, count, reason in dead:
        found.append(Finding("problem", f"source {source}: all {count} fetch(es) failed (most often: {reason}): "
                             "check its feeds, sitemaps and allowed_domains"))
    if configured is not None:
        seen = {row[0] for row in con.execute("SELECT DISTINCT source_id FROM articles").fetchall()}
        for name in configured:
            if name not in seen:
                found.append(Finding("info", f"source {name}: configured but nothing fetched yet"))
    return found
