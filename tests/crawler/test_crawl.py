"""End-to-end crawls of a misbehaving local site through the real `chipwatch crawl` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.crawler.fixture_site import FixtureSite


def crawl(sources: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def by_path(out: Path) -> dict[str, dict]:
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {r["url"].split(":", 2)[2].split("/", 1)[1]: r for r in records}


@pytest.fixture(scope="module")
def site_run(tmp_path_factory):
    """One crawl of the fixture site, then a second (incremental) one; yields both results."""
    tmp = tmp_path_factory.mktemp("crawl")
    with FixtureSite() as site:
        sources = tmp / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "crawl": {"download_timeout": 1, "retry_times": 2, "retry_backoff": 0.1},
            "sources": [{"name": "fixture", "lang": "fr", "feeds": [site.url("/feed.xml")],
                         "allowed_domains": ["127.0.0.1"]}],
        }))
        out = tmp / "articles.jsonl"
        first = crawl(sources, out)
        first_hits = dict(site.hits)
        first_lines = out.read_text(encoding="utf-8").count("\n")
        second = crawl(sources, out)
        second_hits = {k: v - first_hits.get(k, 0) for k, v in site.hits.items()}
        yield {"first": first, "second": second, "out": out, "first_lines": first_lines,
               "first_hits": first_hits, "second_hits": second_hits}


def test_crawl_succeeds_and_prints_summary(site_run):
    first = site_run["first"]
    assert first.returncode == 0, first.stderr
    assert "crawl summary" in first.stdout
    assert "fixture" in first.stdout
    assert "[   1]" in first.stderr  # progress lines


def test_good_article_is_stored_with_canonical_url_and_metadata(site_run):
    records = by_path(site_run["out"])
    ok = records["articles/2025/04/16/ok-article"]
    assert ok["status"] == "ok"
    assert "utm_source" not in ok["canonical_url"]
    assert ok["title"] == "Washington serre la vis sur la puce H20"
    assert ok["published_at"].startswith("2025-04-16")
    assert ok["lang"] == "fr" and ok["declared_lang"] == "fr"
    assert "licence pour exporter sa puce H20" in ok["text"]
    assert len(ok["html_hash"]) == 64


@pytest.mark.parametrize(("path", "status", "reason"), [
    ("articles/2025/04/16/missing-article", "failed", "HTTP 404"),
    ("articles/2025/04/16/slow-article", "failed", "timed out"),
    ("articles/2025/04/16/loop-article", "failed", "redirect loop"),
    ("articles/2025/04/16/offsite-article", "failed", "off-domain URL after a redirect"),
    ("articles/2025/04/16/empty-article", "no_article", "no article text"),
    ("private/2025/04/16/secret-article", "blocked", "robots.txt"),
])
def test_each_failure_is_recorded_with_its_reason(site_run, path, status, reason):
    record = by_path(site_run["out"])[path]
    assert record["status"] == status
    assert reason in record["error"]


def test_server_error_is_retried_then_stored(site_run):
    assert site_run["first_hits"]["/articles/2025/04/16/flaky-article"] == 2
    assert by_path(site_run["out"])["articles/2025/04/16/flaky-article"]["status"] == "ok"


def test_timeouts_are_retried(site_run):
    assert site_run["first_hits"]["/articles/2025/04/16/slow-article"] == 3  # first try + 2 retries


def test_robots_disallowed_page_is_never_fetched(site_run):
    assert "/private/2025/04/16/secret-article" not in site_run["first_hits"]


def test_wrongly_declared_charset_is_decoded(site_run):
    record = by_path(site_run["out"])["articles/2025/04/16/wrong-charset-article"]
    assert record["status"] == "ok"
    assert "Un événement inattendu" in record["text"]


def test_second_run_fetches_only_what_is_not_settled(site_run):
    second, hits = site_run["second"], site_run["second_hits"]
    assert second.returncode == 0, second.stderr
    assert hits.get("/articles/2025/04/16/ok-article", 0) == 0
    assert hits.get("/articles/2025/04/16/missing-article", 0) == 0  # a 404 is final
    assert hits.get("/articles/2025/04/16/slow-article", 0) == 3  # a timeout is tried again next run
    assert "feeds not modified: 1" in second.stdout  # conditional GET answered 304


def test_bad_sources_file_is_one_clear_line(tmp_path):
    sources = tmp_path / "bad.yaml"
    sources.write_text("sources:\n  - name: x\n    lang: de\n    feeds: [http://a.example/rss]\n"
                       "    allowed_domains: [a.example]\n")
    result = crawl(sources, tmp_path / "out.jsonl")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{sources}: source 'x': field 'lang' must be one of fr, en, zh" in result.stderr.strip()
