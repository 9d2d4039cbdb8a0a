"""The sources file: YAML → validated `Source` models and crawl options, with one-line errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.config_files import read_config
from core.errors import UserError
from crawler.urls import address_literal, host_port

LANGS = ("fr", "en", "zh")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_KEYS = {"name", "title", "lang", "homepage", "feeds", "sitemaps", "start_urls", "allowed_domains", "follow"}
CRAWL_KEYS = {
    "download_timeout": (int, float),
    "retry_times": int,
    "concurrency_per_domain": int,
    "autothrottle": bool,
    "obey_robots": bool,
    "max_page_bytes": int,
    "user_agent": str,
    "retry_backoff": (int, float),
    "max_new_articles": int,
    "sitemap_depth": int,
    "max_sitemaps": int,
    "sitemap_days": int,
    "max_retry_after": (int, float),
    "extract_seconds": (int, float),
}
# links a `follow` regex is tried on before a crawl: a pattern that stalls on them would stall the crawl
FOLLOW_PROBES = ("https://a.example/" + "a" * 40 + "!", "https://a.example/" + "a/" * 30 + "?" + "a=1&" * 20 + "#",
                 "https://a.example/" + "0" * 40 + "x")
FOLLOW_PROBE_SECONDS = 0.5
# (smallest, largest) value each numeric crawl option accepts: anything outside can only hang or flood a run
CRAWL_BOUNDS = {"download_timeout": (0.1, 600), "retry_times": (0, 10), "concurrency_per_domain": (1, 32),
                "max_page_bytes": (1024, 1024 ** 3), "retry_backoff": (0, 600), "max_new_articles": (1, 100_000),
                "sitemap_depth": (0, 10), "max_sitemaps": (1, 10_000), "sitemap_days": (1, 36_500),
                "max_retry_after": (0, 3600), "extract_seconds": (0.1, 600)}


@dataclass(frozen=True)
class Source:
    """One outlet: where to discover its articles and which domains it may fetch from."""

    name: str
    lang: str
    allowed_domains: tuple[str, ...]
    title: str = ""
    homepage: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    follow: str | None = None  # regex an article URL found on a section page must match

    @cached_property
    def seed_addresses(self) -> frozenset[tuple[str, int]]:
        """(host, port) of every feed, sitemap and section page named by an address literal: the only
        private addresses the source may reach."""
        seeds = (host_port(url) for url in (*self.feeds, *self.sitemaps, *self.start_urls))
        return frozenset(seed for seed in seeds if address_literal(seed[0]))

    def allows(self, url: str) -> bool:
        """Whether `url` lies on one of the source's domains (or a subdomain)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


@dataclass(frozen=True)
class SourcesConfig:
    """Everything a sources file declares."""

    sources: tuple[Source, ...]
    crawl: dict[str, Any] = field(default_factory=dict)
    path: str = "<memory>"


def load_sources(path: str | Path) -> SourcesConfig:
    """Read and validate a sources YAML file; raises UserError naming the file, source and field."""
    path = Path(path)
    return parse_sources(read_config(path, "sources file"), str(path))


def parse_sources(raw: Any, origin: str = "<memory>") -> SourcesConfig:
    """Validate an already-parsed sources document (a mapping with `sources:` or a bare list)."""
    if isinstance(raw, list):
        raw = {"sources": raw}
    if not isinstance(raw, dict) or "sources" not in raw:
        raise UserError(f"{origin}: expected a mapping with a 'sources' list")
    unknown = set(raw) - {"sources", "crawl"}
    if unknown:
        raise UserError(f"{origin}: unknown top-level key(s) {', '.join(sorted(unknown))} (allowed: sources, crawl)")
    entries = raw["sources"]
    if not isinstance(entries, list) or not entries:
        raise UserError(f"{origin}: 'sources' must be a non-empty list")
    sources = [_parse_source(entry, index, origin) for index, entry in enumerate(entries, 1)]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UserError(f"{origin}: source name(s) used twice: {', '.join(duplicates)}")
    return SourcesConfig(tuple(sources), _parse_crawl(raw.get("crawl") or {}, origin), origin)


