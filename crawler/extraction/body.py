"""The main text of a page: trafilatura in precision mode, with a balanced pass when it finds too little.

Tuned on the scrapinghub and Chinese benchmarks (see benchmarks/extraction.py): precision mode without
comments is the most accurate, but on a few layouts it collapses to a reprint notice or a caption; a
short result is then replaced by a balanced-mode extraction when that finds clearly more. A leading
paragraph that repeats the headline is dropped (the title has its own field), and so are menu rows of
old table layouts; body blocks split across look-alike containers are gathered (see chunks.py).
"""

from __future__ import annotations

import logging

from lxml.html import HtmlElement

from crawler.extraction.boilerplate import drop_boilerplate
from crawler.extraction.chunks import add_sibling_chunks
from crawler.extraction.metadata import normalise

MIN_PRECISE_CHARS = 300
MIN_GAIN = 2.0  # the balanced pass replaces a short result only when it is at least this many times longer
MAX_HEADLINE_CHARS = 300
MENU_MIN_CELLS = 5
MENU_MAX_CELL_CHARS = 6


def extract_body(tree: HtmlElement, url: str | None, headlines: set[str]) -> str:
    """Article text with paragraphs separated by blank lines ("" when nothing was found)."""
    text = _trafilatura(tree, url, precision=True)
    if len(text) < MIN_PRECISE_CHARS:
        balanced = _trafilatura(tree, url, precision=False)
        if len(balanced) >= MIN_GAIN * max(len(text), 1):
            text = balanced
    paragraphs = [_plain(line) for line in text.split("\n") if not _menu_row(line)]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    while paragraphs and len(paragraphs[0]) <= MAX_HEADLINE_CHARS and normalise(paragraphs[0]) in headlines:
        paragraphs.pop(0)
    return "\n\n".join(drop_boilerplate(add_sibling_chunks(tree, paragraphs)))


def _cells(line: str) -> list[str] | None:
    """The non-empty cells of a table row (trafilatura writes rows as `| a | b |`), None for other lines."""
    if not line.startswith("|"):
        return None
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return [cell for cell in cells if cell and cell.strip("-")]


def _menu_row(line: str) -> bool:
    """A table row of many one-word cells: a menu of an old table layout."""
    cells = _cells(line)
    return cells is not None and len(cells) >= MENU_MIN_CELLS and all(len(c) <= MENU_MAX_CELL_CHARS for c in cells)


def _plain(line: str) -> str:
    """A table row as its cells separated by ` | `, any other line stripped."""
    cells = _cells(line)
    return line.strip() if cells is None else " | ".join(cells)


def _trafilatura(tree: HtmlElement, url: str | None, precision: bool) -> str:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    return (
        trafilatura.extract(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            with_metadata=False,
        )
        or ""
    )
