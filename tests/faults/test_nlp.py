"""NLP faults through the real extractor: odd texts give a record (or a clear error), in bounded time."""

from __future__ import annotations

import time

import pytest

from core.records import ArticleRecord
from flows import tasks
from warehouse.db import open_warehouse
from warehouse.ids import article_id
from warehouse.load import load_articles

SENTENCE = "Le BIS exige une licence pour exporter la puce H20 de Nvidia vers la Chine, a indiqué le ministère. "
TIME_BOUND_S = 30.0  # generous: a bound against pathological slowness, not a speed test
TEXTS = {  # name → (text, lang, KB ids it must find)
    "empty": ("", "fr", set()),
    "whitespace": (" \n\t " * 100, None, set()),
    "one-200k-line": ((SENTENCE * 3000)[:200_000].replace(". ", "; "), "fr", {"chip:nvidia-h20"}),
    "emoji-and-controls": ("🚀🔥 Nvidia H20 \x00\x01\x07\u200b\u202e banned by the BIS 🇨🇳 \ufeff\x1b[31m. " * 40, "en",
                           {"chip:nvidia-h20"}),
    "mixed-scripts": ("Huawei 的昇腾910B chip est visé by the US Commerce Department 美国商务部 again. " * 20, None,
                      set()),
}


@pytest.fixture(scope="session")
def extractor():
    from nlp.extract import Extractor

    model = Extractor()
    model.extract(SENTENCE, lang="fr")  # load the pipeline outside the timed calls
    return model


@pytest.mark.parametrize("name", list(TEXTS))
def test_odd_texts_give_a_valid_record_in_bounded_time(extractor, name):
    text, lang, expected = TEXTS[name]
    started = time.perf_counter()
    record = extractor.extract(text, lang=lang, doc_id=name)
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_BOUND_S, f"{name}: {elapsed:.1f} s"
    assert record["id"] == name
    assert expected <= {entity["id"] for entity in record["entities"]}
    for key in ("entities", "relations", "sanction_events"):
        assert isinstance(record[key], list)
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(text)
            assert text[mention["start"]:mention["end"]] == mention["surface"]


def test_an_article_longer_than_spacy_accepts_is_extracted_not_fatal(tmp_path):
    """A 1.2 M-character article used to stop the extract stage on every run (spaCy E088): now cut."""
    db = tmp_path / "w.duckdb"
    url = "https://long.example/news/1"
    records = [
        ArticleRecord(url=url, canonical_url=url, source="long", status="ok", lang="fr", declared_lang="fr",
                      title="Long", text=SENTENCE * 12_000, fetched_at="2025-05-02T08:00:00+00:00"),
        ArticleRecord(url=url + "/2", canonical_url=url + "/2", source="long", status="ok", lang="fr",
                      declared_lang="fr", title="Court", text=SENTENCE * 3, fetched_at="2025-05-02T09:00:00+00:00"),
    ]
    with open_warehouse(db) as con:
        load_articles(con, records)
    totals = tasks.extract.fn(str(db), workers=1)
    assert totals["articles"] == 2 and totals.get("errors", 0) == 0
    with open_warehouse(db, read_only=True) as con:
        rows = con.execute("SELECT article_id, extracted_at IS NOT NULL, extract_error FROM articles").fetchall()
        mentioned = {row[0] for row in con.execute("SELECT DISTINCT article_id FROM mentions").fetchall()}
    assert all(extracted and error is None for _, extracted, error in rows)
    assert {article_id(url), article_id(url + "/2")} <= mentioned


def test_an_article_the_nlp_stage_rejects_gets_its_error_and_the_others_go_on(extractor):
    too_long = {"id": "a", "lang": "fr", "title": None, "text": SENTENCE * 12_000, "published": None}
    fine = {"id": "b", "lang": "fr", "title": None, "text": SENTENCE, "published": None}
    failed, done = (extractor.extract_or_fail(item) for item in (too_long, fine))
    assert failed["id"] == "a"
    assert failed.get("error", "").startswith("ValueError: [E088]") or "entities" in failed  # if nlp/ learns to cut
    assert done["id"] == "b" and done["entities"]


def test_an_article_over_the_time_budget_is_given_up_and_the_run_goes_on(tmp_path, capsys):
    """A real extraction worker is killed when one article outlasts the budget; later articles are extracted."""
    db = tmp_path / "w.duckdb"
    slow_url, quick_url = "https://slow.example/news/1", "https://slow.example/news/2"
    records = [
        ArticleRecord(url=url, canonical_url=url, source="slow", status="ok", lang="fr", declared_lang="fr",
                      title=url, text=text, fetched_at=fetched)
        for url, text, fetched in ((slow_url, SENTENCE * 2000, "2025-05-02T08:00:00+00:00"),
                                   (quick_url, SENTENCE * 3, "2025-05-02T09:00:00+00:00"))
    ]
    with open_warehouse(db) as con:
        load_articles(con, records)
    totals = tasks.extract.fn(str(db), workers=1, budget=0.25)  # the slow article takes over a second
    assert (totals["articles"], totals["errors"]) == (1, 1)
    assert f"article {article_id(slow_url)}: over the extraction budget of 0.25 s; skipped" in capsys.readouterr().out
    with open_warehouse(db, read_only=True) as con:
        errors = dict(con.execute("SELECT article_id, extract_error FROM articles").fetchall())
        mentioned = {row[0] for row in con.execute("SELECT DISTINCT article_id FROM mentions").fetchall()}
    assert errors == {article_id(slow_url): "over the extraction budget of 0.25 s", article_id(quick_url): None}
    assert mentioned == {article_id(quick_url)}


def test_a_killed_worker_costs_its_document_only(extractor):
    import multiprocessing
    import os
    import signal
    import threading

    items = [{"id": str(number), "lang": "fr", "text": SENTENCE * (6000 if number == 2 else 2)} for number in range(5)]
    records = []
    for record in extractor.extract_many(items, workers=1, batch_size=1, budget=60):
        records.append(record)
        if record["id"] == "1":  # the worker takes the long document 2 next: kill it while it works on it
            (worker,) = multiprocessing.active_children()
            threading.Timer(1.5, os.kill, (worker.pid, signal.SIGKILL)).start()
    assert [record["id"] for record in records] == ["0", "1", "2", "3", "4"]
    assert records[2] == {"id": "2", "error": "the extraction worker died (exit code -9)"}
    assert all(record["entities"] for record in records if record["id"] != "2")
