"""The `weekly_digest` Prefect flow: write a week's digest to a folder and send it through the channels."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.files import write_text_atomically
from warehouse.db import open_warehouse


@task(cache_policy=NO_CACHE)
def write_digest(db: str, out_dir: str, week: str | None, ui_lang: str) -> dict[str, str]:
    """Render the digest of `week` (default: the last complete week) as Markdown and HTML files."""
    from flows.digest import build_digest, render_html, render_markdown

    with open_warehouse(db, read_only=True) as con:
        digest = build_digest(con, week)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for suffix, render in (("md", render_markdown), ("html", render_html)):
        target = write_text_atomically(folder / f"digest-{digest.week.label}.{suffix}", render(digest, ui_lang))
        written[suffix] = str(target)
    print(f"weekly_digest: wrote {written['md']} and {written['html']}")
    return {"week": digest.week.label, **written}


@task(cache_policy=NO_CACHE)
def send_digest_files(files: dict[str, str], alerts_file: str, ui_lang: str) -> dict:
    """Send the written digest through the alert channels (not retried: a retry would resend to all)."""
    from flows.alerting import load_alert_config
    from flows.digest import send_digest

    markdown = Path(files["md"]).read_text(encoding="utf-8")
    html = Path(files["html"]).read_text(encoding="utf-8")
    counts = send_digest(load_alert_config(alerts_file), files["week"], markdown, html, ui_lang)
    print(f"weekly_digest: sent {counts['sent']}, failed {counts['failed']}")
    if counts["failed"]:
        raise RuntimeError("; ".join(counts["errors"]))
    return counts


@flow(name="weekly_digest", log_prints=True)
def weekly_digest(db: str, out_dir: str = "digests", week: str | None = None, ui_lang: str = "en",
                  alerts_file: str | None = None) -> dict:
    """Write the digest of a week (default: the last complete one); send it when channels are given."""
    files = write_digest(db, out_dir, week, ui_lang)
    if alerts_file:
        files["sent"] = send_digest_files(files, alerts_file, ui_lang)
    return files
