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

    again = tasks.load.fn(db, str(spool), [{"name": "demo", "lang": "en"}])  # nothing new after the mark
    assert (again["inserted"], again["unchanged"], again["unreadable"]) == (0, 0, 0)
    assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith("WARNING")]
    assert len((tmp_path / "w.duckdb.crawl.jsonl.quarantine.jsonl").read_text().splitlines()) == len(BAD_LINES)


def _load(db, spool):
    return tasks.load.fn(str(db), str(spool), [{"name": "demo", "lang": "en"}])


def test_each_load_reads_only_the_lines_after_the_last_one_and_a_torn_line_waits(tmp_path, capsys):
    db, spool = tmp_path / "w.duckdb", tmp_path / "w.duckdb.crawl.jsonl"
    spool.write_text("".join(json.dumps(article(n).to_dict()) + "\n" for n in range(3)), encoding="utf-8")
    assert _load(db, spool)["inserted"] == 3
    torn = json.dumps(article(4).to_dict())
    with spool.open("a", encoding="utf-8") as handle:  # one more record, and a crawl killed mid-line
        handle.write(json.dumps(article(3).to_dict()) + "\n" + torn[:40])
    assert (_load(db, spool)["inserted"], _load(db, spool)["inserted"]) == (1, 0)
    with spool.open("a", encoding="utf-8") as handle:  # the writer finishes the line
        handle.write(torn[40:] + "\n")
    loaded = _load(db, spool)
    assert (loaded["inserted"], loaded["unchanged"]) == (1, 0)
    with open_warehouse(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert con.execute("SELECT line_number FROM spool_marks").fetchone()[0] == 5
    assert "reading it whole" not in capsys.readouterr().out


def test_a_spool_rewritten_by_hand_is_read_whole_once(tmp_path, capsys):
    db, spool = tmp_path / "w.duckdb", tmp_path / "w.duckdb.crawl.jsonl"
    lines = [json.dumps(article(n).to_dict()) + "\n" for n in range(4)]
    spool.write_text("".join(lines), encoding="utf-8")
    _load(db, spool)
    spool.write_text("".join(lines[:2] + [json.dumps(article(9).to_dict()) + "\n"]), encoding="utf-8")  # edited
    loaded = _load(db, spool)
    assert "changed since it was last loaded; reading it whole" in capsys.readouterr().out
    assert (loaded["inserted"], loaded["unchanged"]) == (1, 2)
    assert _load(db, spool)["unchanged"] == 0  # the new mark holds
