"""Start-up of `chipwatch extract --jsonl` on one document of one language: seconds to its record.

    python benchmarks/startup.py [--runs 3] [--gold tests/fixtures/gold/dev]

Each run is a fresh process given one gold article; the figure is the median wall time from the
process start to its record (interpreter, imports, the one pipeline the language needs, the
document), and the peak resident memory of the slowest run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "fr", "zh")


def first_article(gold: Path, lang: str) -> str:
    """The input line of the first gold article of `lang`."""
    article = json.loads(next(iter(sorted((gold / lang).glob("*.json")))).read_text(encoding="utf-8"))
    keys = ("id", "lang", "title", "text", "published")
    return json.dumps({key: article.get(key) for key in keys}, ensure_ascii=False) + "\n"


def timed_run(line: str) -> tuple[float, float]:
    """(seconds to the record, peak resident MiB) of one fresh `extract` process."""
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "flows.cli", "extract", "--jsonl"]
    start = time.perf_counter()
    done = subprocess.run(command, input=line, capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip():
        sys.exit(f"extract failed: {done.stderr.strip()[-400:]}")
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per language (median reported)")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "gold" / "dev")
    args = parser.parse_args()
    print(f"{'lang':4} {'median s':>9} {'min s':>6} {'peak MiB':>9}")
    for lang in LANGS:
        runs = [timed_run(first_article(args.gold, lang)) for _ in range(args.runs)]
        seconds = [elapsed for elapsed, _ in runs]
        print(f"{lang:4} {statistics.median(seconds):9.2f} {min(seconds):6.2f} {max(m for _, m in runs):9.0f}")


if __name__ == "__main__":
    main()
