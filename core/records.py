"""The records passed between stages: crawler → warehouse, warehouse → extractor, extractor → warehouse.

- `ArticleRecord`: one fetched page, a line of the crawl spool and a row of `articles`.
- `ExtractionInput`: one document for the extractor (`chipwatch extract --jsonl` reads these as JSON).
- `Extraction` (with `Entity`, `Mention`, `Relation`, `SanctionEvent`, `Candidate`) or
  `ExtractionFailure`: what the extractor found in one document, as JSON-ready typed dicts whose key
  order is the order of `chipwatch extract` output.

Records read from outside (a spool line, an input line) go through `from_dict`, which raises
`RecordError` naming the faulty field.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, TypedDict

from core.vocab import ARTICLE_STATUSES

MONTH_ONLY = re.compile(r"\d{4}-\d{2}")


class RecordError(ValueError):
    """A mapping that does not have the documented shape of a record."""


@dataclass(frozen=True)
class ArticleRecord:
    """One fetched page: a usable article (status `ok`), a near-duplicate, or a failure with its reason.

    `status` is one of `core.vocab.ARTICLE_STATUSES`; `published_at` and `fetched_at` are ISO 8601
    strings; `lang` is the detected language (`fr`, `en`, `zh` or another ISO 639-1 code),
    `declared_lang` the source's. `extra` holds details of the fetch (`kind: listing` for a feed or
    sitemap, `retryable`, `date_source`, `lang_mismatch`).
    """

    url: str
    source: str
    status: str
    canonical_url: str | None = None
    declared_lang: str | None = None
    lang: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: str | None = None
    fetched_at: str | None = None
    text: str | None = None
    html_hash: str | None = None
    encoding: str | None = None
    duplicate_of: str | None = None
    error: str | None = None
    http_status: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record as a plain JSON-ready dict (a spool line)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Any) -> ArticleRecord:
        """The record of a spool line; raises `RecordError` on a missing key or a wrong type or status."""
        if not isinstance(raw, dict):
            raise RecordError("not a JSON object")
        if not raw.get("url") or not isinstance(raw["url"], str):
            raise RecordError("no url")
        if raw.get("status") not in ARTICLE_STATUSES:
            raise RecordError(f"status {raw.get('status')!r} not one of {ARTICLE_STATUSES}")
        values: dict[str, Any] = {}
        for spec in fields(cls):
            value = raw.get(spec.name)
            if spec.name == "extra":
                value = value or {}
                if not isinstance(value, dict):
                    raise RecordError("field 'extra' must be an object")
                if not _encodable(json.dumps(value, ensure_ascii=False)):
                    raise RecordError("field 'extra' holds a character that is no text (a lone surrogate)")
            elif spec.name == "http_status":
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                    raise RecordError("field 'http_status' must be a whole number")
            elif value is not None and not isinstance(value, str):
                raise RecordError(f"field {spec.name!r} must be a string")
            elif isinstance(value, str) and not _encodable(value):
                raise RecordError(f"field {spec.name!r} holds a character that is no text (a lone surrogate)")
            values[spec.name] = value
        values["source"] = values["source"] or ""
        return cls(**values)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class ExtractionInput:
    """One document for the extractor; `published` resolves relative dates and tells old news from new."""

    id: str | None
    text: str
    lang: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None

    @classmethod
    def from_dict(cls, raw: Any) -> ExtractionInput:
        """The input of a JSON object `{id, lang, title, text, published, url}`; raises `RecordError`."""
        if not isinstance(raw, dict):
            raise RecordError("each input must be a JSON object")
        text = raw.get("text")
        if not isinstance(text, str):
            raise RecordError("field 'text' must be a string")
        title = raw.get("title")
        return cls(id=raw.get("id"), text=text, lang=raw.get("lang") or None,
                   title=title if isinstance(title, str) else None, published=parse_published(raw.get("published")),
                   url=raw.get("url"))


def parse_published(value: str | date | None) -> date | None:
    """An ISO date (a longer timestamp is cut to its date part); a month alone (`2023-07`) stands for its
    last day, so that no date of that month lies after it. Raises `RecordError` on anything else."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if MONTH_ONLY.fullmatch(text):
            year, month = int(text[:4]), int(text[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RecordError(f"published must be an ISO date (YYYY-MM-DD or YYYY-MM), got {value!r}") from None


class Mention(TypedDict):
    """Where an entity is named: `start`/`end` are character offsets into the document text."""

    surface: str
    start: int
    end: int


class Entity(TypedDict):
    """A chip, firm or authority the document names; `id` is a KB id (or `chip:new:…` for an unknown chip)."""

    id: str
    type: str  # one of core.vocab.ENTITY_TYPES
    name: str
    surfaces: list[str]
    mentions: list[Mention]


class Relation(TypedDict):
    """`subject` MAKES, BUYS or RESTRICTS `object` (names and ids), with the sentence that says so."""

    subject: str
    subject_id: str
    predicate: str  # one of core.vocab.PREDICATES
    object: str
    object_id: str
    evidence: str


class SanctionEvent(TypedDict):
    """A measure an authority takes, eases or plans; `targets` and `target_ids` run side by side.

    `country` is the country the measure is aimed at (`core.vocab.TARGET_COUNTRIES`), `date` an ISO
    day or month or None.
    """

    authority: str
    authority_id: str
    measure: str  # one of core.vocab.MEASURES
    targets: list[str]
    target_ids: list[str | None]  # None for a target outside the KB
    country: str | None
    status: str  # one of core.vocab.EVENT_STATUSES
    date: str | None
    evidence: str


class Candidate(TypedDict):
    """An organisation name the KB does not know, with how often the document names it."""

    name: str
    count: int


class Extraction(TypedDict):
    """Everything found in one document (`lang` is the language it was read in)."""

    id: str | None
    lang: str
    entities: list[Entity]
    relations: list[Relation]
    sanction_events: list[SanctionEvent]
    candidates: list[Candidate]


class ExtractionFailure(TypedDict):
    """A document the extractor could not take, and why."""

    id: str | None
    error: str


def empty_extraction(doc_id: str | None, lang: str) -> Extraction:
    """The record of a document in a language the extractor does not read."""
    return Extraction(id=doc_id, lang=lang, entities=[], relations=[], sanction_events=[], candidates=[])
