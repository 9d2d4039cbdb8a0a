"""Run one crawl of the configured sources into the JSONL store and summarise it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crawler.records import ArticleRecord
from crawler.settings import build_settings
from crawler.sources import SourcesConfig
from crawler.store import ArticleStore


@dataclass
class CrawlSummary:
    """What one crawl stored: records of this run, counted per source, language and status."""

    records: list[ArticleRecord] = field(default_factory=list)
    already_stored: int = 0
    feeds_not_modified: int = 0
    store_error: str | None = None  # why the records could not be written (then none were)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.records)

    def render(self) -> str:
        """A human-readable summary table with the failures and their reasons."""
        lines = ["", "crawl summary", f"{'source':24} {'lang':4} {'ok':>4} {'dup':>4} {'empty':>5} {'blocked':>7} "
                 f"{'failed':>6}"]
        per_source: dict[tuple[str, str], Counter] = {}
        for r in self.records:
            per_source.setdefault((r.source, r.declared_lang or "?"), Counter())[r.status] += 1
        for (source, lang), c in sorted(per_source.items()):
            lines.append(f"{source:24} {lang:4} {c['ok']:4d} {c['duplicate']:4d} {c['no_article']:5d} "
                         f"{c['blocked']:7d} {c['failed']:6d}")
        lines.append(f"skipped, already stored: {self.already_stored}; feeds not modified: {self.feeds_not_modified}")
        langs = Counter(r.lang or "?" for r in self.records if r.status in ("ok", "duplicate"))
        lines.append("articles per language: " + (", ".join(f"{k} {v}" for k, v in sorted(langs.items())) or "none"))
        problems = [r for r in self.records if r.status in ("failed", "blocked", "no_article")]
        if problems:
            lines.append(f"not stored as articles ({len(problems)}):")
            lines += [f"  {r.status:10} {r.url}  {r.error}" for r in problems]
        if self.store_error:
            lines.append(f"NOTHING STORED: {self.store_error}; the next run fetches these pages again")
        return "\n".join(lines)


def run_crawl(config: SourcesConfig, out: str | Path, *, refetch: bool = False, verbose: bool = False,
              progress: bool = True) -> CrawlSummary:
    """Crawl every source of `config` once, appending records to the JSONL store at `out`.

    Starts Scrapy's event loop, so call it once per process (the CLI and flows run it in a subprocess).
    """
    from scrapy.crawler import AsyncCrawlerProcess

    from crawler.logs import quiet_network_tracebacks
    from crawler.pipelines.store_articles import STORE_ERROR_KEY
    from crawler.spiders.press import PressSpider

    quiet_network_tracebacks()
    settings = build_settings(config.crawl, verbose=verbose)
    settings.set("CHIPWATCH_PROGRESS", progress)
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(PressSpider)
    process.crawl(crawler, config=config, store=ArticleStore(out), refetch=refetch)
    process.start()
    stats = crawler.stats
    return CrawlSummary(list(getattr(crawler.spider, "run_records", [])),
                        already_stored=stats.get_value("chipwatch/article/already_stored", 0),
                        feeds_not_modified=stats.get_value("chipwatch/listing/not_modified", 0),
                        store_error=stats.get_value(STORE_ERROR_KEY))
