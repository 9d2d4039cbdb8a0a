"""Serve the demo press on 127.0.0.1: one threaded HTTP server per outlet, each on a free port."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from crawler.demo.content import load_outlets
from crawler.demo.dates import http_date, parse_http_date
from crawler.demo.site import Page, Site, build_site, expected_records

HOST = "127.0.0.1"
POLL_SECONDS = 0.05  # how fast stop() is answered
NOT_FOUND = Page(b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8")

LogEntry = tuple[str, str, str, int]


class _Handler(BaseHTTPRequestHandler):
    """Answers from the pages of one site; subclassed per outlet with `site` and `log` set."""

    site: Site
    log: list[LogEntry]
    lock: threading.Lock
    protocol_version = "HTTP/1.1"
    server_version = "DemoPress/1.0"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log; requests go to `DemoPress.request_log`."""

    def _answer(self, with_body: bool) -> None:
        page = self.site.pages.get(urlsplit(self.path).path)
        status = 200 if page else 404
        page = page or NOT_FOUND
        if status == 200 and page.etag and self._not_modified(page):
            status = 304
        with self.lock:
            self.log.append((self.site.outlet.name, self.command, self.path, status))
        self.send_response(status)
        if page.etag and page.last_modified:
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", http_date(page.last_modified))
        if status == 304:
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        if with_body:
            self.wfile.write(page.body)

    def _not_modified(self, page: Page) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            sent = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
            return "*" in sent or page.etag in sent
        since = parse_http_date(self.headers.get("If-Modified-Since") or "")
        return since is not None and page.last_modified is not None and page.last_modified <= since


def _bind(port: int) -> ThreadingHTTPServer:
    """A server on the wanted port of 127.0.0.1, or on a free one when that port is taken."""
    try:
        return ThreadingHTTPServer((HOST, port), _Handler)
    except OSError:
        return ThreadingHTTPServer((HOST, 0), _Handler)


class DemoPress:
    """The bundled offline press; use as a context manager or call `start()` / `stop()`.

    `preferred_ports` (outlet name → port) asks for the ports of an earlier run, so that its URLs
    stay the same and an incremental crawl finds them already stored.
    After `start()`: `sources` (sources-file entries with live URLs), `expected` (one record per
    article a polite crawler must store) and `request_log` ((source, method, path, status) per request,
    `path` as requested, query string included).
    """

    def __init__(self, preferred_ports: dict[str, int] | None = None) -> None:
        self._preferred_ports = dict(preferred_ports or {})
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self._sites: list[Site] = []
        self._log: list[LogEntry] = []
        self._lock = threading.Lock()

    def start(self) -> DemoPress:
        """Bind one server per outlet on a free port of 127.0.0.1 and serve each in a daemon thread."""
        if self._servers:
            raise RuntimeError("DemoPress is already running")
        try:
            for outlet in load_outlets():
                server = _bind(self._preferred_ports.get(outlet.name, 0))
                self._servers.append(server)
                site = build_site(outlet, f"http://{HOST}:{server.server_address[1]}/")
                attributes = {"site": site, "log": self._log, "lock": self._lock}
                server.RequestHandlerClass = type(f"Handler_{outlet.name}", (_Handler,), attributes)
                self._sites.append(site)
            for server, site in zip(self._servers, self._sites, strict=True):
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": POLL_SECONDS},
                    name=f"demo-press-{site.outlet.name}",
                    daemon=True,
                )
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop and close every server; safe to call twice."""
        for server, thread in zip(self._servers, self._threads, strict=False):
            server.shutdown()
            thread.join()
        for server in self._servers:
            server.server_close()
        self._servers.clear()
        self._threads.clear()
        self._sites.clear()

    def __enter__(self) -> DemoPress:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def ports(self) -> dict[str, int]:
        """Outlet name → the port it is served on (give it back as `preferred_ports` to keep URLs stable)."""
        return {site.outlet.name: server.server_address[1]
                for site, server in zip(self._running_sites(), self._servers, strict=True)}

    def _running_sites(self) -> list[Site]:
        if not self._sites:
            raise RuntimeError("DemoPress is not running: call start() or use it in a with block")
        return self._sites

    @property
    def sources(self) -> list[dict[str, Any]]:
        """One sources-file entry per outlet, URLs on the live ports."""
        return [site.source() for site in self._running_sites()]

    @property
    def expected(self) -> list[dict[str, Any]]:
        """One record per article a polite crawler must store (private articles left out)."""
        return expected_records(self._running_sites())

    @property
    def request_log(self) -> list[LogEntry]:
        """A copy of the (source, method, path, status) entries served so far."""
        with self._lock:
            return list(self._log)

    def url(self, source: str, path: str = "/") -> str:
        """The live URL of a path on one outlet's site."""
        for site in self._running_sites():
            if site.outlet.name == source:
                return site.url(path)
        raise KeyError(source)
