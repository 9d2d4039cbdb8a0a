"""Reads the trigger lexicons (`nlp/lexicons/<lang>.yaml`) and turns trigger lists into regexes.

The knowledge base has its own loader: `nlp.kb.load_kb()`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).parent / "lexicons"
ZH_GAP = r"\w{0,12}"  # a `*` in a Chinese word: a few characters between its parts (`禁止*采购`)


@lru_cache(maxsize=8)
def lexicon(lang: str) -> dict:
    """The trigger lexicon of one language (`nlp/lexicons/<lang>.yaml`)."""
    return yaml.safe_load((LEXICON_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))


def trigger_regex(words: list[str], lang: str) -> re.Pattern | None:
    """A case-insensitive regex matching any of `words`; Latin words must start at a word boundary.

    A `*` after letters marks a stem (`restrict*`, `droit* de douane`); a `*` standing alone stands
    for one word (`told * not to buy`); in Chinese a `*` stands for up to 12 characters. Latin words
    without a final `*` must end at a word boundary.
    """
    if not words:
        return None
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = word.endswith("*")
        body = re.escape(word.rstrip("*")).replace(r"\ \*\ ", r"\s+\w+\s+")
        body = body.replace(r"\ ", r"\s+").replace(r"\*", ZH_GAP if lang == "zh" else r"\w*")
        parts.append(body if stem or lang == "zh" else body + r"(?!\w)")
    alternatives = "|".join(parts)
    return re.compile(alternatives if lang == "zh" else rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)
