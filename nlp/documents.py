"""Read one document for `chipwatch extract`: a text file, or the article text of an HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

from core.errors import UserError

HTML_HEAD_CHARS = 1000


def read_document(path: str) -> str:
    """The text of `path` (or of standard input for `-`); an HTML page gives its article text."""
    if path == "-":
        raw = sys.stdin.read()
    else:
        try:
            raw = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise UserError(f"cannot read {path}: {error.strerror}") from None
    head = raw.lstrip()[:HTML_HEAD_CHARS].lower()
    if head.startswith("<") and ("<html" in head or "<body" in head or "<!doctype" in head or "<p" in head):
        import trafilatura

        text = trafilatura.extract(raw)
        if not text:
            raise UserError(f"no article text found in the HTML of {path}")
        return text
    return raw
