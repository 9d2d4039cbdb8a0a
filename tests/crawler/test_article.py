"""extract_article on stored pages written for these tests: body, title, author, date, language, canonical."""

import gzip
from pathlib import Path

import pytest

from core.language import detect_language
from crawler.article import ExtractedArticle, extract_article
from crawler.extraction.metadata import clean_byline

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def load(name: str) -> bytes:
    data = (PAGES / name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def test_french_page_with_full_metadata():
    art = extract_article(load("fr_export_controls.html"), "https://veilleur.example/tech/article-1")
    assert art.title == "Puces d'IA : Washington resserre l'étau sur les exportations"
    assert art.author == "Claire Dumont"
    assert (art.published_at, art.date_source) == ("2025-04-16T09:30:00+02:00", "meta")
    assert (art.lang, art.encoding) == ("fr", "utf-8")
    assert art.canonical_url == "https://veilleur.example/tech/puces-ia-exportations?utm_source=rss"
    assert art.text.startswith("Le département américain du Commerce a annoncé mardi")
    assert art.text.endswith("sa gamme Ascend 910B.")
    assert len(art.text.split("\n\n")) == 3
    for boilerplate in ("Accueil", "Tous droits réservés", "Mentions légales", "resserre l'étau"):
        assert boilerplate not in art.text


def test_chinese_gbk_page_with_printed_date():
    art = extract_article(load("zh_ascend_gbk.html"))
    assert art.encoding == "gb18030"
    assert art.title == "华为昇腾芯片产能提升"
    assert (art.published_at, art.date_source) == ("2025-04-16T09:30:00", "text")
    assert art.lang == "zh"
    assert "昇腾910B人工智能芯片" in art.text and "软件生态。镕" in art.text
    assert "首页" not in art.text and "版权所有" not in art.text
    assert art.canonical_url is None


def test_english_gzipped_page_with_json_ld():
    art = extract_article(load("en_tiers.html.gz"), "https://ledger.example/news/1")
    assert art.title == "Chip export rules widen to cover more accelerators"
    assert art.author == "Sam Carter"
    assert (art.published_at, art.date_source) == ("2025-01-13T14:05:00-05:00", "jsonld")
    assert art.lang == "en"
    assert "Nvidia's H100" in art.text and "Subscribe" not in art.text


def test_content_type_header_charset_is_used():
    html = load("zh_ascend_gbk.html").replace(b"charset=gb2312", b"charset=x")
    art = extract_article(html, content_type="text/html; charset=GBK")
    assert art.encoding == "gb18030"
    assert "中芯国际" in art.text


def test_page_without_html_element_is_still_read():
    sentence = ("Huawei expands Ascend output this year. " * 12).encode()
    fragment = b"<div><h2>Note</h2><p>" + sentence + b"</p></div>"
    art = extract_article(fragment)
    assert "Huawei expands Ascend output" in art.text


def test_declared_language_is_the_fallback_for_pages_without_text():
    art = extract_article(b"<html><head><title>x</title></head><body></body></html>", declared_lang="fr")
    assert isinstance(art, ExtractedArticle)
    assert (art.text, art.lang) == ("", "fr")


def test_canonical_link_is_absolutised_and_checked():
    template = '<html><head><link rel="{rel}" href="{href}"></head><body><p>x</p></body></html>'
    page = template.format(rel="Canonical", href="../b/page.html").encode()
    assert extract_article(page, "https://site.example/a/x/y.html").canonical_url == "https://site.example/a/b/page.html"
    assert extract_article(page).canonical_url is None
    javascript = template.format(rel="canonical", href="javascript:void(0)").encode()
    assert extract_article(javascript, "https://site.example/").canonical_url is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le ministère chinois du Commerce a annoncé des contrôles sur les exportations de gallium.", "fr"),
        ("The Commerce Department added several Chinese chip designers to the Entity List on Monday.", "en"),
        ("商务部宣布对镓、锗相关物项实施出口管制，自八月一日起正式生效。", "zh"),
        ("Die Bundesregierung prüft strengere Regeln für die Ausfuhr von Lithografiemaschinen.", "de"),
        ("El gobierno anunció nuevas restricciones a la exportación de chips avanzados.", "es"),
        ("ok", None),
    ],
)
def test_language_detection(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("Par Claire Dumont", "Claire Dumont"),
        ("Un article de Karim Bensaïd", "Karim Bensaïd"),
        ("By Sam Carter | Staff writer", "Sam Carter"),
        ("By Jane Doe, Staff Writer", "Jane Doe"),
        ("Jean-Paul Dubois", "Jean-Paul Dubois"),
        ("Denis Loctier", "Denis Loctier"),
        ("Bypass Smith", "Bypass Smith"),
        ("记者 王磊", "王磊"),
        ("作者：李明", "李明"),
        ("記者陳建宏／台北報導", "陳建宏"),
    ],
)
def test_bylines_are_reduced_to_names(byline, name):
    assert clean_byline(byline) == name


def test_author_from_a_byline_element():
    body = "".join(f"<p>Paragraph {i} about export licences for accelerator chips.</p>" for i in range(5))
    html = f'<html><body><h1>Delays</h1><span class="byline">By Sam Carter | Staff writer</span>{body}</body></html>'
    assert extract_article(html.encode()).author == "Sam Carter"


def test_site_name_is_cut_from_the_title_and_chinese_meta_author_is_kept():
    html = ('<html><head><title>短缺药品保供稳价 全力保障临床用药需求-某某网</title><meta name="author" content="王磊">'
            "</head><body><h1>短缺药品保供稳价 全力保障临床用药需求</h1><p>正文。</p></body></html>")
    art = extract_article(html.encode())
    assert art.title == "短缺药品保供稳价 全力保障临床用药需求"
    assert art.author == "王磊"
