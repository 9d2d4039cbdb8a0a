"""The bundled demo press: content, discovery documents, encodings and HTTP behaviour on 127.0.0.1."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import pytest

from crawler.demo import DemoPress
from crawler.demo.content import load_outlets
from flows.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def press():
    with DemoPress() as running:
        yield running


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def strip_query(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(query="", fragment=""))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def page_links(url: str, encoding: str) -> set[str]:
    status, _, body = fetch(url)
    assert status == 200
    parser = _Links()
    parser.feed(body.decode(encoding))
    return {urljoin(url, href) for href in parser.hrefs}


def discovery_links(url: str) -> list[str]:
    """Article links of an RSS, Atom, sitemap or news-sitemap document."""
    status, _, body = fetch(url)
    assert status == 200
    root = ET.fromstring(body)
    links = [el.text for el in root.iter() if el.tag in ("link", "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    links += [el.get("href") for el in root.iter("{http://www.w3.org/2005/Atom}link") if el.get("rel") == "alternate"]
    return [link for link in links if link]


def test_press_has_enough_outlets_articles_and_languages(press):
    sources = press.sources
    assert len(sources) >= 8
    assert len({source["name"] for source in sources}) == len(sources)
    assert all(count >= 3 for count in Counter(source["lang"] for source in sources).values())
    assert {source["lang"] for source in sources} == {"fr", "en", "zh"}
    per_lang = Counter(record["lang"] for record in press.expected)
    assert sum(per_lang.values()) >= 40
    assert set(per_lang) == {"fr", "en", "zh"} and min(per_lang.values()) >= 12
    assert {record["encoding"] for record in press.expected} >= {"utf-8", "gb18030", "big5"}


def test_article_lengths_stay_short():
    for outlet in load_outlets():
        for article in outlet.articles:
            text = " ".join(article.paragraphs)
            size = len(CJK.findall(text)) if outlet.lang == "zh" else len(text.split())
            low, high = (250, 700) if outlet.lang == "zh" else (150, 350)
            assert low <= size <= high, (outlet.name, article.slug, size)


def test_every_expected_article_answers_with_its_title_date_and_author(press):
    for record in press.expected:
        status, headers, body = fetch(record["url"])
        assert status == 200, record["url"]
        html = body.decode(record["encoding"])
        assert f">{record['title']}</h1>" in html
        assert record["date_text"] in html
        if record["author"]:
            assert record["author"] in html
        assert urlsplit(record["url"]).query == ""


def test_unknown_paths_answer_404(press):
    source = press.sources[0]
    for path in ("/nope", "/2025/01/01/missing.html", "/section/unknown/", "/rss.xml/extra"):
        assert fetch(urljoin(source["homepage"], path))[0] == 404


def source_encoding(press, name: str) -> str:
    return next(record["encoding"] for record in press.expected if record["source"] == name)


def test_robots_txt_served_everywhere_and_private_article_listed_but_disallowed(press):
    expected_urls = {record["url"] for record in press.expected}
    disallowed_listed = []
    for source in press.sources:
        status, _, body = fetch(urljoin(source["homepage"], "/robots.txt"))
        assert status == 200 and body.startswith(b"User-agent: *")
        robots = RobotFileParser()
        robots.parse(body.decode("utf-8").splitlines())
        mine = [url for url in expected_urls if url.startswith(source["homepage"])]
        assert mine and all(robots.can_fetch("chipwatch", url) for url in mine)
        encoding = source_encoding(press, source["name"])
        for start in source["start_urls"]:
            links = page_links(start, encoding)
            disallowed_listed += [url for url in links if not robots.can_fetch("chipwatch", url)]
    assert disallowed_listed and not set(disallowed_listed) & expected_urls
    assert fetch(disallowed_listed[0])[0] == 200  # served: only politeness keeps a crawler out


def test_feeds_and_sitemaps_list_every_article_of_their_outlet(press):
    tracked = 0
    for source in press.sources:
        documents = source["feeds"] + source["sitemaps"]
        if not documents:
            continue
        links = [link for document in documents for link in discovery_links(document)]
        tracked += sum("utm_source=rss" in link for link in links)
        mine = {record["url"] for record in press.expected if record["source"] == source["name"]}
        assert mine <= {strip_query(link) for link in links}, source["name"]
    assert tracked > 0


def test_news_sitemap_and_atom_carry_publication_dates(press):
    kinds = set()
    for source in press.sources:
        for document in source["feeds"] + source["sitemaps"]:
            body = fetch(document)[2]
            kinds |= {tag for tag in (b"<news:publication_date>", b"<feed xmlns", b"<rss version") if tag in body}
    assert kinds == {b"<news:publication_date>", b"<feed xmlns", b"<rss version"}


def test_section_pages_list_articles_among_navigation_links(press):
    for source in (source for source in press.sources if source["start_urls"]):
        encoding = source_encoding(press, source["name"])
        links = set().union(*(page_links(start, encoding) for start in source["start_urls"]))
        mine = {record["url"] for record in press.expected if record["source"] == source["name"]}
        assert mine <= links
        assert urljoin(source["homepage"], "/about/") in links


def test_feeds_answer_conditional_get(press):
    documents = [url for source in press.sources for url in source["feeds"] + source["sitemaps"]]
    assert documents
    for url in documents:
        status, headers, body = fetch(url)
        assert status == 200 and body
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert fetch(url, {"If-None-Match": etag})[0] == 304
        assert fetch(url, {"If-Modified-Since": modified})[0] == 304
        assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
        assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200


def _one_record(press, encoding: str) -> dict:
    return next(record for record in press.expected if record["encoding"] == encoding)


def test_gb18030_page_declares_its_charset_in_the_header(press):
    record = _one_record(press, "gb18030")
    status, headers, body = fetch(record["url"])
    assert status == 200 and "charset=gb18030" in headers["Content-Type"].lower()
    assert record["title"] in body.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_big5_page_declares_its_charset_only_in_meta(press):
    record = _one_record(press, "big5")
    status, headers, body = fetch(record["url"])
    assert status == 200 and "charset" not in headers["Content-Type"].lower()
    assert b'<meta charset="big5">' in body[:1024] and b"charset=big5" in body[:1024]
    assert record["title"] in body.decode("big5")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_every_page_text_encodes_strictly_in_its_outlet_charset():
    for outlet in load_outlets():
        for article in outlet.articles:
            for text in (article.title, article.author or "", *article.paragraphs):
                text.encode(outlet.encoding)  # raises on an unencodable character


def test_dates_only_in_visible_text_for_some_outlets(press):
    visible_only = []
    for source in press.sources:
        record = next(record for record in press.expected if record["source"] == source["name"])
        html = fetch(record["url"])[2].decode(record["encoding"])
        if not any(mark in html for mark in ("datetime=", "article:published_time", "datePublished")):
            visible_only.append(source["name"])
    assert len(visible_only) >= 2
    french = [r["date_text"] for r in press.expected if r["source"] in visible_only and r["lang"] == "fr"]
    assert {"mar.", "mai", "juin", "juil."} <= {word for text in french for word in text.split()}


def test_canonical_links_point_at_the_clean_article_url(press):
    canonical = 0
    for record in press.expected:
        found = re.search(r'<link rel="canonical" href="([^"]+)">', fetch(record["url"])[2].decode(record["encoding"]))
        if found:
            canonical += 1
            assert found.group(1) == record["url"]
    assert 0 < canonical < len(press.expected)


def test_wire_story_republished_once_with_a_new_intro(press):
    copies = sorted((record for record in press.expected if record["wire"]), key=lambda record: record["published"])
    assert len(copies) == 2
    original, copy = copies
    assert original["wire"] == copy["wire"]
    assert original["lang"] == copy["lang"] and original["source"] != copy["source"]
    assert original["published"] < copy["published"]
    articles = {(a.outlet, a.title): a for outlet in load_outlets() for a in outlet.articles}
    first, second = (articles[record["source"], record["title"]] for record in (original, copy))
    assert first.paragraphs[0] != second.paragraphs[0] and first.paragraphs[1:] == second.paragraphs[1:]
    html = fetch(copy["url"])[2].decode(copy["encoding"])
    assert all(f"<p>{paragraph}</p>" in html for paragraph in second.paragraphs)


def test_request_log_records_requests_and_stop_frees_ports():
    with DemoPress() as local:
        url = local.url("fabline-weekly", "/robots.txt")
        assert fetch(url)[0] == 200
        assert fetch(local.url("fabline-weekly", "/missing?x=1"))[0] == 404
        assert local.request_log[-2:] == [
            ("fabline-weekly", "GET", "/robots.txt", 200),
            ("fabline-weekly", "GET", "/missing?x=1", 404),
        ]
    port = urlsplit(url).port
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    with pytest.raises(RuntimeError):
        local.url("fabline-weekly")


def test_module_help_explains_the_command(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["press", "--help"])
    assert stopped.value.code == 0
    assert "127.0.0.1" in capsys.readouterr().out
