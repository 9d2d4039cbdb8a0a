"""A second process for the locking and crash tests: `python -m tests.warehouse.worker MODE DB ...`.

- `hold DB SECONDS`: open DB for writing, print "ready", keep it open SECONDS, close.
- `load DB BATCHES SIZE`: load BATCHES batches of SIZE articles and their extractions, printing
  "begin I" before and "done I" after each batch.
"""

from __future__ import annotations

import sys
import time

from tests.factories import article, entity, event, extraction
from warehouse.db import open_warehouse
from warehouse.load import load_articles, load_extractions

MENTIONS_PER_ARTICLE = 5


def batch_records(index: int, size: int) -> tuple[list[dict], list[dict]]:
    """Article and extraction records of batch `index`: every article has the same shape of rows."""
    articles = [
        article(index * size + n, text=f"Article {index * size + n} " + "Nvidia H20 licence. " * 200)
        for n in range(size)
    ]
    spans = [("H20", 7 * k, 7 * k + 3) for k in range(MENTIONS_PER_ARTICLE)]
    extractions = [
        extraction(
            record,
            entities=[entity("chip:nvidia-h20", "CHIP", "Nvidia H20", *spans)],
            events=[event("authority:bis", "export_license", "announced", ["chip:nvidia-h20"], "2025-04-15")],
        )
        for record in articles
    ]
    return articles, extractions


def main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    con = open_warehouse(path)
    if mode == "hold":
        print("ready", flush=True)
        time.sleep(float(argv[2]))
    else:
        batches, size = int(argv[2]), int(argv[3])
        for index in range(batches):
            articles, extractions = batch_records(index, size)
            print(f"begin {index}", flush=True)
            load_articles(con, articles)
            load_extractions(con, extractions)
            print(f"done {index}", flush=True)
    con.close()


if __name__ == "__main__":
    main(sys.argv[1:])
