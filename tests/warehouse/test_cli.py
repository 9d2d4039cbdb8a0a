"""`chipwatch sql` and `chipwatch export` on a real warehouse file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from tests.factories import article
from warehouse.db import open_warehouse
from warehouse.export import export_tables, table_names
from warehouse.load import load_articles


@pytest.fixture
def filled(db_path: Path) -> Path:
    """A closed warehouse file holding three articles (the CLI opens it read-only)."""
    con = open_warehouse(db_path)
    load_articles(con, [article(1, lang="fr"), article(2), article(3, status="failed")])
    con.close()
    return db_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sql_prints_a_table(filled: Path, capsys):
    query = "SELECT status, count(*) AS n, max(error) AS error FROM articles GROUP BY status ORDER BY status"
    code, out, err = run(capsys, "sql", "--db", str(filled), query)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["status", "n", "error"] and set(lines[1]) <= {"-", " "}
    assert [line.split() for line in lines[2:]] == [["failed", "1", "boom"], ["ok", "2", "NULL"], ["(2", "rows)"]]


def test_sql_csv_and_json(filled: Path, capsys):
    query = "SELECT article_id, title, published_at FROM articles WHERE status = 'ok' ORDER BY title"
    code, out, _ = run(capsys, "sql", "--db", str(filled), "--format", "csv", query)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["title"] for r in rows] == ["Article 1", "Article 2"]
    code, out, _ = run(capsys, "sql", "--db", str(filled), "--format", "json", query)
    records = json.loads(out)
    assert code == 0 and [r["article_id"] for r in records] == [r["article_id"] for r in rows]
    assert records[0]["published_at"].startswith("2025-04-16")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT INTO sources (source_id) VALUES ('x')", "read-only"),
        ("DROP TABLE articles", "read-only"),
        ("SELEC 1", "syntax error"),
        ("SELECT nope FROM articles", "nope"),
    ],
)
def test_sql_errors_are_one_line(filled: Path, capsys, query: str, message: str):
    code, out, err = run(capsys, "sql", "--db", str(filled), query)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and err.startswith("chipwatch sql: error:")
    con = duckdb.connect(str(filled), read_only=True)
    assert con.execute("SELECT count(*) FROM sources").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    con.close()


def test_sql_on_a_missing_file(tmp_path: Path, capsys):
    code, _, err = run(capsys, "sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1")
    assert code == 2 and "no warehouse at" in err
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_table(filled: Path, tmp_path: Path, capsys, fmt: str):
    out_dir = tmp_path / "export"
    code, out, _ = run(capsys, "export", "--db", str(filled), "--format", fmt, str(out_dir))
    assert code == 0
    con = duckdb.connect(str(filled), read_only=True)
    tables = table_names(con)
    assert sorted(Path(line).name for line in out.splitlines()) == sorted(f"{t}.{fmt}" for t in tables)
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    for table in tables:
        exported = con.execute(f"SELECT count(*) FROM {reader}(?)", [str(out_dir / f"{table}.{fmt}")]).fetchone()
        assert exported == con.execute(f"SELECT count(*) FROM {table}").fetchone(), table
    titles = con.execute(f"SELECT title FROM {reader}(?) ORDER BY title", [str(out_dir / f"articles.{fmt}")])
    assert [row[0] for row in titles.fetchall()] == ["Article 1", "Article 2", "Article 3"]
    con.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_replaces_only_an_earlier_export(filled: Path, tmp_path: Path, capsys):
    out_dir = tmp_path / "export"
    assert run(capsys, "export", "--db", str(filled), str(out_dir))[0] == 0
    code, _, err = run(capsys, "export", "--db", str(filled), str(out_dir))
    assert code == 2 and "not empty" in err
    assert run(capsys, "export", "--db", str(filled), "--overwrite", str(out_dir))[0] == 0
    assert (out_dir / "articles.parquet").exists() and (out_dir / "chipwatch-export.json").exists()


@pytest.mark.parametrize("stranger", ["notes.txt", "warehouse"])
def test_export_never_deletes_what_it_did_not_write(filled: Path, tmp_path: Path, capsys, stranger):
    """`--overwrite` on a folder holding a note, or the warehouse itself and its spool, refuses and keeps all."""
    out_dir = filled.parent if stranger == "warehouse" else tmp_path / "export"
    out_dir.mkdir(exist_ok=True)
    kept = out_dir / "notes.txt"
    kept.write_text("keep me")
    before = sorted(path.name for path in out_dir.iterdir())
    code, _, err = run(capsys, "export", "--db", str(filled), "--overwrite", str(out_dir))
    assert code == 2 and "no chipwatch export wrote" in err and len(err.strip().splitlines()) == 1
    assert sorted(path.name for path in out_dir.iterdir()) == before and kept.read_text() == "keep me"
    assert filled.exists()


def test_failed_export_leaves_nothing_behind(filled: Path, tmp_path: Path):
    con = open_warehouse(filled)
    con.execute('CREATE TABLE "zz/unwritable" AS SELECT 1 AS x')  # sorts last: its file path has no folder
    with pytest.raises(duckdb.Error):
        export_tables(con, tmp_path / "export")
    con.close()
    assert list(tmp_path.iterdir()) == [filled]


def test_a_runaway_query_is_stopped_and_frees_the_file(filled: Path, capsys):
    endless = "SELECT count(*) FROM range(1000000000000) a"
    code, out, err = run(capsys, "sql", "--db", str(filled), "--timeout", "0.5", endless)
    assert (code, out) == (2, "") and "query stopped after 0.5 s" in err and err.count("\n") == 1
    con = open_warehouse(filled)  # a writer gets the file at once
    con.close()


def test_a_query_over_its_memory_is_one_line(filled: Path, capsys):
    greedy = "SELECT list(range) FROM range(100000000)"
    code, _, err = run(capsys, "sql", "--db", str(filled), "--memory-mb", "64", "--threads", "1", greedy)
    assert code == 2 and "query needs more than 64 MB" in err


def test_the_sandbox_locks_the_bounds(filled: Path, capsys):
    code, _, err = run(capsys, "sql", "--db", str(filled), "SET memory_limit = '100GB'")
    assert code == 2 and "configuration" in err.lower()


def test_rows_past_the_cap_are_left_out_with_a_warning(filled: Path, capsys):
    code, out, err = run(capsys, "sql", "--db", str(filled), "--format", "csv", "--max-rows", "3",
                         "SELECT range AS n FROM range(10)")
    assert code == 0 and out.splitlines() == ["n", "0", "1", "2"]
    assert "only the first 3 rows" in err
