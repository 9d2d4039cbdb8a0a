"""Stable identifiers: the same input always gives the same id, so reloads overwrite instead of duplicating."""

from __future__ import annotations

import hashlib


def short_hash(text: str) -> str:
    """First 16 hex digits of the SHA-256 of `text` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_id(url: str) -> str:
    """The id of an article: a hash of its canonical URL (or its URL when it has none)."""
    return short_hash(url)


def event_id(article: str, position: int) -> str:
    """The id of the `position`-th sanction event (from 0) extracted from article `article`."""
    return short_hash(f"{article}:{position}")
