"""Page furniture that survives body extraction: cross-links ("Read more: ...") and trailing blocks
(comments headers, newsletter prompts, share and copyright lines), listed in boilerplate.yaml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

MAX_CHARS = 200


@cache
def patterns() -> dict[str, re.Pattern]:
    """One compiled alternation per position (`anywhere`, `trailing`), from boilerplate.yaml."""
    raw = yaml.safe_load(Path(__file__).with_name("boilerplate.yaml").read_text(encoding="utf-8"))
    return {place: re.compile("|".join(f"(?:{p})" for p in items), re.I) for place, items in raw.items()}


def drop_boilerplate(paragraphs: list[str]) -> list[str]:
    """The paragraphs without short cross-links anywhere and without furniture at the end."""
    anywhere, trailing = patterns()["anywhere"], patterns()["trailing"]
    kept = [p for p in paragraphs if len(p) > MAX_CHARS or not anywhere.search(p)]
    while kept and len(kept[-1]) <= MAX_CHARS and trailing.search(kept[-1]):
        kept.pop()
    return kept
