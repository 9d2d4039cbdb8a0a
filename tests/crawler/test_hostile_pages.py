"""Pages built to break a parser: they give an article record or a reasoned `no_article`, never a crash."""

from __future__ import annotations

from crawler.article import extract_article
from crawler.extraction.decoding import decode_html

PROSE = "Les contrôles à l’exportation des puces avancées ont été renforcés cette semaine. " * 8


def page(head: str = "", body: str = PROSE) -> bytes:
    return f"<html><head>{head}<title>Contrôles</title></head><body><article><p>{body}</p></article></body></html>" \
        .encode()


def test_deeply_nested_json_ld_is_skipped():
    nested = "[" * 100_000 + "]" * 100_000
    article = extract_article(page(f'<script type="application/ld+json">{nested}</script>'), "http://a.example/1")
    assert article.title == "Contrôles" and "renforcés" in article.text


def test_a_few_broken_bytes_keep_an_undeclared_utf8_page_utf8():
    body = page()
    broken = body[:120] + b"\xff\xfe\xfd\xfc" + body[120:]
    decoded = decode_html(broken)
    assert decoded.encoding == "utf-8" and "contrôles à l’exportation" in decoded.text
    assert decoded.text.count("\ufffd") == 4


def test_nul_bytes_and_a_lone_surrogate_escape_give_text():
    article = extract_article(page(body=PROSE + "\x00\x00 \\ud800 fin."), "http://a.example/2")
    assert "renforcés" in article.text and "\x00" not in article.text
