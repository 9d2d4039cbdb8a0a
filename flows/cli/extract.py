"""`chipwatch extract` and `chipwatch eval`: run the NLP engine on documents or on a gold folder."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from core.errors import UserError
from core.records import RecordError, parse_published
from core.vocab import LANGS
from flows.cli.options import budget_seconds, positive

INPUT_KEYS = ("id", "lang", "title", "text", "published", "url")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `extract` and `eval` to the `chipwatch` parser."""
    extract = commands.add_parser(
        "extract", help="extract chips, firms, authorities, relations and sanction events",
        description="Print the extraction record (JSON) of one text or HTML document, or with --jsonl "
        "read one JSON object per line on stdin ({id, lang, title, text, published, url}) and print one "
        "record per line in input order. Mention offsets index the text; the title is not processed.",
    )
    extract.add_argument("path", nargs="?", default="-", help="text or HTML file, or - for stdin (default)")
    extract.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin, write JSON lines")
    extract.add_argument("--workers", type=positive, default=1, help="processes for --jsonl (default 1)")
    extract.add_argument("--budget", type=budget_seconds, metavar="SECONDS", help="with --jsonl: seconds one "
                         "document may take; a slower one gets an error record (default: no limit, one process)")
    extract.add_argument("--lang", choices=LANGS, help="document language (default: detect)")
    extract.add_argument("--published", help="publication date YYYY-MM-DD, for relative dates")
    extract.add_argument("--ner", action="store_true", help="also run statistical NER to find candidate firms")
    extract.add_argument("--ner-model", metavar="PATH", help="local Hugging Face token-classification model "
                         "(folder) as an extra NER source for candidates and authorities; never downloaded")
    extract.set_defaults(handler=run_extract)

    evaluate = commands.add_parser(
        "eval", help="score the extractor on a folder of gold articles",
        description="Run the extractor on every gold JSON file under GOLD_DIR and print precision, recall "
        "and F1 per language, with the metrics of the shared scorer (eval/score.py).",
    )
    evaluate.add_argument("gold_dir", type=Path, metavar="GOLD_DIR", help="folder of gold JSON files")
    evaluate.add_argument("--json", action="store_true", help="print the summary as JSON")
    evaluate.add_argument("--errors", action="store_true", help="list per-article entity misses and extras")
    evaluate.set_defaults(handler=run_eval)


def run_extract(args: argparse.Namespace) -> int:
    from nlp.documents import read_document
    from nlp.extract import Extractor, read_inputs

    extractor = Extractor(ner=args.ner, ner_model=args.ner_model)
    if args.jsonl:
        failed = 0
        for number, record in enumerate(extractor.extract_many(read_inputs(sys.stdin), workers=args.workers,
                                                                               budget=args.budget), 1):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            if "error" in record:
                failed += 1
                print(f"chipwatch extract: warning: line {number} (id {record['id']!r}): {record['error']}",
                      file=sys.stderr)
        if failed:
            print(f"chipwatch extract: {failed} line(s) could not be read; their records hold the reason",
                  file=sys.stderr)
        return 0
    try:
        published = parse_published(args.published)
    except RecordError as error:
        raise UserError(str(error)) from None
    text = read_document(args.path)
    record = extractor.extract(text, lang=args.lang, published=published, doc_id=args.path)
    print(json.dumps(record, ensure_ascii=False, indent=2))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from nlp.evaluation import load_gold, score, table
    from nlp.extract import Extractor

    if not args.gold_dir.is_dir():
        raise UserError(f"{args.gold_dir} is not a folder")
    gold = load_gold(args.gold_dir)
    if not gold:
        raise UserError(f"no gold JSON files under {args.gold_dir}")
    start = time.perf_counter()
    inputs = [{k: article.get(k) for k in INPUT_KEYS} for article in gold]
    predictions = {r["id"]: r for r in Extractor().extract_many(inputs)}
    elapsed = time.perf_counter() - start
    result, problems = score(gold, predictions)
    if args.json:
        f1 = {lang: {m: round(v[2], 4) for m, v in row.items()} for lang, row in result.items()}
        print(json.dumps({"articles": len(gold), "seconds": round(elapsed, 2), "f1": f1}))
        return 0
    print(f"{len(gold)} articles, extractor took {elapsed:.2f} s")
    print(table(result))
    if args.errors:
        print("\n".join(problems))
    print("entity F1 " + " ".join(f"{lang}={row['entities'][2]:.3f}" for lang, row in result.items()))
    return 0
