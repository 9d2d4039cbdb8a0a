"""Editors curate a week's digest: pins, exclusions and notes stored in the warehouse, shown in Markdown, HTML
(checked in a real headless Chromium) and the sent digest; a proof goes to one channel; an empty week is not sent."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess

import pytest

from core.errors import UserError
from flows.cli.digest import register
from flows.digest import build_digest, render_html, render_markdown
from flows.digest.html import PINNED_BACKGROUND
from tests.flows.test_digest_chromium import CHROMIUM, FLAGS
from warehouse.db import open_warehouse


@pytest.fixture
def curated_db(digest_db, tmp_path):
    """A copy of the digest warehouse (2025-W16) that the tests may curate."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(digest_db, path)
    return path


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["digest", *argv])
    return args.handler(args)


def _keys(out: str) -> dict[str, str]:
    """Review lines: text -> item key."""
    return {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in out.splitlines()[1:] if "  " in line}


def _review(db, capsys) -> dict[str, str]:
    assert _run("--db", str(db), "--week", "2025-W16", "--review") == 0
    return _keys(capsys.readouterr().out)


def _key(keys: dict[str, str], part: str) -> str:
    [key] = [key for text, key in keys.items() if part in text]
    return key


def test_pin_exclude_and_note_change_what_every_rendering_shows(curated_db, capsys):
    keys = _review(curated_db, capsys)
    probe, look_back = _key(keys, "· investigation"), _key(keys, "A look back at 2019")
    listing = _key(keys, "· Huawei, SMIC")
    week = ("--db", str(curated_db), "--week", "2025-W16")

    assert _run(*week, "--pin", probe) == 0
    assert _run(*week, "--exclude", listing) == 0
    assert _run(*week, "--pin", look_back) == 0
    assert _run(*week, "--note", probe, "Beijing's answer to the <b>listing</b>") == 0
    capsys.readouterr()

    with open_warehouse(curated_db, read_only=True) as con:
        digest = build_digest(con, "2025-W16")
    assert [event.key for event in digest.events] == [probe]  # the listing is out, the probe first
    assert digest.stories[0].key == look_back  # a pinned story leads its section
    markdown = render_markdown(digest)
    assert "- **[Pinned]** **Ministry of Commerce of China**" in markdown
    assert "_Editor's note: Beijing's answer to the \\<b\\>listing\\</b\\>_" in markdown
    assert "Huawei, SMIC" not in markdown.split("## Top stories")[0]
    html = render_html(digest, "fr")
    assert "Note de la rédaction: Beijing&#x27;s answer to the &lt;b&gt;listing&lt;/b&gt;" in html

    reviewed = _review(curated_db, capsys)
    assert any(text.startswith("[excluded]") for text in reviewed) and any("| note: " in text for text in reviewed)
    assert _run(*week, "--include", listing) == 0 and _run(*week, "--unpin", probe) == 0
    with open_warehouse(curated_db, read_only=True) as con:
        assert len(build_digest(con, "2025-W16").events) == 2


def test_an_item_the_week_does_not_hold_is_refused(curated_db):
    with pytest.raises(UserError, match="has no item 'story:nope'"):
        _run("--db", str(curated_db), "--week", "2025-W16", "--pin", "story:nope")


def test_a_proof_goes_to_one_channel_then_the_send_to_all_and_an_empty_week_to_none(curated_db, tmp_path, capsys):
    alerts = tmp_path / "alerts.yaml"
    alerts.write_text("channels:\n  - {jsonl: editor.jsonl, name: editor}\n  - {jsonl: readers.jsonl, name: readers}\n",
                      encoding="utf-8")
    week = ("--db", str(curated_db), "--week", "2025-W16", "--alerts", str(alerts))

    assert _run(*week, "--proof", "editor") == 0
    assert (tmp_path / "editor.jsonl").exists() and not (tmp_path / "readers.jsonl").exists()
    assert _run(*week, "--send") == 0
    [record] = [json.loads(line) for line in (tmp_path / "readers.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["week"] == "2025-W16"
    with pytest.raises(UserError, match="no channel named 'editors'"):
        _run(*week, "--proof", "editors")
    capsys.readouterr()

    assert _run("--db", str(curated_db), "--week", "2024-W01", "--alerts", str(alerts), "--send") == 0
    assert "2024-W01 has nothing new: not sent" in capsys.readouterr().err
    assert len((tmp_path / "readers.jsonl").read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install -y chromium)")
def test_chromium_shows_the_pinned_item_on_its_band_and_not_the_excluded_one(curated_db, tmp_path, capsys):
    from PIL import Image

    keys = _review(curated_db, capsys)
    week = ("--db", str(curated_db), "--week", "2025-W16")
    _run(*week, "--pin", _key(keys, "· investigation"))
    _run(*week, "--exclude", _key(keys, "· Huawei, SMIC"))
    page = tmp_path / "digest.html"
    assert _run(*week, "--format", "html", "-o", str(page)) == 0
    browser = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1400"]
    shot = tmp_path / "shot.png"

    subprocess.run([*browser, f"--screenshot={shot}", page.as_uri()], check=True, capture_output=True, timeout=120)
    dom = subprocess.run([*browser, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
                         timeout=120).stdout

    image = Image.open(shot).convert("RGB")
    band = tuple(int(PINNED_BACKGROUND[i:i + 2], 16) for i in (1, 3, 5))
    rows = [y for y in range(image.height) if sum(
        all(abs(a - b) < 6 for a, b in zip(image.getpixel((x, y)), band, strict=True))
        for x in range(0, image.width, 8)) > 30]
    assert len(rows) > 30  # the pinned item is drawn on its band
    assert rows[0] < image.height // 3  # near the top: the first item of the first section
    events = dom.split("Top stories")[0]
    assert "Pinned" in events and "Ministry of Commerce of China" in events and "Huawei, SMIC" not in events
