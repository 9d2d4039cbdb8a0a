"""Speed of `chipwatch extract --jsonl` per language, with 1 and 2 workers.

    python benchmarks/nlp_speed.py [--docs 200] [--gold tests/fixtures/gold/dev] [--ner]

Documents are synthetic: dev texts of one language glued together and cut to 500 words (1,000
characters for Chinese). Each run is a fresh process; start-up (model loading) is measured with a
one-document run and subtracted. Peak memory is the largest resident set of a child process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = 500
ZH_CHARS = 1000


def documents(gold: Path, lang: str, count: int) -> list[dict]:
    """`count` documents of about 500 words built from the gold texts of `lang`."""
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((gold / lang).glob("*.json"))]
    docs = []
    for i in range(count):
        pieces, size = [], 0
        for article in texts[i % len(texts):] + texts[: i % len(texts)]:
            pieces.append(article["text"])
            size += len(article["text"]) if lang == "zh" else len(article["text"].split())
            if size >= (ZH_CHARS if lang == "zh" else WORDS):
                break
        body = "\n\n".join(pieces)
        body = body[:ZH_CHARS] if lang == "zh" else " ".join(body.split(" ")[:WORDS])
        docs.append({"id": f"{lang}-{i}", "lang": lang, "title": None, "text": body,
                     "published": texts[i % len(texts)]["published"], "url": None})
    return docs


def run(docs: list[dict], workers: int, ner: bool) -> float:
    command = [sys.executable, "-m", "flows.cli", "extract", "--jsonl", "--workers", str(workers)]
    command += ["--ner"] if ner else []
    stdin = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    start = time.perf_counter()
    proc = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=ROOT, check=True)
    elapsed = time.perf_counter() - start
    assert len(proc.stdout.splitlines()) == len(docs)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="documents per language and run")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "gold" / "dev")
    parser.add_argument("--ner", action="store_true", help="include statistical NER (candidates)")
    parser.add_argument("--langs", default="en,fr,zh")
    args = parser.parse_args()
    print(f"{'lang':4} {'workers':>7} {'startup s':>9} {'docs/s':>8} {'units/s':>9}  unit")
    for lang in args.langs.split(","):
        docs = documents(args.gold, lang, args.docs)
        units = sum(len(d["text"]) if lang == "zh" else len(d["text"].split()) for d in docs)
        for workers in (1, 2):
            startup = run(docs[:workers], workers, args.ner)
            elapsed = max(run(docs, workers, args.ner) - startup, 1e-6)
            unit = "chars" if lang == "zh" else "words"
            print(f"{lang:4} {workers:7d} {startup:9.2f} {len(docs) / elapsed:8.1f} {units / elapsed:9.0f}  {unit}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak child memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
