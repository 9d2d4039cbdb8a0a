"""Month names per language (`months.yaml`), read once: word → month number."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def month_names() -> dict[str, dict[str, int]]:
    """Language → lower-case month word → month number (1-12); languages without words are absent."""
    table = yaml.safe_load(Path(__file__).with_name("months.yaml").read_text(encoding="utf-8"))
    return {lang: {word: int(month) for month, words in months.items() for word in words}
            for lang, months in table.items()}
