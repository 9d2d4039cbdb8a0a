"""Shape checks for the shipped `sources.example.yaml`, read with plain PyYAML (no project code)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "sources.example.yaml"
LANGS = {"fr", "en", "zh"}
REQUIRED = {"name", "title", "lang", "homepage", "feeds", "sitemaps", "start_urls", "allowed_domains"}
OPTIONAL = {"follow"}
URL_KEYS = ("feeds", "sitemaps", "start_urls")
SLUG = re.compile(r"^[a-z0-9-]+$")


@pytest.fixture(scope="module")
def sources() -> list[dict]:
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(document, dict) and isinstance(document.get("sources"), list)
    return document["sources"]


def _urls(source: dict) -> list[str]:
    return [source["homepage"], *(url for key in URL_KEYS for url in source[key])]


def _inside(url: str, domains: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def test_at_least_five_sources_per_language(sources):
    counts = Counter(source["lang"] for source in sources)
    assert set(counts) == LANGS
    assert min(counts.values()) >= 5, counts


def test_names_are_unique_slugs(sources):
    names = [source["name"] for source in sources]
    assert all(SLUG.match(name) for name in names), names
    assert len(names) == len(set(names))


def test_fields_and_discovery_urls(sources):
    for source in sources:
        assert REQUIRED <= set(source) <= REQUIRED | OPTIONAL, source["name"]
        assert all(isinstance(source[key], list) for key in (*URL_KEYS, "allowed_domains")), source["name"]
        assert any(source[key] for key in URL_KEYS), source["name"]
        assert source["allowed_domains"], source["name"]


def test_every_url_is_http_and_inside_allowed_domains(sources):
    for source in sources:
        for url in _urls(source):
            assert urlsplit(url).scheme in ("http", "https"), url
            assert _inside(url, source["allowed_domains"]), (source["name"], url)


def test_no_feed_or_sitemap_is_listed_twice(sources):
    urls = [url for source in sources for key in ("feeds", "sitemaps") for url in source[key]]
    repeated = [url for url, count in Counter(urls).items() if count > 1]
    assert not repeated


def test_follow_patterns_compile_and_come_with_start_urls(sources):
    for source in (s for s in sources if "follow" in s):
        assert source["start_urls"], source["name"]
        re.compile(source["follow"])


def test_every_listed_url_carries_a_provenance_comment():
    lines = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines()
             if re.match(r"^\s+- https?://", line)]
    assert lines
    assert all("  # " in line for line in lines), [line for line in lines if "  # " not in line]
