"""Quality floors: the dev gold set (copied into tests/fixtures/gold/dev) must score at least the pinned F1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.evaluation import METRICS, gold_digest, load_gold, score

ROOT = Path(__file__).resolve().parents[1]
PINNED = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))
FLOORS = PINNED["floors"]
INPUT_KEYS = ("id", "lang", "title", "text", "published", "url")


@pytest.fixture(scope="module")
def dev_scores(extractor) -> dict:
    gold = load_gold(ROOT / "fixtures" / "gold" / "dev")
    assert (len(gold), gold_digest(gold)) == (PINNED["gold_articles"], PINNED["gold_digest"]), "floors of another set"
    predictions = {r["id"]: r for r in extractor.extract_many({k: a.get(k) for k in INPUT_KEYS} for a in gold)}
    return score(gold, predictions)[0]


@pytest.mark.parametrize(("lang", "metric"), [(lang, m) for lang, row in FLOORS.items() for m in row])
def test_dev_f1_stays_above_its_floor(dev_scores, lang, metric):
    assert metric in METRICS
    assert dev_scores[lang][metric][2] >= FLOORS[lang][metric] - 1e-9  # 0.85 may come out as 0.8499…
