"""Prefect flows: `collection` (crawl + load), `extraction`, `alerting`, and `pipeline` chaining them.

Flows are nouns and only orchestrate; the tasks they call (`flows.tasks`) are verbs. The sources file is
parsed once per run: a flow given a path reads it, one given a parsed `SourcesConfig` hands it on.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from prefect import flow

from crawler.sources import SourcesConfig, load_sources
from flows import tasks
from flows.runlock import run_lock
from nlp.supervised import DEFAULT_BUDGET


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
def extraction(db: str, workers: int = 1, ner_model: str | None = None,
               budget: float = DEFAULT_BUDGET) -> dict[str, int]:
    """Extract entities, relations and sanction events from every article not yet processed, each
    article within `budget` seconds."""
    return tasks.extract(db, workers, ner_model, budget)


@flow(name="alerting", log_prints=True)
def alerting(db: str, alerts_file: str | None = None) -> dict:
    """Raise alerts for sanction measures seen for the first time and deliver them through the channels."""
    return tasks.alert(db, alerts_file)


@flow(name="pipeline", log_prints=True)
def pipeline(sources: str | SourcesConfig, db: str, alerts_file: str | None = None, workers: int = 1,
             refetch: bool = False, ner_model: str | None = None, budget: float = DEFAULT_BUDGET) -> dict[str, dict]:
    """Crawl and load, extract, alert: one full run over the configured sources (a file or a parsed config)."""
    config = sources if isinstance(sources, SourcesConfig) else load_sources(sources)
    with run_lock(db):
        collected = collection(config, db, refetch)
        extracted = extraction(db, workers, ner_model, budget)
        alerted = alerting(db, alerts_file)
    return {"crawl": collected, "extract": extracted, "alert": alerted}
