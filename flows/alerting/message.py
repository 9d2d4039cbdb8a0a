"""What an alert says: read one alert and its source articles, and render it as text or a JSON record."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

    from flows.alerting.channels import Outgoing
    from flows.alerting.searches import SavedSearch
    from warehouse.search_query import Hit


@dataclass(frozen=True)
class Link:
    """One article reporting the measure."""

    url: str
    title: str | None
    source: str | None
    lang: str | None
    published: date | None


@dataclass(frozen=True)
class AlertMessage:
    """Everything a channel shows about one alert."""

    alert_id: str
    authority: str | None
    measure: str
    status: str
    targets: list[str]
    target_ids: list[str]
    event_date: date | None
    first_seen: datetime
    evidence: str | None
    article_count: int
    links: list[Link]

    @property
    def title(self) -> str:
        """One line: who, what, status, on whom."""
        targets = ", ".join(self.targets) or "unnamed targets"
        return f"Sanction alert: {self.authority or 'unknown authority'} {self.measure} ({self.status}) on {targets}"

    def text(self) -> str:
        """The plain-text body: the facts, the evidence sentence and every source link."""
        when = self.event_date.isoformat() if self.event_date else "no date stated"
        lines = [
            f"Authority: {self.authority or 'unknown'}",
            f"Measure: {self.measure}",
            f"Status: {self.status}",
            f"Targets: {', '.join(self.targets) or 'unnamed'}",
            f"Date: {when} (first reported {self.first_seen.date().isoformat()})",
            f"Evidence: {self.evidence or '-'}",
            f"Sources ({self.article_count} article{'' if self.article_count == 1 else 's'}):",
        ]
        for link in self.links:
            label = " ".join(part for part in (link.source, f"[{link.lang}]" if link.lang else None) if part)
            lines.append(f"- {label}: {link.title or link.url} <{link.url}>")
        return "\n".join(lines)

    def record(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        data = {"type": "alert", **asdict(self)}
        data["title"] = self.title
        data["event_date"] = self.event_date.isoformat() if self.event_date else None
        data["first_seen"] = self.first_seen.isoformat()
        for link in data["links"]:
            link["published"] = link["published"].isoformat() if link["published"] else None
        return data


def read_message(con: duckdb.DuckDBPyConnection, alert_id: str) -> AlertMessage:
    """The message of a stored alert."""
    row = con.execute(
        "SELECT alert_id, authority, measure, status, targets, target_ids, event_date, first_seen_at, evidence, "
        "article_count FROM v_alerts WHERE alert_id = ?",
        [alert_id],
    ).fetchone()
    links = con.execute(
        "SELECT DISTINCT a.url, a.title, a.source_id, a.lang, a.reported_at::DATE AS day "
        "FROM measure_events AS l JOIN sanction_events AS ev USING (event_id) JOIN v_articles AS a USING (article_id) "
        "WHERE l.measure_id = ? AND a.usable ORDER BY day, a.url",
        [alert_id],
    ).fetchall()
    alert_id, authority, measure, status, targets, target_ids, event_date, first_seen, evidence, count = row
    return AlertMessage(
        alert_id, authority, measure, status, list(targets or ()), list(target_ids or ()), event_date, first_seen,
        evidence, count, [Link(*link) for link in links],
    )


def search_message(saved: SavedSearch, hit: Hit) -> Outgoing:
    """The message of one new article matching a saved search: its title, link, entities and snippet."""
    from flows.alerting.channels import Outgoing

    lines = [
        f"Saved search: {saved.name} ({saved.query})",
        f"Article: {hit.title}",
        f"Source: {hit.source} [{hit.lang}], {hit.published.isoformat()}",
        f"Link: {hit.url}",
        f"Entities: {', '.join(hit.entities) or '-'}",
        f"Snippet: {hit.snippet}",
    ]
    record = {"type": "search", "search": saved.name, "query": saved.query, "article_id": hit.article_id,
              "title": hit.title, "url": hit.url, "source": hit.source, "lang": hit.lang,
              "published": hit.published.isoformat(), "entities": hit.entities, "snippet": hit.snippet}
    return Outgoing(f"Search alert ({saved.name}): {hit.title}", "\n".join(lines), record)
