"""Article-extraction quality and speed on the real benchmark pages (needs ../shared beside the project).

    python benchmarks/extraction.py              # table: precision, recall, F1, pages/s per set
    python benchmarks/extraction.py --workers 1  # single process
    python benchmarks/extraction.py --check      # also fail if a set falls below its F1 floor

Runs the shared scorer (../shared/eval/extraction_score.py) on `python -m flows.cli article --jsonl`,
the same code path as `chipwatch article --jsonl`. The benchmark pages are not part of the project.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "extraction_score.py"
# F1 floors per set: they only ever go up.
FLOORS = {"scrapinghub": 0.974, "chinese/zh-char": 0.932, "fundus-fr": 0.98, "fundus-zh/zh-char": 0.99,
          "newspaper4k-zh/zh-char": 0.99}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, help="extraction processes (default: the command's own default)")
    parser.add_argument("--check", action="store_true", help="exit 1 if an F1 is below its floor")
    args = parser.parse_args()
    if not SCORER.exists():
        print(f"this benchmark needs the shared benchmark pages and scorer at {SCORER} (not in the project)",
              file=sys.stderr)
        return 2
    command = f"{sys.executable} -m flows.cli article --jsonl"
    if args.workers:
        command += f" --workers {args.workers}"
    done = subprocess.run([sys.executable, str(SCORER), "--cmd", command, "--json"], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return done.returncode
    results = json.loads(done.stdout)
    print(f"{'set':24} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'floor':>6} {'pages/s':>8}")
    failed = []
    for name, row in results.items():
        floor = FLOORS.get(name)
        print(f"{name:24} {row['pages']:5d} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
              f"{floor if floor is not None else '':>6} {row['pages_per_s']:8.1f}")
        if floor is not None and row["f1"] < floor:
            failed.append(name)
    if args.check and failed:
        print(f"below the floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
