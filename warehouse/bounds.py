"""How long the warehouse's users wait for its file and what an analyst's query may take (no DuckDB import,
so the command line can show these defaults without loading it)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LOCK_TIMEOUT = 30.0  # seconds a command waits while another process writes the file


@dataclass(frozen=True)
class QueryBounds:
    """How long a query may run, how much memory and how many threads it may use, how many rows it returns."""

    seconds: float = 60.0
    memory_mb: int = 2048
    threads: int = 2
    max_rows: int = 100_000


DEFAULT_QUERY_BOUNDS = QueryBounds()
