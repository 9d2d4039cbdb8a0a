"""Saved searches in the alerts file: new articles matching one are delivered once each, beside measure alerts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import UserError
from flows.alerting import deliver_alerts, load_alert_config
from warehouse.search_index import update_index


def _days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


def _config(tmp_path, searches: str, fresh: str = ""):
    path = tmp_path / "alerts.yaml"
    path.write_text(f"channels: [jsonl: sent.jsonl]\n{fresh}searches:\n{searches}", encoding="utf-8")
    return load_alert_config(path)


def _sent(tmp_path):
    path = tmp_path / "sent.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_new_matching_articles_are_sent_once_each_and_old_ones_not_at_all(con, press, tmp_path):
    press.publish(_days_ago(400), title="HBM rules, a year on", text="High-bandwidth memory exports stay curbed.")
    press.publish(_days_ago(1), title="SK Hynix and HBM", text="New high-bandwidth memory controls hit SK Hynix.")
    press.publish(_days_ago(1), "lemonde", "fr", title="La mémoire HBM", text="Nouvelle règle sur la mémoire HBM.")
    index = tmp_path / "index"
    update_index(con, index)
    config = _config(tmp_path, "  - {name: hbm, query: '\"high-bandwidth memory\" OR HBM', lang: en}\n")

    counts = deliver_alerts(con, config, search_index=index)

    assert (counts["searched"], counts["sent"]) == (1, 1)  # the French one is filtered, the old one not fresh
    [record] = _sent(tmp_path)
    assert (record["type"], record["search"], record["title"]) == ("search", "hbm", "SK Hynix and HBM")
    assert "[high]-[bandwidth] [memory]" in record["snippet"] and record["url"].startswith("https://wire.example/")

    assert deliver_alerts(con, config, search_index=index)["sent"] == 0  # once each
    press.publish(_days_ago(0), title="More HBM curbs", text="HBM again.")
    update_index(con, index)
    assert deliver_alerts(con, config, search_index=index)["sent"] == 1
    assert [r["title"] for r in _sent(tmp_path)] == ["SK Hynix and HBM", "More HBM curbs"]


def test_without_an_index_the_measure_alerts_still_go_and_the_search_says_why(con, press, tmp_path):
    config = _config(tmp_path, "  - {name: hbm, query: HBM}\n")
    counts = deliver_alerts(con, config, search_index=tmp_path / "missing")
    assert counts["sent"] == 0 and "saved search hbm: no search index" in counts["errors"][0]


@pytest.mark.parametrize(("searches", "message"), [
    ("  - {name: hbm}\n", "searches[0].query: expected"),
    ("  - {name: 'two words', query: HBM}\n", "searches[0].name"),
    ("  - {name: hbm, query: 'AND (('}\n", "searches[0].query: tantivy cannot read"),
    ("  - {name: hbm, query: HBM, lang: de}\n", "searches[0].lang"),
    ("  - {name: hbm, query: HBM, measure: embargo}\n", "searches[0].measure"),
    ("  - {name: hbm, query: HBM, words: [x]}\n", "searches[0].words: unknown key"),
    ("  - {name: hbm, query: HBM}\n  - {name: hbm, query: H20}\n", "two saved searches named 'hbm'"),
])
def test_a_mistake_in_a_saved_search_names_the_entry_and_the_field(tmp_path, searches, message):
    with pytest.raises(UserError, match="alerts.yaml") as caught:
        _config(tmp_path, searches)
    assert message in str(caught.value)
