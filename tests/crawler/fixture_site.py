"""A small misbehaving news site on 127.0.0.1 for crawler tests: every failure the spider must record."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

from tests.local_site import LocalSite, send

ARTICLE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2025-04-16T09:30:00+02:00"></head>
<body><nav><a href="/">Accueil</a> <a href="/rubrique/puces">Puces</a></nav>
<article><h1>{title}</h1><p class="byline">Par Claire Martin</p>{paragraphs}</article>
<footer>Tous droits réservés</footer></body></html>"""

PARAGRAPH = ("<p>Le fabricant américain Nvidia a indiqué mardi que les autorités de Washington exigent désormais "
             "une licence pour exporter sa puce H20 vers la Chine. Les analystes estiment que la mesure pèsera "
             "sur les ventes du groupe au deuxième trimestre, tandis que Huawei espère placer ses "
             "accélérateurs Ascend auprès des clients chinois privés de composants américains.</p>")

OTHER_PARAGRAPH = ("<p>Huawei prépare une nouvelle génération de puces Ascend fabriquées par SMIC à Shanghai. "
                   "Le groupe de Shenzhen mise sur ses grappes de calcul pour compenser la finesse de gravure "
                   "limitée, et plusieurs géants chinois de l'internet ont déjà passé commande pour leurs "
                   "centres de données consacrés à l'intelligence artificielle.</p>")

WRONG_CHARSET_TEXT = ("<p>Un événement inattendu a secoué le marché des semi-conducteurs : la société néerlandaise "
                      "ASML a annoncé que ses livraisons de machines de lithographie vers la Chine seraient "
                      "réduites, après une décision du gouvernement des Pays-Bas prise à la demande de Washington."
                      " Les clients chinois, déjà privés des équipements les plus avancés, devront patienter.</p>")

EMPTY_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Rubrique</title></head>
<body><nav><a href="/">Accueil</a> <a href="/contact">Contact</a></nav><p>Aucun article.</p></body></html>"""


def article_page(title: str, body: str = PARAGRAPH * 3) -> str:
    return ARTICLE.format(title=title, paragraphs=body)


class FixtureSite(LocalSite):
    """Serves the fixture routes; `hits` counts requests per path, `feed_etag` drives conditional GET."""

    feed_etag = '"feed-v1"'
    slow_seconds = 3.0

    def feed(self) -> str:
        items = "".join(f"<item><title>{path}</title><link>{self.url(path)}</link></item>" for path in FEED_PATHS)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fixture</title>{items}</channel></rss>'

    def route(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        path = handler.path.split("?")[0]
        if path == "/robots.txt":
            return send(handler, 200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/feed.xml":
            if handler.headers.get("If-None-Match") == self.feed_etag:
                return send(handler, 304, "", "application/rss+xml", {"ETag": self.feed_etag})
            return send(handler, 200, self.feed(), "application/rss+xml", {"ETag": self.feed_etag})
        if path == "/articles/2025/04/16/ok-article":
            page = article_page("Washington serre la vis sur la puce H20")
            return send(handler, 200, page, "text/html; charset=utf-8")
        if path == "/articles/2025/04/16/flaky-article":
            if count == 1:
                return send(handler, 500, "temporary failure", "text/plain")
            page = article_page("Huawei accélère sur les puces Ascend", OTHER_PARAGRAPH * 3)
            return send(handler, 200, page, "text/html; charset=utf-8")
        if path == "/articles/2025/04/16/slow-article":
            time.sleep(self.slow_seconds)
            return send(handler, 200, article_page("Trop lent"), "text/html; charset=utf-8")
        if path == "/articles/2025/04/16/loop-article":
            return send(handler, 302, "", "text/plain", {"Location": path})
        if path == "/articles/2025/04/16/offsite-article":
            return send(handler, 302, "", "text/plain", {"Location": f"http://localhost:{self.port}/elsewhere"})
        if path == "/articles/2025/04/16/empty-article":
            return send(handler, 200, EMPTY_PAGE, "text/html; charset=utf-8")
        if path == "/articles/2025/04/16/wrong-charset-article":
            page = article_page("Un événement chez ASML", WRONG_CHARSET_TEXT * 2).replace('charset="utf-8"', "")
            return send(handler, 200, page.encode("cp1252"), "text/html; charset=utf-8")
        if path == "/private/2025/04/16/secret-article":
            return send(handler, 200, article_page("Secret"), "text/html; charset=utf-8")
        return send(handler, 404, "not found", "text/plain")


FEED_PATHS = [
    "/articles/2025/04/16/ok-article?utm_source=rss&utm_medium=feed",
    "/articles/2025/04/16/missing-article",
    "/articles/2025/04/16/flaky-article",
    "/articles/2025/04/16/slow-article",
    "/articles/2025/04/16/loop-article",
    "/articles/2025/04/16/offsite-article",
    "/articles/2025/04/16/empty-article",
    "/articles/2025/04/16/wrong-charset-article",
    "/private/2025/04/16/secret-article",
]
