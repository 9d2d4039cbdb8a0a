"""Atom feeds of the warehouse, for any feed reader: alerts, new sanction measures, and one per watched entity.

`write_feeds(con, folder, config)` writes into `folder`:
- `alerts.atom`: the alerts watchers receive (the watch list of `config` allows them, `fresh_days` does not
  hold them back);
- `measures.atom`: every measure that is not background, held back or not;
- `entity-<id>.atom` (`entity-firm-huawei.atom`): the alerts naming one watched firm, chip or authority (a
  firm covers its chips), for each watch-list target of `config` and each of `entities`.

Newest first report first, at most `FEED_LIMIT` entries each. Each file is written beside its final name and
renamed over it, so a reader never sees half a feed; feeds whose measures have not changed since the last
write are left as they are. Text is escaped by the XML writer.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flows.alerting.config import AlertConfig
from flows.alerting.delivery import watch_keys
from flows.alerting.message import read_message

if TYPE_CHECKING:
    import duckdb

FEED_LIMIT = 200
STATE_FILE = ".chipwatch-feeds"  # what the feeds were written from: unchanged input, no rewrite
NO_CONFIG = AlertConfig(Path("."), ())  # no alerts file: no watch list, the default fresh window


def feeds_path(db: str | Path) -> Path:
    """The folder beside a warehouse where the pipeline writes its feeds."""
    return Path(f"{db}.feeds")


def write_feeds(con: duckdb.DuckDBPyConnection, folder: str | Path, config: AlertConfig | None = None,
                entities: Iterable[str] = ()) -> list[Path]:
    """Write the feeds (module docstring) into `folder`, created when missing; returns their paths.

    `entities` are KB names or ids, like watch-list targets; one that names no entity gets no feed.
    """
    config = config or NO_CONFIG
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = con.execute(
        "SELECT alert_id, measure, first_seen_at, created_at, updated_at FROM v_alerts "
        "ORDER BY first_seen_at DESC, alert_id"
    ).fetchall()
    keys = watch_keys(con)
    sent = [row for row in rows if config.watch.allows(row[1], keys.get(row[0], set()))
            and not config.held_back(row[2], row[3])]
    feeds = {
        "alerts": ("chipwatch: alerts", sent),
        "measures": ("chipwatch: new sanction measures", rows),
    }
    for entity_id, name in named_entities(con, set(config.watch.targets) | {e.casefold() for e in entities}):
        keyed = [row for row in sent if entity_id in keys.get(row[0], set())]
        feeds[f"entity-{re.sub(r'[^a-z0-9]+', '-', entity_id)}"] = (f"chipwatch: alerts on {name}", keyed)
    paths = [folder / f"{stem}.atom" for stem in feeds]
    state = hashlib.sha256(repr(sorted((stem, title, chosen[:FEED_LIMIT]) for stem, (title, chosen) in feeds.items()))
                           .encode()).hexdigest()
    stamp = folder / STATE_FILE
    if all(path.is_file() for path in paths) and stamp.is_file() and stamp.read_text(encoding="utf-8") == state:
        return paths  # nothing any feed shows has changed since they were written
    for path, (stem, (title, chosen)) in zip(paths, feeds.items(), strict=True):
        _replace(path, _atom(con, f"urn:chipwatch:feed:{stem}", title, chosen[:FEED_LIMIT]))
    _replace(stamp, state.encode())
    return paths


def named_entities(con: duckdb.DuckDBPyConnection, targets: set[str]) -> list[tuple[str, str]]:
    """(casefolded id, name) of the entities whose id or name is one of the casefolded `targets`."""
    if not targets:
        return []
    rows = con.execute("SELECT entity_id, name FROM entities ORDER BY entity_id").fetchall()
    return [(entity_id.casefold(), name) for entity_id, name in rows
            if entity_id.casefold() in targets or (name or "").casefold() in targets]


def _atom(con: duckdb.DuckDBPyConnection, feed_id: str, title: str, rows: list[tuple]) -> bytes:
    """The Atom document of one feed, its entries being the measures of `rows`."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": "chipwatch"})
    feed.updated(max((_utc(row[4]) for row in rows), default=datetime(1970, 1, 1, tzinfo=UTC)))
    for alert_id, _, first_seen, _, updated in reversed(rows):  # feedgen puts the last added first
        message = read_message(con, alert_id)
        entry = feed.add_entry()
        entry.id(f"urn:chipwatch:measure:{alert_id}")
        entry.title(message.title.removeprefix("Sanction alert: "))
        entry.published(_utc(first_seen))
        entry.updated(_utc(updated))
        entry.content(message.text(), type="text")
        for link in message.links[:1]:
            entry.link(href=link.url, rel="alternate")
        entry.category([{"term": message.measure}, {"term": message.status}])
    return feed.atom_str(pretty=True)


def _utc(moment: datetime) -> datetime:
    """A warehouse timestamp (UTC, naive) as an aware datetime, which feedgen needs."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # readable by the web server that publishes the folder
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
