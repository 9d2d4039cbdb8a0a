"""The Prefect flows and `chipwatch run` on the demo press, into real DuckDB files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
import yaml

from crawler.demo import DemoPress
from crawler.sources import load_sources
from flows.settings import configure_prefect

configure_prefect()
COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "ok": "SELECT count(*) FROM articles WHERE status = 'ok'",
    "mentions": "SELECT count(*) FROM mentions",
    "relations": "SELECT count(*) FROM relations",
    "events": "SELECT count(*) FROM sanction_events",
    "targets": "SELECT count(*) FROM event_targets",
}


def counts(db) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}


def write_sources(press: DemoPress, path) -> str:
    path.write_text(yaml.safe_dump({"crawl": {"download_timeout": 10}, "sources": press.sources},
                                   allow_unicode=True))
    return str(path)


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory):
    """The pipeline flow run twice over the demo press under a Prefect test harness."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.digest_flow import weekly_digest
    from flows.pipeline import pipeline

    tmp = tmp_path_factory.mktemp("pipeline")
    db = tmp / "warehouse.duckdb"
    alerts = tmp / "alerts.yaml"
    alerts.write_text("fresh_days: all\nchannels:\n  - jsonl: sent.jsonl\n")  # the demo press is dated 2025
    with prefect_test_harness(server_startup_timeout=120), DemoPress() as press:
        sources = write_sources(press, tmp / "sources.yaml")
        first = pipeline(sources=sources, db=str(db), alerts_file=str(alerts), workers=1)  # a sources file
        after_first = counts(db)
        sent_after_first = (tmp / "sent.jsonl").read_text(encoding="utf-8").splitlines()
        second = pipeline(sources=load_sources(sources), db=str(db), alerts_file=str(alerts), workers=1)  # parsed
        digest = weekly_digest(db=str(db), out_dir=str(tmp / "digests"), week="2025-W16")
        expected = press.expected
    return {"db": db, "first": first, "second": second, "after_first": after_first, "expected": expected,
            "sent_after_first": sent_after_first, "sent": (tmp / "sent.jsonl").read_text().splitlines(),
            "digest": digest}


def test_every_demo_article_is_in_the_warehouse_with_date_and_language(demo_warehouse):
    with duckdb.connect(str(demo_warehouse["db"]), read_only=True) as con:
        rows = con.execute("SELECT canonical_url, status, lang, CAST(published_at AS DATE) FROM articles "
                           "WHERE status IN ('ok', 'duplicate')").fetchall()
    stored = {urlsplit(url).path: (status, lang, str(day)) for url, status, lang, day in rows}
    for article in demo_warehouse["expected"]:
        status, lang, day = stored[urlsplit(article["url"]).path]
        assert (lang, day) == (article["lang"], article["published"]), article["url"]
        assert status == "ok" or article["wire"], article["url"]
    wire = [stored[urlsplit(article["url"]).path][0] for article in demo_warehouse["expected"] if article["wire"]]
    assert sorted(wire) == ["duplicate", "ok"]
    assert len(stored) == len(demo_warehouse["expected"])


def test_entities_relations_and_events_are_loaded(demo_warehouse):
    with duckdb.connect(str(demo_warehouse["db"]), read_only=True) as con:
        unextracted = con.execute("SELECT count(*) FROM articles WHERE status = 'ok' AND extracted_at IS NULL")
        assert unextracted.fetchone()[0] == 0
        silent = con.execute(
            "SELECT title FROM articles a WHERE status = 'ok' AND regexp_matches(title, ?) AND NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.article_id = a.article_id)",
            ["Nvidia|Huawei|SMIC|英伟达|华为|輝達|華為"]).fetchall()
        assert silent == []  # every article whose title names a major firm has mentions
        names = {row[0] for row in con.execute(
            "SELECT DISTINCT e.name FROM mentions JOIN entities e USING (entity_id)").fetchall()}
        assert {"Nvidia", "Huawei", "Nvidia H20"} <= names
        measures = {row[0] for row in con.execute("SELECT DISTINCT measure FROM sanction_events").fetchall()}
        assert {"export_license", "entity_list", "investigation"} <= measures
        predicates = {row[0] for row in con.execute("SELECT DISTINCT predicate FROM relations").fetchall()}
        assert predicates == {"MAKES", "BUYS", "RESTRICTS"}


def test_second_run_changes_nothing(demo_warehouse):
    assert counts(demo_warehouse["db"]) == demo_warehouse["after_first"]
    assert demo_warehouse["second"]["extract"].get("articles", 0) == 0


def test_new_sanction_events_are_alerted_once(demo_warehouse):
    assert demo_warehouse["first"]["alert"]["created"] > 0
    assert len(demo_warehouse["sent_after_first"]) == demo_warehouse["first"]["alert"]["sent"] > 0
    assert demo_warehouse["sent"] == demo_warehouse["sent_after_first"]  # a second run sends nothing again
    assert demo_warehouse["second"]["alert"]["created"] == 0


def test_each_run_keeps_the_search_index_in_step(demo_warehouse):
    from warehouse.search_query import Filters, search

    db = demo_warehouse["db"]
    assert demo_warehouse["first"]["search"] > 0 and demo_warehouse["second"]["search"] == 0
    folder = db.with_name(db.name + ".search")
    assert {hit.lang for hit in search(folder, "Huawei OR 华为 OR 華為", limit=100)} == {"en", "fr", "zh"}
    assert all(hit.lang == "zh" for hit in search(folder, "华为", Filters(lang="zh")))


