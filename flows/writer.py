"""The warehouse's single writer: a Prefect global concurrency limit of one slot that writing tasks hold.

A run lock (`flows.runlock`) keeps two runs on one machine apart; the limit keeps apart deployments
that share a warehouse from several machines (workers of different work pools). Outside a flow run
(a task's plain function called in a test) there is no Prefect server to hold it on, and nothing is held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

WRITER_LIMIT = "chipwatch-warehouse-writer"


def ensure_writer_limit() -> None:
    """Create the one-slot limit on the Prefect server when it is missing (a flow does this as it starts)."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(WRITER_LIMIT, 1)


@contextmanager
def warehouse_writer() -> Iterator[None]:
    """Hold the writer slot (waiting for it) while the block writes to the warehouse."""
    from prefect.concurrency.sync import concurrency
    from prefect.context import FlowRunContext

    if FlowRunContext.get() is None:
        yield
        return
    with concurrency(WRITER_LIMIT, occupy=1, strict=True):
        yield
