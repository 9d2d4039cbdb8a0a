"""The warehouse writer slot: a writing flow run alone creates the limit it holds, and it is held."""

from __future__ import annotations


def test_a_writing_flow_run_alone_holds_the_writer_limit(tmp_path):
    from prefect import get_client
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import alerting
    from flows.writer import WRITER_LIMIT
    from warehouse.db import open_warehouse

    db = tmp_path / "w.duckdb"
    open_warehouse(db).close()
    with prefect_test_harness(server_startup_timeout=120):
        assert alerting(str(db)) == {"events": 0, "created": 0, "updated": 0, "feeds": 2}
        with get_client(sync_client=True) as client:
            limit = client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
    assert limit.limit == 1 and limit.active_slots == 0  # one slot, released after the write
