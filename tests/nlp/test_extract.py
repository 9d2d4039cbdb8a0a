"""The Extractor API: record shape, offsets, language detection, worker processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold" / "dev"
KEYS = ("id", "lang", "entities", "relations", "sanction_events", "candidates")


def sample(count_per_lang: int = 2) -> list[dict]:
    items = []
    for lang in ("en", "fr", "zh"):
        for path in sorted((GOLD / lang).glob("*.json"))[:count_per_lang]:
            article = json.loads(path.read_text(encoding="utf-8"))
            items.append({k: article[k] for k in ("id", "lang", "title", "text", "published")})
    return items


def test_records_have_the_documented_shape_and_offsets_index_the_text(extractor):
    items = sample()
    for item, record in zip(items, extractor.extract_many(items), strict=True):
        assert tuple(record) == KEYS and record["id"] == item["id"]
        for entity in record["entities"]:
            assert set(entity) == {"id", "type", "name", "surfaces", "mentions"}
            for mention in entity["mentions"]:
                assert item["text"][mention["start"]:mention["end"]] == mention["surface"]
        for relation in record["relations"]:
            assert relation["predicate"] in {"MAKES", "BUYS", "RESTRICTS"} and relation["evidence"]
        for event in record["sanction_events"]:
            assert event["status"] in {"announced", "proposed", "lifted", "background"}


def test_language_is_detected_when_missing(extractor):
    assert extractor.extract("Huawei a présenté vendredi sa nouvelle puce d'IA à Shenzhen.")["lang"] == "fr"
    assert extractor.extract("华为周五在深圳发布了新一代人工智能芯片。")["lang"] == "zh"
    other = extractor.extract("Huawei stellte am Freitag in Shenzhen seinen neuen KI-Chip vor.")
    assert other["lang"] == "other" and other["entities"] == []


def test_two_workers_give_the_same_records_in_the_same_order(extractor):
    items = sample(3)
    assert list(extractor.extract_many(items, workers=2, batch_size=2)) == list(extractor.extract_many(items))


def test_an_english_document_loads_neither_torch_nor_the_chinese_tagger():
    """Start-up pays only for what the document needs: torch (2 s) only with a transformers model, jieba's
    tag table only for Chinese."""
    probe = ("import sys; from nlp.extract import Extractor; "
             "Extractor().extract('Nvidia sells the H20 in China.', lang='en'); "
             "print(sorted(m for m in ('torch', 'jieba.posseg', 'transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "[]"
