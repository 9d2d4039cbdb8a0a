"""Fixtures for the alert and digest tests: a fresh warehouse, hand-made press, a webhook and an SMTP server."""

from __future__ import annotations

import email
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.records import ArticleRecord, SanctionEvent
from tests.factories import entity, event, extraction
from warehouse.db import open_warehouse
from warehouse.ids import article_id
from warehouse.load import load_articles, load_extractions, load_sources, sync_entities

KB = [
    {"id": "firm:nvidia", "type": "FIRM", "name": "Nvidia", "country": "US"},
    {"id": "firm:huawei", "type": "FIRM", "name": "Huawei", "country": "CN"},
    {"id": "firm:smic", "type": "FIRM", "name": "SMIC", "country": "CN"},
    {"id": "chip:nvidia-h20", "type": "CHIP", "name": "Nvidia H20", "vendor": "firm:nvidia"},
    {"id": "chip:huawei-ascend-910b", "type": "CHIP", "name": "Huawei Ascend 910B", "vendor": "firm:huawei"},
    {"id": "authority:us-government", "type": "AUTHORITY", "name": "US government", "country": "US"},
    {"id": "authority:us-commerce", "type": "AUTHORITY", "name": "US Department of Commerce",
     "parent": "authority:us-government", "country": "US"},
    {"id": "authority:bis", "type": "AUTHORITY", "name": "Bureau of Industry and Security",
     "parent": "authority:us-commerce", "country": "US"},
    {"id": "authority:cn-government", "type": "AUTHORITY", "name": "Chinese government", "country": "CN"},
    {"id": "authority:mofcom", "type": "AUTHORITY", "name": "Ministry of Commerce of China",
     "parent": "authority:cn-government", "country": "CN"},
]
NAMES = {entry["id"]: entry["name"] for entry in KB}
TYPES = {entry["id"]: entry["type"] for entry in KB}
SIDES = {entry["id"]: entry["country"] for entry in KB if entry["type"] == "AUTHORITY"}


class Press:
    """Loads hand-made articles and their extractions into a warehouse, one article per `publish` call."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.count = 0
        self.sources: set[tuple[str, str]] = set()
        sync_entities(con, KB)

    def publish(
        self,
        day: str | date,
        source: str = "wire",
        lang: str = "en",
        title: str | None = None,
        mentions: dict[str, int] | None = None,
        events: Sequence[SanctionEvent] = (),
        text: str | None = None,
    ) -> str:
        """Load one `ok` article dated `day` naming `mentions` (entity id -> times) with `events`; its id."""
        self.count += 1
        if (source, lang) not in self.sources:
            self.sources.add((source, lang))
            load_sources(self.con, [{"name": source, "title": source.title(), "lang": lang}])
        url = f"https://{source}.example/{lang}/{self.count}"
        record = ArticleRecord(
            url=url, canonical_url=url, source=source, status="ok", lang=lang, declared_lang=lang,
            title=title or f"Story {self.count}", published_at=f"{day}T08:00:00+00:00",
            fetched_at=f"{day}T09:00:00+00:00", text=text or f"Text of story {self.count}.")
        load_articles(self.con, [record])
        entities = [
            entity(key, TYPES[key], NAMES[key], *((NAMES[key], i * 10, i * 10 + 5) for i in range(times)))
            for key, times in (mentions or {}).items()
        ]
        load_extractions(self.con, [extraction(record, entities=entities, events=events)])
        return article_id(url)

    @staticmethod
    def sanction(
        authority: str, measure: str, targets: list[str], status: str = "announced", when: str | None = None
    ) -> SanctionEvent:
        """An extraction's sanction event; `targets` are KB ids or, for names outside the KB, plain text."""
        named = [NAMES.get(t, t) for t in targets]
        return event(authority, measure, status, targets, when, authority=NAMES.get(authority, authority),
                     side=SIDES[authority], names=named,
                     evidence=f"{NAMES.get(authority, authority)} put {', '.join(named)} under {measure} ({status}).")


@pytest.fixture
def press(con: duckdb.DuckDBPyConnection) -> Press:
    return Press(con)


