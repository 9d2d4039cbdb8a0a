"""Render one outlet's HTML pages: articles in the outlet's own template, and its listing pages."""

from __future__ import annotations

import json
from functools import cache
from html import escape
from pathlib import Path
from string import Template

import yaml

from crawler.demo.content import Article, Outlet
from crawler.demo.dates import visible_date

TEMPLATE_DIR = Path(__file__).parent / "templates"
LABELS_FILE = Path(__file__).parent / "data" / "labels.yaml"


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATE_DIR / f"{name}.html").read_text(encoding="utf-8"))


@cache
def labels(locale: str) -> dict[str, str]:
    """The listing-page words of one locale (`fr`, `en`, `zh-hans`, `zh-hant`)."""
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))[locale]


def _text(value: str) -> str:
    """Escape for a text node (apostrophes and quotes stay as typed)."""
    return escape(value, quote=False)


def section_path(key: str) -> str:
    """The URL path of a section page."""
    return f"/section/{key}/"


def _charset_meta(outlet: Outlet) -> str:
    if outlet.charset_in_header:
        return f'<meta charset="{outlet.encoding}">'
    return (
        f'<meta charset="{outlet.encoding}">\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={outlet.encoding}">'
    )


def _nav(outlet: Outlet) -> str:
    words = labels(outlet.locale)
    links = [("/", words["home"])]
    links += [(section_path(key), title) for key, title in outlet.sections.items()]
    links += [("/about/", words["about"]), ("/contact/", words["contact"])]
    return "".join(f'<li><a href="{href}">{_text(text)}</a></li>' for href, text in links)


def _head_meta(outlet: Outlet, article: Article, url: str) -> str:
    lines = []
    if outlet.canonical:
        lines.append(f'<link rel="canonical" href="{escape(url)}">')
    if "og" in outlet.metadata:
        lines.append(f'<meta property="og:title" content="{escape(article.title)}">')
        lines.append(f'<meta property="article:published_time" content="{article.published.isoformat()}">')
    if "jsonld" in outlet.metadata:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.published.isoformat(),
            "publisher": {"@type": "Organization", "name": outlet.title},
        }
        if article.author:
            data["author"] = {"@type": "Person", "name": article.author}
        text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        lines.append(f'<script type="application/ld+json">{text}</script>')
    return "\n".join(lines)


def _dateline(outlet: Outlet, article: Article) -> str:
    text = _text(visible_date(outlet.date_style, article.published))
    if "time" in outlet.metadata:
        return f'<time datetime="{article.published.isoformat()}">{text}</time>'
    return f'<span class="date">{text}</span>'


def _links(items: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{escape(href)}">{_text(title)}</a></li>' for href, title in items)


def article_page(outlet: Outlet, article: Article, url: str, related: list[tuple[str, str]]) -> str:
    """The full HTML of an article page; `related` is a list of (href, title) for the clutter box."""
    byline = ""
    if article.author:
        byline = f'<span class="byline">{_text(outlet.byline.format(author=article.author))}</span>'
    return _template(outlet.name).substitute(
        lang=outlet.lang,
        charset_meta=_charset_meta(outlet),
        head_meta=_head_meta(outlet, article, url),
        outlet_title=_text(outlet.title),
        nav=_nav(outlet),
        section_url=section_path(article.section),
        section_title=_text(outlet.sections[article.section]),
        title=_text(article.title),
        byline=byline,
        dateline=_dateline(outlet, article),
        body="\n".join(f"<p>{_text(paragraph)}</p>" for paragraph in article.paragraphs),
        related=_links(related),
        year=article.published.year,
    )


def listing_page(outlet: Outlet, heading: str, items: list[tuple[str, str]], intro: str = "") -> str:
    """A home, section, about or contact page: a heading, an optional intro and a list of links."""
    words = labels(outlet.locale)
    return _template("listing").substitute(
        lang=outlet.lang,
        charset_meta=_charset_meta(outlet),
        outlet_title=_text(outlet.title),
        nav=_nav(outlet),
        heading=_text(heading),
        intro=f"<p>{_text(intro)}</p>" if intro else "",
        items=_links(items),
        about_label=_text(words["about"]),
        contact_label=_text(words["contact"]),
        year=outlet.articles[0].published.year,
    )


def robots_txt(outlet: Outlet, sitemap_urls: list[str]) -> str:
    """The outlet's robots.txt: its disallowed paths for every agent, then its sitemaps."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in outlet.robots_disallow] or ["Disallow:"]
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return "\n".join(lines) + "\n"
