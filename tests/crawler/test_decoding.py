"""Decoding raw page bytes: BOM, declared charsets (header, meta), superset codecs and detection."""

import codecs

import pytest

from crawler.extraction.decoding import codec_name, decode_html

ZH_TEXT = "华为昇腾芯片的产量今年将继续扩大，中芯国际负责代工，镕铖两字只在GBK里。" * 3
BIG5_TEXT = "台積電表示，先進製程的產能將持續擴充，以滿足人工智慧晶片的需求。" * 3
FR_TEXT = "Les contrôles à l'exportation visent désormais la puce H20 de Nvidia, déclarée à Pékin. " * 3


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-gbk", "gb18030"), ("big5", "big5hkscs"), ("UTF8", "utf-8"),
     ("latin1", "cp1252"), ("no-such-charset", None)],
)
def test_codec_names_use_the_superset(label, codec):
    assert codec_name(label) == codec


def test_gb18030_declared_in_the_header():
    html = page(ZH_TEXT).encode("gb18030")
    decoded = decode_html(html, "text/html; charset=GB18030")
    assert decoded.encoding == "gb18030"
    assert ZH_TEXT in decoded.text


def test_gbk_only_characters_in_a_page_declared_gb2312():
    html = page(ZH_TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        html.decode("gb2312")
    decoded = decode_html(html)
    assert decoded.encoding == "gb18030"
    assert "镕铖" in decoded.text


def test_big5_declared_only_in_the_page():
    html = page(BIG5_TEXT, '<meta charset="big5">').encode("big5")
    decoded = decode_html(html, "text/html")
    assert decoded.encoding == "big5hkscs"
    assert BIG5_TEXT in decoded.text


def test_utf8_byte_order_mark_wins_over_a_wrong_declaration():
    html = codecs.BOM_UTF8 + page(FR_TEXT, '<meta charset="iso-8859-1">').encode("utf-8")
    decoded = decode_html(html, "text/html; charset=windows-1252")
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("<html>")
    assert FR_TEXT in decoded.text


def test_utf8_bytes_declared_as_gbk_decode_as_utf8():
    decoded = decode_html(page(ZH_TEXT, '<meta charset="gbk">').encode("utf-8"))
    assert (decoded.encoding, ZH_TEXT in decoded.text) == ("utf-8", True)


def test_wrong_declared_charset_falls_back_to_detection():
    html = page(ZH_TEXT * 4, '<meta charset="utf-8">').encode("gb18030")
    decoded = decode_html(html, "text/html; charset=utf-8")
    assert decoded.encoding == "gb18030"
    assert ZH_TEXT in decoded.text


def test_undeclared_legacy_chinese_is_detected():
    decoded = decode_html(page(ZH_TEXT * 4).encode("gb18030"))
    assert ZH_TEXT in decoded.text


def test_a_few_broken_bytes_keep_the_declared_charset():
    good = page(ZH_TEXT * 20, '<meta charset="gb2312">').encode("gb18030")
    cut = good.index(b"<p>") + 3
    broken = good[:cut] + b"\xff" + good[cut:]
    decoded = decode_html(broken)
    assert decoded.encoding == "gb18030"
    assert decoded.text.count("\ufffd") == 1


def test_cp1252_page_declared_latin1():
    decoded = decode_html(page("l’exportation — “H20”").encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert decoded.encoding == "cp1252"
    assert "l’exportation — “H20”" in decoded.text


def test_undeclared_chinese_with_a_cut_character_is_still_gb18030():
    good = page(ZH_TEXT * 10).encode("gb18030")
    cut = good.index(b"<p>") + 3 + 2 * 5  # after five two-byte characters
    decoded = decode_html(good[:cut] + good[cut : cut + 1] + b"<br>" + good[cut + 2 :])
    assert decoded.encoding == "gb18030"
    assert ZH_TEXT[:5] in decoded.text and ZH_TEXT[20:40] in decoded.text
