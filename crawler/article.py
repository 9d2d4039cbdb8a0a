"""Raw page bytes to an article record: decode, parse once, then body, metadata, date, language, canonical link.

The spider calls `extract_article` for every fetched page; `chipwatch article` runs the same function.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from core.language import detect_language
from crawler.extraction.body import extract_body
from crawler.extraction.canonical import canonical_url
from crawler.extraction.dates import find_published_date
from crawler.extraction.decoding import decode_html
from crawler.extraction.metadata import title_and_author, title_variants

# trafilatura rejects markup that does not look like a page (a fragment, a saved <text> wrapper): wrap it.
PAGE_MARKERS = re.compile(r"<(?:html|body|head)\b", re.I)
MARKER_CHARS = 5000


@dataclass
class ExtractedArticle:
    """The article found in one page; `published_at` is ISO 8601, `lang` ISO 639-1, `encoding` a Python codec.

    `date_source` tells where the date came from: meta, jsonld, time, text (printed) or None.
    """

    title: str | None
    text: str
    author: str | None
    published_at: str | None
    lang: str | None
    encoding: str
    canonical_url: str | None
    date_source: str | None

    def to_dict(self) -> dict[str, Any]:
        """The record as a plain JSON-ready dict."""
        return asdict(self)


def extract_article(
    body: bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    declared_lang: str | None = None,
) -> ExtractedArticle:
    """Extract the article from a page as served (`content_type` is the HTTP header, if any)."""
    from trafilatura.utils import load_html

    decoded = decode_html(body, content_type)
    html = decoded.text
    if not PAGE_MARKERS.search(html[:MARKER_CHARS]):
        html = f"<html><body>{html}</body></html>"
    tree = load_html(html)
    if tree is None:
        return ExtractedArticle(None, "", None, None, declared_lang, decoded.encoding, None, None)
    title, author = title_and_author(tree)
    text = extract_body(tree, url, title_variants(tree, title))
    lang = detect_language(text or title or "") or declared_lang
    published_at, date_source = find_published_date(tree, lang, text)
    return ExtractedArticle(
        title=title,
        text=text,
        author=author,
        published_at=published_at,
        lang=lang,
        encoding=decoded.encoding,
        canonical_url=canonical_url(tree, url),
        date_source=date_source,
    )


def warm_up() -> None:
    """Load the extraction libraries and language models now (before forking workers, or a timing run)."""
    extract_article(WARM_UP_PAGE.encode("utf-8"))


WARM_UP_PAGE = """<html><head><title>Warm-up</title></head><body><article>
<p>Export controls on advanced chips were tightened again this week, the ministry said on Tuesday.</p>
<p>Les contrôles à l'exportation des puces avancées ont encore été renforcés cette semaine.</p>
<p>本周，先进芯片的出口管制再次收紧，有关部门周二表示。</p></article></body></html>"""
