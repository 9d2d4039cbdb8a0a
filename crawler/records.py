"""The article record a crawl hands to the next stage (JSONL line, then warehouse row)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ArticleRecord:
    """One fetched page: a usable article (status `ok`), a near-duplicate, or a failure with its reason.

    `published_at` and `fetched_at` are ISO 8601 strings; `lang` is the detected language
    (`fr`, `en`, `zh` or another ISO 639-1 code), `declared_lang` the source's.
    """

    url: str
    source: str
    status: str  # ok | duplicate | no_article | blocked | failed
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
        """The record as a plain JSON-ready dict."""
        return asdict(self)
