"""Stopping a crawl twice in a hurry (a second SIGTERM forces Scrapy's unclean shutdown) loses nothing it took."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

from tests.faults.conftest import PROJECT
from tests.faults.test_attacks import article
from tests.local_site import LocalSite, send

QUICK, HANGING = 6, 4


class StallingSite(LocalSite):
    """Six pages answer at once; four hang until `released` is set (as a stalled outlet would)."""

    def __init__(self) -> None:
        super().__init__()
        self.released = threading.Event()

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        if handler.path == "/robots.txt":
            return send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if handler.path == "/feed.xml":
            names = [f"quick-{n}" for n in range(QUICK)] + [f"hang-{n}" for n in range(HANGING)]
            items = "".join(f"<item><link>{self.url(f'/s/2025/05/02/{name}')}</link></item>" for name in names)
            return send(handler, 200, f"<rss version='2.0'><channel>{items}</channel></rss>", "application/rss+xml")
        if "/hang-" in handler.path:
            self.released.wait(60)
        return send(handler, 200, article(handler.path.rsplit("/", 1)[1]), "text/html")

    def quick_served(self) -> int:
        return sum(n for path, n in self.hits.items() if "/quick-" in path)


def _stored(out) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []


def test_a_second_sigterm_keeps_every_record_taken_and_the_next_run_completes(tmp_path):
    with StallingSite() as site:
        sources = tmp_path / "sources.yaml"
        sources.write_text(json.dumps({
            "crawl": {"autothrottle": False, "concurrency_per_domain": 16, "download_timeout": 120},
            "sources": [{"name": "stall", "lang": "fr", "allowed_domains": ["127.0.0.1"],
                         "feeds": [site.url("/feed.xml")]}]}))
        out = tmp_path / "articles.jsonl"
        command = [sys.executable, "-m", "flows.cli", "crawl", "--quiet", "--sources", str(sources), "--out", str(out)]
        crawl = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while site.quick_served() < QUICK and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2)  # the quick pages are parsed and handed to the store; the hanging ones hold their slots
        crawl.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        crawl.send_signal(signal.SIGTERM)  # Scrapy: "forcing unclean shutdown", no pipeline is closed
        _, stderr = crawl.communicate(timeout=60)
        first = _stored(out)
        site.released.set()
        again = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=180)

    assert "Traceback" not in stderr, stderr[-2000:]
    assert sorted(r["url"].rsplit("/", 1)[1] for r in first if r["status"] == "ok") == [
        f"quick-{n}" for n in range(QUICK)]
    assert again.returncode == 0, again.stderr[-2000:]
    final = [r for r in _stored(out) if r["status"] == "ok"]
    assert sorted(r["url"].rsplit("/", 1)[1] for r in final) == sorted(
        [f"quick-{n}" for n in range(QUICK)] + [f"hang-{n}" for n in range(HANGING)])  # each exactly once