def test_each_run_writes_atom_feeds_beside_the_warehouse(demo_warehouse):
    import feedparser

    db = demo_warehouse["db"]
    with duckdb.connect(str(db), read_only=True) as con:
        measures = con.execute("SELECT count(*) FROM v_alerts").fetchone()[0]
    feed = feedparser.parse((db.with_name(db.name + ".feeds") / "measures.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) == measures > 0
    assert demo_warehouse["second"]["alert"]["feeds"] == 2  # alerts.atom and measures.atom, no watch list


def test_each_run_refreshes_the_parquet_export_and_a_run_with_nothing_new_rewrites_no_partition(demo_warehouse):
    db = demo_warehouse["db"]
    out = db.with_name(db.name + ".export")
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    with duckdb.connect() as reader:
        exported = reader.execute(f"SELECT count(*) FROM read_parquet('{out}/articles/*/*/*.parquet')").fetchone()[0]
    assert exported == stored > 0
    assert demo_warehouse["first"]["export"]["written"] > 0
    assert demo_warehouse["second"]["export"] == {"written": 0, "kept": demo_warehouse["first"]["export"]["written"]}


def test_weekly_digest_flow_writes_markdown_and_html(demo_warehouse):
    digest = demo_warehouse["digest"]
    assert digest["week"] == "2025-W16"
    markdown = Path(digest["md"]).read_text(encoding="utf-8")
    assert "H20" in markdown
    assert "<img" in Path(digest["html"]).read_text(encoding="utf-8")


def test_run_rejects_a_bad_sources_file_before_starting(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: x\n    lang: fr\n")
    result = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--sources", str(sources),
                             "--db", str(tmp_path / "w.duckdb")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "field 'allowed_domains' must list at least one domain" in result.stderr


def test_run_killed_during_extraction_leaves_whole_articles_and_next_run_completes(tmp_path):
    db = tmp_path / "w.duckdb"
    with DemoPress() as press:
        sources = write_sources(press, tmp_path / "sources.yaml")
        command = [sys.executable, "-m", "flows.cli", "run", "--sources", sources, "--db", str(db), "--workers", "1"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
        deadline = time.monotonic() + 240
        for line in process.stdout:
            if "article(s) to process" in line or time.monotonic() > deadline:
                break
        time.sleep(2)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
            ok, extracted = con.execute("SELECT count(*), count(extracted_at) FROM articles WHERE status = 'ok'"
                                        ).fetchone()
            assert extracted in (0, ok)  # extractions load in one transaction per batch: all or nothing
            assert con.execute("SELECT count(*) FROM mentions WHERE article_id NOT IN "
                               "(SELECT article_id FROM articles WHERE extracted_at IS NOT NULL)").fetchone()[0] == 0
        rerun = subprocess.run(command, capture_output=True, text=True, timeout=400)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE status = 'ok' AND extracted_at IS NULL"
                           ).fetchone()[0] == 0


def test_prefect_yaml_declares_both_scheduled_deployments():
    from importlib import import_module

    document = yaml.safe_load(Path("prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in document["deployments"]}
    assert deployments["pipeline-every-two-hours"]["schedules"][0]["cron"] == "0 */2 * * *"
    assert deployments["weekly-digest-monday"]["schedules"][0]["timezone"] == "Europe/Paris"
    for deployment in deployments.values():
        module, name = deployment["entrypoint"].split(":")
        flow = getattr(import_module(module.removesuffix(".py").replace("/", ".")), name)
        assert set(deployment["parameters"]) <= set(flow.parameters.properties)


def _stop_when(process: subprocess.Popen, marker: str, after: float = 0.5) -> str:
    """Send SIGTERM to `chipwatch run` once a line holding `marker` is printed; the output until then."""
    seen = []
    deadline = time.monotonic() + 240
    for line in process.stdout:
        seen.append(line)
        if marker in line or time.monotonic() > deadline:
            break
    time.sleep(after)
    process.send_signal(signal.SIGTERM)
    rest, _ = process.communicate(timeout=240)
    return "".join(seen) + rest


def test_runs_killed_or_stopped_in_crawl_and_extraction_end_like_an_uninterrupted_run(demo_warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    with DemoPress() as press:
        sources = write_sources(press, tmp_path / "sources.yaml")
        command = [sys.executable, "-m", "flows.cli", "run", "--sources", sources, "--db", str(db), "--workers", "1"]

        def start() -> subprocess.Popen:
            return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    start_new_session=True)

        killed = start()  # SIGKILL to the whole run (its crawl process and Prefect's server) while it crawls
        for line in killed.stdout:
            if "] ok " in line:
                break
        os.killpg(killed.pid, signal.SIGKILL)
        killed.communicate(timeout=60)
        in_crawl = start()
        crawl_output = _stop_when(in_crawl, "] ok ")  # a few pages are fetched, most are not yet
        in_extraction = start()
        extraction_output = _stop_when(in_extraction, "article(s) to process", after=3)
        last = subprocess.run(command, capture_output=True, text=True, timeout=400)

    for stopped, output in ((in_crawl, crawl_output), (in_extraction, extraction_output)):
        assert stopped.returncode == 128 + signal.SIGTERM, output[-3000:]
        assert "stopping (terminated)" in output and "Traceback" not in output, output[-3000:]
    assert last.returncode == 0, last.stdout[-3000:] + last.stderr[-3000:]
    assert counts(db) == demo_warehouse["after_first"]  # no loss, no duplicate
    assert "waiting for the chipwatch run" not in last.stdout  # no stale run lock held it up
