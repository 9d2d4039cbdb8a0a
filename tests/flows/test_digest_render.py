"""Rendering the digest: Markdown for newsletter editors, e-mail-safe HTML with an embedded chart, the CLI."""

from __future__ import annotations

import argparse
import base64
import re

import pytest

from core.errors import UserError
from flows.cli.digest import register
from flows.digest import build_digest, render_html, render_markdown
from warehouse.db import open_warehouse


@pytest.fixture(scope="module")
def digest(digest_db):
    con = open_warehouse(digest_db, read_only=True)
    try:
        return build_digest(con, "2025-W16")
    finally:
        con.close()


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["digest", *argv])
    return args.handler(args)


def test_markdown_sections_links_and_titles_as_published(digest):
    text = render_markdown(digest)

    headings = re.findall(r"^##? (.+)$", text, flags=re.M)
    assert headings == ["Chip sanctions watch: weekly digest", "New sanction events", "Top stories",
                        "Trending chips and firms", "Articles this week"]
    assert "[Xinhua (zh, 2025-04-15)](https://xinhua.example/zh/8)" in text
    assert "[美国将华为列入实体清单](https://xinhua.example/zh/8)" in text
    assert "| Nvidia H20 | chip | 5 | 1.0 | +400% |" in text
    assert "Huawei accélère l'Ascend 910B" in text


def test_french_labels(digest):
    text = render_markdown(digest, "fr")
    assert "## Nouvelles mesures de sanction" in text and "## À la une" in text
    assert "Entity List, annoncée" in text and "enquête, annoncée" in text
    assert "1. **Washington inscrit Huawei sur sa liste noire**" in text  # the French title leads the story
    with pytest.raises(UserError, match="no digest labels"):
        render_markdown(digest, "de")


def test_html_is_self_contained_with_inline_styles_and_a_chart(digest):
    page = render_html(digest)

    assert "<style" not in page and "<script" not in page and "<link" not in page
    assert not re.search(r'src="(?!data:)', page)  # nothing fetched from elsewhere
    tags = re.findall(r"<(h1|h2|p|td|th|a|table|ul)\b([^>]*)>", page)
    assert tags and all('style="' in attributes for _, attributes in tags)
    [chart] = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)
    png = base64.b64decode(chart)
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert "美国将华为列入实体清单" in page and "&lt;" not in page


def test_cli_writes_the_file_and_rejects_a_bad_week(digest_db, tmp_path, capsys):
    out = tmp_path / "digest.html"
    assert _run("--db", str(digest_db), "--week", "2025-W16", "--format", "html", "--ui-lang", "fr",
                "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert _run("--db", str(digest_db), "--week", "2025-W16") == 0
    assert "## Top stories" in capsys.readouterr().out
    with pytest.raises(UserError, match="bad week '2025-W99'"):
        _run("--db", str(digest_db), "--week", "2025-W99")
    with pytest.raises(UserError, match="no digest labels for language 'de'"):
        _run("--db", str(digest_db), "--ui-lang", "de")


@pytest.mark.parametrize("kind", ["folder", "symlink", "fifo"])
def test_the_digest_is_written_only_to_a_regular_file(digest_db, tmp_path, kind):
    """`-o` naming a folder, a symbolic link or a device-like file is one clear line, and touches nothing."""
    import os

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "out"
    if kind == "folder":
        target.mkdir()
    elif kind == "symlink":
        target.symlink_to(victim)
    else:
        os.mkfifo(target)
    with pytest.raises(UserError, match="give the name of a file"):
        _run("--db", str(digest_db), "--week", "2025-W16", "-o", str(target))
    assert victim.read_text() == "keep me" and not list(tmp_path.glob(".*.tmp"))


def test_markup_in_titles_sources_and_entity_names_arrives_escaped(con, press):
    from core.records import ArticleRecord
    from tests.factories import entity, event, extraction
    from warehouse.load import load_articles, load_extractions, load_sources

    hostile = '<img src=x onerror="alert(1)">'
    load_sources(con, [{"name": "evil", "title": f"Evil {hostile}", "lang": "en"}])
    url = "https://evil.example/en/1"
    record = ArticleRecord(url=url, canonical_url=url, source="evil", status="ok", lang="en", declared_lang="en",
                           title=f"<script>alert('t')</script> {hostile}", published_at="2025-04-15T08:00:00+00:00",
                           fetched_at="2025-04-15T09:00:00+00:00", text="Text.")
    load_articles(con, [record])
    load_extractions(con, [extraction(
        record, entities=[entity("chip:evil", "CHIP", hostile, (hostile, 0, 4), (hostile, 10, 14))],
        events=[event("authority:bis", "entity_list", targets=[hostile], names=[hostile])])])

    found = build_digest(con, "2025-W16")
    page = render_html(found)
    markdown = render_markdown(found)
    assert "\\<img src=x" in markdown and not re.search(r"(?<!\\)<(img|script)", markdown)
    assert "<script" not in page and "<img src=x" not in page and "onerror=\"" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
