"""Sending the digest: an HTML e-mail through a real SMTP server, Markdown to a JSONL file, failures counted."""

from __future__ import annotations

import json

from flows.alerting import load_alert_config
from flows.digest import build_digest, render_html, render_markdown, send_digest
from warehouse.db import open_warehouse


def test_digest_goes_out_as_html_mail_and_markdown(digest_db, tmp_path, mailbox, webhook):
    con = open_warehouse(digest_db, read_only=True)
    try:
        digest = build_digest(con, "2025-W16")
    finally:
        con.close()
    markdown, html = render_markdown(digest, "fr"), render_html(digest, "fr")
    webhook.status = 500
    path = tmp_path / "alerts.yaml"
    path.write_text(
        f"channels:\n  - apprise: '{mailbox.url()}'\n  - jsonl: digests.jsonl\n  - apprise: '{webhook.url()}'\n",
        encoding="utf-8",
    )

    counts = send_digest(load_alert_config(path), "2025-W16", markdown, html, "fr")

    assert (counts["sent"], counts["failed"]) == (2, 1) and "500" in counts["errors"][0]
    [mail] = mailbox.messages
    assert mail["Subject"] == "Veille sanctions puces : synthèse de la semaine (2025-W16)"
    body = mail.get_body(preferencelist=("html",)).get_content()
    assert '<img src="data:image/png;base64,' in body and "美国将华为列入实体清单" in body
    [record] = [json.loads(line) for line in (tmp_path / "digests.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record == {"type": "digest", "week": "2025-W16", "markdown": markdown}
