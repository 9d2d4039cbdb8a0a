"""Session fixtures of the fault suite: one crawl of the hostile site, run twice through `chipwatch crawl`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.faults.hostile_site import HostileSite

PROJECT = Path(__file__).resolve().parents[2]
MAX_PAGE_BYTES = 8 * 1024 * 1024  # the 5 MB article fits, the 12 MB page and the 64 MB gzip bomb do not


def chipwatch(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the real `chipwatch` command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=PROJECT)


def records_by_path(out: Path) -> dict[str, list[dict]]:
    """Records of a JSONL store keyed by URL path (without query), in file order."""
    found: dict[str, list[dict]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        path = "/" + record["url"].split("://", 1)[1].split("/", 1)[1].split("?")[0]
        found.setdefault(path, []).append(record)
    return found


@pytest.fixture(scope="session")
def hostile_site():
    """The hostile site, served for the whole session."""
    with HostileSite() as site:
        yield site


@pytest.fixture(scope="session")
def calm_sources(hostile_site, tmp_path_factory) -> Path:
    """A sources file with one well-behaved feed of three articles (for whole-pipeline runs)."""
    path = tmp_path_factory.mktemp("calm") / "sources.yaml"
    path.write_text(yaml.safe_dump({"crawl": {"autothrottle": False}, "sources": [
        {"name": "calm", "lang": "fr", "allowed_domains": ["127.0.0.1"],
         "feeds": [hostile_site.url("/calm/feed.xml")]}]}))
    return path


@pytest.fixture(scope="session")
def hostile_crawl(hostile_site, tmp_path_factory):
    """Two crawls of the hostile site (plus an unknown host and a sitemap cycle); hits per run and records."""
    tmp = tmp_path_factory.mktemp("hostile")
    site = hostile_site
    sources = tmp / "sources.yaml"
    sources.write_text(yaml.safe_dump({
        "crawl": {"download_timeout": 1, "retry_times": 2, "retry_backoff": 0.1, "autothrottle": False,
                  "concurrency_per_domain": 8, "max_page_bytes": MAX_PAGE_BYTES},
        "sources": [
            {"name": "hostile-fr", "lang": "fr", "allowed_domains": ["127.0.0.1"],
             "feeds": [site.url(p) for p in ("/fr/feed.xml", "/broken/feed.xml", "/garbage/feed.xml")]},
            {"name": "hostile-zh", "lang": "zh", "allowed_domains": ["127.0.0.1"],
             "feeds": [site.url("/zh/feed.xml")]},
            {"name": "nowhere", "lang": "en", "allowed_domains": ["news.invalid"],
             "feeds": ["http://news.invalid/feed.xml"]},
            {"name": "cycle", "lang": "fr", "allowed_domains": ["127.0.0.1"],
             "sitemaps": [site.url("/cycle/a.xml")]},
        ]}))
    out = tmp / "articles.jsonl"
    first = chipwatch("crawl", "--quiet", "--sources", str(sources), "--out", str(out))
    first_hits = {path: site.hits_of(path) for path in {p.split("?")[0] for p in site.hits}}
    first_records = records_by_path(out)
    second = chipwatch("crawl", "--quiet", "--sources", str(sources), "--out", str(out))
    second_hits = {path: site.hits_of(path) - first_hits.get(path, 0)
                   for path in {p.split("?")[0] for p in site.hits}}
    return {"first": first, "second": second, "first_hits": first_hits, "second_hits": second_hits,
           "first_records": first_records, "records": records_by_path(out), "times": dict(site.times),
           "out": out, "sources": sources, "site": site}
