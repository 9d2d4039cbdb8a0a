"""Prefect flows: `crawl`, `load`, `extract`, `alert`, and `pipeline` chaining them."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from prefect import flow

from crawler.sources import load_sources
from flows import tasks


def spool_path(db: str | Path) -> Path:
    """The crawler's JSONL record file kept beside a warehouse: the crawl's memory and raw archive."""
    return Path(f"{db}.crawl.jsonl")


@flow(name="crawl", log_prints=True)
def crawl_flow(sources_file: str, db: str, refetch: bool = False) -> dict[str, int]:
    """Crawl every configured source once, then load the articles into the warehouse."""
    config = load_sources(sources_file)
    spool = str(spool_path(db))
    statuses = tasks.crawl(sources_file, spool, refetch)
    load_flow(db, spool, [asdict(s) for s in config.sources])
    return statuses


@flow(name="load", log_prints=True)
def load_flow(db: str, spool: str, sources: list[dict]) -> dict[str, int]:
    """Load the spooled article records, the sources and the knowledge base (idempotent)."""
    return tasks.load(db, spool, sources)


@flow(name="extract", log_prints=True)
def extract_flow(db: str, workers: int = 1, ner_model: str | None = None) -> dict[str, int]:
    """Extract entities, relations and sanction events from every article not yet processed."""
    return tasks.extract(db, workers, ner_model)


@flow(name="alert", log_prints=True)
def alert_flow(db: str, alerts_file: str | None = None) -> dict:
    """Raise alerts for sanction events seen for the first time and deliver them through the channels."""
    return tasks.alert(db, alerts_file)


@flow(name="pipeline", log_prints=True)
def pipeline(sources_file: str, db: str, alerts_file: str | None = None, workers: int = 1,
             refetch: bool = False, ner_model: str | None = None) -> dict[str, dict]:
    """Crawl, load, extract, alert: one full run over the configured sources."""
    crawled = crawl_flow(sources_file, db, refetch)
    extracted = extract_flow(db, workers, ner_model)
    alerted = alert_flow(db, alerts_file)
    return {"crawl": crawled, "extract": extracted, "alert": alerted}
