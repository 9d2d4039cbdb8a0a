"""Decides the key of each article: its canonical link, unless that link would merge it with another text.

A canonical link names the same article under one URL, so it becomes the article's key (and id). A page
whose canonical link is already the key of a different page with a different text (an outlet naming its
home page as every article's canonical) keeps its own fetched URL as key instead, with one warning line.
"""

from __future__ import annotations

from dataclasses import replace

from scrapy.crawler import Crawler

from core.records import ArticleRecord
from crawler.spool_index import text_key
from crawler.store import ArticleStore
from crawler.urls import canonicalize_url

REFUSED_KEY = "chipwatch/canonical/refused"


class KeyArticlesPipeline:
    """Keeps each canonical key for one (fetched URL, text) pair."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = ArticleStore(crawler.settings["CHIPWATCH_STORE"])
        self.owners: dict[str, tuple[str, str]] = {}  # canonical key -> (fetched URL, text key) in this crawl

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeyArticlesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store.index.catch_up()

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        key = item.canonical_url
        if not key or not item.text:
            return item
        own = canonicalize_url(item.url)
        owner = self.store.index.owner(key) or self.owners.setdefault(key, (item.url, text_key(item.text)))
        if key == own or owner[0] == item.url or owner[1] == text_key(item.text):
            return item
        self.crawler.stats.inc_value(REFUSED_KEY)
        self.crawler.spider.logger.warning("%s: canonical link %s already names another article; keeping the "
                                           "fetched URL as its key", item.url, key)
        if self.store.index.owner(own) is None:
            self.owners.setdefault(own, (item.url, text_key(item.text)))
        return replace(item, canonical_url=own)
