"""A hostile news site on 127.0.0.1: every network and content fault a crawl meets in the wild.

`HostileSite` serves two feeds (`/fr/feed.xml`, `/zh/feed.xml`), a feed of broken XML and a feed that is
not XML at all, and one article route per fault under `/n/` (network) and `/c/` (content).
`hits` counts requests per path (query string included) and `times` records when each came in.
"""

from __future__ import annotations

import gzip
import random
import socket
import time
from functools import cache
from http.server import BaseHTTPRequestHandler

from tests.local_site import LocalSite, send

VOCABULARY = ("le la les un une des du de et à pour sur avec dans mais puis aussi encore Nvidia Huawei SMIC "
              "puce puces licence export Chine Washington Pékin ministère commerce sanction liste noire usine "
              "fonderie gravure accélérateur H20 Ascend marché clients ventes trimestre analystes groupe "
              "annonce mesure décision semaine mardi jeudi contrôle américain chinois européen équipement "
              "machine lithographie centre données calcul intelligence artificielle croissance prix stock")
WORDS = VOCABULARY.split()
ZH_PARAGRAPH = ("<p>美国商务部周二宣布，将多家中国芯片企业列入实体清单，中芯国际的客户将难以获得先进设备。"
                "英伟达表示，其H20芯片对华出口今后需要许可证，华为则加紧向国内互联网企业推销昇腾910B芯片。</p>")
ZH_TW_PARAGRAPH = ("<p>美國商務部週二宣布，將多家中國晶片企業列入實體清單，中芯國際的客戶將難以取得先進設備。"
                   "輝達表示，其H20晶片對華出口今後需要許可證，華為則加緊向國內網路企業推銷昇騰910B晶片。</p>")
DE_PARAGRAPH = ("<p>Das amerikanische Handelsministerium hat mehrere chinesische Chiphersteller auf seine "
                "schwarze Liste gesetzt. Nvidia braucht nun eine Lizenz für den Export der H20-Beschleuniger, "
                "während Huawei seine Ascend-Chips bei den großen chinesischen Internetkonzernen anbietet.</p>")
PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title>
<meta property="article:published_time" content="{date}"></head>
<body><nav><a href="/">Accueil</a></nav><article><h1>{title}</h1>{body}</article>
<footer>Contact</footer></body></html>"""
SCRIPTED_BODY = ("<script>function track(){{ window.spy = 'SCRIPT-LEAK'; }}</script>{p}"
                 "<style>.pub {{ color: red; content: 'STYLE-LEAK'; }}</style>{p}<script>track();</script>")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NESTING = 100_000
BIG_ARTICLE_BYTES = 5 * 1024 * 1024
HUGE_PAGE_BYTES = 12 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024

NETWORK_PATHS = ["trickle", "throttled", "burst", "truncated", "bomb", "huge", "huge-unsized", "loop",
                 "offsite", "missing"]
CONTENT_PATHS = ["empty", "no-article", "binary", "mixed-charset", "nested", "big", "scripted", "german",
                 "epoch", "far-future", "tracked?utm_source=rss&utm_medium=feed", "tracked?fbclid=abc&utm_campaign=x",
                 "tracked"]
ZH_PATHS = ["gbk-as-latin1", "big5-undeclared"]


def page(title: str, body: str, *, lang: str = "fr", charset: str = "utf-8",
         date: str = "2025-05-02T08:00:00+02:00") -> str:
    """A small article page with a publication date in its metadata."""
    return PAGE.format(lang=lang, charset=charset, title=title, body=body, date=date)


class HostileSite(LocalSite):
    """Serves the fault routes on a free port of 127.0.0.1; `refused_port` is a port nobody listens on."""

    protocol_version = "HTTP/1.1"

    def __init__(self) -> None:
        super().__init__()
        self.refused_port = free_port()

    def hits_of(self, path: str) -> int:
        """Requests for a path, whatever its query string."""
        return sum(n for p, n in self.hits.items() if p.split("?")[0] == path)

    def feed(self, lang: str) -> str:
        if lang == "zh":
            links = [self.url(f"/z/2025/05/02/{p}") for p in ZH_PATHS]
        else:
            links = ["http://127.0.0.1:99999/n/2025/05/02/bad-port", "http://[::1/n/2025/05/02/bad-brackets"]
            links += [self.url(f"/n/2025/05/02/{p}") for p in NETWORK_PATHS]
            links += [self.url(f"/c/2025/05/02/{p}") for p in CONTENT_PATHS]
            links += [self.url("/n/2025/05/02/refused", port=self.refused_port),
                      self.url("/n/2025/05/02/tls", scheme="https")]
        items = "".join(f"<item><title>x</title><link>{link.replace('&', '&amp;')}</link></item>" for link in links)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>{items}</channel></rss>'

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        path = handler.path.split("?")[0]
        name = path.rsplit("/", 1)[-1]
        if path == "/robots.txt":
            return send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if path in ("/fr/feed.xml", "/zh/feed.xml"):
            return send(handler, 200, self.feed(path[1:3]), "application/rss+xml")
        if path == "/broken/feed.xml":  # unescaped ampersand, unclosed tags: still readable
            link = self.url("/c/2025/05/02/from-broken-feed")
            return send(handler, 200, f"<rss><channel><title>A & B<item><link>{link}</link></item>", "text/xml")
        if path == "/calm/feed.xml":  # a well-behaved feed of three articles, for whole-pipeline runs
            links = "".join(f"<item><link>{self.url(f'/c/2025/05/02/calm-{n}')}</link></item>" for n in range(3))
            return send(handler, 200, f"<rss><channel>{links}</channel></rss>", "application/rss+xml")
        if path in ("/cycle/a.xml", "/cycle/b.xml"):  # sitemap indexes that list each other and themselves
            children = "".join(f"<sitemap><loc>{self.url(f'/cycle/{n}.xml')}</loc></sitemap>" for n in "ab")
            return send(handler, 200, f'<sitemapindex xmlns="{SITEMAP_NS}">{children}</sitemapindex>', "text/xml")
        if path == "/garbage/feed.xml":
            return send(handler, 200, "\x00\x01 this is not a feed <<<", "application/rss+xml")
        if path.startswith("/n/"):
            return self.network(handler, name, count)
        if path.startswith(("/c/", "/z/")):
            return self.content(handler, name)
        return send(handler, 404, "not found", "text/plain")

    def network(self, handler: BaseHTTPRequestHandler, name: str, count: int) -> None:
        html = page(f"Article {name}", prose(name, 4))
        if name == "trickle":  # announces a page, then sends a byte every 0.3 s
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", "4000")
            handler.end_headers()
            for _ in range(12):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.3)
            handler.close_connection = True
            return None
        if name == "throttled" and count == 1:
            return send(handler, 429, "slow down", "text/plain", {"Retry-After": "1"})
        if name == "burst" and count <= 3:  # three 5xx: more than the retries of one run
            return send(handler, 503, "overloaded", "text/plain")
        if name == "truncated":
            data = html.encode("utf-8")
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(data) * 3))
            handler.end_headers()
            handler.wfile.write(data[: len(data) // 2])
            handler.close_connection = True
            return None
        if name == "bomb":
            return send(handler, 200, gzip_bomb(), "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        if name == "huge":
            return send(handler, 200, padded(html, HUGE_PAGE_BYTES), "text/html; charset=utf-8")
        if name == "huge-unsized":  # no Content-Length: the size is only known while reading
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Connection", "close")
            handler.end_headers()
            chunk = b"<p>" + b"x" * (1024 * 1024) + b"</p>"
            for _ in range(HUGE_PAGE_BYTES // len(chunk) + 1):
                handler.wfile.write(chunk)
            handler.close_connection = True
            return None
        if name == "loop":
            return send(handler, 302, "", "text/plain", {"Location": handler.path})
        if name == "offsite":
            return send(handler, 302, "", "text/plain", {"Location": f"http://localhost:{self.port}/elsewhere"})
        if name == "missing":
            return send(handler, 404, "gone", "text/plain")
        return send(handler, 200, html, "text/html; charset=utf-8")

    def content(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        body = content_page(name)
        content_type = "text/html; charset=utf-8" if name != "gbk-as-latin1" else "text/html; charset=iso-8859-1"
        return send(handler, 200, body, content_type)


def content_page(name: str) -> bytes:
    """The bytes served for one content fault."""
    if name == "empty":
        return b""
    if name == "no-article":
        return b"<html><head><title>Rubrique</title></head><body><nav><a href='/'>Accueil</a></nav></body></html>"
    if name == "binary":
        return bytes(range(256)) * 64
    if name == "mixed-charset":  # UTF-8 page with a paragraph pasted in as cp1252
        return (page("Mélange d'encodages", prose(name, 2)).encode("utf-8").replace(
            b"</article>", prose("cp1252", 1).encode("cp1252") + b"</article>"))
    if name == "nested":
        return page("Imbrication", "<div>" * NESTING + prose(name, 3) + "</div>" * NESTING).encode("utf-8")
    if name == "big":
        return big_page()
    if name == "scripted":
        return page("Scripts dans le corps", SCRIPTED_BODY.format(p=prose(name, 1))).encode("utf-8")
    if name == "german":
        return page("Exportkontrollen", numbered(DE_PARAGRAPH, 4), lang="de").encode("utf-8")
    if name == "epoch":
        return page("Date de 1970", prose(name, 3), date="1970-01-01T00:00:00Z").encode("utf-8")
    if name == "far-future":
        return page("Date de 2099", prose(name, 3), date="2099-12-31T00:00:00Z").encode("utf-8")
    if name == "gbk-as-latin1":  # the header lies: the bytes are GBK
        return page("芯片出口管制", numbered(ZH_PARAGRAPH, 3), lang="zh", charset="iso-8859-1").encode("gbk")
    if name == "big5-undeclared":
        html = page("晶片出口管制", numbered(ZH_TW_PARAGRAPH, 3), lang="zh")
        return html.replace('<meta charset="utf-8">', "").encode("big5")
    return page(f"Article {name}", prose(name, 3)).encode("utf-8")


def numbered(paragraph: str, count: int) -> str:
    """The paragraph `count` times, each copy numbered (an extractor drops repeated paragraphs)."""
    return "".join(paragraph.replace("<p>", f"<p>({n}) ") for n in range(1, count + 1))


def prose(seed: str, paragraphs: int, words: int = 60) -> str:
    """Distinct French-looking paragraphs, the same for the same seed (so pages are not near-duplicates)."""
    rng = random.Random(seed)
    return "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + ".</p>"
                   for _ in range(paragraphs))


@cache
def big_page() -> bytes:
    """An article of about `BIG_ARTICLE_BYTES`."""
    count = BIG_ARTICLE_BYTES // len(prose("size", 1).encode("utf-8"))
    return page("Un très long article", prose("big", count)).encode("utf-8")


@cache
def gzip_bomb() -> bytes:
    """A gzip body of about 64 KB that inflates to `BOMB_BYTES` of spaces."""
    return gzip.compress(b" " * BOMB_BYTES, compresslevel=9)


def padded(html: str, size: int) -> bytes:
    """The page grown to `size` bytes with an HTML comment."""
    data = html.encode("utf-8")
    return data.replace(b"</body>", b"<!--" + b"x" * (size - len(data)) + b"--></body>")


def free_port() -> int:
    """A port of 127.0.0.1 that was free a moment ago (nothing listens on it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
