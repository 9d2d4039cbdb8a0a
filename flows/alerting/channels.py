"""Send one message (an alert, a digest) through one channel: console (stdout), a JSONL file, or any Apprise URL."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.alerting.config import Channel

_MAX_ERROR = 500  # characters of a channel's error kept in alert_deliveries
CUT_AFTER = 2  # a channel waits `timeout` per network step and is cut after this many times it in all


@dataclass(frozen=True)
class Outgoing:
    """What to send: a title, a plain-text (or Markdown) body, the JSONL record, optionally HTML for e-mail."""

    title: str
    text: str
    record: dict[str, Any]
    html: str | None = None  # Apprise gets this instead of `text` (converted for services without HTML)


class DeliveryError(Exception):
    """The channel refused the message or failed (message has secrets masked)."""


class DeliveryTimeout(DeliveryError):
    """The channel did not answer in time: the message may have arrived, so it is not sent again unasked."""


def send(channel: Channel, message: Outgoing, timeout: float) -> None:
    """Deliver `message`: each network step may take `timeout` seconds, the whole at most `CUT_AFTER` times
    that; `DeliveryError` when it was not delivered, `DeliveryTimeout` when the outcome is unknown."""
    senders: dict[str, Callable[[Channel, Outgoing, float], None]] = {
        "console": _console,
        "jsonl": _jsonl,
        "apprise": _apprise,
    }
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            senders[channel.kind](channel, message, timeout)
        except Exception as error:  # any failure of the channel is reported, never raised past it
            outcome.append(error)

    worker = threading.Thread(target=run, name=f"alert-{channel.name}", daemon=True)
    worker.start()
    worker.join(timeout * CUT_AFTER)
    if worker.is_alive():
        raise DeliveryTimeout(f"no answer within {timeout * CUT_AFTER:g} s")
    if outcome:
        error = outcome[0]
        text = str(error) if isinstance(error, DeliveryError) else f"{type(error).__name__}: {error}"
        kind = DeliveryTimeout if isinstance(error, DeliveryTimeout) else DeliveryError
        raise kind(channel.mask(" ".join(text.split()))[:_MAX_ERROR])


def _console(channel: Channel, message: Outgoing, timeout: float) -> None:
    sys.stdout.write(f"{message.title}\n{message.text}\n\n")
    sys.stdout.flush()


def _jsonl(channel: Channel, message: Outgoing, timeout: float) -> None:
    path = Path(channel.target or "")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(message.record, ensure_ascii=False, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())


def _apprise(channel: Channel, message: Outgoing, timeout: float) -> None:
    import apprise

    plugin = apprise.Apprise.instantiate(channel.target or "")
    if plugin is None:
        raise DeliveryError("not a URL Apprise supports")
    # the channel's whole `timeout`, not Apprise's own defaults (4 s to read), which a slow channel outlasts
    plugin.socket_connect_timeout = plugin.socket_read_timeout = timeout
    with apprise.LogCapture(level=apprise.logging.DEBUG, fmt="%(levelname)s %(message)s") as log:
        if message.html is None:  # plain text, escaped by Apprise where the service shows HTML (e-mail)
            delivered = plugin.notify(body=message.text, title=message.title, body_format=apprise.NotifyFormat.TEXT)
        else:
            delivered = plugin.notify(body=message.html, title=message.title, body_format=apprise.NotifyFormat.HTML)
        details = log.getvalue()
    if not delivered:
        lines = [line.split(" ", 1)[1].strip() for line in details.splitlines()
                 if line.startswith(("WARNING ", "ERROR "))]
        reason = "; ".join(lines[-3:]) or "Apprise reported a failure"
        # a request sent whose answer did not come in time (an HTTP read timeout) may have arrived: unknown
        raise (DeliveryTimeout if "read timed out" in details.lower() else DeliveryError)(reason)
