"""Export every warehouse table to Parquet or CSV files, all or nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from core.errors import UserError

FORMATS = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)"}
MANIFEST = "chipwatch-export.json"  # names the files an export wrote: only those may be replaced


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """User tables of the warehouse's main schema, sorted."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() "
        "WHERE schema_name = 'main' AND database_name = current_database() AND NOT internal "
        "ORDER BY table_name"
    ).fetchall()
    return [row[0] for row in rows]


def export_tables(
    con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str = "parquet", overwrite: bool = False
) -> list[Path]:
    """Write each table to `out_dir/<table>.<fmt>`; returns the files written.

    Files are written in a temporary folder beside `out_dir` that is renamed into place at the end,
    so `out_dir` never holds a partial export. An existing non-empty `out_dir` is replaced only
    when `overwrite` is true, and only when it holds nothing but an earlier export (its manifest and the
    files the manifest names): an export never deletes what it did not write.
    """
    if fmt not in FORMATS:
        raise UserError(f"export format {fmt!r} not one of {sorted(FORMATS)}")
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise UserError(f"export target {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not overwrite:
            raise UserError(f"export folder {out} is not empty (pass --overwrite to replace it)")
        foreign = not_exported(out)
        if foreign:
            raise UserError(f"export folder {out} holds {foreign[0].name}, which no chipwatch export wrote: "
                            "refusing to replace it (choose an empty or new folder)")
    if not out.parent.is_dir():
        raise UserError(f"cannot export to {out}: folder {out.parent} does not exist")
    staging = out.with_name(f".{out.name}.{os.getpid()}.partial")
    shutil.rmtree(staging, ignore_errors=True)  # left by a killed export of this same pid number
    staging.mkdir()
    try:
        for table in table_names(con):
            target = staging / f"{table}.{fmt}"
            quoted = str(target).replace("'", "''")
            name = table.replace('"', '""')
            con.execute(f"COPY \"{name}\" TO '{quoted}' {FORMATS[fmt]}")
        written = sorted(path.name for path in staging.iterdir())
        (staging / MANIFEST).write_text(json.dumps({"files": written}, indent=1), encoding="utf-8")
        swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [path for path in sorted(out.iterdir()) if path.name != MANIFEST]


def not_exported(folder: Path) -> list[Path]:
    """What a folder holds besides an earlier export: entries its manifest does not name, and symbolic links
    (every entry, when it has no readable manifest)."""
    try:
        listed = set(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]) | {MANIFEST}
    except (OSError, ValueError, KeyError, TypeError):
        listed = set()
    return sorted(path for path in folder.iterdir() if path.name not in listed or path.is_symlink())


def swap_into_place(staging: Path, out: Path) -> None:
    """Rename `staging` to `out`, moving any previous `out` aside first and deleting it after."""
    previous = None
    if out.exists():
        previous = out.with_name(f".{out.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        out.rename(previous)
    staging.rename(out)
    if previous is not None:
        shutil.rmtree(previous)
