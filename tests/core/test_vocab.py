"""Each vocabulary is defined once (core/vocab.py): the warehouse's CHECK constraints, the lexicons and the
alerts file all use the same sets."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from core import vocab
from core.errors import UserError
from flows.alerting.config import load_alert_config
from nlp.lexicon import lexicon

CHECKED = {
    ("articles", "status"): vocab.ARTICLE_STATUSES,
    ("sanction_events", "measure"): vocab.MEASURES,
    ("sanction_events", "status"): vocab.EVENT_STATUSES,
    ("measures", "measure"): vocab.MEASURES,
    ("measures", "status"): vocab.EVENT_STATUSES,
}


def test_the_warehouse_checks_the_same_vocabularies(con):
    rows = con.execute(
        "SELECT table_name, constraint_column_names[1], expression FROM duckdb_constraints() "
        "WHERE constraint_type = 'CHECK' AND schema_name = 'main'"
    ).fetchall()
    found = {(table, column): set(re.findall(r"'([^']*)'", expression)) for table, column, expression in rows}
    for key, words in CHECKED.items():
        assert found.get(key) == set(words), key


def test_the_warehouse_refuses_a_word_outside_the_vocabulary(con):
    con.execute("INSERT INTO sanction_events (event_id, article_id, measure, status) "
                "VALUES ('e1', 'a1', 'export_ban', 'announced')")
    with pytest.raises(Exception, match="CHECK constraint"):
        con.execute("INSERT INTO sanction_events (event_id, article_id, measure, status) "
                    "VALUES ('e2', 'a1', 'embargo', 'announced')")


@pytest.mark.parametrize("lang", vocab.LANGS)
def test_the_lexicons_name_only_known_measures_and_statuses(lang):
    lex = lexicon(lang)
    assert set(lex.measures) == set(vocab.MEASURES)
    assert set(lex.weak_measures) <= set(vocab.MEASURES)
    assert set(lex.measure_priority) <= set(vocab.MEASURES)
    assert {spec.name for spec in fields(lex.status)} - {"negation"} == set(vocab.EVENT_STATUSES)


def test_the_alerts_file_takes_exactly_the_measures(tmp_path):
    config = tmp_path / "alerts.yaml"
    config.write_text(f"channels: [console]\nwatch:\n  measures: [{', '.join(vocab.MEASURES)}]\n", encoding="utf-8")
    assert load_alert_config(config).watch.measures == frozenset(vocab.MEASURES)
    config.write_text("channels: [console]\nwatch:\n  measures: [embargo]\n", encoding="utf-8")
    with pytest.raises(UserError, match="embargo"):
        load_alert_config(config)
