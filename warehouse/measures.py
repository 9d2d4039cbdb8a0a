"""What one distinct measure is, and the link of every sanction event to the measure it reports.

Two reports are the same measure when they have the same side (the root of the authority's chain: BIS,
Commerce → US government), measure and status, overlapping targets, and article dates within three weeks
of the measure's span. A report naming no target (a vague mention) joins the closest such measure
whatever its targets; a report naming targets never joins a measure without any, so its targets reach
the editors in a measure of their own.

`link_events` stores the grouping: a row of `measures` per distinct measure, a row of `measure_events`
per event. Alerts (`v_alerts`), the digest and the analysts' `v_event_timeline` all read it, so a watcher
and an analyst count the same measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb

from core.authorities import root_authority
from core.vocab import BACKGROUND
from warehouse.ids import short_hash
from warehouse.rows import insert_rows, utc_now

WINDOW = timedelta(days=21)  # a report joins a measure seen at most this long before or after it


@dataclass(frozen=True)
class Report:
    """One sanction event of a usable article, with its article's date, source and link."""

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
    seen_at: datetime  # the article's reported date: published, else fetched
    source: str | None
    lang: str | None
    url: str
    title: str | None
    target_ids: frozenset[str]  # KB ids, else casefolded surface text
    targets: tuple[str, ...]  # display names, sorted
    measure_id: str | None  # the measure it is linked to, None before `link_events`

    @property
    def news(self) -> bool:
        """Whether watchers are told of it (every status but background)."""
        return self.status != BACKGROUND


@dataclass
class Measure:
    """A distinct measure and the reports that describe it."""

    side: str
    measure: str
    status: str
    target_ids: set[str]
    first_seen: datetime
    last_seen: datetime
    reports: list[Report] = field(default_factory=list)  # the reports read with it
    key: str | None = None  # the measure id, once stored

    @classmethod
    def start(cls, report: Report, key: str | None = None) -> Measure:
        """A new measure first reported by `report`."""
        found = cls(report.side, report.measure, report.status, set(report.target_ids), report.seen_at, report.seen_at)
        found.reports.append(report)
        found.key = key
        return found

    def accepts(self, report: Report) -> bool:
        """Whether `report` describes this measure."""
        if (report.side, report.measure, report.status) != (self.side, self.measure, self.status):
            return False
        if report.target_ids and not self.target_ids & report.target_ids:
            return False  # a report naming targets joins only a measure on one of them
        return self.first_seen - WINDOW <= report.seen_at <= self.last_seen + WINDOW

    def add(self, report: Report) -> None:
        """Count `report` in: widen the targets and the date span."""
        self.reports.append(report)
        self.target_ids |= report.target_ids
        self.first_seen = min(self.first_seen, report.seen_at)
        self.last_seen = max(self.last_seen, report.seen_at)

    @property
    def first(self) -> Report:
        """The earliest report (ties: the first added)."""
        return min(self.reports, key=lambda report: report.seen_at)

    @property
    def event_date(self) -> date | None:
        """The earliest date the texts give for the measure."""
        return min((r.event_date for r in self.reports if r.event_date), default=None)

    @property
    def targets(self) -> list[str]:
        """Display names of every target, sorted."""
        return sorted({name for report in self.reports for name in report.targets})


def best_match(measures: Iterable[Measure], report: Report) -> Measure | None:
    """The measure `report` belongs to, the one seen closest in time when several accept it; else None."""
    accepting = [m for m in measures if m.accepts(report)]
    return min(accepting, key=lambda m: _distance(m, report), default=None)


def group_reports(reports: Iterable[Report]) -> list[Measure]:
    """Reports gathered into measures, in order of first report: linked ones by their measure id, the others
    joining the closest measure that accepts them or starting one (in memory only)."""
    ordered = sorted(reports, key=lambda r: (r.seen_at, r.article_id, r.event_id))
    linked: dict[str, Measure] = {}
    for report in ordered:
        if report.measure_id in linked:
            linked[report.measure_id].add(report)
        elif report.measure_id:
            linked[report.measure_id] = Measure.start(report, key=report.measure_id)
    measures = list(linked.values())
    for report in ordered:
        if report.measure_id:
            continue
        match = best_match(measures, report)
        if match is None:
            measures.append(Measure.start(report))
        else:
            match.add(report)
    return sorted(measures, key=lambda m: (m.first_seen, m.first.article_id, m.first.event_id))


