"""Opening the warehouse: migrations from scratch and from an older file, refusals, views."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.errors import UserError
from warehouse import db
from warehouse.db import VIEWS_DIR, latest_version, migrate, migrations, open_warehouse, schema_version


def columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()
    return {row[0] for row in rows}


def test_migration_files_are_numbered_without_gaps():
    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert latest_version() == len(found) >= 2


def test_fresh_file_gets_every_migration_and_view(con):
    assert schema_version(con) == latest_version()
    recorded = con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert recorded == [(m.version, m.name) for m in migrations()]
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"sources", "articles", "entities", "mentions", "relations", "sanction_events", "event_targets",
            "entity_candidates"} <= tables
    views = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert views == {path.stem for path in VIEWS_DIR.glob("v_*.sql")}
    assert {"encoding", "http_status", "extracted_at", "content_hash", "duplicate_of"} <= columns(con, "articles")
    assert {"vendor_id", "in_kb", "wikidata_id"} <= columns(con, "entities")


def test_older_file_is_upgraded_and_keeps_its_rows(db_path: Path):
    old = duckdb.connect(str(db_path))
    assert migrate(old, target=1) == [1]
    old.execute("INSERT INTO articles (article_id, url, status) VALUES ('a1', 'https://x.example/1', 'ok')")
    assert "extracted_at" not in columns(old, "articles")
    old.close()

    con = open_warehouse(db_path)
    assert schema_version(con) == latest_version()
    assert con.execute("SELECT article_id, url, extracted_at FROM articles").fetchall() == [
        ("a1", "https://x.example/1", None)
    ]
    assert "extracted_at" in columns(con, "articles")
    con.close()


def test_version_5_alerts_become_measures_with_their_links_and_deliveries(db_path: Path):
    old = duckdb.connect(str(db_path))
    migrate(old, target=5)
    old.execute("INSERT INTO articles (article_id, url, status, published_at) "
                "VALUES ('a1', 'https://x.example/1', 'ok', TIMESTAMP '2025-04-14 08:00')")
    old.execute("INSERT INTO sanction_events (event_id, article_id, authority_id, measure, status) "
                "VALUES ('e1', 'a1', 'authority:bis', 'entity_list', 'announced')")
    now = "TIMESTAMP '2025-04-14 09:00'"
    old.execute("INSERT INTO alerts (alert_id, event_key, side, measure, status, target_ids, targets, "
                "first_article_id, first_seen_at, last_seen_at, article_count, created_at, updated_at) VALUES "
                f"('m1', 'k', 'authority:bis', 'entity_list', 'announced', ['firm:huawei'], ['Huawei'], 'a1', "
                f"{now}, {now}, 1, {now}, {now})")
    old.execute("INSERT INTO alert_events VALUES ('e1', 'm1')")
    old.execute(f"INSERT INTO alert_deliveries (alert_id, channel, attempt, attempted_at) VALUES ('m1', 'c', 1, {now})")
    old.close()

    con = open_warehouse(db_path)
    assert con.execute("SELECT measure_id, target_ids, article_count FROM measures").fetchall() == [
        ("m1", ["firm:huawei"], 1)]
    assert con.execute("SELECT * FROM measure_events").fetchall() == [("e1", "m1")]
    assert con.execute("SELECT alert_id, channel FROM v_alerts JOIN alert_deliveries USING (alert_id)").fetchall() == [
        ("m1", "c")]
    assert con.execute("SELECT status FROM articles").fetchall() == [("ok",)]
    con.close()


def test_read_only_open_of_an_older_file_says_to_migrate_it(db_path: Path):
    old = duckdb.connect(str(db_path))
    migrate(old, target=5)
    old.close()
    with pytest.raises(UserError, match="schema version 5, this chipwatch reads version"):
        open_warehouse(db_path, read_only=True)
    open_warehouse(db_path).close()
    open_warehouse(db_path, read_only=True).close()


def test_reopening_applies_nothing_and_restores_views(db_path: Path):
    con = open_warehouse(db_path)
    con.execute("DROP VIEW v_chip_status")
    con.close()
    con = open_warehouse(db_path)
    assert migrate(con) == []
    assert con.execute("SELECT count(*) FROM v_chip_status").fetchone() == (0,)
    con.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_newer_schema_is_refused(db_path: Path, read_only: bool):
    con = open_warehouse(db_path)
    newer = latest_version() + 1
    con.execute("INSERT INTO schema_version VALUES (?, 'from_the_future', now()::TIMESTAMP)", [newer])
    con.close()
    with pytest.raises(UserError, match=f"schema version {newer}.*knows only up to {latest_version()}"):
        open_warehouse(db_path, read_only=read_only)


def test_read_only_open_needs_an_existing_file(tmp_path: Path):
    with pytest.raises(UserError, match="no warehouse at"):
        open_warehouse(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_unusable_paths_are_user_errors(tmp_path: Path):
    with pytest.raises(UserError, match="does not exist"):
        open_warehouse(tmp_path / "no" / "such" / "folder.duckdb")
    not_a_db = tmp_path / "notes.duckdb"
    not_a_db.write_text("these are not DuckDB pages\n" * 500)
    with pytest.raises(UserError, match="cannot open warehouse"):
        open_warehouse(not_a_db)


def test_read_only_connection_refuses_writes(db_path: Path):
    open_warehouse(db_path).close()
    con = open_warehouse(db_path, read_only=True)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("INSERT INTO sources (source_id) VALUES ('x')")
    con.close()


def test_failed_migration_is_rolled_back_whole(db_path: Path, tmp_path: Path, monkeypatch):
    open_warehouse(db_path).close()
    shipped = migrations()
    folder = tmp_path / "migrations"
    folder.mkdir()
    for migration in shipped:
        (folder / f"{migration.name}.sql").write_text(migration.sql)
    broken = f"{len(shipped) + 1:04d}_add_broken.sql"
    (folder / broken).write_text("ALTER TABLE articles ADD COLUMN half INTEGER;\nSELECT no_such_column FROM articles;")
    monkeypatch.setattr(db, "MIGRATIONS_DIR", folder)
    with pytest.raises(duckdb.Error, match="no_such_column"):
        open_warehouse(db_path)
    monkeypatch.undo()
    con = open_warehouse(db_path)
    assert schema_version(con) == len(shipped)
    assert "half" not in columns(con, "articles")
    con.close()
