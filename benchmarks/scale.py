"""What a run costs as the archive grows: `chipwatch run` with nothing new, with new articles, and a first crawl.

    python benchmarks/scale.py [--sizes 1000,10000] [--new 100] [--first-crawl 1000] [--hosts 4] [--keep DIR]
                               [--prefect-server]

For each size, an archive of that many synthetic articles (sentences of the gold fixtures of each
language shuffled into new texts) is written as the crawl spool of a fresh warehouse, as if fetched
from outlets on 127.0.0.2, 127.0.0.3, … (one per host, so per-domain politeness does not serialise
them), and a first run loads and extracts it. Each outlet then serves a feed of its latest stored
articles (a run with nothing new), then a feed with `--new` articles spread over the outlets. A last
measurement crawls `--first-crawl` served articles into an empty warehouse (end-to-end articles/s,
Prefect's start included). Every figure is the wall time of a fresh `chipwatch run` process and the
peak resident memory of its largest process (wait4). Each run starts Prefect's temporary server, as
a run on a fresh machine does; with `--prefect-server` the runs use one Prefect server started for
the benchmark instead, as scheduled deployments do.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.records import ArticleRecord  # noqa: E402 - the project's own modules, after its path
from crawler.store import ArticleStore  # noqa: E402

LANGS = ("en", "fr", "zh")
FEED_ITEMS = 20  # stored articles each outlet's feed lists (all settled: nothing new)
SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")


class Outlet(ThreadingHTTPServer):
    """One outlet on its own loopback address: `/feed.xml` lists `feed`, `/news/<n>` serves `pages[n]`."""

    daemon_threads = True

    def __init__(self, host: str) -> None:
        self.feed: list[int] = []
        self.pages: dict[int, tuple[str, str, str]] = {}  # number → (title, text, published)
        super().__init__((host, 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    server: Outlet

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        outlet = self.server
        if self.path == "/robots.txt":
            self._send("User-agent: *\nAllow: /\n", "text/plain")
        elif self.path == "/feed.xml":
            items = "".join(f"<item><title>{escape(outlet.pages[n][0])}</title><link>{outlet.base}/news/{n}</link>"
                            f"</item>" for n in outlet.feed)
            self._send(f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}'
                       f"</channel></rss>", "application/rss+xml")
        elif self.path.startswith("/news/") and self.path[6:].isdigit() and int(self.path[6:]) in outlet.pages:
            title, text, published = outlet.pages[int(self.path[6:])]
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
            self._send(f'<html><head><title>{escape(title)}</title><meta property="article:published_time" '
                       f'content="{published}"></head><body><article><h1>{escape(title)}</h1>{paragraphs}'
                       f"</article></body></html>", "text/html; charset=utf-8")
        else:
            self.send_error(404)

    def _send(self, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def sentence_pools() -> dict[str, list[str]]:
    """The sentences of the gold fixture articles, per language."""
    pools: dict[str, list[str]] = {}
    for lang in LANGS:
        for path in sorted((ROOT / "tests" / "fixtures" / "gold" / "dev" / lang).glob("*.json")):
            text = json.loads(path.read_text(encoding="utf-8"))["text"]
            pools.setdefault(lang, []).extend(s for s in SENTENCE.split(text) if len(s) > 20)
    return pools


def synthetic(pools: dict[str, list[str]], lang: str, rng: random.Random) -> tuple[str, str]:
    """(title, text) of a new article of `lang`: shuffled gold sentences in three paragraphs."""
    picked = rng.sample(pools[lang], 9)
    glue = "" if lang == "zh" else " "
    text = "\n\n".join(glue.join(picked[i:i + 3]) for i in range(0, 9, 3))
    return picked[0][:80], text


def press(hosts: int) -> list[Outlet]:
    return [Outlet(f"127.0.0.{2 + number}") for number in range(hosts)]


def sources_file(folder: Path, outlets: list[Outlet]) -> Path:
    lines = ["crawl: {autothrottle: false, concurrency_per_domain: 8}", "sources:"]
    for number, outlet in enumerate(outlets):
        lines += [f"  - name: bench-{number}", f"    lang: {LANGS[number % len(LANGS)]}",
                  f"    allowed_domains: [{outlet.server_address[0]}]", f"    feeds: [{outlet.base}/feed.xml]"]
    path = folder / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def add_articles(outlets: list[Outlet], pools: dict[str, list[str]], count: int, rng: random.Random,
                 published: str) -> list[tuple[int, Outlet]]:
    """Put `count` new pages on the outlets, round robin; returns (number, outlet) of each."""
    added = []
    for index in range(count):
        outlet = outlets[index % len(outlets)]
        number = len(outlet.pages)
        lang = LANGS[outlets.index(outlet) % len(LANGS)]
        title, text = synthetic(pools, lang, rng)
        outlet.pages[number] = (f"{title} ({number})", text, published)
        added.append((number, outlet))
    return added


def write_spool(spool: Path, outlets: list[Outlet], stored: list[tuple[int, Outlet]]) -> None:
    """The spool a crawl of those pages would have written."""
    store = ArticleStore(spool)
    records = []
    for number, outlet in stored:
        title, text, published = outlet.pages[number]
        source = f"bench-{outlets.index(outlet)}"
        lang = LANGS[outlets.index(outlet) % len(LANGS)]
        url = f"{outlet.base}/news/{number}"
        records.append(ArticleRecord(url=url, source=source, status="ok", canonical_url=url, declared_lang=lang,
                                     lang=lang, title=title, published_at=published, fetched_at=published,
                                     text=text))
        if len(records) == 5000:
            store.append(records)
            records = []
    store.append(records)


def timed_run(sources: Path, db: Path) -> tuple[float, float]:
    """(wall seconds, peak MiB of the largest process) of one `chipwatch run`."""
    command = [sys.executable, "-m", "flows.cli", "run", "--sources", str(sources), "--db", str(db)]
    start = time.perf_counter()
    with open(db.with_suffix(".log"), "a") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"chipwatch run failed; see {db.with_suffix('.log')}")
    return elapsed, usage.ru_maxrss / 1024


def articles(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def measure_size(size: int, new: int, hosts: int, pools: dict[str, list[str]], folder: Path) -> None:
    rng = random.Random(size)
    outlets = press(hosts)
    try:
        sources = sources_file(folder, outlets)
        db = folder / "w.duckdb"
        stored = add_articles(outlets, pools, size, rng, "2026-11-30T08:00:00+00:00")
        write_spool(Path(f"{db}.crawl.jsonl"), outlets, stored)
        for outlet in outlets:
            outlet.feed = sorted(outlet.pages)[-FEED_ITEMS:]
        first, first_mem = timed_run(sources, db)
        idle, idle_mem = timed_run(sources, db)
        for number, outlet in add_articles(outlets, pools, new, rng, "2026-12-07T08:00:00+00:00"):
            outlet.feed.append(number)
        fresh, fresh_mem = timed_run(sources, db)
        held = articles(db)
    finally:
        for outlet in outlets:
            outlet.shutdown()
            outlet.server_close()
    print(f"{size:>8,} {first:9.1f} {first_mem:8.0f} {idle:9.1f} {idle_mem:8.0f} {fresh:9.1f} {fresh_mem:8.0f}"
          f" {held:>9,}", flush=True)


def measure_first_crawl(count: int, hosts: int, pools: dict[str, list[str]], folder: Path) -> None:
    outlets = press(hosts)
    try:
        sources = sources_file(folder, outlets)
        for number, outlet in add_articles(outlets, pools, count, random.Random(0), "2026-12-07T08:00:00+00:00"):
            outlet.feed.append(number)
        elapsed, memory = timed_run(sources, folder / "w.duckdb")
        held = articles(folder / "w.duckdb")
    finally:
        for outlet in outlets:
            outlet.shutdown()
            outlet.server_close()
    print(f"first crawl of {count:,} served articles on {hosts} outlets: {elapsed:.1f} s, "
          f"{held / elapsed:.1f} articles/s end to end, peak {memory:.0f} MiB, {held:,} stored")


@contextlib.contextmanager
def prefect_server(home: Path) -> Iterator[None]:
    """A Prefect server on a free port of 127.0.0.1 for the runs (PREFECT_API_URL), stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = os.environ | {"PREFECT_HOME": str(home / "prefect"), "DO_NOT_TRACK": "1",
                                "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    server = subprocess.Popen([str(Path(sys.executable).with_name("prefect")), "server", "start", "--host",
                               "127.0.0.1", "--port", str(port)], env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("the Prefect server did not start")
            time.sleep(0.5)
    os.environ["PREFECT_API_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL")
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="archive sizes, comma-separated")
    parser.add_argument("--new", type=int, default=100, help="new articles in the third run")
    parser.add_argument("--first-crawl", type=int, default=1000, help="served articles of the first crawl (0: skip)")
    parser.add_argument("--hosts", type=int, default=4, help="outlets, one per loopback address")
    parser.add_argument("--keep", type=Path, help="work in this new folder and keep it (warehouses, run logs)")
    parser.add_argument("--prefect-server", action="store_true", help="run against one Prefect server started "
                        "for the benchmark instead of a temporary server per run")
    args = parser.parse_args()
    pools = sentence_pools()
    print("runs: first (load and extract the archive), idle (nothing new), new (--new articles); s and MiB")
    print(f"{'archive':>8} {'first s':>9} {'MiB':>8} {'idle s':>9} {'MiB':>8} {'new s':>9} {'MiB':>8} {'stored':>9}")
    if args.keep:
        args.keep.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="chipwatch-scale-") as temporary, \
            prefect_server(Path(temporary)) if args.prefect_server else contextlib.nullcontext():
        work = args.keep or temporary
        for size in (int(s) for s in args.sizes.split(",")):
            (Path(work) / str(size)).mkdir()
            measure_size(size, args.new, args.hosts, pools, Path(work) / str(size))
        if args.first_crawl:
            (Path(work) / "crawl").mkdir()
            measure_first_crawl(args.first_crawl, args.hosts, pools, Path(work) / "crawl")


if __name__ == "__main__":
    main()
