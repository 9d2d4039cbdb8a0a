"""Analysts' queries: one SQL statement on a read-only, sandboxed connection to the warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from core.errors import UserError
from warehouse.db import DEFAULT_LOCK_TIMEOUT, open_warehouse

# The query reads the warehouse only: no file written or read (COPY TO, read_csv), no extension
# installed, and no setting changed back by the query itself.
SANDBOX = ("SET enable_external_access = false", "SET lock_configuration = true")


def run_query(db: str | Path, sql: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
              ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of `sql`; an empty or failing statement is a `UserError` of one line."""
    if not sql.strip():
        raise UserError('empty query: give one SQL statement, e.g. "SELECT count(*) FROM articles"')
    con = open_warehouse(db, read_only=True, lock_timeout=lock_timeout)
    try:
        for setting in SANDBOX:
            con.execute(setting)
        cursor = con.execute(sql)
        columns = [column[0] for column in (cursor.description if cursor is not None else None) or []]
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as error:
        raise UserError(_one_line(error)) from error
    finally:
        con.close()
    return columns, rows


def _one_line(error: Exception) -> str:
    """DuckDB's message without its multi-line context (LINE 1: ..., caret markers)."""
    return str(error).strip().splitlines()[0]
