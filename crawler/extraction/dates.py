"""Publication dates: page metadata first, else the date printed near the title, checked for sanity.

Printed dates in French, English and Chinese (and ISO / numeric forms) are read by the regular
expressions here; date meta tags come from `dates.yaml`, month names from `core/months.yaml`. Anything
else goes to dateparser in the page language, which alone misreads short French months (`17 mar 2024`
as November).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import deque
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from lxml.html import HtmlElement

from core.months import month_names

MIN_YEAR = 1995
MAX_AHEAD = timedelta(days=2)
META_XPATH = "//meta[@content][@property or @name or @itemprop]"
TIME_XPATH = "//time[@datetime]"
JSONLD_XPATH = "//script[@type='application/ld+json']/text()"
TIME_PART = r"(?:\s*(?:à|at|,|-|—|\|)?\s*(\d{1,2})\s*[:hH時时]\s*(\d{2})(?:\s*:\s*(\d{2}))?)?"
YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?" + TIME_PART)
DMY_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)" + TIME_PART)
SEARCH_CHARS = 2000
LOOK_BEHIND_CHARS = 200
ANCHOR_CHARS = 20  # how much of the article's first and last paragraph locates it in the page text
BODY_LOOK_BEHIND_CHARS = 500
BODY_LOOK_AFTER_CHARS = 300


@cache
def _data() -> dict:
    """dates.yaml: `meta_names` (best first)."""
    return yaml.safe_load(Path(__file__).with_name("dates.yaml").read_text(encoding="utf-8"))


@cache
def _textual_patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    words = sorted(month_names().get(lang, month_names()["en"]), key=len, reverse=True)
    month = "(" + "|".join(re.escape(word) for word in words) + r")\.?"
    day_first = re.compile(
        r"(?<!\d)(\d{1,2})(?:er|st|nd|rd|th)?\s+" + month + r",?\s+((?:19|20)\d{2})(?!\d)" + TIME_PART, re.I
    )
    month_first = re.compile(
        r"\b" + month + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?!\d)" + TIME_PART, re.I
    )
    return day_first, month_first


def parse_printed_date(text: str, lang: str) -> date | datetime | None:
    """The first plausible date printed in `text` (a datetime when a time is given), or None."""
    text = unicodedata.normalize("NFKC", text)
    found = _regex_date(text, lang)
    if found is None and len(text) <= 80:
        found = _dateparser_date(text, lang)
    return found if found is not None and is_plausible(found) else None


def _regex_date(text: str, lang: str, last: bool = False) -> date | datetime | None:
    """The first (or `last`) plausible date in `text` written in a form the patterns know."""
    candidates = []
    for match in YMD.finditer(text):
        candidates.append((match.start(), _build(match[1], match[2], match[3], match.groups()[3:])))
    for match in DMY_NUMERIC.finditer(text):
        first, second = int(match[1]), int(match[2])
        # month first on English pages (US order), day first elsewhere; the other order if that is no date
        month, day = (first, second) if lang == "en" else (second, first)
        value = _build(match[3], month, day, match.groups()[3:]) or _build(match[3], day, month, match.groups()[3:])
        candidates.append((match.start(), value))
    if lang not in ("zh", "ja", "ko"):
        day_first, month_first = _textual_patterns(lang if lang in month_names() else "en")
        table = month_names().get(lang, month_names()["en"])
        for match in day_first.finditer(text):
            month = table.get(match[2].lower())
            candidates.append((match.start(), _build(match[3], month, match[1], match.groups()[3:])))
        for match in month_first.finditer(text):
            month = table.get(match[1].lower())
            candidates.append((match.start(), _build(match[3], month, match[2], match.groups()[3:])))
    ordered = sorted((c for c in candidates if c[1] is not None), key=lambda c: c[0], reverse=last)
    return next((value for _, value in ordered if is_plausible(value)), None)


def _build(year, month, day, clock: tuple) -> date | datetime | None:
    try:
        day_value = date(int(year), int(month), int(day))
        if clock and clock[0] is not None:
            return datetime(day_value.year, day_value.month, day_value.day, int(clock[0]), int(clock[1]),
                            int(clock[2] or 0))
        return day_value
    except (TypeError, ValueError):
        return None


def _dateparser_date(text: str, lang: str) -> date | datetime | None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    if lang == "fr":
        settings["DATE_ORDER"] = "DMY"
    parsed = dateparser.parse(text, languages=[lang] if lang else None, settings=settings)
    if parsed is None:
        return None
    return parsed.date() if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) else parsed.replace(tzinfo=None)


def is_plausible(value: date | datetime) -> bool:
    """Not before 1995 and not more than two days ahead of now."""
    now = datetime.now(UTC)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.year >= MIN_YEAR and moment <= now + MAX_AHEAD
    return value.year >= MIN_YEAR and value <= (now + MAX_AHEAD).date()


def to_iso(value: date | datetime) -> str:
    """`YYYY-MM-DD` for a date, `YYYY-MM-DDTHH:MM:SS[+HH:MM]` for a datetime."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def parse_iso_date(raw: str) -> date | datetime | None:
    """A machine-readable date from metadata (ISO 8601, or an RFC 2822 / printed form as a last resort)."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            value: date | datetime = date.fromisoformat(raw)
        else:
            value = datetime.fromisoformat(raw.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} ", raw) else raw)
    except ValueError:
        value = _rfc2822(raw) or parse_printed_date(raw, "en")
    return value if value is not None and is_plausible(value) else None


def _rfc2822(raw: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None


def find_published_date(tree: HtmlElement, lang: str | None, article: str = "") -> tuple[str | None, str | None]:
    """(ISO date, source) with source meta|jsonld|time|text, or (None, None); `article` is the extracted body."""
    for source, finder in (("meta", _from_meta), ("jsonld", _from_jsonld), ("time", _from_time)):
        value = finder(tree)
        if value is not None:
            return to_iso(value), source
    value = _from_text(tree, lang, article)
    return (to_iso(value), "text") if value is not None else (None, None)


def _from_meta(tree: HtmlElement) -> date | datetime | None:
    by_name: dict[str, str] = {}
    for meta in tree.xpath(META_XPATH):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        by_name.setdefault(key, meta.get("content", ""))
    for name in _data()["meta_names"]:
        if name in by_name and (value := parse_iso_date(by_name[name])) is not None:
            return value
    return None


def _from_jsonld(tree: HtmlElement) -> date | datetime | None:
    for block in tree.xpath(JSONLD_XPATH):
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):  # broken, or nested deeper than the parser goes
            continue
        for raw in _walk_key(data, "datePublished"):
            if isinstance(raw, str) and (value := parse_iso_date(raw)) is not None:
                return value
    return None


def _walk_key(node, key: str):
    """Values of `key` anywhere in parsed JSON, breadth first and without recursion (any depth is safe)."""
    queue = deque([node])
    while queue:
        node = queue.popleft()
        if isinstance(node, dict):
            if key in node:
                yield node[key]
            queue.extend(node.values())
        elif isinstance(node, list):
            queue.extend(node)


def _from_time(tree: HtmlElement) -> date | datetime | None:
    elements = tree.xpath(TIME_XPATH)
    preferred = [e for e in elements if "publish" in (e.get("itemprop", "") + e.get("class", "")).lower()]
    for element in preferred + elements:
        if (value := parse_iso_date(element.get("datetime", ""))) is not None:
            return value
    return None


def _from_text(tree: HtmlElement, lang: str | None, article: str) -> date | datetime | None:
    """The printed date next to the headline, else just before (or after) the article text, else at the top."""
    lang = lang or "en"
    body = tree.find(".//body")
    body = tree if body is None else body  # saved pages may lack <body>: search the whole tree
    texts = body.xpath(".//text()[not(ancestor::script or ancestor::style)]")
    full = unicodedata.normalize("NFKC", " ".join(t.strip() for t in texts if t.strip()))
    headings = [unicodedata.normalize("NFKC", h.text_content().strip()) for h in tree.xpath("//h1")]
    heading = next((found for h in headings if h and (found := full.find(h)) >= 0), -1)
    if heading >= 0:
        return _regex_date(full[heading : heading + SEARCH_CHARS], lang) or _regex_date(
            full[max(0, heading - LOOK_BEHIND_CHARS) : heading], lang, last=True
        )
    paragraphs = [unicodedata.normalize("NFKC", p) for p in article.split("\n\n") if p.strip()]
    start = full.find(paragraphs[0][:ANCHOR_CHARS]) if paragraphs else -1
    if start >= 0:
        end = full.find(paragraphs[-1][-ANCHOR_CHARS:], start)
        found = _regex_date(full[max(0, start - BODY_LOOK_BEHIND_CHARS) : start], lang, last=True)
        found = found or _regex_date(full[:SEARCH_CHARS], lang)
        if found is None and end >= 0:
            found = _regex_date(full[end : end + BODY_LOOK_AFTER_CHARS], lang)
        return found
    return _regex_date(full[:SEARCH_CHARS], lang)
