"""Other processes: a second writer waits then fails clearly; a load killed midway leaves whole articles."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import UserError
from flows.cli import main
from tests.warehouse.worker import MENTIONS_PER_ARTICLE, batch_records
from warehouse.db import open_warehouse
from warehouse.ids import short_hash

PROJECT = Path(__file__).resolve().parents[2]


def start_worker(*args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.warehouse.worker", *map(str, args)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )


def wait_for(worker: subprocess.Popen, line: str) -> None:
    for got in worker.stdout:
        if got.strip() == line:
            return
    raise AssertionError(f"worker exited with {worker.wait()} before printing {line!r}")


def test_second_writer_waits_then_fails_clearly(db_path: Path, capsys):
    holder = start_worker("hold", db_path, 60)
    try:
        wait_for(holder, "ready")
        started = time.monotonic()
        with pytest.raises(UserError, match=rf"locked by another process \(held by process {holder.pid}\)"):
            open_warehouse(db_path, lock_timeout=1.0)
        assert 1.0 <= time.monotonic() - started < 10
        assert main(["sql", "--db", str(db_path), "--lock-timeout", "0.2", "SELECT 1"]) == 2
        assert "locked by another process" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    open_warehouse(db_path, lock_timeout=5).close()


def test_second_writer_gets_the_file_once_released(db_path: Path):
    holder = start_worker("hold", db_path, 1.0)
    try:
        wait_for(holder, "ready")
        started = time.monotonic()
        con = open_warehouse(db_path, lock_timeout=30)
        assert time.monotonic() - started > 0.3
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
        con.close()
    finally:
        holder.wait()


def test_load_killed_midway_leaves_only_whole_articles(db_path: Path):
    batches, size = 6, 2000  # a batch takes about 0.5 s to load
    loader = start_worker("load", db_path, batches, size)
    try:
        wait_for(loader, "begin 2")
        time.sleep(0.1)
        loader.send_signal(signal.SIGKILL)
    finally:
        assert loader.wait() == -signal.SIGKILL
    assert "done 2" not in loader.stdout.read(), "the kill came after batch 2 had finished"
    con = open_warehouse(db_path)
    loaded = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 2 * size <= loaded < batches * size
    assert loaded % size == 0, "a batch of articles was half loaded"
    expected_text = {
        record.title: short_hash(record.text)
        for index in range(loaded // size)
        for record in batch_records(index, size)[0]
    }
    stored = dict(con.execute("SELECT title, content_hash FROM articles").fetchall())
    assert stored == expected_text
    per_article = con.execute(
        "SELECT a.article_id, a.extracted_at IS NOT NULL, "
        "(SELECT count(*) FROM mentions AS m WHERE m.article_id = a.article_id), "
        "(SELECT count(*) FROM sanction_events AS e WHERE e.article_id = a.article_id) FROM articles AS a"
    ).fetchall()
    for key, extracted, mentions, events in per_article:
        assert (mentions, events) == ((MENTIONS_PER_ARTICLE, 1) if extracted else (0, 0)), key
    targets = con.execute("SELECT count(*) FROM event_targets").fetchone()[0]
    assert targets == con.execute("SELECT count(*) FROM sanction_events").fetchone()[0]
    con.close()
