"""Loads: idempotent upserts of sources, articles, extractions and the KB."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.errors import UserError
from core.records import ArticleRecord, ExtractionInput, RecordError
from nlp.kb import load_kb
from tests.factories import article, entity, event, extraction, write_kb
from warehouse.ids import article_id
from warehouse.load import load_articles, load_extractions, load_sources, pending_articles, sync_entities

TABLES = ("articles", "mentions", "relations", "sanction_events", "event_targets", "article_candidates",
          "entity_candidates", "entities")


def table_counts(con) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def sample_extraction(record: dict) -> dict:
    return extraction(
        record,
        entities=[
            entity("firm:nvidia", "FIRM", "Nvidia", ("Nvidia", 0, 6)),
            entity("chip:nvidia-h20", "CHIP", "Nvidia H20", ("H20", 10, 13), ("H20", 40, 43)),
        ],
        relations=[{"subject": "Nvidia", "subject_id": "firm:nvidia", "predicate": "MAKES",
                    "object": "H20", "object_id": "chip:nvidia-h20", "evidence": "Nvidia H20"}],
        events=[event("authority:bis", "export_license", "announced", ["chip:nvidia-h20", "firm:nvidia"], "2025-04")],
        candidates=[{"name": "Biren", "count": 2}],
    )


def test_sources_upsert(con):
    source = {"name": "demo", "title": "Demo Press", "lang": "fr", "homepage": "https://demo.example/"}
    assert load_sources(con, [source]) == {"inserted": 1, "updated": 0, "unchanged": 0}
    assert load_sources(con, [source]) == {"inserted": 0, "updated": 0, "unchanged": 1}
    assert load_sources(con, [{**source, "title": "Demo"}]) == {"inserted": 0, "updated": 1, "unchanged": 0}
    assert con.execute("SELECT source_id, name, lang FROM sources").fetchall() == [("demo", "Demo", "fr")]


def test_articles_load_is_idempotent(con):
    records = [article(1), article(2, lang="fr"), article(3, status="failed")]
    assert load_articles(con, records) == {"inserted": 3, "updated": 0, "unchanged": 0, "ignored": 0}
    before = con.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
    assert load_articles(con, records) == {"inserted": 0, "updated": 0, "unchanged": 3, "ignored": 0}
    assert con.execute("SELECT * FROM articles ORDER BY article_id").fetchall() == before
    row = con.execute(
        "SELECT url, canonical_url, source_id, published_at, fetched_at, status FROM articles WHERE article_id = ?",
        [article_id("https://demo.example/news/1")],
    ).fetchone()
    assert row[0].endswith("?utm_source=feed") and row[1] == "https://demo.example/news/1"
    assert (row[2], row[3].isoformat(), row[5]) == ("demo", "2025-04-16T09:00:00", "ok")


def test_time_zones_are_stored_as_utc(con):
    load_articles(con, [article(1, published="2025-04-16T10:30:00+02:00")])
    assert con.execute("SELECT strftime(published_at, '%H:%M') FROM articles").fetchone() == ("08:30",)


def test_failed_refetch_keeps_the_good_copy(con):
    load_articles(con, [article(1)])
    assert load_articles(con, [article(1, status="failed")])["ignored"] == 1
    assert con.execute("SELECT status, text IS NOT NULL FROM articles").fetchone() == ("ok", True)


def test_changed_text_is_extracted_again(con):
    first = article(1)
    load_articles(con, [first, article(2)])
    expected = {article_id(first.canonical_url), article_id(article(2).canonical_url)}
    assert {p.id for p in pending_articles(con)} == expected
    load_extractions(con, [sample_extraction(first), sample_extraction(article(2))])
    assert pending_articles(con) == []
    assert load_articles(con, [replace(first, title="Retitled")])["updated"] == 1
    assert pending_articles(con) == []  # same text: the extraction still holds
    assert load_articles(con, [article(1, text="A rewritten body.")])["updated"] == 1
    assert [p.text for p in pending_articles(con)] == ["A rewritten body."]


def test_pending_articles_shape_and_limit(con):
    load_articles(con, [article(n) for n in range(5)] + [article(9, status="no_article")])
    pending = pending_articles(con)
    assert len(pending) == 5 and len(pending_articles(con, limit=2)) == 2
    assert all(isinstance(item, ExtractionInput) and item.lang == "en" and item.text for item in pending)
    assert {p.published for p in pending} == {date(2025, 4, 16)}


def test_extractions_load_is_idempotent(con):
    records = [article(1), article(2)]
    load_articles(con, records)
    extractions = [sample_extraction(r) for r in records]
    counts = load_extractions(con, extractions)
    assert counts == {"articles": 2, "errors": 0, "unknown": 0, "mentions": 6, "relations": 2, "events": 2,
                      "targets": 4, "candidates": 2}
    after_first = table_counts(con)
    assert load_extractions(con, extractions) == counts
    assert table_counts(con) == after_first
    assert con.execute("SELECT name, mentions, articles FROM entity_candidates").fetchall() == [("Biren", 4, 2)]
    event_row = con.execute("SELECT event_date, date_precision FROM sanction_events LIMIT 1").fetchone()
    assert (event_row[0].isoformat(), event_row[1]) == ("2025-04-01", "month")


def test_reextraction_replaces_an_articles_rows(con):
    record = article(1)
    load_articles(con, [record])
    load_extractions(con, [sample_extraction(record)])
    smaller = extraction(record, entities=[entity("firm:huawei", "FIRM", "Huawei", ("Huawei", 0, 6))])
    load_extractions(con, [smaller])
    assert con.execute("SELECT entity_id, surface FROM mentions").fetchall() == [("firm:huawei", "Huawei")]
    for table in ("relations", "sanction_events", "event_targets", "article_candidates", "entity_candidates"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table


def test_error_records_keep_previous_rows_and_leave_the_queue(con):
    first, second = article(1), article(2)
    load_articles(con, [first, second])
    load_extractions(con, [sample_extraction(first)])
    mentions = con.execute("SELECT count(*) FROM mentions").fetchone()
    failed = [{"id": sample_extraction(r)["id"], "error": "unknown language 'xx'"} for r in (first, second, article(3))]
    counts = load_extractions(con, failed)
    assert (counts["errors"], counts["unknown"], counts["articles"]) == (2, 1, 0)
    assert con.execute("SELECT count(*) FROM mentions").fetchone() == mentions
    assert pending_articles(con) == []
    errors = con.execute("SELECT DISTINCT extract_error FROM articles").fetchall()
    assert errors == [("unknown language 'xx'",)]
    load_extractions(con, [sample_extraction(second)])
    assert con.execute("SELECT count(*) FROM articles WHERE extract_error IS NULL").fetchone() == (1,)


def test_extraction_of_unknown_article_is_skipped(con):
    counts = load_extractions(con, [sample_extraction(article(7))])
    assert counts["unknown"] == 1 and counts["mentions"] == 0
    assert con.execute("SELECT count(*) FROM mentions").fetchone() == (0,)


def test_records_without_keys_are_user_errors(con):
    with pytest.raises(RecordError, match="no url"):
        ArticleRecord.from_dict({"status": "ok"})
    with pytest.raises(RecordError, match="status 'fine'"):
        ArticleRecord.from_dict({**article(1).to_dict(), "status": "fine"})
    with pytest.raises(UserError, match="no id"):
        load_extractions(con, [{"lang": "en"}])
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_kb_sync_upserts_and_flags_removed_entries(con, tmp_path: Path):
    kb = load_kb(write_kb(tmp_path / "kb"))
    first = sync_entities(con, kb)
    assert first == {"inserted": len(kb.entries), "updated": 0, "unchanged": 0, "flagged": 0}
    assert sync_entities(con, kb)["unchanged"] == len(kb.entries)
    vendors = dict(con.execute("SELECT entity_id, vendor_id FROM entities WHERE type = 'CHIP'").fetchall())
    assert vendors == {e.id: e.vendor for e in kb.entries if e.type == "CHIP"}

    smaller = load_kb(write_kb(tmp_path / "kb2", drop="chip:nvidia-a100"))
    assert sync_entities(con, smaller)["flagged"] == 1
    assert con.execute("SELECT in_kb FROM entities WHERE entity_id = 'chip:nvidia-a100'").fetchone() == (False,)
    assert sync_entities(con, kb)["updated"] == 1
    assert con.execute("SELECT count(*) FROM entities WHERE in_kb").fetchone() == (len(kb.entries),)


def test_entities_unknown_to_the_table_are_added_unflagged_later(con, tmp_path: Path):
    record = article(1)
    load_articles(con, [record])
    load_extractions(con, [sample_extraction(record)])
    assert con.execute("SELECT in_kb FROM entities WHERE entity_id = 'firm:nvidia'").fetchone() == (False,)
    sync_entities(con, load_kb(write_kb(tmp_path / "kb")))
    assert con.execute("SELECT in_kb, wikidata_id FROM entities WHERE entity_id = 'firm:nvidia'").fetchone() == (
        True,
        "Q182477",
    )


def test_vendor_given_by_name_resolves_to_the_firm_id(con):
    entries = [
        {"id": "firm:nvidia", "type": "FIRM", "name": "Nvidia"},
        {"id": "chip:nvidia-h20", "type": "CHIP", "name": "Nvidia H20", "vendor": "NVIDIA"},
    ]
    sync_entities(con, entries)
    assert con.execute("SELECT vendor_id FROM entities WHERE entity_id = 'chip:nvidia-h20'").fetchone() == (
        "firm:nvidia",
    )


def test_article_turned_duplicate_leaves_the_views(con):
    record = article(1)
    load_articles(con, [record])
    load_extractions(con, [sample_extraction(record)])
    assert con.execute("SELECT count(*) FROM v_weekly_mentions").fetchone()[0] > 0
    copy = article(1, status="duplicate", duplicate_of="https://other.example/news/1")
    assert load_articles(con, [copy])["updated"] == 1
    for view in ("v_weekly_mentions", "v_co_mentions", "v_event_timeline"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,), view
    assert con.execute("SELECT latest_status FROM v_chip_status").fetchall() == [(None,)]
