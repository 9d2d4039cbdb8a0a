"""The mark of how far the crawl spool has been loaded (`spool_marks`), read and moved by the load step."""

from __future__ import annotations

from pathlib import Path

import duckdb

from crawler.spool import SpoolMark
from warehouse.rows import utc_now


def read_mark(con: duckdb.DuckDBPyConnection, spool: Path) -> SpoolMark | None:
    """Where the last load of `spool` ended, or None when it was never loaded."""
    row = con.execute("SELECT byte_offset, line_number, fingerprint FROM spool_marks WHERE spool = ?",
                      [spool.name]).fetchone()
    return SpoolMark(*row) if row else None


def save_mark(con: duckdb.DuckDBPyConnection, spool: Path, mark: SpoolMark) -> None:
    """Record that `spool` is loaded up to `mark`."""
    con.execute(
        "INSERT OR REPLACE INTO spool_marks (spool, byte_offset, line_number, fingerprint, loaded_at) "
        "VALUES (?, ?, ?, ?, ?)", [spool.name, mark.offset, mark.lines, mark.fingerprint, utc_now()])
