"""Raise alerts on new sanction events: link them to the measures they report (`warehouse.measures`).

An alert is a measure that is not background (`v_alerts`): the first report of a measure raises it, later
reports of the same measure (other articles, outlets, languages) update it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warehouse.measures import link_events
from warehouse.rows import transaction

if TYPE_CHECKING:
    import duckdb


def raise_alerts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Link the events not yet linked to a measure, in one transaction; returns {"events", "created", "updated"}
    counted over alerts (see `warehouse.measures.link_events`). Safe to re-run."""
    with transaction(con):
        return link_events(con)
