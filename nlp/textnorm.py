"""Length-preserving text folding, so offsets in folded text index the original text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """NFKC per character (full-width `Ｈ２０` -> `H20`, `（` -> `(`), keeping the length unchanged."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)
