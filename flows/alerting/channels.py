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


@dataclass(frozen=True)
class Outgoing:
    """What to send: a title, a plain-text (or Markdown) body, the JSONL record, optionally HTML for e-mail."""

    title: str
    text: str
    record: dict[str, Any]
    html: str | None = None  # Apprise gets this instead of `text` (converted for services without HTML)


class DeliveryError(Exception):
    """The channel refused the message, failed, or did not answer in time (message has secrets masked)."""


def send(channel: Channel, message: Outgoing, timeout: float) -> None:
    """Deliver `message`, waiting at most `timeout` seconds; `DeliveryError` when it was not delivered."""
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
    worker.join(timeout)
    if worker.is_alive():
        raise DeliveryError(f"no answer within {timeout:g} s")
    if outcome:
        error = outcome[0]
        text = str(error) if isinstance(error, DeliveryError) else f"{type(error).__name__}: {error}"
        raise DeliveryError(channel.mask(" ".join(text.split()))[:_MAX_ERROR])


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
    plugin.socket_connect_timeout = min(plugin.socket_connect_timeout or timeout, timeout)
    plugin.socket_read_timeout = min(plugin.socket_read_timeout or timeout, timeout)
    with apprise.LogCapture(level=apprise.logging.WARNING, fmt="%(message)s") as log:
        if message.html is None:
            delivered = plugin.notify(body=message.text, title=message.title)
        else:
            delivered = plugin.notify(body=message.html, title=message.title, body_format=apprise.NotifyFormat.HTML)
        details = log.getvalue()
    if not delivered:
        lines = [line.strip() for line in details.splitlines() if line.strip()]
        raise DeliveryError("; ".join(lines[-3:]) or "Apprise reported a failure")
