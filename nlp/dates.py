"""Dates in article text, resolved against the publication date (`mardi`, `last week`, `上周二`, `去年8月`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from core.months import month_names
from nlp.lexicon import Dates, lexicon

ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
ZH_YEARS = {"前": -2, "去": -1, "今": 0, "明": 1}  # 去年8月: August of the year before publication


@dataclass(frozen=True)
class DateMention:
    """A date expression: `value` is `YYYY-MM-DD`, `YYYY-MM`, or None when only the year is known."""

    start: int
    end: int
    value: str | None
    year: int


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _fit_year(month: int, day: int, published: date) -> date | None:
    """The month/day in the publication year, or the year before when that lies over a quarter ahead."""
    found = _day(published.year, month, day)
    if found and found > published + timedelta(days=90):
        found = _day(published.year - 1, month, day)
    return found


def _weekday(target: int, published: date, back_weeks: int = 0) -> date:
    """The latest such weekday on or before `published`; with `back_weeks`, that day of an earlier week."""
    if back_weeks:
        monday = published - timedelta(days=published.weekday())
        return monday - timedelta(days=7 * back_weeks) + timedelta(days=target)
    return published - timedelta(days=(published.weekday() - target) % 7)


@lru_cache(maxsize=4)
def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    lex = lexicon(lang).dates
    months = "|".join(sorted(map(re.escape, month_names().get(lang, {})), key=len, reverse=True))
    weekdays = "|".join(map(re.escape, lex.weekdays))
    relative = "|".join(sorted(map(re.escape, lex.relative_days), key=len, reverse=True))
    found = [
        ("iso", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")),
        ("zh_ymd", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")),
        ("zh_rel", re.compile(r"([前去今明])年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")),
        ("zh_md", re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
        ("zh_m", re.compile(r"(?<![\d年])(\d{1,2})\s*月(?:份)?(?!\s*\d)")),
        ("zh_week", re.compile(r"(上+)?(?:周|週|星期|礼拜|禮拜)([一二三四五六日天])")),
    ]
    if months:
        found += [
            ("mdy", re.compile(rf"(?<!\w)({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?(?!\w)", re.I)),
            ("dmy", re.compile(rf"(?<!\w)(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({months})\.?(?:\s+(\d{{4}}))?(?!\w)", re.I)),
            ("my", re.compile(rf"(?<!\w)({months})\.?(?:\s+(?:of\s+|de\s+)?(\d{{4}}))?(?!\w)", re.I)),
        ]
    if weekdays:
        found.append(("week", re.compile(rf"(?<!\w)({weekdays})(?!\w)", re.I)))
    if relative:
        bounded = rf"({relative})" if lang == "zh" else rf"(?<!\w)({relative})(?!\w)"
        found.append(("rel", re.compile(bounded, re.I)))
    if lang == "zh":
        found.append(("zh_d", re.compile(r"(?<![\d月])(\d{1,2})\s*[日号](?![\d])")))
    found.append(("year", re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")))
    return found


def find_dates(text: str, lang: str, published: date | None) -> list[DateMention]:
    """Date mentions in `text`, earliest first; overlapping matches keep the first (most precise) pattern."""
    lex = lexicon(lang).dates
    months = month_names().get(lang, {})
    taken: list[tuple[int, int]] = []
    mentions = []
    for kind, pattern in _patterns(lang):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            mention = _resolve(kind, m, months, lex, published)
            if mention is not None:
                taken.append((m.start(), m.end()))
                mentions.append(mention)
    return sorted(mentions, key=lambda d: d.start)


def _relative(kind: str, m: re.Match) -> bool:
    """Whether a date match names no year of its own, so that only the publication date places it."""
    if kind in ("zh_rel", "zh_m", "zh_week", "week", "rel", "zh_d", "zh_md"):
        return True
    return (kind in ("mdy", "dmy") and not m[3]) or (kind == "my" and not m[2])


def _resolve(kind: str, m: re.Match, months: dict, lex: Dates, published: date | None) -> DateMention | None:
    """The date a match stands for; one that needs the publication date (`Tuesday`, `5 March`) has none
    without it (never the clock's year)."""
    if published is None and _relative(kind, m):
        return None
    ref = published or date.min
    found: date | None = None
    if kind == "iso":
        found = _day(int(m[1]), int(m[2]), int(m[3]))
    elif kind == "zh_ymd":
        if not m[3]:
            return DateMention(m.start(), m.end(), f"{int(m[1]):04d}-{int(m[2]):02d}", int(m[1]))
        found = _day(int(m[1]), int(m[2]), int(m[3]))
    elif kind == "zh_rel":
        year, month = ref.year + ZH_YEARS[m[1]], int(m[2])
        if not m[3]:
            return DateMention(m.start(), m.end(), f"{year:04d}-{month:02d}", year) if 1 <= month <= 12 else None
        found = _day(year, month, int(m[3]))
    elif kind in ("zh_md", "mdy", "dmy"):
        month, day, year = (
            (int(m[1]), int(m[2]), None) if kind == "zh_md"
            else (months[m[1].lower()], int(m[2]), m[3]) if kind == "mdy"
            else (months[m[2].lower()], int(m[1]), m[3])
        )
        found = _day(int(year), month, day) if year else _fit_year(month, day, ref)
    elif kind == "my":
        if m[1].lower() == "may" and not m[2]:
            return None
        month = months[m[1].lower()]
        year = int(m[2]) if m[2] else (ref.year if month <= ref.month else ref.year - 1)
        return DateMention(m.start(), m.end(), f"{year:04d}-{month:02d}", year)
    elif kind == "zh_m":
        month = int(m[1])
        if not 1 <= month <= 12:
            return None
        year = ref.year if month <= ref.month else ref.year - 1
        return DateMention(m.start(), m.end(), f"{year:04d}-{month:02d}", year)
    elif kind == "zh_week":
        found = _weekday(ZH_WEEKDAYS[m[2]], ref, len(m[1] or ""))
    elif kind == "week":
        found = _weekday(lex.weekdays[m[1].lower()], ref)
    elif kind == "rel":
        offset = {k.lower(): v for k, v in lex.relative_days.items()}[m[1].lower()]
        found = ref + timedelta(days=offset)
    elif kind == "zh_d":
        found = _day(ref.year, ref.month, int(m[1]))
        if found and found > ref:
            prev = ref.replace(day=1) - timedelta(days=1)
            found = _day(prev.year, prev.month, int(m[1]))
    elif kind == "year":
        return DateMention(m.start(), m.end(), None, int(m[1]))
    if found is None:
        return None
    return DateMention(m.start(), m.end(), found.isoformat(), found.year)