_REPORTS_SQL = """
SELECT ev.event_id, ev.article_id, ev.authority_id, coalesce(au.name, ev.authority), ev.measure, ev.status,
       ev.country, ev.event_date, ev.evidence, a.reported_at, a.source_id, a.lang, a.url, a.title,
       list(DISTINCT coalesce(t.entity_id, lower(t.target)))
           FILTER (WHERE coalesce(t.entity_id, t.target) IS NOT NULL),
       list(DISTINCT coalesce(te.name, t.target)) FILTER (WHERE coalesce(te.name, t.target) IS NOT NULL),
       l.measure_id
FROM sanction_events AS ev
JOIN v_articles AS a USING (article_id)
LEFT JOIN measure_events AS l USING (event_id)
LEFT JOIN event_targets AS t USING (event_id)
LEFT JOIN entities AS te ON te.entity_id = t.entity_id
LEFT JOIN entities AS au ON au.entity_id = ev.authority_id
WHERE a.usable AND ev.status IS NOT NULL AND ev.measure IS NOT NULL AND a.reported_at IS NOT NULL
  AND a.reported_at < coalesce(?, TIMESTAMP '9999-12-31') {only}
GROUP BY ALL
ORDER BY a.reported_at, ev.article_id, ev.event_id
"""


def read_reports(con: duckdb.DuckDBPyConnection, before: datetime | None = None, news_only: bool = True,
                 unlinked_only: bool = False) -> list[Report]:
    """Events of usable articles dated before `before`, oldest first: the news only (not background),
    unless `news_only` is false; with `unlinked_only`, those not yet linked to a measure."""
    only = (" AND ev.status <> 'background'" if news_only else "") + (" AND l.measure_id IS NULL" if unlinked_only
                                                                      else "")
    parents = dict(con.execute("SELECT entity_id, parent_id FROM entities WHERE type = 'AUTHORITY'").fetchall())
    rows = con.execute(_REPORTS_SQL.format(only=only), [before]).fetchall()
    reports = []
    for (event, article, authority_id, authority, measure, status, country, day, evidence, seen_at, source, lang,
         url, title, target_ids, targets, measure_id) in rows:
        side = root_authority(authority_id, parents.get) if authority_id else (authority or "?").casefold()
        reports.append(Report(event, article, side, authority_id, authority, measure, status, country, day, evidence,
                              seen_at, source, lang, url, title, frozenset(target_ids or ()),
                              tuple(sorted(targets or ())), measure_id))
    return reports


_INSERT_MEASURE = """
INSERT INTO measures (measure_id, event_key, authority_id, authority, side, measure, status, country, target_ids,
                      targets, event_date, evidence, first_article_id, first_seen_at, last_seen_at, article_count,
                      sources, languages, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, [], [], NULL, ?, ?, ?, ?, 0, [], [], ?, ?)
"""

# Recount the touched measures from the events linked to them, as the analysts' timeline counts them.
_REFRESH = """
UPDATE measures SET
    target_ids = t.target_ids, targets = t.targets, event_date = t.event_date, first_seen_at = t.first_seen_at,
    last_seen_at = t.last_seen_at, article_count = t.articles, sources = t.sources, languages = t.languages,
    updated_at = ?
FROM v_event_timeline AS t
WHERE measures.measure_id = t.measure_id AND t.measure_id IN (SELECT unnest(?))
"""


def link_events(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Link each event not yet linked to the measure it reports, creating measures as needed, in the
    caller's transaction. Safe to re-run: linked events are never read again.

    Returns counts of news (not background) only: {"events" linked, "created" measures, "updated" stored
    measures that gained reports}.
    """
    reports = read_reports(con, news_only=False, unlinked_only=True)
    if not reports:
        return {"events": 0, "created": 0, "updated": 0}
    pool = stored_measures(con, min(r.seen_at for r in reports), max(r.seen_at for r in reports))
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
    for measure_id, measure in created.items():
        first = measure.first
        key = "|".join((measure.side, measure.measure, measure.status, ",".join(sorted(first.target_ids))))
        con.execute(_INSERT_MEASURE, [
            measure_id, key, first.authority_id or first.authority, first.authority, measure.side, measure.measure,
            measure.status, first.country, first.evidence, first.article_id, first.seen_at, first.seen_at, now, now])
    insert_rows(con, "measure_events", ("event_id", "measure_id"), links)
    touched = sorted({measure_id for _, measure_id in links})
    con.execute(_REFRESH, [now, touched])
    news = {measure_id for (event, measure_id), report in zip(links, reports, strict=True) if report.news}
    return {"events": sum(report.news for report in reports),
            "created": len(news & set(created)), "updated": len(news & stored)}


def stored_measures(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime) -> list[Measure]:
    """The measures of the warehouse that reports seen from `since` to `until` can join: those whose span
    reaches within `WINDOW` of those days (no other one accepts them, so a run reads what is near its news)."""
    rows = con.execute(
        "SELECT measure_id, side, measure, status, target_ids, first_seen_at, last_seen_at FROM measures "
        "WHERE last_seen_at >= ? AND first_seen_at <= ?", [since - WINDOW, until + WINDOW]).fetchall()
    return [
        Measure(side, measure, status, set(target_ids or ()), first_seen, last_seen, key=measure_id)
        for measure_id, side, measure, status, target_ids, first_seen, last_seen in rows
    ]


def _distance(measure: Measure, report: Report) -> timedelta:
    """How far the report's date lies outside the measure's date span (zero inside it)."""
    if report.seen_at < measure.first_seen:
        return measure.first_seen - report.seen_at
    return max(report.seen_at - measure.last_seen, timedelta(0))
