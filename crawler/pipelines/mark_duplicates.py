"""Marks near-duplicates (the same wire story on several sites) as records arrive: the first copy fetched wins.

The stored usable articles (the spool's index, `crawler.spool_index`) come first, then every usable record
of this crawl in the order it was fetched, so a copy claiming an older date never displaces the copy
chipwatch saw first.
"""

from __future__ import annotations

from dataclasses import replace

from scrapy.crawler import Crawler

from core.records import ArticleRecord
from core.vocab import USABLE
from crawler.dedupe import NearDuplicateIndex
from crawler.store import ArticleStore

MARKED_KEY = "chipwatch/dedupe/marked"


class MarkDuplicatesPipeline:
    """Turns a usable record that nearly repeats an earlier article into a `duplicate` pointing at it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = ArticleStore(crawler.settings["CHIPWATCH_STORE"])
        self.index = NearDuplicateIndex()  # this crawl's usable records

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MarkDuplicatesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store.index.catch_up()

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        if item.status != USABLE or not item.text:
            return item
        key = item.canonical_url or item.url
        original = self.store.index.first_match(item.text, exclude=key) or self.index.first_match(item.text,
                                                                                                  exclude=key)
        if original is None:
            self.index.add(key, item.text)
            return item
        self.crawler.stats.inc_value(MARKED_KEY)
        return replace(item, status="duplicate", duplicate_of=original)
