"""Speed of `chipwatch extract --jsonl` per language, with 1 and 2 workers.

    python benchmarks/nlp_speed.py [--docs 200] [--gold tests/fixtures/gold/dev] [--ner]

Documents are synthetic: dev texts of one language glued together and cut to 500 words (1,000
characters for Chinese). Each run is a fresh process. The extractor works in batches of 32, so the
first record arrives after model loading and the first batch; throughput counts the records after
that first batch, timed from the first record to the last. Peak memory is the
largest resident set of a child process (getrusage of children).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
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


def run(docs: list[dict], workers: int, ner: bool) -> tuple[float, float]:
    """(seconds until the first record, seconds from the first record to the last) of one fresh process.

    The first batch pays for loading the models, so throughput is measured after it.
    """
    command = [sys.executable, "-m", "flows.cli", "extract", "--jsonl", "--workers", str(workers)]
    command += ["--ner"] if ner else []
    stdin = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    writer = threading.Thread(target=lambda: (proc.stdin.write(stdin), proc.stdin.close()))
    writer.start()
    stamps = [time.perf_counter() for _ in proc.stdout]
    writer.join()
    if proc.wait() != 0 or len(stamps) != len(docs):
        sys.exit(f"extractor failed: {' '.join(command)}")
    return stamps[0] - start, stamps[-1] - stamps[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="documents per language and run")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "gold" / "dev")
    parser.add_argument("--ner", action="store_true", help="include statistical NER (candidates)")
    parser.add_argument("--langs", default="en,fr,zh")
    args = parser.parse_args()
    print(f"{'lang':4} {'workers':>7} {'first s':>8} {'docs/s':>8} {'units/s':>9}  unit")
    for lang in args.langs.split(","):
        docs = documents(args.gold, lang, args.docs)
        for workers in (1, 2):
            first, elapsed = run(docs, workers, args.ner)
            # records after the first batch (32 documents), timed from the first record on
            counted = docs[min(len(docs) - 1, 32):]
            units = sum(len(d["text"]) if lang == "zh" else len(d["text"].split()) for d in counted)
            elapsed = max(elapsed, 1e-6)
            unit = "chars" if lang == "zh" else "words"
            print(f"{lang:4} {workers:7d} {first:8.2f} {len(counted) / elapsed:8.1f} {units / elapsed:9.0f}  {unit}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak child memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
