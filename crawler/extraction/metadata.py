"""Title and author: trafilatura's metadata readers (meta tags, JSON-LD, bylines) with simple fallbacks."""

from __future__ import annotations

import contextlib
import logging
import re

from lxml.html import HtmlElement

TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+[:：]\s+|_")
MAX_AUTHOR_CHARS = 80
MIN_HEADLINE_CHARS = 4
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'author-name') or contains(@class, 'byline')"
    " or contains(@class, 'auteur') or @class='author']"
)
PRINTED_BYLINE = re.compile(r"(?:作者|记者|撰稿)\s*[:：]\s*([\u4e00-\u9fff·]{2,5}(?:[ 、，,][\u4e00-\u9fff·]{2,5})*)")
BYLINE_SEARCH_CHARS = 3000
BYLINE_PREFIX = re.compile(
    r"^(?:(?:(?:un |an )?(?:article|story|report)\s+(?:de|by)|written by|posted by|par|by|de|von|por)"
    r"(?:\s*[:：]\s*|\s+)|(?:作者|记者|記者|撰稿|撰文)\s*[:：]?\s*|文\s*[:：／/]\s*)",
    re.I,
)
BYLINE_END = re.compile(r"\s*(?:\||／|/|—|–| - |,\s*(?:staff|senior|special|envoyé|correspondant)).*$", re.I)


def title_and_author(tree: HtmlElement) -> tuple[str | None, str | None]:
    """The article title (og:title, JSON-LD headline, <title>, <h1>) and author(s), each None if absent."""
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    meta = examine_meta(tree)
    if meta.author and meta.author.isascii() and " " not in meta.author.strip():
        meta.author = None  # single Latin tokens are usually handles or site names
    with contextlib.suppress(ValueError, TypeError, AttributeError, KeyError, RecursionError):
        meta = extract_meta_json(tree, meta)  # malformed or too deeply nested JSON-LD: keep the meta tags
    title = _clean(meta.title or extract_title(tree)) or _first_heading(tree)
    author = meta.author or _byline(tree)
    return _without_site_name(tree, title), _clean_author(author)


def _without_site_name(tree: HtmlElement, title: str | None) -> str | None:
    """The <h1> when the title is that headline plus a site name (`Headline - Site`)."""
    if not title:
        return None
    for heading in tree.xpath("//h1"):
        text = " ".join(heading.text_content().split())
        if len(text) >= MIN_HEADLINE_CHARS and text != title and text in title:
            return text
    return title


def _byline(tree: HtmlElement) -> str | None:
    """An author element (rel/itemprop/class), else a Chinese `作者：` / `记者：` line near the top."""
    for element in tree.xpath(BYLINE_XPATH):
        text = " ".join(element.text_content().split())
        text = clean_byline(text)
        if 2 <= len(text) <= MAX_AUTHOR_CHARS and not any(char.isdigit() for char in text):
            return text
    body = tree.find(".//body")
    body = tree if body is None else body
    if match := PRINTED_BYLINE.search(body.text_content()[:BYLINE_SEARCH_CHARS]):
        return match.group(1)
    return None


def clean_byline(text: str) -> str:
    """The name(s) in a printed byline: `Par X`, `By X | Staff writer`, `記者X／台北報導` all give X."""
    text = BYLINE_PREFIX.sub("", " ".join(text.split()))
    return BYLINE_END.sub("", text).strip()


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
    value = _clean(clean_byline(value) if value else None)
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
