"""Deliver pending alerts through every channel, at most once per alert and channel, surviving crashes.

The order is: the alert is already recorded (`raise_alerts`), then an attempt row is committed, then
the message is sent, then the attempt is marked `delivered_at` or given its `error`. On the next run,
for each alert and channel, the latest attempt decides:

- delivered: done, never sent again;
- error (the channel failed, refused, or gave no answer within the timeout): sent again;
- neither: the process died while sending, so the message may or may not have gone out. It is *not*
  resent blindly (a duplicate alert is worse than a late one for an editor): it is counted as
  `unknown` and reported, until an operator checks the channel and resends with `resend_unknown=True`
  (`chipwatch alerts --resend-unknown`).

A channel that gives no answer within the timeout counts as failed and is retried, although it may
still deliver late: give a slow channel a longer `timeout` rather than risk a duplicate.

The connection must not be inside a transaction: each row is committed on its own, before and after
sending, and the warehouse stays locked for writing while channels are called. Alerts the watch list
filters out, or held back because their first report is older than `fresh_days` before the run that
raised them, get no attempt row: they are sent if the settings later allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import UserError
from flows.alerting.config import AlertConfig, Channel
from flows.alerting.message import read_message, search_message
from flows.alerting.searches import matches

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import duckdb

    from flows.alerting.channels import Outgoing


@dataclass(frozen=True)
class Attempt:
    """The latest delivery attempt of one alert on one channel."""

    number: int
    delivered: bool
    error: str | None

    @property
    def unknown(self) -> bool:
        """Started but never completed: the process died while sending."""
        return not self.delivered and self.error is None


def deliver_alerts(
    con: duckdb.DuckDBPyConnection, config: AlertConfig, resend_unknown: bool = False, dry_run: bool = False,
    search_index: Path | None = None,
) -> dict[str, Any]:
    """Send every alert the watch list allows to each channel that has not received it yet, then each new
    article matching a saved search of `config` (found in the index folder `search_index`).

    A failing or hanging channel (bounded by `config.timeout`) does not stop the others. With `dry_run`,
    nothing is sent or written. Returns counts "alerts" (passing the watch list and fresh), "filtered",
    "held_back", "searched" (articles matching a saved search), "sent", "failed", "unknown", "already"
    (alert-channel pairs), "errors": one line per failure, and "unmatched_watch": watch-list targets that
    name no KB entry (likely typos).
    """
    names = ("alerts", "filtered", "held_back", "searched", "sent", "failed", "unknown", "already")
    counts: dict[str, Any] = dict.fromkeys(names, 0)
    counts["errors"] = []
    counts["unmatched_watch"] = _unmatched_watch_targets(con, config)
    if dry_run:
        counts["would_send"] = []
    else:
        _rename_former_channels(con, config)
    latest = _latest_attempts(con)
    keys = watch_keys(con)
    alerts = con.execute(
        "SELECT alert_id, measure, first_seen_at, created_at FROM v_alerts ORDER BY first_seen_at, alert_id"
    ).fetchall()
    for alert_id, measure, first_seen, raised in alerts:
        if not config.watch.allows(measure, keys.get(alert_id, set())):
            counts["filtered"] += 1
            continue
        if config.held_back(first_seen, raised):
            counts["held_back"] += 1
            continue
        counts["alerts"] += 1
        _deliver(con, config, alert_id, lambda alert_id=alert_id: _measure_message(con, alert_id), latest, counts,
                 resend_unknown, dry_run)
    if config.searches and search_index is not None:
        from warehouse.rows import utc_now

        for saved in config.searches:
            try:
                found = matches(search_index, saved, config.fresh_days, utc_now().date())
            except UserError as error:  # no index yet: the next run, after indexing, sends them
                counts["errors"].append(f"saved search {saved.name}: {error}")
                continue
            for hit in found:
                counts["searched"] += 1
                _deliver(con, config, saved.alert_id(hit.article_id),
                         lambda saved=saved, hit=hit: search_message(saved, hit), latest, counts, resend_unknown,
                         dry_run)
    return counts


def _deliver(con: duckdb.DuckDBPyConnection, config: AlertConfig, alert_id: str, compose: Callable[[], Outgoing],
             latest: dict[tuple[str, str], Attempt], counts: dict[str, Any], resend_unknown: bool,
             dry_run: bool) -> None:
    """Send one alert (its message made by `compose` when first needed) to each channel still owed it."""
    from flows.alerting.channels import DeliveryError, DeliveryTimeout, send

    message = None
    for channel in config.channels:
        attempt = latest.get((alert_id, channel.name))
        if attempt and attempt.delivered:
            counts["already"] += 1
            continue
        if attempt and attempt.unknown and not resend_unknown:
            counts["unknown"] += 1
            counts["errors"].append(
                f"alert {alert_id} on {channel.name}: outcome unknown (interrupted while sending); "
                "check the channel, then resend with --resend-unknown"
            )
            continue
        if dry_run:
            counts["would_send"].append((alert_id, channel.name))
            continue
        message = message or compose()
        number = _start_attempt(con, alert_id, channel, attempt)
        try:
            send(channel, message, config.timeout)
        except DeliveryTimeout as error:  # left open: an unknown outcome is never resent unasked
            counts["unknown"] += 1
            counts["errors"].append(f"alert {alert_id} on {channel.name}: {error}; outcome unknown, "
                                    "check the channel, then resend with --resend-unknown")
        except DeliveryError as error:
            _finish_attempt(con, alert_id, channel, number, str(error))
            counts["failed"] += 1
            counts["errors"].append(f"alert {alert_id} on {channel.name}: {error}")
        else:
            _finish_attempt(con, alert_id, channel, number, None)
            counts["sent"] += 1


def _measure_message(con: duckdb.DuckDBPyConnection, alert_id: str) -> Outgoing:
    from flows.alerting.channels import Outgoing

    alert = read_message(con, alert_id)
    return Outgoing(alert.title, alert.text(), alert.record())


def _rename_former_channels(con: duckdb.DuckDBPyConnection, config: AlertConfig) -> None:
    """Move attempts recorded under a channel's former name (which could hold a path token) to its
    label, with their errors masked again, so history is kept and the token leaves the warehouse."""
    for channel in config.channels:
        if not channel.former_name or channel.former_name == channel.name:
            continue
        rows = con.execute(
            "SELECT alert_id, attempt, error FROM alert_deliveries WHERE channel = ?", [channel.former_name]
        ).fetchall()
        for alert_id, attempt, error in rows:
            con.execute(
                "UPDATE alert_deliveries SET channel = ?, error = ? WHERE alert_id = ? AND channel = ? AND attempt = ?",
                [channel.name, channel.mask(error) if error else None, alert_id, channel.former_name, attempt],
            )


def _start_attempt(con: duckdb.DuckDBPyConnection, alert_id: str, channel: Channel, last: Attempt | None) -> int:
    """Commit an attempt row before sending; returns its number."""
    from warehouse.rows import utc_now

    number = (last.number if last else 0) + 1
    con.execute(
        "INSERT INTO alert_deliveries (alert_id, channel, attempt, attempted_at) VALUES (?, ?, ?, ?)",
        [alert_id, channel.name, number, utc_now()],
    )
    return number


def _finish_attempt(
    con: duckdb.DuckDBPyConnection, alert_id: str, channel: Channel, number: int, error: str | None
) -> None:
    """Mark the attempt delivered (no error) or failed."""
    from warehouse.rows import utc_now

    column = "error = ?" if error else "delivered_at = ?"
    con.execute(
        f"UPDATE alert_deliveries SET {column} WHERE alert_id = ? AND channel = ? AND attempt = ?",
        [error or utc_now(), alert_id, channel.name, number],
    )


def _latest_attempts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Attempt]:
    """(alert, channel) -> its latest attempt; a delivered attempt wins over any later one."""
    rows = con.execute(
        "SELECT alert_id, channel, max(attempt), bool_or(delivered_at IS NOT NULL), "
        "arg_max_null(error, attempt) FROM alert_deliveries GROUP BY alert_id, channel"
    ).fetchall()
    return {(alert, channel): Attempt(number, delivered, error) for alert, channel, number, delivered, error in rows}


def watch_keys(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Each alert's casefolded target ids and names, plus the ids and names of its chips' vendors."""
    rows = con.execute(
        "SELECT al.alert_id, list_concat(al.target_ids, al.targets, "
        "       coalesce(list(v.entity_id) FILTER (WHERE v.entity_id IS NOT NULL), []), "
        "       coalesce(list(v.name) FILTER (WHERE v.name IS NOT NULL), [])) "
        "FROM v_alerts AS al "
        "LEFT JOIN entities AS chip ON list_contains(al.target_ids, chip.entity_id) AND chip.vendor_id IS NOT NULL "
        "LEFT JOIN entities AS v ON v.entity_id = chip.vendor_id "
        "GROUP BY al.alert_id, al.target_ids, al.targets"
    ).fetchall()
    return {alert_id: {str(key).casefold() for key in keys if key} for alert_id, keys in rows}


def _unmatched_watch_targets(con: duckdb.DuckDBPyConnection, config: AlertConfig) -> list[str]:
    """Watch-list targets equal to no entity id or name (casefolded), sorted."""
    if not config.watch.targets:
        return []
    known = {
        str(value).casefold()
        for row in con.execute("SELECT entity_id, name FROM entities").fetchall()
        for value in row
        if value
    }
    return sorted(config.watch.targets - known)
