"""Title and author: trafilatura's metadata readers (meta tags, JSON-LD, bylines) with simple fallbacks."""

from __future__ import annotations

import contextlib
import logging
import re

from lxml.html import HtmlElement

TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+[:：]\s+|_")
MAX_AUTHOR_CHARS = 80
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'author-name') or contains(@class, 'byline')"
    " or contains(@class, 'auteur') or @class='author']"
)
BYLINE_PREFIX = re.compile(r"^(?:by|par|de|作者|记者|文)\s*[:：]?\s+|^(?:作者|记者|文)\s*[:：/]\s*", re.I)


def title_and_author(tree: HtmlElement) -> tuple[str | None, str | None]:
    """The article title (og:title, JSON-LD headline, <title>, <h1>) and author(s), each None if absent."""
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author.strip():
        meta.author = None  # single tokens are usually handles or site names
    with contextlib.suppress(ValueError, TypeError, AttributeError, KeyError):
        meta = extract_meta_json(tree, meta)  # malformed JSON-LD: keep what the meta tags gave
    title = meta.title or extract_title(tree) or _first_heading(tree)
    author = meta.author or _byline(tree)
    return _clean(title), _clean_author(author)


def _byline(tree: HtmlElement) -> str | None:
    for element in tree.xpath(BYLINE_XPATH):
        text = " ".join(element.text_content().split())
        text = BYLINE_PREFIX.sub("", text).strip()
        if 2 <= len(text) <= MAX_AUTHOR_CHARS and not any(char.isdigit() for char in text):
            return text
    return None


def _first_heading(tree: HtmlElement) -> str | None:
    for heading in tree.xpath("//h1|//h2"):
        text = heading.text_content().strip()
        if text:
            return text
    return None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _clean_author(value: str | None) -> str | None:
    value = _clean(value)
    if value is None or len(value) > MAX_AUTHOR_CHARS or value.startswith(("http://", "https://")):
        return None
    return value


def title_variants(tree: HtmlElement, title: str | None) -> set[str]:
    """Normalised forms of the headline as printed on the page (title, its parts, og:title, h1)."""
    raw = [title or ""]
    raw += tree.xpath("//title/text()|//meta[@property='og:title']/@content")
    raw += [h.text_content() for h in tree.xpath("//h1")]
    variants = set()
    for text in raw:
        for part in [text, *TITLE_SEPARATORS.split(text)]:
            if key := normalise(part):
                variants.add(key)
    return variants


def normalise(text: str) -> str:
    """Lower-cased words joined by single spaces, punctuation dropped (for comparing headlines)."""
    return " ".join(re.findall(r"\w+", text.lower()))
