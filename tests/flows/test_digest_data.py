"""The digest's data: new measures of the week, stories across outlets and languages, trends and counts."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import UserError
from flows.digest import build_digest
from flows.digest.week import last_complete_week, parse_week
from warehouse.db import open_warehouse


@pytest.fixture(scope="module")
def digest(digest_db):
    con = open_warehouse(digest_db, read_only=True)
    try:
        return build_digest(con, "2025-W16")
    finally:
        con.close()


def test_new_events_are_the_measures_first_reported_this_week(digest):
    summary = [(e.authority, e.measure, e.status, e.targets, e.first_seen, e.event_date) for e in digest.events]
    assert summary == [
        ("Bureau of Industry and Security", "entity_list", "announced", ["Huawei", "SMIC"], date(2025, 4, 14),
         date(2025, 4, 11)),
        ("Ministry of Commerce of China", "investigation", "announced", ["Nvidia"], date(2025, 4, 19), None),
    ]
    entity_list = digest.events[0]
    assert [(link.source, link.lang) for link in entity_list.links] == [("Wire", "en"), ("Lemonde", "fr"),
                                                                        ("Xinhua", "zh")]


def test_stories_group_articles_across_outlets_and_languages(digest):
    first, second, *rest = digest.stories
    assert [a.title for a in first.articles] == [
        "US adds Huawei and SMIC units to the Entity List", "Washington inscrit Huawei sur sa liste noire",
        "美国将华为列入实体清单",
    ]
    assert first.languages == ["en", "fr", "zh"] and first.entities[:2] == ("Huawei", "SMIC")
    assert [a.title for a in second.articles] == ["H20 licence rule still in force", "英伟达H20在华需求"]
    assert all(len(story.articles) == 1 for story in rest)
    assert first.headline("fr") == "Washington inscrit Huawei sur sa liste noire"
    titles = [a.title for story in digest.stories for a in story.articles]
    assert "Next week" not in titles and "H20 now needs a licence" not in titles


def test_trends_compare_with_the_four_weeks_before(digest):
    trends = {t.name: (t.mentions, t.baseline) for t in digest.trending}
    assert trends == {"Huawei": (8, 0), "Nvidia H20": (5, 1), "SMIC": (3, 0), "Nvidia": (4, 2),
                      "Huawei Ascend 910B": (2, 0)}
    assert digest.trending[0].name == "Huawei"


def test_counts_and_chart_series(digest):
    assert digest.languages == [("en", 4), ("fr", 2), ("zh", 2)]
    assert dict(digest.sources) == {"Wire": 3, "Lemonde": 2, "Caixin": 1, "Reuters": 1, "Xinhua": 1}
    assert digest.chart_weeks[0] == "2025-W09" and digest.chart_weeks[-1] == "2025-W16"
    assert digest.chart_series["Nvidia"] == [0, 0, 0, 2, 2, 2, 2, 4]
    assert set(digest.chart_series) == {"Nvidia H20", "Huawei Ascend 910B", "Nvidia", "Huawei", "SMIC"}


def test_an_empty_week_has_empty_sections(digest_db):
    con = open_warehouse(digest_db, read_only=True)
    try:
        empty = build_digest(con, "2024-W10")
    finally:
        con.close()
    assert (empty.events, empty.stories, empty.trending, empty.languages) == ([], [], [], [])


def test_weeks():
    assert parse_week("2025-W16").start == date(2025, 4, 14)
    assert parse_week("2020-W53").label == "2020-W53"
    assert last_complete_week(date(2025, 4, 21)).label == "2025-W16"  # a Monday: W16 just ended
    assert last_complete_week(date(2025, 4, 27)).label == "2025-W16"  # a Sunday: W17 not over
    for bad in ("2025-16", "2025-W54", "2021-W53", "W16", ""):
        with pytest.raises(UserError, match="bad week"):
            parse_week(bad)
