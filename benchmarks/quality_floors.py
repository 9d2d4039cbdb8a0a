"""Compare the extractor's dev-set scores with the pinned quality floors; `--write` raises floors (never lowers).

    .venv/bin/python benchmarks/quality_floors.py            # print floor -> current F1 per language and metric
    .venv/bin/python benchmarks/quality_floors.py --write    # ratchet tests/nlp/quality_floors.json up

The floors belong to one gold set (its digest is kept beside them): when tests/fixtures/gold/dev is
replaced by another set (more articles, a new annotation pass), `--write` pins fresh floors for it.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from nlp.evaluation import gold_digest, load_gold, score
from nlp.extract import Extractor

TESTS = Path(__file__).resolve().parent.parent / "tests"
FLOORS = TESTS / "nlp" / "quality_floors.json"
GOLD = TESTS / "fixtures" / "gold" / "dev"
INPUT_KEYS = ("id", "lang", "title", "text", "published", "url")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="raise the floors to the current scores")
    args = parser.parse_args()
    gold = load_gold(GOLD)
    records = Extractor().extract_many({key: article.get(key) for key in INPUT_KEYS} for article in gold)
    scores = score(gold, {record["id"]: record for record in records})[0]
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    same_set = pinned.get("gold_digest") == gold_digest(gold)
    if not same_set:
        print(f"the gold set changed ({len(gold)} articles): floors are pinned afresh with --write")
    floors = pinned["floors"] if same_set else {lang: dict.fromkeys(row, 0.0) for lang, row in scores.items()}
    for lang, metrics in floors.items():
        for metric, floor in metrics.items():
            current = math.floor(scores[lang][metric][2] * 100 + 1e-9) / 100
            mark = "BELOW FLOOR" if current < floor else "up" if current > floor else ""
            print(f"{lang:4} {metric:15} {floor:.2f} -> {current:.2f} {mark}")
            if args.write:
                metrics[metric] = max(floor, current)
    if args.write:
        document = {"gold_articles": len(gold), "gold_digest": gold_digest(gold), "floors": floors}
        FLOORS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
