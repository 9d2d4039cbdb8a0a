"""Listing pages → article URLs: RSS/Atom feeds, (news) sitemaps and section pages."""

from __future__ import annotations

import gzip
import io
import re
from urllib.parse import urljoin, urlsplit

import regex
from lxml import etree, html

FOLLOW_SECONDS = 0.05  # a `follow` regex that backtracks longer on one link matches nothing
MAX_FOLLOWED_URL = 2048  # characters of a link a `follow` regex reads

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
DATE_IN_PATH = re.compile(r"/(19|20)\d\d[/-]?(0[1-9]|1[0-2])([/-]?[0-3]\d)?(/|-|\b)")
LONG_NUMBER = re.compile(r"\d{4,}")
NOT_ARTICLE = re.compile(
    r"/(tag|tags|category|categories|rubrique|author|auteur|authors|page|search|recherche|login|"
    r"subscribe|abonnement|newsletter|about|contact|privacy|cgu|mentions-legales|rss|feed|video|videos)(/|$)",
    re.I,
)
FEED_ROOTS = {"rss", "feed", "rdf"}
ARTICLE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?)$", re.I)


DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.I | re.S)


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 0.9x/1.0/2.0 or Atom feed (namespace-agnostic, tolerant of broken XML)."""
    root = _xml_root(body)
    if root is None:
        return []
    links: list[str] = []
    for item in root.iter("{*}item", "{*}entry"):
        link = _item_link(item)
        if link:
            links.append(link)
    return links


def is_feed(body: bytes) -> bool:
    """Whether the body parses (leniently) as an RSS or Atom document, items or not."""
    root = _xml_root(body)
    return root is not None and etree.QName(root).localname.lower() in FEED_ROOTS


def _item_link(item: etree._Element) -> str | None:
    for link in item.iterfind("{*}link"):
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
        if link.text and link.text.strip():
            return link.text.strip()
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    if about:
        return about.strip()
    guid = item.find("{*}guid")
    if guid is not None and guid.text and guid.get("isPermaLink", "true") == "true":
        text = guid.text.strip()
        return text if text.startswith(("http://", "https://")) else None
    return None


def sitemap_entries(body: bytes) -> tuple[list[str], list[tuple[str, str | None]]]:
    """(child sitemaps, (article URL, its lastmod or news publication date)) of a sitemap index or url set;
    gzip bodies are unpacked (size-capped)."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    root = _xml_root(body)
    if root is None:
        return [], []
    if etree.QName(root).localname == "sitemapindex":
        return [loc for entry in root.iterfind("{*}sitemap") if (loc := _loc(entry))], []
    pages = []
    for entry in root.iterfind("{*}url"):
        loc = _loc(entry)
        # a news-sitemap entry is an article; a plain sitemap also lists home, section and about pages
        if loc and (entry.find("{*}news") is not None or looks_like_article(loc)):
            when = entry.findtext("{*}news/{*}publication_date") or entry.findtext("{*}lastmod")
            pages.append((loc, when.strip() if when else None))
    return [], pages


def _loc(entry: etree._Element) -> str | None:
    loc = entry.find("{*}loc")
    return loc.text.strip() if loc is not None and loc.text and loc.text.strip() else None


def section_links(body: str, page_url: str, follow: str | None = None) -> list[str]:
    """Links on a section page that point at articles (by `follow` regex, else by URL shape)."""
    try:
        tree = html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    pattern = regex.compile(follow) if follow else None
    seen: list[str] = []
    for href in tree.xpath("//a/@href"):
        try:
            url = urljoin(page_url, href.strip())
        except ValueError:  # a link that is no URL (broken brackets) is skipped, not the page
            continue
        if url.split("#")[0] == page_url.split("#")[0] or url in seen:
            continue
        if follows(pattern, url) if pattern else looks_like_article(url):
            seen.append(url)
    return seen


def follows(pattern: regex.Pattern, url: str) -> bool:
    """Whether a `follow` regex matches a link, given at most `FOLLOW_SECONDS` (no match after that)."""
    try:
        return pattern.search(url[:MAX_FOLLOWED_URL], timeout=FOLLOW_SECONDS) is not None
    except TimeoutError:
        return False


def looks_like_article(url: str) -> bool:
    """Whether a URL has the shape of an article page rather than a menu, tag or home page."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path
    if NOT_ARTICLE.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if DATE_IN_PATH.search(path) or LONG_NUMBER.search(last):
        return bool(last)
    return last.count("-") >= 3 or bool(ARTICLE_SUFFIX.search(last) and re.search(r"\d", last))


def _xml_root(body: bytes) -> etree._Element | None:
    """The root of a feed or sitemap parsed leniently, its DOCTYPE dropped first: entities are never
    resolved, and a document that defines some (a billion laughs) keeps the items after their use."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(DOCTYPE.sub(b"", body.lstrip(), count=1), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _gunzip(body: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
        return handle.read(MAX_SITEMAP_BYTES)
