"""Warehouse faults on real DuckDB files: killed loads, a full disk, a read-only file, a newer schema.

Afterwards the warehouse always opens, holds only whole articles, and a second run completes the first.
"""

from __future__ import annotations

import hashlib
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from core.errors import UserError, environment_failure
from core.records import ArticleRecord
from crawler.spool import read_records
from crawler.store import ArticleStore
from tests.factories import article
from tests.faults.conftest import PROJECT, chipwatch
from tests.faults.mounts import fill, read_only_view, resize, tmpfs
from tests.warehouse.worker import MENTIONS_PER_ARTICLE
from warehouse.db import latest_version, open_warehouse
from warehouse.load import load_articles

BATCHES, SIZE = 5, 1500  # a batch of articles and extractions takes a few tenths of a second


def load_worker(db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.warehouse.worker", "load", str(db), str(BATCHES),
                             str(SIZE)], cwd=PROJECT, stdout=subprocess.PIPE, text=True)


def assert_whole_articles(db: Path) -> int:
    """Every article has all its rows or none (a batch is one transaction); returns the article count."""
    with open_warehouse(db) as con:
        loaded = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert loaded % SIZE == 0, f"a batch was half loaded: {loaded} articles"
        per_article = con.execute(
            "SELECT a.extracted_at IS NOT NULL, count(DISTINCT m.start_char), count(DISTINCT e.event_id) "
            "FROM articles a LEFT JOIN mentions m USING (article_id) LEFT JOIN sanction_events e USING (article_id) "
            "GROUP BY a.article_id, a.extracted_at").fetchall()
        for extracted, mentions, events in per_article:
            assert (mentions, events) == ((MENTIONS_PER_ARTICLE, 1) if extracted else (0, 0))
        orphans = con.execute("SELECT count(*) FROM mentions WHERE article_id NOT IN "
                              "(SELECT article_id FROM articles)").fetchone()[0]
        assert orphans == 0
    return loaded


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_load_killed_at_a_random_point_leaves_whole_articles_and_a_rerun_completes(tmp_path, seed):
    db = tmp_path / "w.duckdb"
    chance = random.Random(seed)
    batch, delay = chance.randrange(BATCHES - 1), chance.uniform(0.0, 0.3)
    loader = load_worker(db)
    for line in loader.stdout:
        if line.strip() == f"begin {batch}":
            break
    time.sleep(delay)
    loader.send_signal(signal.SIGKILL)
    assert loader.wait() == -signal.SIGKILL
    assert assert_whole_articles(db) < BATCHES * SIZE
    rerun = load_worker(db)
    assert rerun.wait(timeout=120) == 0
    assert assert_whole_articles(db) == BATCHES * SIZE


def test_full_disk_fails_a_load_whole_and_the_next_load_completes(tmp_path):
    with tmpfs(tmp_path / "disk", "3m") as disk:
        db = disk / "w.duckdb"
        open_warehouse(db).close()
        records = [article(n, text=f"{n} " + "Nvidia H20 licence export. " * 400) for n in range(300)]
        filler = fill(disk, leave_bytes=64 * 1024)
        with open_warehouse(db) as con, pytest.raises(duckdb.Error) as failure:
            load_articles(con, records)
        assert "No space left on device" in environment_failure(failure.value)
        filler.unlink()
        resize(disk, "32m")
        with open_warehouse(db) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0  # nothing half-loaded
            load_articles(con, records)
            assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(records)


def test_crawl_onto_a_full_disk_fails_with_one_line_and_keeps_the_store(tmp_path, calm_sources):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        out = disk / "articles.jsonl"
        out.write_text('{"url": "http://kept.example/1", "status": "ok"}\n', encoding="utf-8")
        before = out.read_bytes()
        fill(disk)
        result = chipwatch("crawl", "--quiet", "--sources", str(calm_sources), "--out", str(out))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines()[-1] == (
            f"chipwatch crawl: error: could not write {out}: No space left on device")
        after = out.read_bytes()  # the records that fitted are whole lines; no partial line left behind
        assert after.startswith(before) and after.endswith(b"\n")
        assert all(json.loads(line)["status"] for line in after.splitlines())
        (disk / "filler").unlink()
        again = chipwatch("crawl", "--quiet", "--sources", str(calm_sources), "--out", str(out))
        assert again.returncode == 0, again.stderr[-2000:]
        assert sum(r["status"] == "ok" for r in read_records(out)) == 4  # the kept record and three pages


