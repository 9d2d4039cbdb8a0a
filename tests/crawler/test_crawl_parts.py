"""Unit tests of the crawl's parts: sources validation, URL canonicalisation, discovery, dedupe, retries."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from core.errors import UserError
from core.records import ArticleRecord
from crawler.discovery import feed_links, looks_like_article, section_links, sitemap_entries
from crawler.middlewares.retry_backoff import retry_after_seconds
from crawler.pipelines.mark_duplicates import MARKED_KEY, MarkDuplicatesPipeline
from crawler.sources import load_sources, parse_sources
from crawler.store import ArticleStore
from crawler.urls import canonicalize_url

GOOD = {"name": "demo-fr", "lang": "fr", "feeds": ["https://news.example.fr/rss.xml"],
        "allowed_domains": ["example.fr"]}


def test_valid_source_parses():
    config = parse_sources({"sources": [GOOD], "crawl": {"download_timeout": 5}})
    source = config.sources[0]
    assert source.allows("https://www.example.fr/a") and not source.allows("https://example.com/a")
    assert config.crawl == {"download_timeout": 5}


@pytest.mark.parametrize(("change", "message"), [
    ({"lang": "de"}, "source 'demo-fr': field 'lang' must be one of fr, en, zh"),
    ({"name": "Bad Name"}, "field 'name' must be a slug"),
    ({"feeds": ["ftp://x.example.fr/rss"]}, "field 'feeds': 'ftp://x.example.fr/rss' is not an http(s) URL"),
    ({"feeds": ["https://other.example.com/rss"]}, "is outside allowed_domains"),
    ({"feeds": []}, "give at least one of 'feeds', 'sitemaps' or 'start_urls'"),
    ({"allowed_domains": []}, "field 'allowed_domains' must list at least one domain"),
    ({"colour": "red"}, "unknown field(s) colour"),
    ({"follow": "("}, "field 'follow' must be a valid regular expression"),
])
def test_bad_source_field_is_named(change, message):
    with pytest.raises(UserError, match=None) as error:
        parse_sources({"sources": [GOOD | change]}, "sources.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("sources.yaml: ")


def test_bad_crawl_option_and_duplicates_are_rejected():
    with pytest.raises(UserError, match="unknown option 'speed'"):
        parse_sources({"sources": [GOOD], "crawl": {"speed": 3}})
    with pytest.raises(UserError, match="used twice: demo-fr"):
        parse_sources({"sources": [GOOD, GOOD]})


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(UserError, match="sources file not found"):
        load_sources(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [\n  - name: x\n")
    with pytest.raises(UserError, match=r"broken.yaml: not valid YAML at line \d+"):
        load_sources(broken)


def test_example_sources_file_is_valid():
    config = load_sources("sources.example.yaml")
    assert {s.lang for s in config.sources} == {"fr", "en", "zh"}


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://Example.COM:443/a?utm_source=x&b=2&a=1#top", "https://example.com/a?a=1&b=2"),
    ("http://example.com:8080/p?fbclid=1&xtor=RSS-3", "http://example.com:8080/p"),
    ("http://example.com", "http://example.com/"),
])
def test_canonicalize_url(url, canonical):
    assert canonicalize_url(url) == canonical


def test_feed_and_sitemap_parsing():
    rss = b"<rss><channel><item><link> http://a.example/1 </link></item><item><guid>http://a.example/2</guid></item>"
    assert feed_links(rss + b"</channel></rss>") == ["http://a.example/1", "http://a.example/2"]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://a.example/3"/></entry></feed>'
    assert feed_links(atom) == ["http://a.example/3"]
    assert feed_links(b"this is not xml <<<") == []
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://a.example/s1.xml'
    assert sitemap_entries(index + b"</loc></sitemap></sitemapindex>") == (["http://a.example/s1.xml"], [])


def test_section_links_keep_articles_only():
    page = ('<a href="/2025/04/16/nvidia-h20.html">x</a><a href="/tag/nvidia">t</a><a href="/about">a</a>'
            '<a href="/articles/12345-slug">y</a><a href="/section/puces/">s</a>')
    assert section_links(page, "http://a.example/section/puces/") == [
        "http://a.example/2025/04/16/nvidia-h20.html", "http://a.example/articles/12345-slug"]
    assert section_links(page, "http://a.example/", follow=r"/articles/") == ["http://a.example/articles/12345-slug"]
    assert not looks_like_article("http://a.example/")


def test_near_duplicates_point_at_the_copy_fetched_first_whatever_date_it_claims(tmp_path):
    body = "Nvidia said the US now requires a licence to ship its H20 accelerator to China and Hong Kong. " * 4
    stored = ArticleRecord(url="http://c.example/1", source="c", status="ok", text="Stored: " + body,
                           published_at="2025-04-17")
    ArticleStore(tmp_path / "a.jsonl").append([stored])
    crawler = get_crawler(settings_dict={"CHIPWATCH_STORE": str(tmp_path / "a.jsonl")})
    pipeline = MarkDuplicatesPipeline.from_crawler(crawler)
    pipeline.open_spider()
    claims_older = ArticleRecord(url="http://b.example/1", source="b", status="ok", text=body,
                                 published_at="1995-01-01")
    other = ArticleRecord(url="http://a.example/2", source="a", status="ok",
                          text="Huawei unveiled its Ascend 910C accelerator built by SMIC in Shanghai. " * 4)
    later = ArticleRecord(url="http://a.example/3", source="a", status="ok",
                          text="Huawei unveiled its Ascend 910C accelerator, built by SMIC in Shanghai. " * 4)
    marked = [pipeline.process_item(record) for record in (claims_older, other, later)]
    assert [(r.status, r.duplicate_of) for r in marked] == [
        ("duplicate", "http://c.example/1"), ("ok", None), ("duplicate", "http://a.example/2")]
    assert crawler.stats.get_value(MARKED_KEY) == 2


def test_store_skips_torn_lines_and_indexes_final_statuses(tmp_path):
    store = ArticleStore(tmp_path / "a.jsonl")
    store.append([ArticleRecord(url="http://a.example/1", source="a", status="ok"),
                  ArticleRecord(url="http://a.example/2", source="a", status="failed", error="HTTP 500")])
    with store.path.open("a") as handle:
        handle.write('{"url": "http://a.example/3", "status": "ok"')  # killed mid-write
    reopened = ArticleStore(store.path)
    assert reopened.is_settled("http://a.example/1")
    assert not reopened.is_settled("http://a.example/2") and not reopened.is_settled("http://a.example/3")


def test_retry_after_header():
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds(b"soon") is None


def test_plain_sitemap_keeps_article_urls_and_news_sitemap_keeps_all():
    plain = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.example/</loc></url>'
             b"<url><loc>http://a.example/about/</loc></url>"
             b"<url><loc>http://a.example/news/2025-04-16/h20-ban</loc></url></urlset>")
    assert sitemap_entries(plain) == ([], [("http://a.example/news/2025-04-16/h20-ban", None)])
    news = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>http://a.example/story</loc>'
            b"<news:news><news:title>t</news:title></news:news></url></urlset>")
    assert sitemap_entries(news) == ([], [("http://a.example/story", None)])
