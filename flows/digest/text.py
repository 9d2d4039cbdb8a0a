"""Phrases both renderings share: headings, event summaries, trend changes, all from the labels file."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flows.alerting.message import Link
from flows.digest.data import Digest, EventItem, Trend


def week_line(digest: Digest, words: dict[str, Any]) -> str:
    """`Week 2025-W16, 2025-04-14 to 2025-04-20`."""
    last = digest.week.end - timedelta(days=1)
    return words["week"].format(week=digest.week.label, start=digest.week.start.isoformat(), last=last.isoformat())


def event_summary(event: EventItem, words: dict[str, Any]) -> tuple[str, str, str]:
    """(authority, "measure, status", targets) of an event in the interface language."""
    measure = words["measures"].get(event.measure, event.measure)
    status = words["statuses"].get(event.status, event.status)
    return event.authority or "?", f"{measure}, {status}", ", ".join(event.targets) or words["no_targets"]


def event_details(event: EventItem, words: dict[str, Any]) -> str:
    """`first seen 2025-04-14 · date stated 2025-04-11 · 3 article(s)`."""
    parts = [words["first_seen"].format(day=event.first_seen.isoformat())]
    if event.event_date:
        parts.append(words["stated_date"].format(day=event.event_date.isoformat()))
    parts.append(words["articles"].format(n=len(event.links)))
    return " · ".join(parts)


def link_label(link: Link) -> str:
    """`Le Monde (fr, 2025-04-15)`."""
    facts = ", ".join(part for part in (link.lang, link.published.isoformat() if link.published else None) if part)
    return f"{link.source or '?'} ({facts})" if facts else link.source or "?"


def change(trend: Trend, words: dict[str, Any]) -> str:
    """`+150%`, or the word for new when the entity was not named before."""
    if trend.baseline == 0:
        return words["new"]
    return f"{(trend.mentions - trend.baseline) / trend.baseline:+.0%}"
