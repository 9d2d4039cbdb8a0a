"""Prefect flows: `collection` (crawl + load), `extraction`, `alerting`, and `pipeline` chaining them.

Flows are nouns and only orchestrate; the tasks they call (`flows.tasks`) are verbs. The sources file is
parsed once per run: a flow given a path reads it, one given a parsed `SourcesConfig` hands it on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from itertools import islice
from pathlib import Path
from typing import Any

from prefect import flow

from core.records import ExtractionFailure
from crawler.sources import SourcesConfig, load_sources
from flows import tasks
from flows.runlock import run_lock
from nlp.supervised import DEFAULT_BUDGET

DASK_CHUNK = 32  # documents per Dask task
DASK_IN_FLIGHT = 16  # chunks submitted ahead of the one being stored


def spool_path(db: str | Path) -> Path:
    """The crawler's JSONL record file kept beside a warehouse: the crawl's memory and raw archive."""
    return Path(f"{db}.crawl.jsonl")


@flow(name="collection", log_prints=True)
def collection(sources: str | SourcesConfig, db: str, refetch: bool = False) -> dict[str, int]:
    """Crawl every configured source once, then load the sources, the KB and the new records into the warehouse."""
    config = sources if isinstance(sources, SourcesConfig) else load_sources(sources)
    spool = str(spool_path(db))
    with run_lock(db):  # two runs would fetch everything twice into one spool
        statuses = tasks.crawl(config, spool, refetch)
        tasks.load(db, spool, [asdict(s) for s in config.sources])
    return statuses


@flow(name="extraction", log_prints=True)
def extraction(db: str, workers: int = 1, ner_model: str | None = None, budget: float = DEFAULT_BUDGET,
               dask: str | None = None) -> dict[str, int]:
    """Extract entities, relations and sanction events from every article not yet processed: on `workers`
    local processes, each article within `budget` seconds, or on the Dask cluster whose scheduler is at
    `dask` (`tcp://host:8786`)."""
    if dask is None:
        return tasks.extract(db, workers, ner_model, budget)
    from prefect_dask import DaskTaskRunner

    return distributed_extraction.with_options(task_runner=DaskTaskRunner(address=dask))(db, ner_model)


@flow(name="distributed-extraction", log_prints=True)
def distributed_extraction(db: str, ner_model: str | None = None) -> dict[str, int]:
    """Chunks of pending articles extracted by tasks on the flow's task runner (Dask), stored here in
    input order by this one process as they come back."""
    pending = tasks.pending_documents(db)
    print(f"extract: {len(pending)} article(s) to process on the Dask cluster")
    chunks = (pending[start:start + DASK_CHUNK] for start in range(0, len(pending), DASK_CHUNK))
    in_flight = [(chunk, tasks.extract_documents.submit(chunk, ner_model)) for chunk in islice(chunks, DASK_IN_FLIGHT)]
    totals: Counter = Counter()
    while in_flight:
        chunk, future = in_flight.pop(0)
        in_flight += [(more, tasks.extract_documents.submit(more, ner_model)) for more in islice(chunks, 1)]
        try:
            records = future.result()
        except Exception as error:  # the cluster lost the task (its workers died): each article records why
            reason = f"the Dask task failed: {type(error).__name__}: {str(error)[:160]}"
            print(f"WARNING extract: {len(chunk)} article(s): {reason}")
            records = [ExtractionFailure(id=item.id, error=reason) for item in chunk]
        totals.update(tasks.store_extractions(db, records))
        print(f"extract: {totals['articles']}/{len(pending)} article(s) loaded")
    print(f"extract: done: {dict(totals)}")
    return dict(totals)


@flow(name="alerting", log_prints=True)
def alerting(db: str, alerts_file: str | None = None) -> dict:
    """Raise alerts for sanction measures seen for the first time, deliver them through the channels, and
    write the Atom feeds beside the warehouse."""
    alerted = tasks.alert(db, alerts_file)
    return {**alerted, "feeds": tasks.feeds(db, alerts_file)}


@flow(name="pipeline", log_prints=True)
def pipeline(sources: str | SourcesConfig, db: str, alerts_file: str | None = None, workers: int = 1,
             refetch: bool = False, ner_model: str | None = None, budget: float = DEFAULT_BUDGET,
             dask: str | None = None) -> dict[str, Any]:
    """Crawl and load, extract, index for search, alert and write the feeds, refresh the BI export: one run over the
    configured sources (a file or a parsed config); extraction on the Dask cluster at `dask` when one is given."""
    config = sources if isinstance(sources, SourcesConfig) else load_sources(sources)
    with run_lock(db):
        collected = collection(config, db, refetch)
        extracted = extraction(db, workers, ner_model, budget, dask)
        indexed = tasks.index_for_search(db)
        alerted = alerting(db, alerts_file)
        exported = tasks.export_for_bi(db)
    return {"crawl": collected, "extract": extracted, "search": indexed, "alert": alerted, "export": exported}
