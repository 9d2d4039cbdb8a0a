"""Prefect tasks: each one I/O step or one expensive unit, safe to re-run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from core.errors import StageFailed, UserError
from core.records import Extraction, ExtractionFailure, ExtractionInput
from crawler.run import crawl_in_subprocess
from crawler.sources import SourcesConfig
from crawler.spool import quarantine, read_spool
from flows.writer import warehouse_writer
from nlp.supervised import DEFAULT_BUDGET
from warehouse.db import open_warehouse
from warehouse.load import load_articles, load_extractions, load_sources, pending_articles, sync_entities
from warehouse.spool_marks import read_mark, save_mark

T = TypeVar("T")
EXTRACT_LOAD_BATCH = 100
MAX_NLP_CHARS = 200_000  # spaCy refuses texts over 1,000,000 characters; a real article is far shorter


def _not_a_user_error(task: Task, task_run: TaskRun, state: State) -> bool:
    """Retry a failed task unless it failed on a mistake in input or configuration (a retry gives the same)."""
    return not isinstance(state.result(raise_on_failure=False), UserError)


@task(retries=2, retry_delay_seconds=[5, 15], retry_condition_fn=_not_a_user_error, cache_policy=NO_CACHE)
def crawl(config: SourcesConfig, spool: str, refetch: bool = False) -> dict[str, int]:
    """Run the spiders over the parsed sources (in a fresh process: Scrapy's event loop runs once per process)."""
    summary = crawl_in_subprocess(config, spool, refetch=refetch)
    print(summary.render())
    if summary.store_error:
        raise StageFailed(summary.store_error)
    statuses = Counter(record.status for record in summary.records)
    print(f"crawl: {sum(statuses.values())} new record(s): {dict(statuses)}")
    return dict(statuses)


@task(cache_policy=NO_CACHE)
def load(db: str, spool: str, sources: list[dict[str, Any]]) -> dict[str, int]:
    """Load sources, the knowledge base and the spooled article records not loaded yet (after the spool's
    mark; the whole spool when it was rewritten) into the warehouse; loading twice changes nothing."""
    from nlp.kb import load_kb

    spool_file = Path(spool)
    with warehouse_writer(), open_warehouse(db) as con:
        read = read_spool(spool_file, read_mark(con, spool_file))
        if read.rewritten:
            print(f"load: {spool_file.name} changed since it was last loaded; reading it whole")
        quarantined = quarantine(spool_file, read.bad)
        load_sources(con, sources)
        entities = sync_entities(con, load_kb())
        articles = load_articles(con, read.records)
        save_mark(con, spool_file, read.mark)  # after the load: a run that dies before it loads them again
    print(f"load: {len(read.records)} new spooled record(s) → articles {articles}; knowledge base {entities}"
          + (f"; {len(read.bad)} unreadable line(s) set aside in {quarantined.name}" if read.bad else ""))
    return articles | {"unreadable": len(read.bad)}


@task(cache_policy=NO_CACHE)
def extract(db: str, workers: int = 1, ner_model: str | None = None,
            budget: float | None = DEFAULT_BUDGET) -> dict[str, int]:
    """NLP over the articles not yet processed, on `workers` processes, loaded in batches as they finish.

    Texts are cut to `MAX_NLP_CHARS`; an article taking longer than `budget` seconds is given up. Each
    article the NLP stage cannot process gets its `extract_error`, so one bad page never blocks later runs.
    """
    from nlp.extract import Extractor

    with open_warehouse(db) as con:
        pending = _pending(con)
        print(f"extract: {len(pending)} article(s) to process with {workers} worker(s)")
        extractor = Extractor(ner_model=ner_model)
        totals: Counter = Counter()
        batch: list[Extraction | ExtractionFailure] = []
        done = 0
        try:
            for record in extractor.extract_many(pending, workers=workers, budget=budget):
                batch.append(record)
                done += 1
                if len(batch) >= EXTRACT_LOAD_BATCH:
                    with warehouse_writer():
                        totals.update(load_extractions(con, batch))
                    print(f"extract: {totals['articles']}/{len(pending)} article(s) loaded")
                    batch = []
        except StageFailed:  # the workers could not start: nothing to go on with
            raise
        except Exception as error:  # recorded per article below: the run goes on
            print(f"extract: {type(error).__name__} after {done} article(s); going on one article at a time")
            batch += [extractor.extract_or_fail(item) for item in pending[done:]]
        if batch:
            with warehouse_writer():
                totals.update(load_extractions(con, batch))
    print(f"extract: done: {dict(totals)}")
    return dict(totals)


@task(cache_policy=NO_CACHE)
def pending_documents(db: str) -> list[ExtractionInput]:
    """The articles not yet processed by the NLP stage, their texts cut to `MAX_NLP_CHARS`."""
    with open_warehouse(db) as con:
        return _pending(con)


@task(cache_policy=NO_CACHE)
def extract_documents(items: list[ExtractionInput], ner_model: str | None = None) -> list[dict[str, Any]]:
    """Documents in, records out, nothing else touched: the unit of work of any worker, a Dask one too.

    A document the NLP stage fails on gets its `ExtractionFailure`. No per-document budget here: a Dask
    worker runs tasks in threads of a daemon process, which can neither be interrupted nor fork a child.
    """
    extractor = _extractor(ner_model)
    return [extractor.extract_or_fail(item) for item in items]


@cache
def _extractor(ner_model: str | None) -> Any:
    """One extractor per worker process (it loads each language's pipeline once, on first use)."""
    from nlp.extract import Extractor

    return Extractor(ner_model=ner_model)


@task(cache_policy=NO_CACHE)
def store_extractions(db: str, records: list[dict[str, Any]]) -> dict[str, int]:
    """Load the records of a chunk into the warehouse, holding the writer slot."""
    with warehouse_writer(), open_warehouse(db) as con:
        return load_extractions(con, records)


def _pending(con: Any) -> list[ExtractionInput]:
    """The articles not yet processed by the NLP stage, each text cut to what the NLP stage accepts."""
    return [replace(item, text=item.text[:MAX_NLP_CHARS]) if len(item.text) > MAX_NLP_CHARS else item
            for item in pending_articles(con)]


@task(retries=1, retry_delay_seconds=[30], cache_policy=NO_CACHE)
def alert(db: str, alerts_file: str | None) -> dict[str, Any]:
    """Raise alerts for new sanction events; deliver the pending ones when channels are configured."""
    from flows.alerting import deliver_alerts, load_alert_config, raise_alerts

    with warehouse_writer(), open_warehouse(db) as con:
        raised = raise_alerts(con)
        print(f"alert: {raised}")
        if alerts_file is None:
            return raised
        from warehouse.search_index import search_path

        delivered = deliver_alerts(con, load_alert_config(alerts_file), search_index=search_path(db))
    for error in delivered.get("errors", []):
        print(f"alert: delivery problem: {error}")
    print(f"alert: delivered {({k: v for k, v in delivered.items() if k != 'errors'})}")
    return {**raised, **{k: v for k, v in delivered.items() if k != "errors"}}


def _beside_warehouse(db: str, step: str, folder: Path, write: Callable[[Any], T],
                      *errors: type[Exception]) -> T | None:
    """Run `write` on a read-only connection, holding the writer slot so no other run writes meanwhile; a
    folder beside the warehouse that cannot be written (`OSError`, or `errors`) is one warning and None: the
    warehouse is complete, and the next run writes the folder again."""
    with warehouse_writer(), open_warehouse(db, read_only=True) as con:
        try:
            return write(con)
        except (OSError, *errors) as error:
            print(f"WARNING {step}: {folder} not written: {getattr(error, 'strerror', None) or error}")
            return None


@task(retries=1, retry_delay_seconds=[30], cache_policy=NO_CACHE)
def feeds(db: str, alerts_file: str | None) -> int:
    """Write the Atom feeds beside the warehouse (`flows.feeds`); returns how many (0, with one warning, when
    the folder cannot be written)."""
    from flows.alerting import load_alert_config
    from flows.feeds import feeds_path, write_feeds

    config = load_alert_config(alerts_file) if alerts_file else None
    folder = feeds_path(db)
    written = _beside_warehouse(db, "feeds", folder, lambda con: write_feeds(con, folder, config))
    if written is None:
        return 0
    print(f"feeds: {len(written)} Atom feed(s) written into {folder}")
    return len(written)


@task(retries=1, retry_delay_seconds=[30], cache_policy=NO_CACHE)
def export_for_bi(db: str) -> dict[str, int]:
    """Refresh the Parquet export for BI tools beside the warehouse (`warehouse.bi_export`); a folder that
    cannot be written is one warning, and the export is refreshed again next run."""
    from warehouse.bi_export import export_path, refresh_export

    out = export_path(db)
    done = _beside_warehouse(db, "export", out, lambda con: refresh_export(con, out), UserError)
    if done is None:
        return {}
    print(f"export: {out} refreshed: {done.written} partition(s) written, {done.kept} kept, {done.tables} tables")
    return {"written": done.written, "kept": done.kept}


@task(retries=1, retry_delay_seconds=[30], cache_policy=NO_CACHE)
def index_for_search(db: str) -> int:
    """Add the newly extracted articles to the full-text index beside the warehouse (`warehouse.search_index`);
    returns how many. An index that cannot be written is one warning: the next run catches up."""
    from warehouse.search_index import search_path, update_index

    folder = search_path(db)
    done = _beside_warehouse(db, "search", folder, lambda con: update_index(con, folder), ValueError)
    if done is None:
        return 0
    if done.rebuilt:
        print(f"search: the index in {folder} was rebuilt whole ({done.rebuilt})")
    print(f"search: {done.indexed} article(s) indexed in {folder}")
    return done.indexed
