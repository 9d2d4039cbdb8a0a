"""Shared fixtures: one real Extractor (real spaCy and jieba pipelines) per test session."""

from __future__ import annotations

import pytest

from nlp.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def names(record: dict, kind: str | None = None) -> set[str]:
    """Canonical names of the record's entities (of one type when `kind` is given)."""
    return {e["name"] for e in record["entities"] if kind is None or e["type"] == kind}


def events(record: dict) -> set[tuple[str, str, str]]:
    """(authority, measure, status) of each sanction event."""
    return {(e["authority"], e["measure"], e["status"]) for e in record["sanction_events"]}
