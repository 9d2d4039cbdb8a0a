"""Assemble one outlet's website (path -> page) and the records a polite crawl of it must yield."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.demo import feeds
from crawler.demo.content import Article, Outlet
from crawler.demo.dates import visible_date
from crawler.demo.render import article_page, labels, listing_page, robots_txt, section_path

TRACKING = "?utm_source=rss&utm_medium=feed"
DISCOVERY_PATHS = {
    "rss": "/rss.xml",
    "atom": "/atom.xml",
    "sitemap": "/sitemap.xml",
    "news_sitemap": "/sitemap-news.xml",
}
RELATED_COUNT = 4


@dataclass(frozen=True)
class Page:
    """A response body with its Content-Type; feeds carry an ETag and Last-Modified for conditional GET."""

    body: bytes
    content_type: str
    last_modified: datetime | None = None
    etag: str | None = None


@dataclass
class Site:
    """One outlet served at `base_url` (ending in `/`)."""

    outlet: Outlet
    base_url: str
    pages: dict[str, Page] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """The absolute URL of a path on this site."""
        return self.base_url.rstrip("/") + path

    def source(self) -> dict[str, Any]:
        """The outlet as an entry of the sources file, pointing at the live site."""
        outlet, discovery = self.outlet, self.outlet.discovery
        feed = [self.url(DISCOVERY_PATHS[discovery])] if discovery in ("rss", "atom") else []
        sitemap = [self.url(DISCOVERY_PATHS[discovery])] if "sitemap" in discovery else []
        start = [self.url(section_path(key)) for key in outlet.sections] if discovery == "sections" else []
        return {
            "name": outlet.name,
            "title": outlet.title,
            "lang": outlet.lang,
            "homepage": self.base_url,
            "feeds": feed,
            "sitemaps": sitemap,
            "start_urls": start,
            "allowed_domains": ["127.0.0.1"],
        }

    def record(self, article: Article) -> dict[str, Any]:
        """What a crawler must store for a public article; `wire` names the wire story it republishes, if any."""
        outlet = self.outlet
        return {
            "source": outlet.name,
            "url": self.url(outlet.article_path(article)),
            "lang": outlet.lang,
            "title": article.title,
            "published": f"{article.published:%Y-%m-%d}",
            "date_text": visible_date(outlet.date_style, article.published),
            "author": article.author,
            "wire": article.wire,
            "encoding": outlet.encoding,
        }


def _html(outlet: Outlet, text: str) -> Page:
    header = f"text/html; charset={outlet.encoding}" if outlet.charset_in_header else "text/html"
    return Page(text.encode(outlet.encoding), header)


def _xml(text: str, content_type: str, newest: datetime) -> Page:
    body = text.encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return Page(body, f"{content_type}; charset=utf-8", last_modified=newest, etag=etag)


def _discovery_page(site: Site, public: list[Article], listing_paths: list[str]) -> Page | None:
    outlet = site.outlet
    query = TRACKING if outlet.feed_tracking else ""
    entries = [(site.url(outlet.article_path(article)) + query, article) for article in public]
    newest = public[0].published
    if outlet.discovery == "rss":
        return _xml(feeds.rss(outlet, site.base_url, entries), "application/rss+xml", newest)
    if outlet.discovery == "atom":
        return _xml(feeds.atom(outlet, site.base_url, entries), "application/atom+xml", newest)
    if outlet.discovery == "sitemap":
        extra = [site.url(path) for path in listing_paths]
        return _xml(feeds.sitemap(extra, entries), "application/xml", newest)
    if outlet.discovery == "news_sitemap":
        return _xml(feeds.news_sitemap(outlet, entries), "application/xml", newest)
    return None


def build_site(outlet: Outlet, base_url: str) -> Site:
    """Render every page of an outlet for the given base URL."""
    site = Site(outlet, base_url)
    words = labels(outlet.locale)
    public = [article for article in outlet.articles if not article.private]
    links = {article: (outlet.article_path(article), article.title) for article in outlet.articles}
    for article in outlet.articles:
        related = [links[other] for other in public if other != article][:RELATED_COUNT]
        page = article_page(outlet, article, site.url(outlet.article_path(article)), related)
        site.pages[outlet.article_path(article)] = _html(outlet, page)
    site.pages["/"] = _html(outlet, listing_page(outlet, words["latest"], [links[a] for a in public]))
    for key, title in outlet.sections.items():
        items = [links[article] for article in outlet.articles if article.section == key]
        site.pages[section_path(key)] = _html(outlet, listing_page(outlet, title, items))
    site.pages["/about/"] = _html(outlet, listing_page(outlet, words["about"], [], outlet.about))
    site.pages["/contact/"] = _html(outlet, listing_page(outlet, words["contact"], [], words["contact_text"]))
    listing_paths = ["/", *(section_path(key) for key in outlet.sections), "/about/"]
    discovery = _discovery_page(site, public, listing_paths)
    sitemap_urls = []
    if discovery is not None:
        path = DISCOVERY_PATHS[outlet.discovery]
        site.pages[path] = discovery
        sitemap_urls = [site.url(path)] if "sitemap" in outlet.discovery else []
    robots = robots_txt(outlet, sitemap_urls).encode("utf-8")
    site.pages["/robots.txt"] = Page(robots, "text/plain; charset=utf-8")
    return site


def expected_records(sites: list[Site]) -> list[dict[str, Any]]:
    """The records a polite crawl of all sites must store: of the copies of a wire story (same `wire`), the
    first one fetched is the article and the others are duplicates pointing at it."""
    return [site.record(article) for site in sites for article in site.outlet.articles if not article.private]
