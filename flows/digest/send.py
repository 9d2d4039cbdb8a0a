"""Send a rendered digest through the channels of the alerts file: e-mail gets the HTML, the rest Markdown."""

from __future__ import annotations

from typing import Any

from flows.alerting.config import AlertConfig


def send_digest(config: AlertConfig, week: str, markdown: str, html: str, ui_lang: str = "en") -> dict[str, Any]:
    """Send the digest of `week` to every channel, each bounded by the config's timeout; the watch list
    does not apply. Apprise services that take HTML (e-mail) get `html`, others a text conversion of it;
    the console prints the Markdown; a JSONL file gets {"type": "digest", "week", "markdown"}.
    Keeps no delivery state: each call sends again. Returns {"sent", "failed", "errors"}.
    """
    from flows.alerting.channels import DeliveryError, Outgoing, send
    from flows.digest.labels import labels

    title = f"{labels(ui_lang)['title']} ({week})"
    message = Outgoing(title, markdown, {"type": "digest", "week": week, "markdown": markdown}, html)
    counts: dict[str, Any] = {"sent": 0, "failed": 0, "errors": []}
    for channel in config.channels:
        try:
            send(channel, message, config.timeout)
        except DeliveryError as error:
            counts["failed"] += 1
            counts["errors"].append(f"digest {week} on {channel.name}: {error}")
        else:
            counts["sent"] += 1
    return counts
