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
    return {"week": digest.week.label, "empty": digest.empty, **written}


@task(cache_policy=NO_CACHE)
def send_digest_files(files: dict, alerts_file: str, ui_lang: str, proof: str | None = None) -> dict:
    """Send the written digest through the alert channels, or only to the channel `proof` (not retried: a retry
    would resend to all); a week with nothing new is not sent."""
    from flows.alerting import load_alert_config
    from flows.digest import send_digest

    if files["empty"]:
        print(f"weekly_digest: {files['week']} has nothing new: not sent")
        return {"sent": 0, "failed": 0, "errors": []}
    markdown = Path(files["md"]).read_text(encoding="utf-8")
    html = Path(files["html"]).read_text(encoding="utf-8")
    counts = send_digest(load_alert_config(alerts_file), files["week"], markdown, html, ui_lang, only=proof)
    print(f"weekly_digest: sent {counts['sent']}, failed {counts['failed']}")
    if counts["failed"]:
        raise RuntimeError("; ".join(counts["errors"]))
    return counts


@flow(name="weekly_digest", log_prints=True)
def weekly_digest(db: str, out_dir: str = "digests", week: str | None = None, ui_lang: str = "en",
                  alerts_file: str | None = None, proof: str | None = None) -> dict:
    """Write the digest of a week (default: the last complete one), curated by the editors; send it when
    channels are given (only to the channel `proof`, for a proof before the real send)."""
    files = write_digest(db, out_dir, week, ui_lang)
    if alerts_file:
        files["sent"] = send_digest_files(files, alerts_file, ui_lang, proof)
    return files
