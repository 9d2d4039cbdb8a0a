"""Printed and metadata dates in French, English and Chinese, with the known dateparser misreadings."""

from datetime import date, datetime, timedelta

import pytest
from lxml.html import fromstring

from crawler.extraction.dates import find_published_date, parse_iso_date, parse_printed_date


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("16 avr. 2025", "fr", date(2025, 4, 16)),
        ("17 mar. 2024", "fr", date(2024, 3, 17)),
        ("17 mar 2024", "fr", date(2024, 3, 17)),
        ("mardi 3 décembre 2024", "fr", date(2024, 12, 3)),
        ("le 02/12/2024", "fr", date(2024, 12, 2)),
        ("Publié le 1er mai 2024 à 14h05", "fr", datetime(2024, 5, 1, 14, 5)),
        ("3 juin 2024", "fr", date(2024, 6, 3)),
        ("3 juil. 2024", "fr", date(2024, 7, 3)),
        ("12 déc. 2023", "fr", date(2023, 12, 12)),
        ("April 16, 2025", "en", date(2025, 4, 16)),
        ("16 Apr 2025", "en", date(2025, 4, 16)),
        ("Updated Jan. 5th, 2024 at 7:45", "en", datetime(2024, 1, 5, 7, 45)),
        ("04/16/2025", "en", date(2025, 4, 16)),
        ("2025年4月16日 09:30", "zh", datetime(2025, 4, 16, 9, 30)),
        ("2025-04-16 09:30", "zh", datetime(2025, 4, 16, 9, 30)),
        ("2025年4月16日", "zh", date(2025, 4, 16)),
        ("發佈時間：2025年04月16日", "zh", date(2025, 4, 16)),
        ("２０２５年４月１６日", "zh", date(2025, 4, 16)),
    ],
)
def test_printed_dates(text, lang, expected):
    assert parse_printed_date(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [("12 mars 1990", "fr"), ("1994-12-31", "en"), ("le 31 février 2024", "fr"), ("no date at all", "en")],
)
def test_absurd_or_missing_dates_are_rejected(text, lang):
    assert parse_printed_date(text, lang) is None


def test_dates_far_in_the_future_are_rejected():
    ahead = date.today() + timedelta(days=30)
    assert parse_printed_date(ahead.isoformat(), "en") is None
    assert parse_printed_date(date.today().isoformat(), "en") == date.today()


def test_metadata_values():
    assert parse_iso_date("2025-04-16") == date(2025, 4, 16)
    assert parse_iso_date("2025-04-16T09:30:00Z").isoformat() == "2025-04-16T09:30:00+00:00"
    assert parse_iso_date("Wed, 16 Apr 2025 09:30:00 GMT").isoformat() == "2025-04-16T09:30:00+00:00"
    assert parse_iso_date("0000-00-00") is None


HEAD_META = '<meta property="article:published_time" content="2025-04-16T09:30:00+02:00">'
HEAD_JSONLD = '<script type="application/ld+json">{"@graph": [{"datePublished": "2025-03-01"}]}</script>'
BODY_TIME = '<time datetime="2025-02-10T08:00:00">10 février</time>'
BODY_TEXT = "<p>Publié le 5 janvier 2025 à 10h15</p>"


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (HEAD_META + HEAD_JSONLD, BODY_TIME + BODY_TEXT, ("2025-04-16T09:30:00+02:00", "meta")),
        (HEAD_JSONLD, BODY_TIME + BODY_TEXT, ("2025-03-01", "jsonld")),
        ("", BODY_TIME + BODY_TEXT, ("2025-02-10T08:00:00", "time")),
        ("", BODY_TEXT, ("2025-01-05T10:15:00", "text")),
        ("", "<p>Sans date.</p>", (None, None)),
    ],
)
def test_metadata_precedence(head, body, expected):
    tree = fromstring(f"<html><head>{head}</head><body><h1>Titre</h1>{body}</body></html>")
    assert find_published_date(tree, "fr") == expected


def test_printed_date_is_read_near_the_headline():
    html = (
        "<html><body><div>Mis à jour le 1 janvier 2020</div><h1>Les puces H20</h1>"
        "<p>17 mar. 2024</p><p>Article...</p></body></html>"
    )
    assert find_published_date(fromstring(html), "fr") == ("2024-03-17", "text")
