"""The scorer: name folding, set metrics, alert articles, missing predictions."""

from __future__ import annotations

import pytest

from nlp.evaluation import key, prf, score


def article(lang: str, events: list[dict], entities: list[dict] | None = None) -> dict:
    return {"id": f"{lang}-1", "lang": lang, "entities": entities or [], "relations": [], "sanction_events": events}


def test_names_compare_without_case_spaces_hyphens_or_dots():
    assert key("NVIDIA H-20") == key("Nvidia H20") == key("nvidia h.20")
    assert key("Huawei Ascend 910B") != key("Huawei Ascend 910C")


def test_perfect_and_empty_sides():
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(1, 1, 0) == pytest.approx((0.5, 1.0, 2 / 3))


def test_events_match_on_authority_measure_status_and_alerts_ignore_background():
    gold = article("en", [{"authority": "US government", "measure": "export_ban", "status": "background"}],
                   [{"type": "FIRM", "name": "Nvidia"}])
    pred = article("en", [{"authority": "US Government", "measure": "export_ban", "status": "announced"}],
                   [{"type": "FIRM", "name": "NVIDIA"}])
    result, problems = score([gold], {"en-1": pred})
    assert result["en"]["entities"][2] == 1.0
    assert result["en"]["events"] == (0.0, 0.0, 0.0)
    assert result["en"]["events_loose"][2] == 0.0
    assert result["en"]["alert_articles"][0] == 0.0
    assert problems == []


def test_a_missing_prediction_is_reported_and_counts_as_empty():
    gold = article("fr", [], [{"type": "CHIP", "name": "Nvidia H20"}])
    result, problems = score([gold], {})
    assert result["fr"]["entities"][1] == 0.0
    assert problems[0].startswith("fr-1: no prediction")
