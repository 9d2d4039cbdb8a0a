"""`chipwatch doctor` on real warehouses: healthy, damaged, old, newer, and after the hostile crawl."""

from __future__ import annotations

import duckdb
import pytest
import yaml

from crawler.spool import read_spool
from tests.factories import article, entity, event, extraction
from tests.faults.conftest import chipwatch
from warehouse.db import latest_version, migrate, open_warehouse
from warehouse.load import load_articles, load_extractions


def healthy(db) -> list[dict]:
    """Load two extracted articles into a new warehouse at `db`; returns the article records."""
    records = [article(1), article(2)]
    with open_warehouse(db) as con:
        load_articles(con, records)
        load_extractions(con, [extraction(r, entities=[entity("chip:nvidia-h20", "CHIP", "Nvidia H20",
                                                                ("H20", 0, 3))],
                                          events=[event("authority:bis", "export_license", "announced",
                                                        ["chip:nvidia-h20"], "2025-04-15")]) for r in records])
    return records


def test_a_healthy_warehouse_and_configuration_exit_0(tmp_path):
    db = tmp_path / "w.duckdb"
    healthy(db)
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{"name": "demo", "lang": "en", "allowed_domains": ["demo.example"],
                                                    "feeds": ["https://demo.example/rss"]}]}))
    alerts = tmp_path / "alerts.yaml"
    alerts.write_text("channels:\n  - console\n  - jsonl: alerts.jsonl\n")
    result = chipwatch("doctor", "--db", str(db), "--sources", str(sources), "--alerts", str(alerts))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"alerts file {alerts}: 2 channel(s)" in result.stdout
    assert "problem" not in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "healthy"
    assert f"warehouse {db}: schema version {latest_version()}" in result.stdout


def test_each_problem_is_one_line_with_what_to_do(tmp_path):
    db = tmp_path / "w.duckdb"
    healthy(db)
    with open_warehouse(db) as con:
        load_articles(con, [article(3), article(4, source="dead", status="failed"),
                            article(5, source="dead", status="failed")])
        load_extractions(con, [{"id": "0000000000000000", "error": "unused"}])
    with duckdb.connect(str(db)) as con:  # damage it the way a foreign tool could
        con.execute("INSERT INTO mentions VALUES ('ffffffffffffffff', 'chip:nvidia-h20', 'H20', 0, 3)")
        con.execute("UPDATE articles SET extract_error = 'ValueError: boom' WHERE title = 'Article 2'")
    result = chipwatch("doctor", "--db", str(db))
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith("problem")]
    assert len(problems) == 4, result.stdout
    text = "\n".join(problems)
    assert "1 row(s) of mentions point to no row of articles: delete them with DELETE FROM mentions" in text
    assert "1 ok article(s) not yet extracted: run `chipwatch run`" in text
    assert "1 article(s) failed extraction (most often: ValueError: boom)" in text
    assert "source dead: all 2 fetch(es) failed (most often: boom)" in text
    assert "info     2 page(s) failed: boom" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "4 problem(s) found"


def test_an_old_schema_is_a_problem_with_its_fix(tmp_path):
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        migrate(con, target=2)
    result = chipwatch("doctor", "--db", str(db))
    assert result.returncode == 1
    assert f"has schema version 2, this chipwatch writes {latest_version()}: run `chipwatch run`" in result.stdout


@pytest.mark.parametrize("case", ["missing-db", "newer-db", "bad-sources", "bad-alerts", "nothing"])
def test_unusable_inputs_exit_2_in_one_line(tmp_path, case):
    db = tmp_path / "w.duckdb"
    args = ["--db", str(db)]
    if case == "newer-db":
        open_warehouse(db).close()
        with duckdb.connect(str(db)) as con:
            con.execute("INSERT INTO schema_version VALUES (99, 'x', now())")
    if case == "bad-sources":
        (tmp_path / "s.yaml").write_text("sources: 3\n")
        args = ["--sources", str(tmp_path / "s.yaml")]
    if case == "bad-alerts":
        (tmp_path / "a.yaml").write_text("channels: []\n")
        args = ["--alerts", str(tmp_path / "a.yaml")]
    if case == "nothing":
        args = []
    result = chipwatch("doctor", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_after_the_hostile_crawl_doctor_names_the_dead_source(tmp_path, hostile_crawl):
    db = tmp_path / "w.duckdb"
    with open_warehouse(db) as con:
        load_articles(con, read_spool(hostile_crawl["out"]).records)
    result = chipwatch("doctor", "--db", str(db), "--sources", str(hostile_crawl["sources"]))
    assert result.returncode == 1
    assert ("source nowhere: all 1 fetch(es) failed (most often: DNS lookup failed (unknown host))"
            in result.stdout)
    assert "source hostile-fr:" not in result.stdout  # it has articles as well as failures
    assert "page(s) failed: page larger than the size limit (max_page_bytes)" in result.stdout
