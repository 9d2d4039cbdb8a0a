"""One generic spider for every configured outlet: feeds, sitemaps and section pages → article records."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from core.records import ArticleRecord
from core.time_limit import TimeLimitExceeded, time_limit
from core.vocab import USABLE
from crawler.article import extract_article
from crawler.discovery import feed_links, is_feed, section_links, sitemap_entries
from crawler.extraction.decoding import looks_binary
from crawler.failures import describe_failure
from crawler.pipelines.store_articles import STORE_ERROR_KEY
from crawler.sources import Source, SourcesConfig
from crawler.store import ArticleStore
from crawler.urls import canonicalize_url

MIN_TEXT_CHARS = {"zh": 60}
DEFAULT_MIN_TEXT_CHARS = 200
HTML_TYPES = (b"text/html", b"application/xhtml", b"text/plain", b"application/xml", b"text/xml")


LIMIT_KEY = "chipwatch/limit"
SITEMAP_DEPTH = "chipwatch_sitemap_depth"  # request meta: how deep in sitemap indexes a sitemap lies


@dataclass(frozen=True)
class Budget:
    """What one run may ask of one source (crawl options `max_new_articles`, `sitemap_depth`, `max_sitemaps`,
    `sitemap_days`; 0 days keeps every sitemap entry)."""

    max_new_articles: int
    sitemap_depth: int
    max_sitemaps: int
    sitemap_days: int


def same_host(url: str, page: str) -> bool:
    """Whether `url` stays on the host (and port) of `page`: only then is a canonical link trusted."""
    one, other = urlsplit(url), urlsplit(page)
    return (one.hostname, one.port) == (other.hostname, other.port) and one.scheme in ("http", "https")


class PressSpider(scrapy.Spider):
    """Discovers article URLs per source and turns each fetched page into an `ArticleRecord`."""

    name = "press"

    def __init__(self, config: SourcesConfig, refetch: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.config = config
        self.refetch = refetch
        self.sources_by_name: dict[str, Source] = {s.name: s for s in config.sources}
        self.requested: set[str] = set()
        self.listings: set[str] = set()  # feeds and sitemaps asked for in this run: a sitemap cycle ends here
        self.new_articles: Counter[str] = Counter()  # article requests per source in this run
        self.sitemaps: Counter[str] = Counter()  # sitemaps asked for per source in this run
        self.warned: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PressSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = ArticleStore(crawler.settings["CHIPWATCH_STORE"])
        spider.validators = spider.store.load_validators()
        settings = crawler.settings
        spider.budget = Budget(*(settings.getint(f"CHIPWATCH_{name.upper()}") for name in
                                 ("max_new_articles", "sitemap_depth", "max_sitemaps", "sitemap_days")))
        return spider

    def _limit(self, source: Source, limit: str, detail: str) -> None:
        """Count a budget hit in the summary (`chipwatch/limit/<limit>`), with one warning line per source."""
        self.crawler.stats.inc_value(f"{LIMIT_KEY}/{limit}")
        if (source.name, limit) not in self.warned:
            self.warned.add((source.name, limit))
            self.logger.warning("%s: %s; the rest waits for the next run", source.name, detail)

    def closed(self, reason: str) -> None:
        """Keep the feed validators, unless records could not be stored (then every feed is read again)."""
        if not self.crawler.stats.get_value(STORE_ERROR_KEY):
            try:
                self.store.save_validators(self.validators)
            except OSError as error:
                self.logger.warning("could not save feed validators: %s", error.strerror or error)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url, source_name in sorted(self.store.retry_urls.items()):
            if source_name in self.sources_by_name:
                self.crawler.stats.inc_value("chipwatch/article/retried_from_last_run")
                yield self._article(url, self.sources_by_name[source_name], listing=None)
        for source in self.config.sources:
            for url in source.feeds:
                yield self._listing(url, source, self.parse_feed, conditional=True)
            for url in source.sitemaps:
                yield self._listing(url, source, self.parse_sitemap, conditional=True)
            for url in source.start_urls:
                yield self._listing(url, source, self.parse_section)

    def _listing(self, url: str, source: Source, callback, conditional: bool = False) -> scrapy.Request:
        headers = {}
        saved = self.validators.get(url, {}) if conditional and not self.refetch else {}
        if saved.get("etag"):
            headers["If-None-Match"] = saved["etag"]
        if saved.get("last_modified"):
            headers["If-Modified-Since"] = saved["last_modified"]
        request = scrapy.Request(url, callback=callback, errback=self.listing_failed, headers=headers,
                                 meta={"source": source.name, "handle_httpstatus_list": [304]},
                                 dont_filter=True)
        self.listings.add(url)
        if callback == self.parse_sitemap:
            self.sitemaps[source.name] += 1
        return request

    def _remember_validators(self, response: Response) -> bool:
        """Save the feed's ETag / Last-Modified; False when the server answered 304 Not Modified."""
        if response.status == 304:
            self.crawler.stats.inc_value("chipwatch/listing/not_modified")
            return False
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if etag or modified:
            self.validators[response.url] = {
                k: v.decode("latin-1") for k, v in (("etag", etag), ("last_modified", modified)) if v
            }
        return True

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | ArticleRecord]:
        if not self._remember_validators(response):
            return
        if not is_feed(response.body):
            yield self._record(response.url, self.sources_by_name[response.meta["source"]], response.status,
                               status="failed", error="not an RSS or Atom feed (unreadable XML)",
                               extra={"kind": "listing", "retryable": False})
            return
        yield from self._articles(feed_links(response.body), response)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | ArticleRecord]:
        if not self._remember_validators(response):
            return
        children, pages = sitemap_entries(response.body)
        source = self.sources_by_name[response.meta["source"]]
        depth = response.meta.get(SITEMAP_DEPTH, 0) + 1
        for child in children:
            if child in self.listings:
                self.crawler.stats.inc_value("chipwatch/listing/repeated")
                continue
            if depth > self.budget.sitemap_depth or self.sitemaps[source.name] >= self.budget.max_sitemaps:
                self._limit(source, "sitemaps", f"sitemap index {response.url} goes deeper or wider than "
                            f"{self.budget.sitemap_depth} levels / {self.budget.max_sitemaps} sitemaps")
                continue
            try:
                request = self._listing(child, source, self.parse_sitemap, conditional=True)
            except ValueError as error:
                yield self._malformed(child, source, response.url, error)
                continue
            request.meta[SITEMAP_DEPTH] = depth
            yield request
        if self.budget.sitemap_days:
            oldest = (datetime.now(UTC) - timedelta(days=self.budget.sitemap_days)).date().isoformat()
            recent = [(url, day) for url, day in pages if not day or day[:10] >= oldest]
            if len(recent) < len(pages):
                self.crawler.stats.inc_value(f"{LIMIT_KEY}/old_entries", len(pages) - len(recent))
            pages = recent
        yield from self._articles([url for url, _ in pages], response)

    def parse_section(self, response: Response) -> Iterator[scrapy.Request | ArticleRecord]:
        if not isinstance(response, TextResponse):
            return
        source = self.sources_by_name[response.meta["source"]]
        yield from self._articles(section_links(response.text, response.url, source.follow), response)

    def _articles(self, urls: list[str], listing: Response) -> Iterator[scrapy.Request | ArticleRecord]:
        source = self.sources_by_name[listing.meta["source"]]
        for raw in urls:
            try:
                url = canonicalize_url(listing.urljoin(raw))
            except ValueError as error:  # a bad port, broken brackets: the other links still count
                if raw not in self.requested and not self.store.is_settled(raw):
                    self.requested.add(raw)
                    yield self._malformed(raw, source, listing.url, error)
                continue
            if url in self.requested or not source.allows(url):
                continue
            if self.store.is_settled(url) and not self.refetch:
                self.requested.add(url)
                self.crawler.stats.inc_value("chipwatch/article/already_stored")
                continue
            if self.new_articles[source.name] >= self.budget.max_new_articles:
                self._limit(source, "new_articles", f"more than {self.budget.max_new_articles} new article links "
                            "in one run (max_new_articles)")
                self.validators.pop(listing.url, None)  # the listing is read whole again next run
                continue
            yield self._article(url, source, listing.url)

    def _malformed(self, raw: str, source: Source, listing: str, error: ValueError) -> ArticleRecord:
        """The record of a link that is no valid URL: nothing to fetch, nothing to retry."""
        self.crawler.stats.inc_value("chipwatch/listing/malformed_link")
        return ArticleRecord(url=raw, source=source.name, status="failed", canonical_url=raw,
                             declared_lang=source.lang, fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                             error=f"malformed link in {listing}: {error}", extra={"retryable": False})

    def _article(self, url: str, source: Source, listing: str | None) -> scrapy.Request:
        """An article request; our own `requested` set dedupes, so redirect loops reach the redirect limit."""
        self.requested.add(url)
        self.new_articles[source.name] += 1
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
                              meta={"source": source.name, "declared_lang": source.lang, "listing": listing,
                                    "article_url": url})

    def parse_article(self, response: Response) -> Iterator[ArticleRecord]:
        source = self.sources_by_name[response.meta["source"]]
        url, status = response.meta["article_url"], response.status
        html_hash = hashlib.sha256(response.body).hexdigest()
        content_type = response.headers.get(b"Content-Type") or b""
        if content_type and not content_type.lower().startswith(HTML_TYPES):
            yield self._record(url, source, status, html_hash=html_hash, status="no_article",
                               error=f"not an HTML page ({content_type.decode('latin-1')})")
            return
        if looks_binary(response.body):
            yield self._record(url, source, status, html_hash=html_hash, status="no_article",
                               error="binary data served as a page")
            return
        seconds = self.crawler.settings.getfloat("CHIPWATCH_EXTRACT_SECONDS")
        try:
            with time_limit(seconds):
                article = extract_article(response.body, response.url, content_type=content_type.decode("latin-1"),
                                          declared_lang=source.lang)
        except TimeLimitExceeded:
            self.crawler.stats.inc_value(f"{LIMIT_KEY}/extract_seconds")
            self.logger.warning("%s: finding the article took over %g s; skipped", response.url, seconds)
            yield self._record(url, source, status, html_hash=html_hash, status="no_article",
                               error=f"article extraction over its time limit of {seconds:g} s")
            return
        canonical = article.canonical_url
        extra: dict[str, Any] = {"date_source": article.date_source}
        if article.lang and article.lang != source.lang:
            extra["lang_mismatch"] = True
            self.logger.warning("%s: detected language %s, source declares %s", response.url, article.lang,
                                source.lang)
        length = len((article.text or "").strip())
        empty = length < MIN_TEXT_CHARS.get(source.lang, DEFAULT_MIN_TEXT_CHARS)
        yield self._record(
            url, source, status, html_hash=html_hash,
            canonical_url=canonicalize_url(canonical if canonical and same_host(canonical, response.url)
                                           else response.url),
            title=article.title, author=article.author, text=article.text, published_at=article.published_at,
            lang=article.lang, encoding=article.encoding, extra=extra,
            **({"status": "no_article", "error": f"no article text found ({length} characters)"} if empty else {}))

    def article_failed(self, failure: Failure) -> Iterator[ArticleRecord]:
        request = failure.request
        yield self._failure_record(request.meta["article_url"], request.meta["source"], failure)

    def listing_failed(self, failure: Failure) -> Iterator[ArticleRecord]:
        request = failure.request
        record = self._failure_record(request.url, request.meta["source"], failure)
        yield replace(record, extra={**record.extra, "kind": "listing"})

    def _failure_record(self, url: str, source_name: str, failure: Failure) -> ArticleRecord:
        outcome = describe_failure(failure)
        return self._record(url, self.sources_by_name[source_name], outcome.http_status, status=outcome.status,
                            error=outcome.reason, extra={"retryable": outcome.retryable})

    def _record(self, url: str, source: Source, http_status: int | None, **fields: Any) -> ArticleRecord:
        """The record of `url`: a usable article unless `fields` say otherwise."""
        values: dict[str, Any] = {"status": USABLE, "canonical_url": canonicalize_url(url)} | fields
        return ArticleRecord(url=url, source=source.name, declared_lang=source.lang,
                             fetched_at=datetime.now(UTC).isoformat(timespec="seconds"), http_status=http_status,
                             **values)
