"""Keep the `entities` table in step with the curated KB (`nlp.kb.load_kb`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb

from warehouse.rows import insert_rows, transaction, utc_now

_COLUMNS = ("entity_id", "type", "name", "wikidata_id", "vendor_id", "parent_id", "country", "in_kb")


def sync_entities(con: duckdb.DuckDBPyConnection, kb: Any) -> dict[str, int]:
    """Upsert every KB entry and flag (`in_kb = FALSE`) rows whose entry left the KB, in one transaction.

    `kb` is a loaded KB (its `.entries`) or an iterable of entries; an entry has `.id`, `.type`,
    `.name` and optionally `.wikidata`, `.vendor` (a firm's id or name), `.parent` (an authority's id)
    and `.country`.
    Rows are never deleted, since mentions and events keep referring to them.
    Returns {"inserted", "updated", "unchanged", "flagged"}.
    """
    entries = list(getattr(kb, "entries", kb))
    vendor_ids = _vendor_resolver(entries)
    rows = {}
    for entry in entries:
        entity_id = _field(entry, "id")
        vendor = _field(entry, "vendor")
        rows[entity_id] = (
            entity_id,
            str(_field(entry, "type") or "").upper() or None,
            _field(entry, "name"),
            _field(entry, "wikidata"),
            vendor_ids.get(str(vendor).casefold(), vendor) if vendor else None,
            _field(entry, "parent"),
            _field(entry, "country"),
            True,
        )
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "flagged": 0}
    with transaction(con):
        stored = {row[0]: tuple(row) for row in con.execute(f"SELECT {', '.join(_COLUMNS)} FROM entities").fetchall()}
        changed = [row for key, row in rows.items() if stored.get(key) != row]
        counts["updated"] = sum(1 for row in changed if row[0] in stored)
        counts["inserted"] = len(changed) - counts["updated"]
        counts["unchanged"] = len(rows) - len(changed)
        gone = [key for key, row in stored.items() if row[-1] and key not in rows]
        counts["flagged"] = len(gone)
        now = utc_now()
        con.execute(
            "UPDATE entities SET in_kb = FALSE, synced_at = ? WHERE entity_id IN (SELECT unnest(?))", [now, gone]
        )
        con.execute(
            "DELETE FROM entities WHERE entity_id IN (SELECT unnest(?))", [[r[0] for r in changed if r[0] in stored]]
        )
        insert_rows(con, "entities", (*_COLUMNS, "synced_at"), [(*row, now) for row in changed])
    return counts


def add_unknown_entities(con: duckdb.DuckDBPyConnection, entities: Iterable[tuple[str, str, str]]) -> int:
    """Add (id, type, name) rows, flagged not in the KB, for ids the table lacks; returns how many."""
    wanted = {entity_id: (entity_id, (kind or "").upper() or None, name) for entity_id, kind, name in entities}
    known = {
        row[0]
        for row in con.execute(
            "SELECT entity_id FROM entities WHERE entity_id IN (SELECT unnest(?))", [list(wanted)]
        ).fetchall()
    }
    rows = [(*row, False) for key, row in wanted.items() if key not in known]
    return insert_rows(con, "entities", ("entity_id", "type", "name", "in_kb"), rows)


def _vendor_resolver(entries: list[Any]) -> dict[str, str]:
    """Casefolded firm name or any id -> the id, so `vendor: Nvidia` and `vendor: firm:nvidia` agree."""
    resolver = {}
    for entry in entries:
        if str(_field(entry, "type")).upper() == "FIRM":
            resolver.setdefault(str(_field(entry, "name")).casefold(), _field(entry, "id"))
    for entry in entries:
        resolver[str(_field(entry, "id")).casefold()] = _field(entry, "id")
    return resolver


def _field(entry: Any, name: str) -> Any:
    """An entry's attribute, or its key when the entry is a mapping; None when absent."""
    if isinstance(entry, dict):
        return entry.get(name)
    return getattr(entry, name, None)
