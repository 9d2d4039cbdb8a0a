"""XML discovery documents of an outlet: RSS 2.0, Atom, sitemap and Google news sitemap.

Each function takes the outlet, its base URL and the (url, article) pairs to list, newest first.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from crawler.demo.content import Article, Outlet
from crawler.demo.dates import rfc822_date

Entries = list[tuple[str, Article]]


def _x(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def rss(outlet: Outlet, base_url: str, entries: Entries) -> str:
    """An RSS 2.0 channel with one item per article (author as `dc:creator`)."""
    items = []
    for url, article in entries:
        creator = f"<dc:creator>{_x(article.author)}</dc:creator>" if article.author else ""
        items.append(
            "<item>"
            f"<title>{_x(article.title)}</title><link>{_x(url)}</link>"
            f'<guid isPermaLink="false">{outlet.name}-{article.id}</guid>'
            f"<pubDate>{rfc822_date(article.published)}</pubDate>{creator}"
            f"<description>{_x(article.paragraphs[0])}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{_x(outlet.title)}</title><link>{_x(base_url)}</link>"
        f"<description>{_x(outlet.about)}</description><language>{outlet.lang}</language>"
        f"<lastBuildDate>{rfc822_date(entries[0][1].published)}</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )


def atom(outlet: Outlet, base_url: str, entries: Entries) -> str:
    """An Atom 1.0 feed with one entry per article."""
    items = []
    for url, article in entries:
        author = f"<author><name>{_x(article.author)}</name></author>" if article.author else ""
        stamp = article.published.isoformat()
        items.append(
            "<entry>"
            f'<title>{_x(article.title)}</title><link rel="alternate" href="{_x(url)}"/>'
            f"<id>tag:{outlet.name}.example,{article.published:%Y}:{article.id}</id>"
            f"<published>{stamp}</published><updated>{stamp}</updated>{author}"
            f"<summary>{_x(article.paragraphs[0])}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{outlet.lang}">'
        f'<title>{_x(outlet.title)}</title><link rel="alternate" href="{_x(base_url)}"/>'
        f'<link rel="self" href="{_x(base_url)}atom.xml"/><id>tag:{outlet.name}.example,2025:feed</id>'
        f"<updated>{entries[0][1].published.isoformat()}</updated>\n" + "\n".join(items) + "\n</feed>\n"
    )


def sitemap(extra_urls: list[str], entries: Entries) -> str:
    """A plain sitemap: the outlet's non-article pages (no lastmod) then its articles (with lastmod)."""
    rows = [f"<url><loc>{_x(url)}</loc></url>" for url in extra_urls]
    rows += [
        f"<url><loc>{_x(url)}</loc><lastmod>{article.published.isoformat()}</lastmod></url>"
        for url, article in entries
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def news_sitemap(outlet: Outlet, entries: Entries) -> str:
    """A Google news sitemap: `<news:news>` with publication, date and title per article."""
    rows = [
        f"<url><loc>{_x(url)}</loc><news:news><news:publication>"
        f"<news:name>{_x(outlet.title)}</news:name><news:language>{outlet.lang}</news:language>"
        f"</news:publication><news:publication_date>{article.published.isoformat()}</news:publication_date>"
        f"<news:title>{_x(article.title)}</news:title></news:news></url>"
        for url, article in entries
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )
