"""The page's own idea of its address: `<link rel="canonical">`, made absolute against the fetched URL."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

CANONICAL_XPATH = (
    "//link[contains(concat(' ', translate(normalize-space(@rel), 'CANONIL', 'canonil'), ' '), ' canonical ')]"
    "/@href"
)


def canonical_url(tree: HtmlElement, url: str | None = None) -> str | None:
    """The first usable canonical link, absolutised against `url`; None when absent or not http(s)."""
    for href in tree.xpath(CANONICAL_XPATH):
        href = href.strip()
        if not href:
            continue
        absolute = urljoin(url, href) if url else href
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc:
            return absolute
    return None
