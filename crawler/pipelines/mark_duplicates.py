"""Marks near-duplicates (the same wire story on several sites) as records arrive: the first copy fetched wins.

The index holds the usable articles of the store, then every usable record of this crawl in the order
it was fetched, so a copy claiming an older date never displaces the copy chipwatch saw first.
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
        self.index = NearDuplicateIndex()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MarkDuplicatesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        for stored in self.store.records():
            if not isinstance(stored, dict) or stored.get("status") != USABLE:
                continue
            key, text = stored.get("canonical_url") or stored.get("url"), stored.get("text")
            if isinstance(key, str) and isinstance(text, str):
                self.index.add(key, text)

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        if item.status != USABLE or not item.text:
            return item
        key = item.canonical_url or item.url
        original = self.index.first_match(item.text, exclude=key)
        if original is None:
            self.index.add(key, item.text)
            return item
        self.crawler.stats.inc_value(MARKED_KEY)
        return replace(item, status="duplicate", duplicate_of=original)
