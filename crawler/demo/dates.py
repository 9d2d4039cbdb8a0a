"""Dates as each outlet prints them in its visible text (one style per outlet), and HTTP header dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

FR_MONTHS_ABBR = ("janv.", "févr.", "mar.", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
FR_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
FR_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _fr_abbr(moment: datetime) -> str:
    return f"{moment.day} {FR_MONTHS_ABBR[moment.month - 1]} {moment.year}"


def _fr_long(moment: datetime) -> str:
    return f"{FR_WEEKDAYS[moment.weekday()]} {moment.day} {FR_MONTHS[moment.month - 1]} {moment.year}"


def _fr_numeric(moment: datetime) -> str:
    return f"le {moment:%d/%m/%Y}"


def _en_long(moment: datetime) -> str:
    return f"{EN_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def _en_short(moment: datetime) -> str:
    return f"{moment.day} {EN_MONTHS[moment.month - 1][:3]} {moment.year}"


def _zh_cn_time(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def _zh_iso_time(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _zh_tw(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日"


STYLES: dict[str, Callable[[datetime], str]] = {
    "fr_abbr": _fr_abbr,  # 17 mar. 2024
    "fr_long": _fr_long,  # mardi 3 décembre 2024
    "fr_numeric": _fr_numeric,  # le 02/12/2024
    "en_long": _en_long,  # April 16, 2025
    "en_short": _en_short,  # 16 Apr 2025
    "zh_cn_time": _zh_cn_time,  # 2025年4月16日 09:30
    "zh_iso_time": _zh_iso_time,  # 2025-04-16 09:30
    "zh_tw": _zh_tw,  # 2025年4月16日
}


def visible_date(style: str, moment: datetime) -> str:
    """The date as the outlet prints it above its articles."""
    return STYLES[style](moment)


def rfc822_date(moment: datetime) -> str:
    """An RSS `pubDate` in the outlet's own offset (`Wed, 16 Apr 2025 09:30:00 +0800`)."""
    return format_datetime(moment)


def http_date(moment: datetime) -> str:
    """An HTTP header date (`Wed, 16 Apr 2025 01:30:00 GMT`)."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    """The moment an `If-Modified-Since` header names, or None when it does not parse."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
