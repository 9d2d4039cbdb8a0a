"""Relative and partial dates resolve against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.dates import find_dates

PUBLISHED = date(2025, 4, 16)  # a Wednesday


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("en", "on Tuesday", "2025-04-15"),
    ("en", "on April 9", "2025-04-09"),
    ("en", "in October 2022", "2022-10"),
    ("en", "on Dec. 28", "2024-12-28"),
    ("fr", "mardi", "2025-04-15"),
    ("fr", "le 9 avril 2025", "2025-04-09"),
    ("fr", "hier", "2025-04-15"),
    ("zh", "周二", "2025-04-15"),
    ("zh", "上周五", "2025-04-11"),
    ("zh", "上周一", "2025-04-07"),
    ("zh", "2022年10月", "2022-10"),
    ("zh", "4月9日", "2025-04-09"),
    ("zh", "１５日", "2025-04-15"),
])
def test_dates_resolve(lang, text, value):
    assert [d.value for d in find_dates(text, lang, PUBLISHED)] == [value]


def test_a_bare_year_has_no_date_but_keeps_the_year():
    (mention,) = find_dates("since 2019", "en", PUBLISHED)
    assert mention.value is None and mention.year == 2019
