"""Progress lines on stderr while a crawl runs: one per stored or failed page."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.crawler import Crawler

from core.records import ArticleRecord
from core.vocab import USABLE


class ProgressReporter:
    """Prints `[n] status source title-or-reason` for each record, unless CHIPWATCH_PROGRESS is off."""

    def __init__(self, crawler: Crawler) -> None:
        self.count = 0
        self.enabled = crawler.settings.getbool("CHIPWATCH_PROGRESS", True)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressReporter:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        if self.enabled:
            print(f"crawling {len(spider.sources_by_name)} source(s)…", file=sys.stderr, flush=True)

    def item_scraped(self, item: ArticleRecord, response=None, spider=None) -> None:
        self.count += 1
        if not self.enabled:
            return
        detail = item.title if item.status == USABLE else item.url + (f" ({item.error})" if item.error else "")
        print(f"[{self.count:4d}] {item.status:10} {item.source:20} {detail}", file=sys.stderr, flush=True)
