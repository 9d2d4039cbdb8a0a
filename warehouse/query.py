"""Analysts' queries: one SQL statement on a read-only, sandboxed and bounded connection to the warehouse."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from core.errors import UserError
from warehouse.bounds import DEFAULT_LOCK_TIMEOUT, DEFAULT_QUERY_BOUNDS, QueryBounds
from warehouse.db import open_warehouse

# The query reads the warehouse only: no file written or read (COPY TO, read_csv), no extension
# installed, and no setting changed back by the query itself (the bounds below included).
SANDBOX = ("SET enable_external_access = false", "SET lock_configuration = true")


@dataclass(frozen=True)
class QueryResult:
    """Column names, rows, and whether rows past `QueryBounds.max_rows` were left out."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False


def run_query(db: str | Path, sql: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
              bounds: QueryBounds = DEFAULT_QUERY_BOUNDS) -> QueryResult:
    """The result of `sql`; an empty, failing or over-long statement is a `UserError` of one line.

    A query still running after `bounds.seconds` is interrupted, so a forgotten query never holds the
    file (and with it the pipeline's writes) for long.
    """
    if not sql.strip():
        raise UserError('empty query: give one SQL statement, e.g. "SELECT count(*) FROM articles"')
    con = open_warehouse(db, read_only=True, lock_timeout=lock_timeout)
    stopper = threading.Timer(bounds.seconds, con.interrupt)
    try:
        con.execute(f"SET memory_limit = '{int(bounds.memory_mb)}MB'")
        con.execute(f"SET threads = {int(bounds.threads)}")
        for setting in SANDBOX:
            con.execute(setting)
        stopper.start()
        cursor = con.execute(sql)
        columns = [column[0] for column in (cursor.description if cursor is not None else None) or []]
        rows = cursor.fetchmany(bounds.max_rows + 1) if columns else []
    except duckdb.InterruptException as error:
        raise UserError(f"query stopped after {bounds.seconds:g} s (raise --timeout for a longer one)") from error
    except duckdb.OutOfMemoryException as error:
        raise UserError(f"query needs more than {bounds.memory_mb} MB (raise --memory-mb, or narrow it)") from error
    except duckdb.Error as error:
        raise UserError(_one_line(error)) from error
    finally:
        stopper.cancel()
        con.close()
    return QueryResult(columns, rows[:bounds.max_rows], truncated=len(rows) > bounds.max_rows)


def _one_line(error: Exception) -> str:
    """DuckDB's message without its multi-line context (LINE 1: ..., caret markers)."""
    return str(error).strip().splitlines()[0]
