"""A hostile outlet on loopback, crawled for real: canonical links that would merge articles, a sitemap of
90,000 links, sitemap indexes that never end, seeds redirected to other hosts and ports, a name resolving
to a private address, an unreachable robots.txt, Retry-After beyond a run. Each is bounded, recorded with
its reason, and never reaches a refused address."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.faults.conftest import PROJECT
from tests.local_site import LocalSite, send

PROSE = ("<p>Washington a encore durci mardi les contrôles à l'exportation des puces d'intelligence artificielle "
         "vers la Chine, selon un avis du département du Commerce. Les fabricants devront demander une licence "
         "pour chaque envoi de processeurs avancés, et les analystes attendent un effet sur les ventes.</p>")


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SECRET = "chipwatch-test-secret-7781"  # the content of a local file an XXE feed asks for
DEFLATE_BOMB_BYTES = 64 * 1024 * 1024
# runs a command and prints the peak resident memory of it and its children (a fresh parent: only theirs)
MEASURED = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print('peak-rss-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(code)")
WORDS = ("usine", "tranche", "gravure", "mémoire", "serveur", "licence", "douane", "fonderie", "tarif", "cargaison",
         "lot", "contrat", "marché", "stock", "prix", "délai", "client", "modèle", "réseau", "centre")


def article(title: str, canonical: str | None = None) -> str:
    """A page whose prose is its own (its title seeds the words), so no two are near-duplicates."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    pick = random.Random(title)
    own = " ".join(pick.choice(WORDS) for _ in range(120))
    body = PROSE + f"<p>{title} : {own}.</p>"
    return (f'<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>{link}</head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


class AttackSite(LocalSite):
    """Routes of the hostile outlet; `other` is a second site (another port) redirects point at."""

    big_sitemap = 90_000

    def __init__(self, other_port: int = 0, secret_file: Path | None = None) -> None:
        super().__init__()
        self.other_port = other_port
        self.secret_file = secret_file

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        path = handler.path.split("?")[0]
        xml = "application/xml"
        if path == "/robots.txt":
            return send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if path == "/canon/feed.xml":  # five articles, each naming the home page as its canonical link
            items = "".join(f"<item><link>{self.url(f'/canon/2025/05/0{n}/story-{n}')}</link></item>" for n in range(5))
            return send(handler, 200, f"<rss version='2.0'><channel>{items}</channel></rss>", "application/rss+xml")
        if path.startswith("/canon/2025/"):
            n = int(path[-1])
            return send(handler, 200, article(f"Histoire {n}", canonical=self.url("/")), "text/html")
        if path == "/big/sitemap.xml":
            urls = "".join(f"<url><loc>{self.url(f'/big/2025/05/02/a{n}')}</loc></url>"
                           for n in range(self.big_sitemap))
            return send(handler, 200, f'<urlset xmlns="{SITEMAP_NS}">{urls}</urlset>', xml)
        if path.startswith("/big/2025/"):
            return send(handler, 200, article(path.rsplit("/", 1)[1]), "text/html")
        if path.startswith("/deep/"):  # each index lists two new, deeper indexes: never ends
            level = path.count("x")
            children = "".join(f"<sitemap><loc>{self.url(path.replace('.xml', '') + c + 'x.xml')}</loc></sitemap>"
                               for c in "ab")
            return send(handler, 200, f'<sitemapindex xmlns="{SITEMAP_NS}">{children}'
                        f"</sitemapindex><!-- {level} -->", xml)
        if path == "/jump/feed.xml":  # a seed redirected to another port of the same host
            return send(handler, 302, "", "text/plain", {"Location": self.url("/feed.xml", port=self.other_port)})
        if path == "/jump/metadata.xml":  # a seed redirected to the cloud metadata address
            return send(handler, 302, "", "text/plain", {"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/jump/gopher.xml":
            return send(handler, 302, "", "text/plain", {"Location": "gopher://127.0.0.1:70/"})
        if path == "/xxe/feed.xml":  # external entities: a local file and a URL on the bystander
            doctype = (f'<!DOCTYPE rss [<!ENTITY file SYSTEM "file://{self.secret_file}">'
                       f'<!ENTITY remote SYSTEM "http://127.0.0.1:{self.other_port}/dtd">]>')
            items = (f"<item><title>&file;</title><link>&file;</link></item><item><title>&remote;</title>"
                     f"<link>{self.url('/xxe/2025/05/02/plain')}</link></item>")
            return send(handler, 200, f"<?xml version='1.0'?>{doctype}<rss version='2.0'><channel>{items}"
                        "</channel></rss>", "application/rss+xml")
        if path == "/laughs/feed.xml":  # ten levels of ten entity references: 10^10 "lol" if expanded
            entities = '<!ENTITY l0 "lol">' + "".join(
                f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 11))
            items = f"<item><title>&l10;</title><link>{self.url('/laughs/2025/05/02/plain')}</link></item>"
            return send(handler, 200, f"<?xml version='1.0'?><!DOCTYPE rss [{entities}]><rss version='2.0'>"
                        f"<channel>{items}</channel></rss>", "application/rss+xml")
        if path == "/deflate/feed.xml":
            link = self.url("/deflate/2025/05/02/bomb")
            return send(handler, 200, f"<rss version='2.0'><channel><item><link>{link}</link></item></channel></rss>",
                        "application/rss+xml")
        if path == "/deflate/2025/05/02/bomb":  # 64 MiB of zeros in about 64 KB of deflate
            return send(handler, 200, zlib.compress(b"\0" * DEFLATE_BOMB_BYTES, 9), "text/html",
                        {"Content-Encoding": "deflate"})
        if path.endswith("/2025/05/02/plain"):
            return send(handler, 200, article(path), "text/html")
        if path == "/slow/feed.xml":
            link = self.url("/slow/2025/05/02/wait")
            return send(handler, 200, f"<rss version='2.0'><channel><item><link>{link}</link></item></channel></rss>",
                        "application/rss+xml")
        if path == "/slow/2025/05/02/wait":
            return send(handler, 503, "busy", "text/plain", {"Retry-After": "7200"})
        return send(handler, 404, "missing", "text/plain")


class Bystander(LocalSite):
    """Another service on the same machine (another port): it must never be asked anything."""

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        send(handler, 200, "<rss version='2.0'><channel></channel></rss>", "application/rss+xml")


class BrokenRobots(LocalSite):
    """An outlet whose robots.txt answers 503, or with `oversized` is larger than a page may be: nothing of
    it may be fetched in this run."""

    def __init__(self, oversized: bool = False) -> None:
        super().__init__()
        self.oversized = oversized

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        if handler.path == "/robots.txt" and self.oversized:
            return send(handler, 200, "User-agent: *\nAllow: /\n" + "#" * (11 * 1024 * 1024), "text/plain")
        if handler.path == "/robots.txt":
            return send(handler, 503, "down", "text/plain")
        link = self.url("/r/2025/05/02/page")
        send(handler, 200, f"<rss version='2.0'><channel><item><link>{link}</link></item></channel></rss>",
             "application/rss+xml")


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []


@pytest.fixture(scope="module")
def attack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attack")
    secret_file = tmp / "secret.txt"
    secret_file.write_text(f"http://127.0.0.1:1/{SECRET}", encoding="utf-8")
    with (Bystander() as bystander, AttackSite(bystander.port, secret_file) as site, BrokenRobots() as robots,
          BrokenRobots(oversized=True) as huge_robots):
        sources = tmp / "sources.yaml"
        base = {"lang": "fr", "allowed_domains": ["127.0.0.1", "localhost"]}
        sources.write_text(json.dumps({  # JSON is YAML, without aliases
            "crawl": {"download_timeout": 5, "retry_times": 1, "retry_backoff": 0.1, "autothrottle": False,
                      "concurrency_per_domain": 16, "max_new_articles": 40, "sitemap_depth": 3, "max_sitemaps": 6,
                      "max_retry_after": 30},
            "sources": [
                {"name": "canon", "feeds": [site.url("/canon/feed.xml")], **base},
                {"name": "big", "sitemaps": [site.url("/big/sitemap.xml")], **base},
                {"name": "deep", "sitemaps": [site.url("/deep/index.xml")], **base},
                {"name": "jump", "feeds": [site.url(p) for p in ("/jump/feed.xml", "/jump/metadata.xml",
                                                                  "/jump/gopher.xml")], **base},
                {"name": "named", "feeds": [f"http://localhost:{site.port}/canon/feed.xml"],
                 "allowed_domains": ["localhost"], "lang": "fr"},
                {"name": "slow", "feeds": [site.url("/slow/feed.xml")], **base},
                {"name": "xxe", "feeds": [site.url("/xxe/feed.xml")], **base},
                {"name": "laughs", "feeds": [site.url("/laughs/feed.xml")], **base},
                {"name": "deflate", "feeds": [site.url("/deflate/feed.xml")], **base},
                {"name": "robots", "feeds": [robots.url("/feed.xml")], **base},
                {"name": "huge-robots", "feeds": [huge_robots.url("/feed.xml")], **base},
            ]}))
        out = tmp / "articles.jsonl"
        command = [sys.executable, "-m", "flows.cli", "crawl", "--quiet", "--sources", str(sources), "--out", str(out)]
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", MEASURED, *command], capture_output=True, text=True, timeout=300,
                              cwd=PROJECT)
        done.wall_seconds = time.monotonic() - started
        yield {"done": done, "records": records(out), "site": site, "bystander": bystander, "robots": robots,
               "huge_robots": huge_robots}


def of(attack, source: str) -> list[dict]:
    return [r for r in attack["records"] if r["source"] == source]


def test_the_crawl_ends_cleanly(attack):
    assert attack["done"].returncode == 0, attack["done"].stderr[-2000:]
    assert "Traceback" not in attack["done"].stderr


def test_a_canonical_link_never_merges_different_articles(attack):
    kept = [r for r in of(attack, "canon") if r["status"] == "ok"]
    assert len(kept) == 5 and len({r["canonical_url"] for r in kept}) == 5


def test_a_huge_sitemap_gives_the_per_run_budget_and_one_warning(attack):
    big = of(attack, "big")
    assert len(big) == 40 and all(r["status"] == "ok" for r in big)
    assert "new_articles 89960" in attack["done"].stdout  # the links left for later runs, in the summary
    assert attack["done"].stderr.count("more than 40 new article links") == 1


def test_sitemap_indexes_are_followed_to_a_bound(attack):
    hits = [path for path in attack["site"].hits if path.startswith("/deep/")]
    assert 1 < len(hits) <= 6 and "sitemaps" in attack["done"].stdout


def test_seeds_redirected_off_the_policy_are_refused_and_nothing_refused_is_reached(attack):
    assert attack["bystander"].hits == {}
    jump = {r["url"]: r["error"] for r in of(attack, "jump")}
    bystander = f"http://127.0.0.1:{attack['bystander'].port}/feed.xml"
    assert "redirect refused" in jump[bystander] and "private or local address" in jump[bystander]
    assert "off-domain URL after a redirect" in jump["http://169.254.169.254/latest/meta-data/"]
    assert jump[attack["site"].url("/jump/gopher.xml")] == "HTTP 302"  # a redirect to gopher: is not followed
    assert all(r["extra"]["retryable"] is False for r in of(attack, "jump"))


def test_a_name_resolving_to_a_private_address_is_refused(attack):
    (record,) = of(attack, "named")
    assert record["status"] == "failed" and "localhost" in record["error"] and "private" in record["error"]


def test_retry_after_beyond_the_run_waits_for_the_next_run(attack):
    (record,) = of(attack, "slow")
    assert (record["error"], record["extra"]["retryable"]) == ("HTTP 503", True)
    assert attack["site"].hits.get("/slow/2025/05/02/wait") == 1
    assert "retry_after 1" in attack["done"].stdout


def test_an_unreachable_robots_txt_disallows_the_run_and_the_next_run_asks_again(attack):
    (record,) = of(attack, "robots")  # the feed itself waits: nothing of the outlet is asked but robots.txt
    assert record["status"] == "failed" and record["extra"]["retryable"] is True
    assert "robots.txt unreachable (HTTP 503)" in record["error"]
    assert set(attack["robots"].hits) == {"/robots.txt"}


class HeavySite(LocalSite):
    """An outlet with one page that takes seconds to read (1,500 blocks of prose) and one ordinary page."""

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        if handler.path == "/robots.txt":
            return send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if handler.path == "/feed.xml":
            links = [self.url(f"/h/2025/05/02/{name}") for name in ("heavy", "fine")]
            items = "".join(f"<item><link>{link}</link></item>" for link in links)
            return send(handler, 200, f"<rss version='2.0'><channel>{items}</channel></rss>", "application/rss+xml")
        if handler.path.endswith("/heavy"):
            blocks = f"<div>{PROSE * 10}</div>" * 1500
            return send(handler, 200, f"<html lang='fr'><body><article>{blocks}</article></body></html>", "text/html")
        return send(handler, 200, article("Une page ordinaire"), "text/html")


def test_a_page_slower_to_read_than_its_limit_is_skipped_with_its_reason(tmp_path):
    with HeavySite() as site:
        sources = tmp_path / "sources.yaml"
        sources.write_text(json.dumps({"crawl": {"autothrottle": False, "extract_seconds": 0.5}, "sources": [
            {"name": "heavy", "lang": "fr", "allowed_domains": ["127.0.0.1"], "feeds": [site.url("/feed.xml")]}]}))
        out = tmp_path / "articles.jsonl"
        done = subprocess.run([sys.executable, "-m", "flows.cli", "crawl", "--quiet", "--sources", str(sources),
                               "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=PROJECT)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    by_page = {r["url"].rsplit("/", 1)[1]: r for r in records(out)}
    assert (by_page["heavy"]["status"], by_page["heavy"]["error"]) == (
        "no_article", "article extraction over its time limit of 0.5 s")
    assert by_page["fine"]["status"] == "ok" and "Une page ordinaire" in by_page["fine"]["text"]
    assert done.stderr.count("finding the article took over 0.5 s") == 1 and "extract_seconds 1" in done.stdout


def test_external_entities_are_never_resolved(attack):
    assert SECRET not in json.dumps(attack["records"]) and SECRET not in attack["done"].stdout + attack["done"].stderr
    assert [r["url"].rsplit("/", 1)[1] for r in of(attack, "xxe")] == ["plain"]  # the plain item is still read


def test_a_billion_laughs_feed_is_read_without_expanding_it(attack):
    (record,) = of(attack, "laughs")
    assert record["status"] == "ok" and "lol" * 100 not in json.dumps(attack["records"])


def test_a_deflate_bomb_stops_at_the_size_cap(attack):
    (record,) = of(attack, "deflate")
    assert record["status"] == "failed" and "larger than" in record["error"], record


def test_the_hostile_crawl_stays_small_and_quick(attack):
    peak_kb = int(attack["done"].stderr.rsplit("peak-rss-kb ", 1)[1].split()[0])
    print(f"hostile crawl: {attack['done'].wall_seconds:.1f} s wall, peak RSS {peak_kb / 1024:.0f} MiB, "
          f"{len(attack['records'])} records")
    assert peak_kb < 600 * 1024 and attack["done"].wall_seconds < 120


def test_an_oversized_robots_txt_counts_as_unreachable(attack):
    (record,) = of(attack, "huge-robots")
    assert record["status"] == "failed" and record["extra"]["retryable"] is True
    assert "robots.txt unreachable" in record["error"], record
    assert set(attack["huge_robots"].hits) == {"/robots.txt"}