def test_export_onto_a_full_disk_fails_with_one_line(tmp_path):
    db = tmp_path / "w.duckdb"
    with open_warehouse(db) as con:
        load_articles(con, [article(n, text=f"{n} " + "Nvidia H20 licence export. " * 400) for n in range(300)])
    with tmpfs(tmp_path / "disk", "1m") as disk:
        fill(disk)
        result = chipwatch("export", "--db", str(db), "--format", "csv", str(disk / "out"))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("chipwatch export: error: ") and "No space left on device" in line
        assert not (disk / "out").exists()  # no partial export


def test_read_only_warehouse_can_be_queried_but_not_written(tmp_path, calm_sources):
    folder = tmp_path / "rw"
    folder.mkdir()
    with open_warehouse(folder / "w.duckdb") as con:
        load_articles(con, [article(1)])
    before = digest(folder / "w.duckdb")
    with read_only_view(folder, tmp_path / "ro") as view:
        db = view / "w.duckdb"
        query = chipwatch("sql", "--db", str(db), "--format", "csv", "SELECT count(*) AS n FROM articles")
        assert (query.returncode, query.stdout) == (0, "n\n1\n")
        with pytest.raises(UserError, match="Read-only file system"):
            open_warehouse(db)
        run = chipwatch("run", "--sources", str(calm_sources), "--db", str(db))
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert run.stderr.strip() == (f"chipwatch run: error: cannot open warehouse {db}: IO Error: "
                                      f'Cannot open file "{db}": Read-only file system')
    assert digest(folder / "w.duckdb") == before


def test_a_warehouse_from_a_newer_chipwatch_is_refused_untouched(tmp_path, calm_sources):
    db = tmp_path / "w.duckdb"
    open_warehouse(db).close()
    newer = latest_version() + 1
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO schema_version VALUES (?, '9999_from_the_future', now())", [newer])
    before = digest(db)
    expected = f"warehouse has schema version {newer} but this chipwatch knows only up to {latest_version()}"
    for args in (("sql", "--db", str(db), "SELECT 1"), ("run", "--sources", str(calm_sources), "--db", str(db))):
        result = chipwatch(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert digest(db) == before


def test_a_torn_store_line_from_a_killed_crawl_is_skipped_and_closed(tmp_path):
    out = tmp_path / "articles.jsonl"
    whole = '{"url": "http://a.example/1", "canonical_url": "http://a.example/1", "status": "ok"}\n'
    torn = '{"url": "http://a.example/2", "text": "芯片'.encode()[:-1]  # cut inside a character
    out.write_bytes(whole.encode() + torn)
    store = ArticleStore(out)
    assert store.is_settled("http://a.example/1") and not store.is_settled("http://a.example/2")
    store.append([ArticleRecord(url="http://a.example/3", source="a", status="ok")])
    assert [r["url"] for r in read_records(out)] == ["http://a.example/1", "http://a.example/3"]


@pytest.mark.parametrize("keep", [0.1, 0.3, 0.5, "garbage"])
def test_a_damaged_warehouse_file_gives_a_report_or_one_line_never_a_traceback(tmp_path, keep):
    """A partial copy of the file (its first `keep` share) or garbage bytes."""
    db = tmp_path / "w.duckdb"
    with open_warehouse(db) as con:
        load_articles(con, [article(n) for n in range(50)])
    data = db.read_bytes()
    db.write_bytes(bytes(range(256)) * 16 if keep == "garbage" else data[: int(len(data) * keep)])
    result = chipwatch("doctor", "--db", str(db))
    assert "Traceback" not in result.stderr
    if result.stderr:  # the damage was met: one line naming the file
        (line,) = result.stderr.strip().splitlines()
        assert result.returncode in (1, 2) and line.startswith("chipwatch doctor: error: ") and str(db) in line
    else:  # the damage lies in blocks doctor does not read
        assert result.stdout.strip().splitlines()[-1].endswith(("healthy", "problem(s) found"))
