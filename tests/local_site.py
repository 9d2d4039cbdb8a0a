"""A test web site on a free port of 127.0.0.1: counts requests per path and hands each to `route`."""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    """A threading server that does not print the connections a crawler breaks off."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


class LocalSite:
    """Subclasses implement `route(handler, count)`; `hits` and `times` are keyed by the requested path."""

    protocol_version = "HTTP/1.0"

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.times: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = site.protocol_version

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                    site.times.setdefault(self.path, []).append(time.monotonic())
                    count = site.hits[self.path]
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    site.route(self, count)  # the crawler may give up on a response, as it should

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        raise NotImplementedError

    def url(self, path: str, scheme: str = "http", port: int | None = None) -> str:
        return f"{scheme}://127.0.0.1:{port or self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: str | bytes, content_type: str,
         headers: dict[str, str] | None = None) -> None:
    """Answer with a status, a body and its length; a 304 carries no body."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    if status != 304:
        handler.wfile.write(data)
