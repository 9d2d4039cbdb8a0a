"""The Parquet export for BI tools: partitioned by week and language, read back by DuckDB, refreshed in place."""

from __future__ import annotations

import duckdb
import pytest

from core.errors import UserError
from warehouse.bi_export import refresh_export


def _read(out, table):
    with duckdb.connect() as reader:
        return reader.execute(
            f"SELECT week, lang, count(*) FROM read_parquet('{out}/{table}/*/*/*.parquet', hive_partitioning=true) "
            "GROUP BY ALL ORDER BY 1, 2").fetchall()


def _inode(out, table, week, lang):
    [path] = (out / table / f"week={week}" / f"lang={lang}").iterdir()
    return path.stat().st_ino


def test_tables_by_article_are_partitioned_by_week_and_language_and_the_rest_are_whole(con, press, tmp_path):
    press.publish("2025-04-14", mentions={"firm:huawei": 2},
                  events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"])])
    press.publish("2025-04-16", "lemonde", "fr", mentions={"firm:nvidia": 1})
    press.publish("2025-04-22", mentions={"chip:nvidia-h20": 3})
    out = tmp_path / "warehouse.duckdb.export"

    done = refresh_export(con, out)

    assert (done.written, done.kept) == (3, 0)
    assert _read(out, "articles") == [("2025-W16", "en", 1), ("2025-W16", "fr", 1), ("2025-W17", "en", 1)]
    assert _read(out, "mentions") == [("2025-W16", "en", 2), ("2025-W16", "fr", 1), ("2025-W17", "en", 3)]
    assert _read(out, "sanction_events") == [("2025-W16", "en", 1)]
    with duckdb.connect() as reader:
        names = reader.execute(f"SELECT name FROM '{out}/entities.parquet' ORDER BY name").fetchall()
    assert ("Huawei",) in names


def test_a_refresh_writes_only_the_partitions_whose_articles_changed(con, press, tmp_path):
    press.publish("2025-04-14", mentions={"firm:huawei": 1})
    press.publish("2025-04-22", mentions={"firm:nvidia": 1})
    out = tmp_path / "export"
    refresh_export(con, out)
    before = {week: _inode(out, "mentions", week, "en") for week in ("2025-W16", "2025-W17")}

    press.publish("2025-04-23", mentions={"firm:nvidia": 4})
    done = refresh_export(con, out)

    assert (done.written, done.kept) == (1, 1)
    assert _inode(out, "mentions", "2025-W16", "en") == before["2025-W16"]  # the same file, linked again
    assert _read(out, "mentions") == [("2025-W16", "en", 1), ("2025-W17", "en", 5)]
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]  # nothing left aside


def test_a_folder_holding_other_files_is_never_replaced(con, press, tmp_path):
    press.publish("2025-04-14", mentions={"firm:huawei": 1})
    out = tmp_path / "export"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")

    with pytest.raises(UserError, match="holds files no chipwatch export wrote"):
        refresh_export(con, out)
    assert [path.name for path in out.iterdir()] == ["notes.txt"]
