"""ISO weeks: parse `2025-W16`, find the last complete week, step back in time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.errors import UserError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class IsoWeek:
    """One ISO week, Monday to Sunday."""

    start: date  # a Monday

    @property
    def end(self) -> date:
        """The Monday after the week (exclusive bound)."""
        return self.start + timedelta(days=7)

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def shift(self, weeks: int) -> IsoWeek:
        """The week `weeks` weeks later (earlier when negative)."""
        return IsoWeek(self.start + timedelta(weeks=weeks))

    def bounds(self) -> tuple[datetime, datetime]:
        """Start and end as midnight timestamps, for SQL ranges `start <= t < end`."""
        return datetime.combine(self.start, datetime.min.time()), datetime.combine(self.end, datetime.min.time())


def parse_week(text: str) -> IsoWeek:
    """`2025-W16` -> that week; `UserError` for anything else."""
    match = _WEEK.match(text.strip())
    try:
        if not match:
            raise ValueError
        return IsoWeek(date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1))
    except ValueError as error:
        raise UserError(f"bad week {text!r}: expected an ISO week such as 2025-W16") from error


def last_complete_week(today: date) -> IsoWeek:
    """The latest ISO week that ended before `today`."""
    monday = today - timedelta(days=today.weekday())
    return IsoWeek(monday - timedelta(days=7))
