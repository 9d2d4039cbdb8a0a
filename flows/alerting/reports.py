"""Read sanction events from the warehouse as `Report`s: one event with its article's date, source and link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

_MAX_PARENT_DEPTH = 10  # guards against a cycle in entities.parent_id


@dataclass(frozen=True)
class Report:
    """One non-background sanction event of a usable article."""

    event_id: str
    article_id: str
    side: str  # root of the authority's parent chain (id), else the casefolded surface text
    authority_id: str | None
    authority: str | None  # KB name, else the surface text
    measure: str
    status: str
    country: str | None
    event_date: date | None
    evidence: str | None
    seen_at: datetime  # the article's date: published, else fetched
    source: str | None
    lang: str | None
    url: str
    title: str | None
    target_ids: frozenset[str]  # KB ids, else casefolded surface text
    targets: tuple[str, ...]  # display names, sorted


_REPORTS_SQL = """
SELECT ev.event_id, ev.article_id, ev.authority_id, coalesce(au.name, ev.authority), ev.measure, ev.status,
       ev.country, ev.event_date, ev.evidence, coalesce(a.published_at, a.fetched_at), a.source_id, a.lang,
       a.url, a.title,
       list(DISTINCT coalesce(t.entity_id, lower(t.target)))
           FILTER (WHERE coalesce(t.entity_id, t.target) IS NOT NULL),
       list(DISTINCT coalesce(te.name, t.target)) FILTER (WHERE coalesce(te.name, t.target) IS NOT NULL)
FROM sanction_events AS ev
JOIN articles AS a USING (article_id)
LEFT JOIN event_targets AS t USING (event_id)
LEFT JOIN entities AS te ON te.entity_id = t.entity_id
LEFT JOIN entities AS au ON au.entity_id = ev.authority_id
WHERE a.status = 'ok' AND ev.status IS NOT NULL AND ev.status <> 'background' AND ev.measure IS NOT NULL
  AND coalesce(a.published_at, a.fetched_at) IS NOT NULL
  AND coalesce(a.published_at, a.fetched_at) < coalesce(?, TIMESTAMP '9999-12-31')
  {skip}
GROUP BY ALL
ORDER BY coalesce(a.published_at, a.fetched_at), ev.article_id, ev.event_id
"""


def read_reports(
    con: duckdb.DuckDBPyConnection, before: datetime | None = None, skip_alerted: bool = False
) -> list[Report]:
    """Non-background events of `ok` articles dated before `before`, oldest first.

    With `skip_alerted`, events already linked to an alert are left out.
    """
    sides = authority_sides(con)
    skip = "AND ev.event_id NOT IN (SELECT event_id FROM alert_events)" if skip_alerted else ""
    rows = con.execute(_REPORTS_SQL.format(skip=skip), [before]).fetchall()
    reports = []
    for (event, article, authority_id, authority, measure, status, country, day, evidence, seen_at, source, lang,
         url, title, target_ids, targets) in rows:
        reports.append(
            Report(
                event_id=event,
                article_id=article,
                side=sides.get(authority_id, authority_id) if authority_id else (authority or "?").casefold(),
                authority_id=authority_id,
                authority=authority,
                measure=measure,
                status=status,
                country=country,
                event_date=day,
                evidence=evidence,
                seen_at=seen_at,
                source=source,
                lang=lang,
                url=url,
                title=title,
                target_ids=frozenset(target_ids or ()),
                targets=tuple(sorted(targets or ())),
            )
        )
    return reports


def authority_sides(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each authority id -> the root of its `parent_id` chain (BIS -> Commerce -> US government)."""
    parents = dict(con.execute("SELECT entity_id, parent_id FROM entities WHERE type = 'AUTHORITY'").fetchall())
    sides = {}
    for entity_id in parents:
        root = entity_id
        for _ in range(_MAX_PARENT_DEPTH):
            parent = parents.get(root)
            if not parent or parent == root:
                break
            root = parent
        sides[entity_id] = root
    return sides
