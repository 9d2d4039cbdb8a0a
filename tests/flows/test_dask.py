"""Extraction on a real Dask cluster (two worker processes) leaves the warehouse as a one-process run does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.records import ArticleRecord
from crawler.store import ArticleStore
from flows import tasks
from warehouse.db import open_warehouse

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "dev"
# what extraction writes, without the columns that hold the time of the run
EXTRACTED = {
    "mentions": "SELECT * FROM mentions",
    "relations": "SELECT * FROM relations",
    "sanction_events": "SELECT * FROM sanction_events",
    "event_targets": "SELECT * FROM event_targets",
    "article_candidates": "SELECT * FROM article_candidates",
    "articles": "SELECT article_id, extracted_at IS NOT NULL, extract_error FROM articles",
}


def gold_records(per_lang: int) -> list[ArticleRecord]:
    records = []
    for lang in ("en", "fr", "zh"):
        for path in sorted((GOLD / lang).glob("*.json"))[:per_lang]:
            article = json.loads(path.read_text(encoding="utf-8"))
            url = f"https://{lang}.example/{article['id']}"
            records.append(ArticleRecord(url=url, source="gold", status="ok", canonical_url=url, declared_lang=lang,
                                         lang=lang, title=article["title"], text=article["text"],
                                         published_at=article["published"], fetched_at="2026-12-01T00:00:00+00:00"))
    return records


def contents(db: Path) -> dict[str, list[tuple]]:
    with open_warehouse(str(db), read_only=True) as con:
        return {table: sorted(con.execute(query).fetchall(), key=repr) for table, query in EXTRACTED.items()}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A warehouse whose articles (gold articles of each language) wait for extraction."""
    folder = tmp_path_factory.mktemp("dask")
    db = folder / "w.duckdb"
    spool = folder / "w.duckdb.crawl.jsonl"
    ArticleStore(spool).append(gold_records(per_lang=14))
    tasks.load.fn(str(db), str(spool), [{"name": "gold", "lang": "en"}])
    return db


def test_a_two_worker_dask_cluster_extracts_what_one_process_does(loaded, tmp_path):
    from distributed import Client, LocalCluster
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import extraction

    local, remote = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    shutil.copy(loaded, local)
    shutil.copy(loaded, remote)
    tasks.extract.fn(str(local), workers=1, budget=None)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            prefect_test_harness(server_startup_timeout=120):
        totals = extraction(str(remote), dask=cluster.scheduler_address)
        with Client(cluster) as client:  # each worker process that extracted holds its extractor
            loaded_extractors = client.run(lambda: tasks._extractor.cache_info().currsize)
    assert totals["articles"] == 42 and totals["errors"] == 0
    assert sorted(loaded_extractors.values()) == [1, 1]  # both workers took a chunk
    expected, found = contents(local), contents(remote)
    assert expected["sanction_events"] and expected["mentions"]
    assert found == expected


@pytest.mark.parametrize(("address", "message"), [
    ("http://10.0.0.5:8786", "expected a Dask scheduler address such as tcp://10.0.0.5:8786"),
    ("tcp://127.0.0.1:9", "no Dask scheduler answers at tcp://127.0.0.1:9"),
])
def test_a_bad_or_silent_scheduler_address_is_one_line_before_prefect_starts(address, message, tmp_path, capsys):
    from flows.cli import main

    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - {name: a, lang: en, feeds: ['http://127.0.0.1:9/feed.xml'], "
                       "allowed_domains: [127.0.0.1]}\n")
    try:  # argparse exits on a malformed option; a user error is returned as the exit code
        code = main(["run", "--sources", str(sources), "--db", str(tmp_path / "w.duckdb"), "--dask", address])
    except SystemExit as stopped:
        code = stopped.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "w.duckdb").exists()