def _parse_source(entry: Any, index: int, origin: str) -> Source:
    label = f"{origin}: source #{index}"
    if not isinstance(entry, dict):
        raise UserError(f"{label}: expected a mapping of fields")
    if isinstance(entry.get("name"), str):
        label = f"{origin}: source '{entry['name']}'"
    unknown = set(entry) - SOURCE_KEYS
    if unknown:
        raise UserError(f"{label}: unknown field(s) {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise UserError(f"{label}: field 'name' must be a slug of lowercase letters, digits and hyphens")
    lang = entry.get("lang")
    if lang not in LANGS:
        raise UserError(f"{label}: field 'lang' must be one of {', '.join(LANGS)} (got {lang!r})")
    domains = _string_list(entry, "allowed_domains", label)
    if not domains:
        raise UserError(f"{label}: field 'allowed_domains' must list at least one domain")
    urls = {key: _url_list(entry, key, label) for key in ("feeds", "sitemaps", "start_urls")}
    if not any(urls.values()):
        raise UserError(f"{label}: give at least one of 'feeds', 'sitemaps' or 'start_urls'")
    homepage = entry.get("homepage")
    if homepage is not None and not _is_http_url(homepage):
        raise UserError(f"{label}: field 'homepage' must be an http(s) URL")
    follow = entry.get("follow")
    if follow is not None:
        _check_follow(follow, label)
    source = Source(name=name, lang=lang, allowed_domains=tuple(d.lower().lstrip(".") for d in domains),
                    title=str(entry.get("title") or name), homepage=homepage, follow=follow, **urls)
    for key, values in urls.items():
        for url in values:
            if not source.allows(url):
                raise UserError(f"{label}: field '{key}': {url} is outside allowed_domains")
    return source


def _check_follow(follow: object, label: str) -> None:
    """A `follow` regex must compile and answer quickly even on a long, hostile link (no catastrophic
    backtracking such as `(a+)+$`)."""
    import regex

    try:
        pattern = regex.compile(follow)
    except (regex.error, TypeError):
        raise UserError(f"{label}: field 'follow' must be a valid regular expression") from None
    for probe in FOLLOW_PROBES:
        try:
            pattern.search(probe, timeout=FOLLOW_PROBE_SECONDS)
        except TimeoutError:
            raise UserError(f"{label}: field 'follow' backtracks without end on long links (nested repeats such "
                            "as (a+)+); write it without repeating a repeat") from None


def _string_list(entry: dict, key: str, label: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UserError(f"{label}: field '{key}' must be a list of strings")
    return tuple(v.strip() for v in value)


def _url_list(entry: dict, key: str, label: str) -> tuple[str, ...]:
    urls = _string_list(entry, key, label)
    for url in urls:
        if not _is_http_url(url):
            raise UserError(f"{label}: field '{key}': {url!r} is not an http(s) URL")
    return urls


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port outside 0-65535
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _parse_crawl(crawl: Any, origin: str) -> dict[str, Any]:
    if not isinstance(crawl, dict):
        raise UserError(f"{origin}: 'crawl' must be a mapping of options")
    for key, value in crawl.items():
        if key not in CRAWL_KEYS:
            raise UserError(f"{origin}: crawl: unknown option '{key}' (allowed: {', '.join(sorted(CRAWL_KEYS))})")
        expected = CRAWL_KEYS[key]
        if isinstance(value, bool) and expected is not bool or not isinstance(value, expected):
            raise UserError(f"{origin}: crawl: option '{key}' has the wrong type ({value!r})")
        low, high = CRAWL_BOUNDS.get(key, (None, None))
        if low is not None and not low <= value <= high:  # also refuses NaN and infinity
            raise UserError(f"{origin}: crawl: option '{key}' must be between {low:g} and {high:g} (got {value!r})")
    return dict(crawl)
