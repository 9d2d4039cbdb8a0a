"""The export for BI tools: every table as Parquet in `DB.export/`, refreshed after each run, swapped whole.

DuckDB lets no reader in while the pipeline writes, so dashboards read this folder instead. Tables keyed by
article are partitioned Hive-style by the ISO week and the language of their article
(`mentions/week=2025-W16/lang=fr/data_0.parquet`); the others are one file each (`entities.parquet`).

A refresh builds a new folder beside the old one and renames it into place, so a reader sees the old
export or the new one, never a mix. Only the partitions whose articles changed since the last refresh
are written again; the others are hard links to the previous files, so a run costs what is new.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import UserError
from warehouse.export import MANIFEST, not_exported, swap_into_place, table_names

PARTITIONED = ("articles", "article_candidates", "mentions", "relations", "sanction_events")
WEEK = "strftime(coalesce(a.published_at, a.fetched_at), '%G-W%V')"
LANG = "coalesce(a.lang, 'und')"
# what changes an article's rows in every partitioned table: its record, its extraction, its status
FINGERPRINT = "bit_xor(hash(a.article_id, a.record_hash, a.status, a.extracted_at, a.extract_error))"


@dataclass(frozen=True)
class Refresh:
    """What a refresh did: (week, language) partitions written again and kept from the last export, and
    how many tables were written whole."""

    written: int
    kept: int
    tables: int


def export_path(db: str | Path) -> Path:
    """The BI export folder beside a warehouse."""
    return Path(f"{db}.export")


def refresh_export(con: duckdb.DuckDBPyConnection, out: str | Path) -> Refresh:
    """Refresh the export in `out` (module docstring). `UserError` when `out` holds files no export wrote."""
    out = Path(out).resolve()
    if out.exists() and (not out.is_dir() or not_exported(out)):
        raise UserError(f"{out} holds files no chipwatch export wrote: refusing to replace it")
    previous = _previous_fingerprints(out)
    partitions = con.execute(
        f"SELECT {WEEK} AS week, {LANG} AS lang, {FINGERPRINT}::VARCHAR FROM articles AS a GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    fingerprints = {f"week={week}/lang={lang}": print_ for week, lang, print_ in partitions}
    changed = [(week, lang) for week, lang, print_ in partitions if previous.get(f"week={week}/lang={lang}") != print_]
    staging = out.with_name(f".{out.name}.{os.getpid()}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        unchanged = set(fingerprints) - {f"week={week}/lang={lang}" for week, lang in changed}
        _keep_unchanged(out, staging, unchanged)
        whole = [table for table in table_names(con) if table not in PARTITIONED]
        for table in PARTITIONED:
            _write_partitions(con, table, changed, staging / table)
        for table in whole:
            con.execute(f'COPY "{table}" TO {_quote(str(staging / f"{table}.parquet"))} (FORMAT parquet)')
        manifest = {"files": sorted(path.name for path in staging.iterdir()), "partitions": fingerprints}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Refresh(len(changed), len(unchanged), len(whole))


def _previous_fingerprints(out: Path) -> dict[str, str]:
    """Partition -> fingerprint of the export in `out`; empty when there is none or it cannot be read."""
    try:
        partitions = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("partitions", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return partitions if isinstance(partitions, dict) else {}


def _keep_unchanged(out: Path, staging: Path, unchanged: set[str]) -> None:
    """Hard-link (or copy, across file systems) the files of the unchanged partitions into `staging`."""
    for table in PARTITIONED:
        for partition in unchanged:
            source = out / table / partition
            if not source.is_dir():
                continue
            target = staging / table / partition
            target.mkdir(parents=True)
            for path in source.iterdir():
                try:
                    os.link(path, target / path.name)
                except OSError:
                    shutil.copy2(path, target / path.name)


def _write_partitions(con: duckdb.DuckDBPyConnection, table: str, changed: list[tuple[str, str]], folder: Path) -> None:
    """Write the rows of `table` whose article lies in one of the `changed` (week, language) partitions."""
    if not changed:
        return
    columns = [row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]
    rows = "a.*" if table == "articles" else "t.*"
    own = [name for name in ("week", "lang") if name in columns]
    select = f"{rows} EXCLUDE ({', '.join(own)})" if own else rows
    source = "articles AS a" if table == "articles" else f'"{table}" AS t JOIN articles AS a USING (article_id)'
    wanted = ", ".join(_quote(f"{week}/{lang}") for week, lang in changed)
    query = f"SELECT {select}, {WEEK} AS week, {LANG} AS lang FROM {source} WHERE {WEEK} || '/' || {LANG} IN ({wanted})"
    if con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]:
        con.execute(f"COPY ({query}) TO {_quote(str(folder))} (FORMAT parquet, PARTITION_BY (week, lang), "
                    "OVERWRITE_OR_IGNORE true)")


def _quote(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
