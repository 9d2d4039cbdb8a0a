"""Record values to typed row values, and bulk inserts with `?` parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime

import duckdb

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block in one transaction: committed whole, or rolled back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> int:
    """Insert `rows` into `table` (a name from the code, never from input); returns the row count.

    One statement binds each column as a list and unnests them side by side: 10-20x faster than
    `executemany` or multi-row VALUES in DuckDB.
    """
    if not rows:
        return 0
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'",
            [table],
        ).fetchall()
    )
    unnests = ", ".join(f"unnest(?::{types[column]}[])" for column in columns)
    values = [list(column) for column in zip(*rows, strict=True)]
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {unnests}", values)
    return len(rows)


def utc_now() -> datetime:
    """The current time as a naive UTC datetime, the warehouse's convention for every timestamp."""
    return datetime.now(UTC).replace(tzinfo=None)


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as a naive UTC datetime; None when missing or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError):  # `9999-12-31T23:59:59-05:00` lies past year 9999 in UTC
        return None
    return parsed


def parse_event_date(value: str | None) -> tuple[date | None, str | None]:
    """`YYYY-MM-DD` -> (that day, "day"); `YYYY-MM` -> (first of the month, "month"); else (None, None)."""
    if not value:
        return None, None
    month = _MONTH.match(value)
    try:
        if month:
            return date(int(month.group(1)), int(month.group(2)), 1), "month"
        return date.fromisoformat(value[:10]), "day"
    except ValueError:
        return None, None
