"""The `chipwatch sql` and `chipwatch export` commands."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from flows.cli.options import add_warehouse, positive, positive_seconds
from warehouse.bounds import DEFAULT_QUERY_BOUNDS, QueryBounds

_CELL_WIDTH = 60  # table format: longer values are cut with an ellipsis


def register(commands: argparse._SubParsersAction) -> None:
    """Add the warehouse subcommands to the `chipwatch` parser."""
    sql = commands.add_parser(
        "sql",
        help="run a read-only SQL query on the warehouse",
        description="Run one SQL query on the DuckDB warehouse through a read-only connection and print "
        "the result. Tables and views are described in warehouse/README.md.",
    )
    add_warehouse(sql)
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    limits = DEFAULT_QUERY_BOUNDS
    sql.add_argument("--timeout", type=positive_seconds, default=limits.seconds, metavar="SECONDS",
                     help=f"stop the query after this long, so it never holds the file for the pipeline "
                     f"(default {limits.seconds:g})")
    sql.add_argument("--memory-mb", type=positive, default=limits.memory_mb, metavar="MB",
                     help=f"memory the query may use (default {limits.memory_mb})")
    sql.add_argument("--threads", type=positive, default=limits.threads, help=f"threads (default {limits.threads})")
    sql.add_argument("--max-rows", type=positive, default=limits.max_rows, metavar="N",
                     help=f"print at most N rows; a warning says when more were left out (default {limits.max_rows})")
    sql.add_argument("query", help='the SQL, e.g. "SELECT * FROM v_chip_status"')
    sql.set_defaults(handler=run_sql)

    export = commands.add_parser(
        "export",
        help="write every warehouse table to Parquet or CSV files",
        description="Write each warehouse table to DIR/<table>.<format>. The files are written in a "
        "temporary folder and renamed into place, so DIR never holds a partial export.",
    )
    add_warehouse(export)
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="file format")
    export.add_argument("--overwrite", action="store_true", help="replace DIR when it is not empty")
    export.add_argument("dir", help="output folder (created)")
    export.set_defaults(handler=run_export)


def run_sql(args: argparse.Namespace) -> int:
    """Handler of `chipwatch sql`."""
    from warehouse.query import run_query

    bounds = QueryBounds(seconds=args.timeout, memory_mb=args.memory_mb, threads=args.threads,
                         max_rows=args.max_rows)
    result = run_query(args.db, args.query, args.lock_timeout, bounds)
    write_result(result.columns, result.rows, args.format, sys.stdout)
    if result.truncated:
        print(f"chipwatch sql: warning: only the first {bounds.max_rows} rows are printed (--max-rows)",
              file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Handler of `chipwatch export`."""
    from warehouse.db import open_warehouse
    from warehouse.export import export_tables

    con = open_warehouse(args.db, read_only=True, lock_timeout=args.lock_timeout)
    try:
        files = export_tables(con, args.dir, args.format, overwrite=args.overwrite)
    finally:
        con.close()
    for path in files:
        print(path)
    return 0


def write_result(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out: TextIO) -> None:
    """Print a query result as an aligned text table, CSV with a header, or a JSON array of objects."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if value is None else value for value in row] for row in rows)
    elif fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        json.dump(records, out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    else:
        cells = [[_cell(value) for value in row] for row in rows]
        widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(columns)]
        lines = [columns, ["-" * width for width in widths], *cells]
        for line in lines:
            out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
            out.write("\n")
        out.write(f"({len(rows)} row{'' if len(rows) == 1 else 's'})\n")


def _cell(value: Any) -> str:
    """A value as one short line of text for the table format."""
    text = "NULL" if value is None else " ".join(str(value).split())
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"
