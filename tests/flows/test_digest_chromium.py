"""The HTML digest opened in a real headless Chromium: it renders, with its chart."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from flows.digest import build_digest, render_html
from warehouse.db import open_warehouse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
CHART_RED = (0xD1, 0x49, 0x5B)  # the second line of the chart; nothing else on the page uses it


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install -y chromium)")
def test_chromium_renders_the_digest_with_its_chart(digest_db, tmp_path):
    from PIL import Image

    con = open_warehouse(digest_db, read_only=True)
    try:
        page = tmp_path / "digest.html"
        page.write_text(render_html(build_digest(con, "2025-W16")), encoding="utf-8")
    finally:
        con.close()
    profile, shot = tmp_path / "profile", tmp_path / "shot.png"
    browser = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,2000"]

    subprocess.run([*browser, f"--screenshot={shot}", page.as_uri()], check=True, capture_output=True, timeout=120)
    dom = subprocess.run([*browser, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
                         timeout=120).stdout

    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2000)
    grey = image.convert("L")
    dark = sum(count for value, count in enumerate(grey.histogram()) if value < 128)
    assert dark > 2000  # text drawn, not a blank page
    colours = image.getcolors(maxcolors=1 << 24)
    red = sum(n for n, pixel in colours if all(abs(a - b) < 30 for a, b in zip(pixel, CHART_RED, strict=True)))
    assert red > 200  # the chart's lines were drawn
    assert '<img src="data:image/png;base64,' in dom and 'alt="Line chart of weekly mentions' in dom
