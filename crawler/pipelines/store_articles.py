"""Appends a crawl's records to the store as they come (fsynced in batches), and records lost requests.

Every article request the scheduler takes is remembered until its record arrives; at the close those
still waiting (a crawl stopped early, a request dropped on the way) are stored as retryable failures,
so the next run asks for them again even when their feed then answers `304 Not Modified`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from scrapy import Request, signals
from scrapy.crawler import Crawler

from core.records import ArticleRecord
from crawler.store import ArticleStore
from crawler.urls import canonicalize_url

STORE_ERROR_KEY = "chipwatch/store/error"
BATCH_RECORDS = 25  # records made durable together (one fsync); each is written as it comes
BATCH_SECONDS = 5.0  # an fsync waits at most this long


class StoreArticlesPipeline:
    """Writes records to the store at `CHIPWATCH_STORE`; a failed write is reported in `STORE_ERROR_KEY`.

    The records of a failed write are not stored, so the next run fetches those pages again.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = ArticleStore(crawler.settings["CHIPWATCH_STORE"])
        self.unsynced = 0  # records written since the last fsync
        self.synced_at = time.monotonic()
        self.waiting: dict[str, tuple[str, str | None]] = {}  # article URL → (source, declared language)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreArticlesPipeline:
        return cls(crawler)

    def request_scheduled(self, request: Request, spider: object = None) -> None:
        url = request.meta.get("article_url")
        if url:
            self.waiting[url] = (request.meta["source"], request.meta.get("declared_lang"))

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        self.waiting.pop(item.url, None)
        self.crawler.stats.inc_value(f"chipwatch/records/{item.status}")
        self._write([item])  # at once: a crawl killed in a hurry (a second SIGTERM) keeps it
        if self.unsynced >= BATCH_RECORDS or time.monotonic() - self.synced_at >= BATCH_SECONDS:
            self._sync()
        return item

    def close_spider(self) -> None:
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        self._write([
            ArticleRecord(url=url, source=source, status="failed", canonical_url=canonicalize_url(url),
                          declared_lang=lang, fetched_at=fetched_at, error="request dropped before any response",
                          extra={"retryable": True})
            for url, (source, lang) in sorted(self.waiting.items())
        ])
        self._sync()

    def _write(self, records: list[ArticleRecord]) -> None:
        try:
            self.unsynced += self.store.append(records, sync=False)
        except OSError as error:  # disk full, read-only: the store is left as it was, the run reports it
            self._failed(error)

    def _sync(self) -> None:
        self.unsynced, self.synced_at = 0, time.monotonic()
        try:
            self.store.sync()
        except OSError as error:
            self._failed(error)

    def _failed(self, error: OSError) -> None:
        reason = error.strerror or str(error)
        self.crawler.stats.set_value(STORE_ERROR_KEY, f"could not write {self.store.path}: {reason}")
