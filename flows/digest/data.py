"""Gather the weekly digest from the warehouse: new measures, top stories, trends, counts, chart series."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from flows.alerting.message import Link
from flows.digest.curation import Choice, apply_choices, read_choices
from flows.digest.stories import Story, StoryArticle, group_stories
from flows.digest.week import IsoWeek, last_complete_week, parse_week
from warehouse.measures import group_reports, read_reports

if TYPE_CHECKING:
    import duckdb

BASELINE_WEEKS = 4  # trends compare the week with the average of this many weeks before it
CHART_WEEKS = 8
CHART_PER_TYPE = 3  # chips and firms drawn
TOP_STORIES = 5
TOP_TRENDS = 10
MIN_TREND_MENTIONS = 2


@dataclass(frozen=True)
class EventItem:
    """A sanction measure first reported during the week, with every article reporting it so far."""

    key: str  # measure:<measure id> (the first report's event id before alerts link it)
    authority: str | None
    measure: str
    status: str
    targets: list[str]
    event_date: date | None
    first_seen: date
    links: list[Link]


@dataclass(frozen=True)
class Trend:
    """A chip or firm named more this week than in the weeks before."""

    entity_id: str
    name: str
    type: str
    mentions: int
    baseline: float  # average mentions per week over the previous BASELINE_WEEKS weeks


@dataclass(frozen=True)
class Digest:
    """Everything the weekly digest shows, before rendering."""

    week: IsoWeek
    events: list[EventItem] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    trending: list[Trend] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)
    chart_weeks: list[str] = field(default_factory=list)
    chart_series: dict[str, list[int]] = field(default_factory=dict)  # entity name -> mentions per chart week
    choices: dict[str, Choice] = field(default_factory=dict)  # the editors' pins, exclusions and notes

    def item_keys(self) -> set[str]:
        """The keys of the week's measures and stories, which editors curate."""
        return {event.key for event in self.events} | {story.key for story in self.stories}

    def choice(self, key: str) -> Choice:
        """The editors' choice for one item (none: a default `Choice`)."""
        return self.choices.get(key, Choice())

    @property
    def empty(self) -> bool:
        """Whether the week has nothing to tell: no new measure and no article."""
        return not self.events and not self.stories


def build_digest(con: duckdb.DuckDBPyConnection, week: str | IsoWeek | None = None, curated: bool = True) -> Digest:
    """The digest of `week` (`2025-W16`; default: the last complete ISO week, UTC), with the editors' choices
    applied (`flows.digest.curation`); with `curated` false, every measure and story of the week as found."""
    if week is None:
        week = last_complete_week(datetime.now(UTC).date())
    elif isinstance(week, str):
        week = parse_week(week)
    start, end = week.bounds()
    source_names = dict(con.execute("SELECT source_id, name FROM sources WHERE name IS NOT NULL").fetchall())
    names = dict(con.execute("SELECT entity_id, name FROM entities WHERE name IS NOT NULL").fetchall())
    measures = group_reports(read_reports(con, before=end))
    events, measure_of = [], {}
    for index, measure in enumerate(measures):
        for report in measure.reports:
            if start <= report.seen_at < end:
                measure_of.setdefault(report.article_id, set()).add(index)
        if start <= measure.first_seen < end:
            first = measure.first
            links = {
                r.url: Link(r.url, r.title, source_names.get(r.source, r.source), r.lang, r.seen_at.date())
                for r in sorted(measure.reports, key=lambda r: (r.seen_at, r.url))
            }
            events.append(
                EventItem(f"measure:{measure.key or first.event_id}", first.authority, measure.measure,
                          measure.status, measure.targets, measure.event_date, measure.first_seen.date(),
                          list(links.values()))
            )
    articles = [
        StoryArticle(key, url, title, source_names.get(source, source), lang, seen_at, frozenset(entity_ids),
                     frozenset(measure_of.get(key, ())))
        for key, url, title, source, lang, seen_at, entity_ids in con.execute(
            "SELECT a.article_id, a.url, a.title, a.source_id, a.lang, a.reported_at, "
            "coalesce(list(DISTINCT m.entity_id) FILTER (WHERE m.entity_id IS NOT NULL), []) "
            "FROM v_articles AS a LEFT JOIN mentions AS m USING (article_id) "
            "WHERE a.usable AND a.reported_at >= ? AND a.reported_at < ? GROUP BY ALL",
            [start, end],
        ).fetchall()
    ]
    languages: dict[str, int] = {}
    sources: dict[str, int] = {}
    for article in articles:
        languages[article.lang or "?"] = languages.get(article.lang or "?", 0) + 1
        sources[article.source or "?"] = sources.get(article.source or "?", 0) + 1
    chart_weeks, chart_series = _chart_series(con, week)
    digest = Digest(
        week=week,
        events=events,
        stories=group_stories(articles, names),
        trending=_trending(con, week),
        languages=sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])),
        sources=sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])),
        chart_weeks=chart_weeks,
        chart_series=chart_series,
    )
    return apply_choices(digest, read_choices(con, week.label), TOP_STORIES) if curated else digest


def _trending(con: duckdb.DuckDBPyConnection, week: IsoWeek) -> list[Trend]:
    """Chips and firms with at least MIN_TREND_MENTIONS mentions, above their baseline, biggest rise first."""
    rows = con.execute(
        "SELECT entity_id, any_value(coalesce(entity, entity_id)), any_value(type), "
        "sum(mentions) FILTER (WHERE week_start = ?), coalesce(sum(mentions) FILTER (WHERE week_start < ?), 0) "
        "FROM v_weekly_mentions WHERE type IN ('CHIP', 'FIRM') AND week_start BETWEEN ? AND ? "
        "GROUP BY entity_id",
        [week.start, week.start, week.shift(-BASELINE_WEEKS).start, week.start],
    ).fetchall()
    trends = [
        Trend(entity_id, name, kind, int(now), before / BASELINE_WEEKS)
        for entity_id, name, kind, now, before in rows
        if now and now >= MIN_TREND_MENTIONS and now > before / BASELINE_WEEKS
    ]
    trends.sort(key=lambda t: (-(t.mentions - t.baseline), -t.mentions, t.name))
    return trends[:TOP_TRENDS]


def _chart_series(con: duckdb.DuckDBPyConnection, week: IsoWeek) -> tuple[list[str], dict[str, list[int]]]:
    """Weekly mentions over CHART_WEEKS weeks of the most mentioned chips and firms of that span."""
    weeks = [week.shift(offset - CHART_WEEKS + 1) for offset in range(CHART_WEEKS)]
    rows = con.execute(
        "SELECT entity_id, coalesce(entity, entity_id), type, week_start, mentions FROM v_weekly_mentions "
        "WHERE type IN ('CHIP', 'FIRM') AND week_start BETWEEN ? AND ?",
        [weeks[0].start, week.start],
    ).fetchall()
    totals: dict[tuple[str, str, str], dict[date, int]] = {}
    for entity_id, name, kind, week_start, mentions in rows:
        totals.setdefault((entity_id, name, kind), {})[week_start] = mentions
    series = {}
    for kind in ("CHIP", "FIRM"):
        ranked = sorted((key for key in totals if key[2] == kind), key=lambda key: (-sum(totals[key].values()), key[1]))
        for key in ranked[:CHART_PER_TYPE]:
            series[key[1]] = [totals[key].get(w.start, 0) for w in weeks]
    return [w.label for w in weeks], series
