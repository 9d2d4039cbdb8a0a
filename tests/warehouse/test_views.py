"""The analyst views return what the loaded records imply (expectations recomputed from the records)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from core.records import ArticleRecord
from nlp.kb import load_kb
from tests.factories import article, entity, event, extraction, write_kb
from warehouse.db import open_warehouse
from warehouse.load import load_articles, load_extractions, sync_entities
from warehouse.measures import link_events
from warehouse.rows import transaction

NVIDIA = ("firm:nvidia", "FIRM", "Nvidia")
HUAWEI = ("firm:huawei", "FIRM", "Huawei")
H20 = ("chip:nvidia-h20", "CHIP", "Nvidia H20")
ASCEND = ("chip:huawei-ascend-910b", "CHIP", "Huawei Ascend 910B")
H20_LICENCE = ("authority:bis", "export_license", "announced", ["chip:nvidia-h20"], "2025-04-15")

# (article record, {entity: number of mentions}, [events])
SCENARIO = [
    (article(1, source="lemonde", lang="fr", published="2025-04-16T08:00:00+00:00"),
     {NVIDIA: 2, H20: 3}, [H20_LICENCE]),
    (article(2, source="reuters", lang="en", published="2025-04-17T15:00:00+00:00"),
     {NVIDIA: 1, H20: 1, HUAWEI: 2, ASCEND: 1},
     [H20_LICENCE, ("authority:cac", "investigation", "announced", ["firm:nvidia"], None),
      ("authority:bis", "other", "background", ["chip:huawei-ascend-910b"], None)]),
    (article(3, source="xinhua", lang="zh", published="2025-07-15T02:00:00+00:00"),
     {NVIDIA: 1, H20: 2},
     [("authority:bis", "export_license", "lifted", ["chip:nvidia-h20"], "2025-07"),
      ("authority:bis", "export_license", "announced", ["chip:nvidia-h20"], "2025-04")]),
    (article(4, source="reuters", lang="en", published="2025-07-20T00:00:00+00:00", status="duplicate"), {}, []),
]


def day(record: ArticleRecord) -> date:
    return date.fromisoformat(record.published_at[:10])


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory):
    return load_kb(write_kb(tmp_path_factory.mktemp("kb")))


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory, kb):
    connection = open_warehouse(tmp_path_factory.mktemp("views") / "views.duckdb")
    sync_entities(connection, kb)
    load_articles(connection, [record for record, _, _ in SCENARIO])
    extractions = []
    for record, counts, events in SCENARIO:
        if record.status != "ok":
            continue
        entities = [entity(key, kind, name, *[(name, k, k + 1) for k in range(n)]) for (key, kind, name), n in
                    counts.items()]
        extractions.append(extraction(record, entities=entities, events=[event(*e) for e in events]))
    load_extractions(connection, extractions)
    with transaction(connection):
        link_events(connection)
    yield connection
    connection.close()


def test_weekly_mentions(con):
    expected = Counter()
    articles = defaultdict(set)
    for record, counts, _ in SCENARIO:
        year, week, _ = day(record).isocalendar()
        for (key, _, _), n in counts.items():
            expected[(key, f"{year}-W{week:02d}")] += n
            articles[(key, f"{year}-W{week:02d}")].add(record.url)
    rows = con.execute("SELECT entity_id, iso_week, mentions, articles, week_start FROM v_weekly_mentions").fetchall()
    assert {(r[0], r[1]): r[2] for r in rows} == dict(expected)
    assert {(r[0], r[1]): r[3] for r in rows} == {k: len(v) for k, v in articles.items()}
    assert all(r[4].isoweekday() == 1 and r[4].strftime("%G-W%V") == r[1] for r in rows)


def test_chip_status_takes_the_latest_event(con, kb):
    chips = {row[0] for row in con.execute("SELECT chip_id FROM v_chip_status").fetchall()}
    assert chips == {e.id for e in kb.entries if e.type == "CHIP"}
    h20 = con.execute(
        "SELECT vendor, latest_status, latest_measure, status_date, events FROM v_chip_status "
        "WHERE chip_id = 'chip:nvidia-h20'"
    ).fetchone()
    h20_events = sum(H20[0] in e[3] for _, _, events in SCENARIO for e in events)
    assert h20 == ("Nvidia", "lifted", "export_license", date(2025, 7, 1), h20_events)
    ascend = con.execute(
        "SELECT vendor, latest_status, status_date FROM v_chip_status WHERE chip_id = ?", [ASCEND[0]]
    ).fetchone()
    assert ascend == ("Huawei", "background", None)
    a100 = con.execute("SELECT latest_status, events FROM v_chip_status WHERE chip_id = 'chip:nvidia-a100'")
    assert a100.fetchone() == (None, 0)


def test_event_timeline_holds_one_row_per_measure(con):
    """The April licence reported by two outlets is one measure; its July recall, three months on, another."""
    rows = con.execute(
        "SELECT side, measure, status, target_ids, first_seen, articles, sources, languages FROM v_event_timeline"
    ).fetchall()
    assert [row[4] for row in rows] == sorted(row[4] for row in rows)
    assert sorted(rows) == [
        ("authority:bis", "export_license", "announced", ["chip:nvidia-h20"], date(2025, 4, 16), 2,
         ["lemonde", "reuters"], ["en", "fr"]),
        ("authority:bis", "export_license", "announced", ["chip:nvidia-h20"], date(2025, 7, 15), 1, ["xinhua"],
         ["zh"]),
        ("authority:bis", "export_license", "lifted", ["chip:nvidia-h20"], date(2025, 7, 15), 1, ["xinhua"], ["zh"]),
        ("authority:bis", "other", "background", ["chip:huawei-ascend-910b"], date(2025, 4, 17), 1, ["reuters"],
         ["en"]),
        ("authority:cac", "investigation", "announced", ["firm:nvidia"], date(2025, 4, 17), 1, ["reuters"], ["en"]),
    ]
    stored = con.execute("SELECT measure_id, article_count, languages FROM measures ORDER BY measure_id").fetchall()
    shown = con.execute("SELECT measure_id, articles, languages FROM v_event_timeline ORDER BY measure_id").fetchall()
    assert stored == shown


def test_co_mentions_pair_firms_with_chips(con):
    expected = Counter()
    for _, counts, _ in SCENARIO:
        firms = [key for key, kind, _ in counts if kind == "FIRM"]
        chips = [key for key, kind, _ in counts if kind == "CHIP"]
        expected.update((firm, chip) for firm in firms for chip in chips)
    rows = con.execute("SELECT firm_id, chip_id, articles, is_vendor FROM v_co_mentions").fetchall()
    assert {(r[0], r[1]): r[2] for r in rows} == dict(expected)
    vendor_pairs = {(r[0], r[1]) for r in rows if r[3]}
    assert vendor_pairs == {(NVIDIA[0], H20[0]), (HUAWEI[0], ASCEND[0])}
