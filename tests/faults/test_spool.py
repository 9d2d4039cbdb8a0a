"""A spool line that is no article record is set aside with its reason, once; the run goes on."""

from __future__ import annotations

import json

from flows import tasks
from tests.factories import article
from warehouse.db import open_warehouse

BAD_LINES = [
    '["a", "list"]',
    "42",
    '{"url": "https://demo.example/news/9", "source": "demo", "status": "ok", "http_status": "two hundred"}',
    '{"url": "https://demo.example/news/8", "source": "demo", "status": "ok", "title": "\\ud800 lone"}',
    '{"url": "https://demo.example/news/7", "source": "demo", "status": "ok", "extra": {"k": "\\udfff"}}',
    '{"url": "https://demo.example/news/6", "source": "demo", "status": "fine"}',
    '{"broken json',
]


def test_bad_spool_lines_are_quarantined_and_the_rest_is_loaded(tmp_path, capsys):
    spool = tmp_path / "w.duckdb.crawl.jsonl"
    zoned = article(2).to_dict() | {"published_at": "9999-12-31T23:59:59-05:00"}  # past year 9999 in UTC
    good = [json.dumps(article(1).to_dict()), json.dumps(zoned)]
    spool.write_text("\n".join(good[:1] + BAD_LINES + good[1:]) + "\n", encoding="utf-8")
    db = str(tmp_path / "w.duckdb")

    loaded = tasks.load.fn(db, str(spool), [{"name": "demo", "lang": "en"}])

    assert (loaded["inserted"], loaded["unreadable"]) == (2, len(BAD_LINES))
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == len(BAD_LINES) and all("set aside" in line for line in warnings)
    quarantine = [json.loads(line) for line in (tmp_path / "w.duckdb.crawl.jsonl.quarantine.jsonl").open()]
    assert [entry["line"] for entry in quarantine] == list(range(2, 2 + len(BAD_LINES)))
    assert all(entry["reason"] for entry in quarantine)
    with open_warehouse(db, read_only=True) as con:
        assert con.execute("SELECT count(*), count(published_at) FROM articles").fetchone() == (2, 1)

    again = tasks.load.fn(db, str(spool), [{"name": "demo", "lang": "en"}])
    assert again["unchanged"] == 2 and not [line for line in capsys.readouterr().out.splitlines()
                                            if line.startswith("WARNING")]
    assert len((tmp_path / "w.duckdb.crawl.jsonl.quarantine.jsonl").read_text().splitlines()) == len(BAD_LINES)
