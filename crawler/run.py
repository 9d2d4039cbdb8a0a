"""Run one crawl of the configured sources into the JSONL store and summarise it."""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from core.errors import StageFailed, environment_failure
from core.records import ArticleRecord
from core.vocab import NOT_ARTICLES
from crawler.settings import build_settings
from crawler.sources import SourcesConfig
from crawler.spool import read_records

STOP_SECONDS = 30.0  # a stopped crawl process gets this long to close its requests and store its records


@dataclass
class CrawlSummary:
    """What one crawl stored: records of this run, counted per source, language and status."""

    records: list[ArticleRecord] = field(default_factory=list)
    already_stored: int = 0
    feeds_not_modified: int = 0
    store_error: str | None = None  # why some records could not be written (the next run fetches them again)
    limits: dict[str, int] = field(default_factory=dict)  # budget hits: `new_articles`, `sitemaps`, ... -> count

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
        problems = [r for r in self.records if r.status in NOT_ARTICLES]
        if problems:
            lines.append(f"not stored as articles ({len(problems)}):")
            lines += [f"  {r.status:10} {r.url}  {r.error}" for r in problems]
        if self.limits:
            lines.append("limits hit (see the warnings above): "
                         + ", ".join(f"{name} {count}" for name, count in sorted(self.limits.items())))
        if self.store_error:
            lines.append(f"NOT ALL STORED: {self.store_error}; the next run fetches those pages again")
        return "\n".join(lines)


def run_crawl(config: SourcesConfig, out: str | Path, *, refetch: bool = False, verbose: bool = False,
              progress: bool = True) -> CrawlSummary:
    """Crawl every source of `config` once, appending records to the JSONL store at `out`.

    Starts Scrapy's event loop, so call it once per process (`crawl_in_subprocess` runs it in a fresh one).
    """
    from scrapy.crawler import AsyncCrawlerProcess

    from crawler.logs import quiet_network_tracebacks
    from crawler.pipelines.store_articles import STORE_ERROR_KEY
    from crawler.spiders.press import LIMIT_KEY, PressSpider
    from crawler.spool_index import SpoolIndex

    quiet_network_tracebacks()
    before = Path(out).stat().st_size if Path(out).exists() else 0
    settings = build_settings(out, config.crawl, verbose=verbose)
    settings.set("CHIPWATCH_PROGRESS", progress)
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(PressSpider)
    process.crawl(crawler, config=config, refetch=refetch)
    process.start()
    SpoolIndex(out).close()  # opening it takes this crawl's records in, so the next crawl starts at once
    stats = crawler.stats
    return CrawlSummary([ArticleRecord.from_dict(r) for r in read_records(Path(out), offset=before)],
                        already_stored=stats.get_value("chipwatch/article/already_stored", 0),
                        feeds_not_modified=stats.get_value("chipwatch/listing/not_modified", 0),
                        store_error=stats.get_value(STORE_ERROR_KEY),
                        limits={key.rsplit("/", 1)[1]: value for key, value in stats.get_stats().items()
                                if key.startswith(LIMIT_KEY + "/")})


def crawl_in_subprocess(config: SourcesConfig, out: str | Path, *, refetch: bool = False,
                        progress: bool = True) -> CrawlSummary:
    """`run_crawl` in a fresh process (Scrapy's event loop cannot start twice in one), given the parsed config.

    Raises `StageFailed` when the crawl process dies or fails without a summary.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_crawl_child, args=(sender, config, str(out), refetch, progress))
    child.start()
    sender.close()
    try:
        outcome = receiver.recv()
    except EOFError:
        outcome = None
    except BaseException:  # stopped (SIGTERM, Ctrl-C): the child stores what it fetched, then sends its summary
        _drain(receiver, child)
        raise
    child.join()
    if isinstance(outcome, CrawlSummary):
        return outcome
    raise StageFailed(outcome or f"the crawl process ended with exit code {child.exitcode} and no summary")


def _drain(receiver: Connection, child: multiprocessing.process.BaseProcess) -> None:
    """Read the summary a stopping crawl process sends, so it is not left blocked writing it, then let it end
    (killed after `STOP_SECONDS`: its records are already written as they came)."""
    deadline = time.monotonic() + STOP_SECONDS
    try:
        while child.is_alive() and time.monotonic() < deadline:
            if receiver.poll(0.2):
                receiver.recv()
    except (EOFError, OSError):
        pass
    child.join(max(0.0, deadline - time.monotonic()))
    if child.is_alive():
        child.kill()
        child.join()


def _crawl_child(sender: Connection, config: SourcesConfig, out: str, refetch: bool, progress: bool) -> None:
    try:
        sender.send(run_crawl(config, out, refetch=refetch, progress=progress))
    except Exception as error:  # the parent reports it in one line; the traceback is shown for a bug
        reason = environment_failure(error)
        if reason is None:
            traceback.print_exc()
        sender.send(f"crawl failed: {reason or f'{type(error).__name__}: {error}'}")
    finally:
        sender.close()