class Webhook:
    """A real HTTP server on 127.0.0.1 that records JSON POSTs; answers `status` after `delay` seconds."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.delay = 0.0
        self.on_receive: Callable[[], None] | None = None
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                webhook.received.append(json.loads(body or b"{}"))
                if webhook.on_receive:
                    webhook.on_receive()
                time.sleep(webhook.delay)
                self.send_response(webhook.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook", auth: str = "") -> str:
        """An Apprise `json://` URL posting to this server."""
        return f"json://{auth}127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook()
    yield server
    server.close()


@pytest.fixture(scope="session")
def digest_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse for the digest of 2025-W16 (14-20 April 2025) and the four weeks before it.

    W16 holds: one measure reported in English, French and Chinese (a story of three articles); a repeat of
    a measure first reported in W15 (not new) told by two outlets; a new MOFCOM probe; a background event.
    """
    path = tmp_path_factory.mktemp("digest") / "warehouse.duckdb"
    con = open_warehouse(path)
    press = Press(con)
    for day in ("2025-03-17", "2025-03-24", "2025-03-31", "2025-04-07"):
        press.publish(day, "wire", mentions={"firm:nvidia": 2, "chip:nvidia-h20": 1})
    h20_licence = press.sanction("authority:bis", "export_license", ["chip:nvidia-h20"])
    press.publish("2025-04-08", "wire", title="H20 now needs a licence", events=[h20_licence])
    press.publish("2025-04-14", "wire", "en", title="US adds Huawei and SMIC units to the Entity List",
                  mentions={"firm:huawei": 3, "firm:smic": 2, "authority:bis": 1},
                  events=[press.sanction("authority:bis", "entity_list", ["firm:huawei", "firm:smic"],
                                         when="2025-04-11")])
    press.publish("2025-04-15", "lemonde", "fr", title="Washington inscrit Huawei sur sa liste noire",
                  mentions={"firm:huawei": 2, "firm:smic": 1, "authority:us-commerce": 1},
                  events=[press.sanction("authority:us-commerce", "entity_list", ["firm:huawei"])])
    press.publish("2025-04-15", "xinhua", "zh", title="美国将华为列入实体清单", mentions={"firm:huawei": 2},
                  events=[press.sanction("authority:us-government", "entity_list", ["firm:huawei"])])
    press.publish("2025-04-16", "wire", "en", title="H20 licence rule still in force",
                  mentions={"firm:nvidia": 1, "chip:nvidia-h20": 2}, events=[h20_licence])
    press.publish("2025-04-17", "caixin", "zh", title="英伟达H20在华需求",
                  mentions={"firm:nvidia": 2, "chip:nvidia-h20": 3})
    press.publish("2025-04-18", "lemonde", "fr", title="Huawei accélère l'Ascend 910B",
                  mentions={"chip:huawei-ascend-910b": 2, "firm:huawei": 1})
    press.publish("2025-04-19", "wire", "en", title="A look back at 2019",
                  events=[press.sanction("authority:bis", "entity_list", ["firm:huawei"], status="background")])
    press.publish("2025-04-19", "reuters", "en", title="China opens a probe into Nvidia", mentions={"firm:nvidia": 1},
                  events=[press.sanction("authority:mofcom", "investigation", ["firm:nvidia"])])
    press.publish("2025-04-22", "wire", "en", title="Next week", mentions={"firm:huawei": 9})
    con.close()
    return path


class Mailbox:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that accepts login desk / s3cret-pw and keeps each message."""

    LOGIN, PASSWORD = "desk", "s3cret-pw"

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.messages: list[EmailMessage] = []
        mailbox = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                mailbox.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            expected = (self.LOGIN.encode(), self.PASSWORD.encode())
            return AuthResult(success=isinstance(data, LoginPassword) and (data.login, data.password) == expected)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(
            Handler(), hostname="127.0.0.1", port=self.port, authenticator=authenticate, auth_require_tls=False
        )
        self.controller.start()

    def url(self, password: str = "${SMTP_PASSWORD}") -> str:
        """An Apprise `mailto://` URL sending to editors@example.org through this server."""
        return (f"mailto://{self.LOGIN}:{password}@127.0.0.1:{self.port}"
                "?to=editors@example.org&from=chipwatch@example.org")


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """The SMTP server, with SMTP_PASSWORD set to its password in the environment."""
    server = Mailbox()
    monkeypatch.setenv("SMTP_PASSWORD", Mailbox.PASSWORD)
    yield server
    server.controller.stop()
