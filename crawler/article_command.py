"""`chipwatch article`: extract the article from a stored page, or from many pages listed as JSON lines."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import starmap
from pathlib import Path
from typing import Any

from flows.errors import UserError

JSONL_FIELDS = ("title", "text", "author", "published_at", "lang", "encoding")
CHUNK = 4


def register(commands: argparse._SubParsersAction) -> None:
    """Add `chipwatch article` to the command tree."""
    parser = commands.add_parser(
        "article",
        help="extract the article from a saved page (.html or .html.gz)",
        description="Print the article record (title, text, author, date, language, encoding, canonical link) "
        "of one saved page as JSON, or with --jsonl read {id, path, url} lines on stdin and write one "
        "record per line.",
    )
    add_arguments(parser)
    parser.set_defaults(handler=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `chipwatch article` (shared with `python -m crawler.article_command`)."""
    parser.add_argument("file", nargs="?", type=Path, help="saved page, raw bytes as served (.html or .html.gz)")
    parser.add_argument("--url", help="the page's URL (resolves the canonical link)")
    parser.add_argument("--lang", choices=("fr", "en", "zh"), help="the source's declared language")
    parser.add_argument("--jsonl", action="store_true", help='read {"id", "path", "url"} lines on stdin')
    parser.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="processes for --jsonl (default: CPU count, at most 4)",
    )


def run(args: argparse.Namespace) -> int:
    """Handler: one file to a JSON record, or the JSON-lines stream."""
    if args.jsonl:
        if args.file is not None:
            raise UserError("give either FILE or --jsonl, not both")
        if args.workers < 1:
            raise UserError("--workers must be at least 1")
        for row in extract_lines(sys.stdin, args.workers, args.lang):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return 0
    if args.file is None:
        raise UserError("give a FILE to read, or --jsonl to read JSON lines on stdin")
    from crawler.article import extract_article

    body = read_page(args.file)
    article = extract_article(body, args.url, declared_lang=args.lang)
    print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    return 0


def read_page(path: Path) -> bytes:
    """The raw bytes of a saved page, un-gzipped when the name ends in .gz."""
    try:
        data = path.read_bytes()
        return gzip.decompress(data) if path.suffix == ".gz" else data
    except (OSError, EOFError) as error:
        raise UserError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from error


def extract_lines(lines: Iterable[str], workers: int = 1, lang: str | None = None) -> Iterator[dict[str, Any]]:
    """One output row per non-blank input line, in input order; a bad line or page gives a row with `error`.

    `lang` is the declared language of pages whose line has no `"lang"` of its own.
    """
    requests = ((line, lang) for line in lines if line.strip())
    if workers == 1:
        yield from starmap(extract_line, requests)
        return
    import multiprocessing

    from crawler.article import warm_up

    warm_up()  # libraries and language models loaded once here, inherited by the forked workers
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(workers) as pool:
        yield from pool.imap(_extract_pair, requests, chunksize=CHUNK)


def _extract_pair(pair: tuple[str, str | None]) -> dict[str, Any]:
    return extract_line(*pair)


def extract_line(line: str, lang: str | None = None) -> dict[str, Any]:
    """Extract the page named by one JSON line `{"id", "path", "url"[, "lang"]}`; errors go in the row."""
    from crawler.article import extract_article

    try:
        request = json.loads(line)
        if not isinstance(request, dict) or "path" not in request:
            raise ValueError('expected an object with "id" and "path"')
    except ValueError as error:
        return {"id": None, **dict.fromkeys(JSONL_FIELDS), "error": f"bad input line: {error}"}
    row: dict[str, Any] = {"id": request.get("id"), **dict.fromkeys(JSONL_FIELDS)}
    try:
        body = read_page(Path(request["path"]))
        article = extract_article(body, request.get("url"), declared_lang=request.get("lang") or lang)
    except UserError as error:
        return {**row, "error": str(error)}
    except Exception as error:  # one broken page must not end the stream
        return {**row, "error": f"{type(error).__name__}: {error}"}
    record = article.to_dict()
    return {**row, **{field: record[field] for field in JSONL_FIELDS}}


def main(argv: list[str] | None = None) -> int:
    """`python -m crawler.article_command` runs the JSON-lines mode by default (the scorer's contract)."""
    parser = argparse.ArgumentParser(prog="python -m crawler.article_command")
    add_arguments(parser)
    args = parser.parse_args(argv if argv is not None else (sys.argv[1:] or ["--jsonl"]))
    try:
        return run(args)
    except UserError as error:
        print(f"article: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
