"""Decides the key of each article: its canonical link, unless that link would merge it with another text.

A canonical link names the same article under one URL, so it becomes the article's key (and id). A page
whose canonical link is already the key of a different page with a different text (an outlet naming its
home page as every article's canonical) keeps its own fetched URL as key instead, with one warning line.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from scrapy.crawler import Crawler

from core.records import ArticleRecord
from crawler.store import ArticleStore
from crawler.urls import canonicalize_url

REFUSED_KEY = "chipwatch/canonical/refused"


def text_key(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8", "replace")).hexdigest()[:16]


class KeyArticlesPipeline:
    """Keeps each canonical key for one (fetched URL, text) pair."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = ArticleStore(crawler.settings["CHIPWATCH_STORE"])
        self.owners: dict[str, tuple[str, str]] = {}  # canonical key -> (fetched URL, text fingerprint)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeyArticlesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        for stored in self.store.records():
            if isinstance(stored, dict) and isinstance(stored.get("canonical_url"), str) and stored.get("text"):
                self.owners.setdefault(stored["canonical_url"], (str(stored.get("url")), text_key(stored["text"])))

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        key = item.canonical_url
        if not key or not item.text:
            return item
        own = canonicalize_url(item.url)
        owner = self.owners.setdefault(key, (item.url, text_key(item.text)))
        if key == own or owner[0] == item.url or owner[1] == text_key(item.text):
            return item
        self.crawler.stats.inc_value(REFUSED_KEY)
        self.crawler.spider.logger.warning("%s: canonical link %s already names another article; keeping the "
                                           "fetched URL as its key", item.url, key)
        self.owners.setdefault(own, (item.url, text_key(item.text)))
        return replace(item, canonical_url=own)
