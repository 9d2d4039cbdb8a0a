"""Content faults in a real crawl: nothing crashes it; what cannot be used is recorded with a reason."""

from __future__ import annotations

import pytest

from tests.faults.hostile_site import BIG_ARTICLE_BYTES

PAGE = "/c/2025/05/02/"


def record(crawl: dict, path: str) -> dict:
    (found,) = crawl["first_records"][path]
    return found


@pytest.mark.parametrize(("name", "reason"), [
    ("empty", "no article text found (0 characters)"),
    ("no-article", "no article text found"),
    ("binary", "binary data served as a page"),
    ("nested", "no article text found"),  # 100k nested tags: the parser gives up, the crawl does not
])
def test_unusable_pages_are_recorded_with_a_reason(hostile_crawl, name, reason):
    found = record(hostile_crawl, PAGE + name)
    assert found["status"] == "no_article"
    assert found["error"].startswith(reason), found["error"]
    assert not found["text"] or len(found["text"]) < 200


def test_usable_oddities_become_articles(hostile_crawl):
    for name in ("mixed-charset", "scripted", "german", "epoch", "far-future", "tracked", "big"):
        assert record(hostile_crawl, PAGE + name)["status"] == "ok", name


def test_mixed_charsets_keep_both_parts_readable(hostile_crawl):
    text = record(hostile_crawl, PAGE + "mixed-charset")["text"]
    assert "\ufffd" not in text.replace("\ufffd", "", 3)  # at most a few broken bytes
    assert text.count("é") >= 2


@pytest.mark.parametrize("name", ["gbk-as-latin1", "big5-undeclared"])
def test_chinese_pages_with_a_wrong_or_missing_charset_are_decoded(hostile_crawl, name):
    found = record(hostile_crawl, "/z/2025/05/02/" + name)
    assert found["status"] == "ok"
    assert found["lang"] == "zh" and "lang_mismatch" not in found["extra"]
    assert "H20" in found["text"] and ("芯片" in found["text"] or "晶片" in found["text"])


def test_scripts_and_styles_stay_out_of_the_text(hostile_crawl):
    text = record(hostile_crawl, PAGE + "scripted")["text"]
    assert "SCRIPT-LEAK" not in text and "STYLE-LEAK" not in text and "function" not in text
    assert len(text) > 300


def test_text_in_another_language_is_kept_and_flagged(hostile_crawl):
    found = record(hostile_crawl, PAGE + "german")
    assert found["lang"] == "de" and found["declared_lang"] == "fr"
    assert found["extra"]["lang_mismatch"] is True


@pytest.mark.parametrize("name", ["epoch", "far-future"])
def test_absurd_dates_are_dropped_not_stored(hostile_crawl, name):
    assert record(hostile_crawl, PAGE + name)["published_at"] is None


def test_a_5mb_article_under_the_size_limit_is_stored_whole(hostile_crawl):
    found = record(hostile_crawl, PAGE + "big")
    assert len(found["text"].encode("utf-8")) > 0.9 * BIG_ARTICLE_BYTES


def test_tracking_parameter_variants_are_fetched_once(hostile_crawl):
    assert hostile_crawl["first_hits"][PAGE + "tracked"] == 1
    assert "utm_" not in record(hostile_crawl, PAGE + "tracked")["canonical_url"]


def test_broken_feed_xml_is_still_read_and_garbage_is_recorded(hostile_crawl):
    assert record(hostile_crawl, PAGE + "from-broken-feed")["status"] == "ok"
    garbage = record(hostile_crawl, "/garbage/feed.xml")
    assert garbage["status"] == "failed" and garbage["extra"]["kind"] == "listing"
    assert garbage["error"] == "not an RSS or Atom feed (unreadable XML)"
