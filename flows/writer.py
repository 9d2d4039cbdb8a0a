"""The warehouse's single writer: a Prefect global concurrency limit of one slot that writing tasks hold.

A run lock (`flows.runlock`) keeps two runs on one machine apart; the limit keeps apart deployments
that share a warehouse from several machines (workers of different work pools). Outside a flow run
(a task's plain function called in a test) there is no Prefect server to hold it on, and nothing is held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

WRITER_LIMIT = "chipwatch-warehouse-writer"


@contextmanager
def warehouse_writer() -> Iterator[None]:
    """Hold the writer slot (waiting for it) while the block writes to the warehouse."""
    from prefect.concurrency.sync import concurrency
    from prefect.context import FlowRunContext
    from prefect.settings import PREFECT_API_URL

    if FlowRunContext.get() is None:
        yield
        return
    _ensure_writer_limit(PREFECT_API_URL.value())
    with concurrency(WRITER_LIMIT, occupy=1, strict=True):
        yield


@cache
def _ensure_writer_limit(api_url: str | None) -> None:
    """Create the one-slot limit on the Prefect server at `api_url` when it is missing (once per process and
    server), so any flow that writes, run alone or within `pipeline`, finds it."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(WRITER_LIMIT, 1)
