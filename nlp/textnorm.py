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


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def _simplified_char(char: str) -> str:
    simple = _t2s().convert(char) if "\u3400" <= char <= "\u9fff" else char
    return simple if len(simple) == 1 else char


def fold_chinese(text: str) -> str:
    """`fold`, then each Traditional character as its Simplified one (`產業與安全局` → `产业与安全局`), keeping
    the length: names and triggers written once in Simplified are found in either script."""
    return "".join(_simplified_char(c) for c in fold(text))
