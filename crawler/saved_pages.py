"""Articles of saved pages (raw bytes as served, `.html` or `.html.gz`): one page, or many listed as JSON lines."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import starmap
from pathlib import Path
from typing import Any

from core.errors import UserError

JSONL_FIELDS = ("title", "text", "author", "published_at", "lang", "encoding")
CHUNK = 4


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
