"""Send a rendered digest through the channels of the alerts file: e-mail gets the HTML, the rest Markdown."""

from __future__ import annotations

from typing import Any

from core.errors import UserError
from flows.alerting.config import AlertConfig


def send_digest(config: AlertConfig, week: str, markdown: str, html: str, ui_lang: str = "en",
                only: str | None = None) -> dict[str, Any]:
    """Send the digest of `week` to every channel (only to the channel named `only`: a proof), each bounded by
    the config's timeout; the watch list does not apply. `UserError` when no channel is named `only`.
    Apprise services that take HTML (e-mail) get `html`, others a text conversion of it;
    the console prints the Markdown; a JSONL file gets {"type": "digest", "week", "markdown"}.
    Keeps no delivery state: each call sends again. Returns {"sent", "failed", "errors"}.
    """
    from flows.alerting.channels import DeliveryError, Outgoing, send
    from flows.digest.labels import labels

    title = f"{labels(ui_lang)['title']} ({week})"
    message = Outgoing(title, markdown, {"type": "digest", "week": week, "markdown": markdown}, html)
    counts: dict[str, Any] = {"sent": 0, "failed": 0, "errors": []}
    channels = [channel for channel in config.channels if only is None or channel.name == only]
    if not channels:
        names = ", ".join(channel.name for channel in config.channels)
        raise UserError(f"{config.path}: no channel named {only!r} for the proof (channels: {names})")
    for channel in channels:
        try:
            send(channel, message, config.timeout)
        except DeliveryError as error:
            counts["failed"] += 1
            counts["errors"].append(f"digest {week} on {channel.name}: {error}")
        else:
            counts["sent"] += 1
    return counts
