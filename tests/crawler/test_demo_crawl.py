"""`chipwatch crawl --demo` end to end: every demo article stored once with its date, language, title and author."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from crawler.demo import DemoPress


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "articles.jsonl"
    command = [sys.executable, "-m", "flows.cli", "crawl", "--demo", "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with DemoPress() as press:
        expected = press.expected
    return {"first": first, "second": second, "records": records, "expected": expected}


def key(source: str, url: str) -> tuple[str, str]:
    return source, urlsplit(url).path  # ports differ between two starts of the press


def test_demo_prints_a_summary(demo_run):
    assert demo_run["first"].returncode == 0, demo_run["first"].stderr[-2000:]
    assert "crawl summary" in demo_run["first"].stdout
    assert "articles per language: en 15, fr 16, zh 15" in demo_run["first"].stdout


def test_every_expected_article_is_stored_with_its_metadata(demo_run):
    stored = {key(r["source"], r["canonical_url"]): r for r in demo_run["records"]
              if r["status"] in ("ok", "duplicate")}
    for article in demo_run["expected"]:
        record = stored.get(key(article["source"], article["url"]))
        assert record is not None, f"not stored: {article['url']}"
        assert (record["published_at"] or "")[:10] == article["published"], article["url"]
        assert record["lang"] == article["lang"], article["url"]
        assert record["title"] == article["title"], article["url"]
        assert record["author"] == article["author"], article["url"]
        assert bool(record["duplicate_of"]) == (record["status"] == "duplicate"), article["url"]
        assert record["status"] == "ok" or article["wire"], article["url"]
    assert len(stored) == len(demo_run["expected"])


def test_a_wire_story_is_one_article_and_its_other_copies_point_at_it(demo_run):
    stored = {key(r["source"], r["canonical_url"]): r for r in demo_run["records"]}
    copies = [stored[key(a["source"], a["url"])] for a in demo_run["expected"] if a["wire"]]
    [original] = [record for record in copies if record["status"] == "ok"]
    others = [record for record in copies if record is not original]
    assert others and all(r["status"] == "duplicate" for r in others)
    assert all(urlsplit(r["duplicate_of"]).path == urlsplit(original["canonical_url"]).path for r in others)


def test_robots_disallowed_article_is_recorded_not_fetched(demo_run):
    blocked = [r for r in demo_run["records"] if r["status"] == "blocked"]
    assert blocked and all("/private/" in r["url"] and r["error"] == "forbidden by robots.txt" for r in blocked)


def test_second_run_fetches_nothing_new(demo_run):
    second = demo_run["second"]
    assert second.returncode == 0, second.stderr[-2000:]
    assert "articles per language: none" in second.stdout
    assert "feeds not modified: 7" in second.stdout  # every feed and sitemap answered 304
    assert len(demo_run["records"]) == len(demo_run["expected"]) + 1  # + the robots-blocked page
