"""Which reports are the same measure: same side, measure and status, overlapping targets, close article dates.

A report naming no target (a vague mention) joins the closest such measure whatever its targets; a report
naming targets never joins a measure without any, so the targets reach the editors in an alert of their own.

Used both to update alerts as new articles arrive and to list the week's new measures in the digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flows.alerting.reports import Report

WINDOW = timedelta(days=21)  # a report joins a measure seen at most this long before or after it


@dataclass
class Measure:
    """A distinct measure and the reports that describe it (the shape of one alert)."""

    side: str
    measure: str
    status: str
    target_ids: set[str]
    first_seen: datetime
    last_seen: datetime
    reports: list[Report] = field(default_factory=list)  # the reports added in this run
    key: str | None = None  # the alert id, for a measure that is a stored alert

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

    @property
    def article_count(self) -> int:
        return len({report.article_id for report in self.reports})

    @property
    def sources(self) -> list[str]:
        return sorted({report.source for report in self.reports if report.source})

    @property
    def languages(self) -> list[str]:
        return sorted({report.lang for report in self.reports if report.lang})


def best_match(measures: Iterable[Measure], report: Report) -> Measure | None:
    """The measure `report` belongs to, the one seen closest in time when several accept it; else None."""
    accepting = [m for m in measures if m.accepts(report)]
    return min(accepting, key=lambda m: _distance(m, report), default=None)


def group_reports(reports: Iterable[Report]) -> list[Measure]:
    """Group reports (oldest first) into distinct measures, in order of first report."""
    measures: list[Measure] = []
    for report in sorted(reports, key=lambda r: (r.seen_at, r.article_id, r.event_id)):
        match = best_match(measures, report)
        if match is None:
            measures.append(Measure.start(report))
        else:
            match.add(report)
    return measures


def _distance(measure: Measure, report: Report) -> timedelta:
    """How far the report's date lies outside the measure's date span (zero inside it)."""
    if report.seen_at < measure.first_seen:
        return measure.first_seen - report.seen_at
    return max(report.seen_at - measure.last_seen, timedelta(0))
