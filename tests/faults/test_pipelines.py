"""Whole-pipeline faults: two `chipwatch run` started at once, and the hostile crawl through load and extract."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict

from crawler.sources import load_sources
from flows import tasks
from tests.faults.conftest import PROJECT, chipwatch
from warehouse.db import open_warehouse

DUPLICATES = {
    "mentions": "SELECT count(*) - count(DISTINCT (article_id, entity_id, start_char)) FROM mentions",
    "events": "SELECT count(*) - count(DISTINCT event_id) FROM sanction_events",
    "targets": "SELECT count(*) - count(DISTINCT (event_id, entity_id, target)) FROM event_targets",
    "articles": "SELECT count(*) - count(DISTINCT url) FROM articles",
}


def test_two_pipelines_started_at_once_both_finish_and_leave_whole_articles(tmp_path, calm_sources):
    db = tmp_path / "w.duckdb"
    command = [sys.executable, "-m", "flows.cli", "run", "--sources", str(calm_sources), "--db", str(db),
               "--workers", "1"]
    runs = [subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=500)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output[-3000:]
    with open_warehouse(db, read_only=True) as con:
        ok, extracted, errors = con.execute("SELECT count(*), count(extracted_at), count(extract_error) "
                                            "FROM articles WHERE status = 'ok'").fetchone()
        assert (ok, extracted, errors) == (3, 3, 0)
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
        for name, sql in DUPLICATES.items():
            assert con.execute(sql).fetchone()[0] == 0, f"duplicated {name}"
    doctor = chipwatch("doctor", "--db", str(db), "--sources", str(calm_sources))
    assert doctor.returncode == 0, doctor.stdout


def test_the_hostile_crawl_loads_and_extracts_without_errors(tmp_path, hostile_crawl):
    db = tmp_path / "w.duckdb"
    sources = [asdict(s) for s in load_sources(hostile_crawl["sources"]).sources]
    loaded = tasks.load.fn(str(db), str(hostile_crawl["out"]), sources)
    assert loaded["inserted"] > 0
    totals = tasks.extract.fn(str(db), workers=1)
    assert totals.get("errors", 0) == 0
    with open_warehouse(db, read_only=True) as con:
        pending = con.execute("SELECT count(*) FROM articles WHERE status = 'ok' AND extracted_at IS NULL")
        assert pending.fetchone()[0] == 0
        assert totals["articles"] == con.execute("SELECT count(*) FROM articles WHERE status = 'ok'").fetchone()[0]
        big = con.execute("SELECT length(text) FROM articles WHERE url LIKE '%/big'").fetchone()[0]
        assert big > tasks.MAX_NLP_CHARS  # stored whole, extracted from its first MAX_NLP_CHARS characters
    doctor = chipwatch("doctor", "--db", str(db))
    problems = [line for line in doctor.stdout.splitlines() if line.startswith("problem")]
    assert [p.split(":")[0] for p in problems] == ["problem  source nowhere"]
