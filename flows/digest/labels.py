"""The digest's words per interface language, read from `labels.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from core.errors import UserError

LABELS_FILE = Path(__file__).with_name("labels.yaml")


@cache
def _all_labels() -> dict[str, dict[str, Any]]:
    import yaml

    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def ui_languages() -> list[str]:
    """Interface languages the labels file offers."""
    return sorted(_all_labels())


def labels(ui_lang: str) -> dict[str, Any]:
    """The labels of one interface language; `UserError` for a language the file lacks."""
    found = _all_labels().get(ui_lang)
    if found is None:
        raise UserError(f"no digest labels for language {ui_lang!r} (have {', '.join(ui_languages())})")
    return found
