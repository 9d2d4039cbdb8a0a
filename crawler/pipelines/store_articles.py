"""Collects a crawl's records, marks near-duplicates across outlets, and appends them to the store."""

from __future__ import annotations

from scrapy import Spider
from scrapy.crawler import Crawler

from crawler.dedupe import NearDuplicateIndex, mark_duplicates
from crawler.records import ArticleRecord

STORE_ERROR_KEY = "chipwatch/store/error"


class StoreArticlesPipeline:
    """Buffers records, then on close marks duplicates in a stable order and writes them in one append.

    A crawl killed before it closes writes nothing, so the store never holds half a run and the
    next run fetches the same pages again; so does a crawl whose store cannot be written (the reason
    goes in the `STORE_ERROR_KEY` stat).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.records: list[ArticleRecord] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreArticlesPipeline:
        return cls(crawler)

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        self.records.append(item)
        self.crawler.stats.inc_value(f"chipwatch/records/{item.status}")
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        spider = self.crawler.spider
        self.records += spider.unanswered()
        index = NearDuplicateIndex()
        for stored in spider.store.records():
            if stored.get("status") == "ok" and stored.get("text"):
                index.add(stored.get("canonical_url") or stored["url"], stored["text"])
        order = {name: i for i, name in enumerate(spider.sources_by_name)}
        marked = mark_duplicates(self.records, index, order)
        self.crawler.stats.set_value("chipwatch/dedupe/marked", marked)
        spider.run_records = self.records
        try:
            spider.store.append(self.records)
            spider.store.save_validators(spider.validators)
        except OSError as error:  # disk full, read-only: the store is left as it was, the run reports it
            reason = error.strerror or str(error)
            self.crawler.stats.set_value(STORE_ERROR_KEY, f"could not write {spider.store.path}: {reason}")
