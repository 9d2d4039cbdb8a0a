"""Idempotent loads into the warehouse: sources and article records here, extractions and the KB beside.

Every load runs in one transaction per call, so a killed process leaves each batch whole or absent,
and loading the same records again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb

from core.errors import UserError
from core.records import ArticleRecord, ExtractionInput
from core.vocab import NOT_ARTICLES, USABLE
from warehouse.entities import sync_entities
from warehouse.extractions import load_extractions
from warehouse.ids import article_id, short_hash
from warehouse.rows import insert_rows, parse_timestamp, transaction, utc_now

__all__ = ["load_sources", "load_articles", "load_extractions", "sync_entities", "pending_articles"]

_ARTICLE_COLUMNS = (
    "article_id", "url", "canonical_url", "source_id", "lang", "declared_lang", "title", "author",
    "published_at", "fetched_at", "text", "content_hash", "html_hash", "duplicate_of", "status", "error",
    "extra", "encoding", "http_status", "record_hash",
)
_SOURCE_COLUMNS = ("source_id", "name", "lang", "homepage")


def load_sources(con: duckdb.DuckDBPyConnection, sources: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Upsert source registry entries (`name` is the key); returns {"inserted", "updated", "unchanged"}."""
    rows = {}
    for source in sources:
        if not source.get("name"):
            raise UserError(f"source without a name: {dict(source)}")
        name = source["name"]
        rows[name] = (name, source.get("title") or name, source.get("lang"), source.get("homepage"))
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    with transaction(con):
        existing = {
            row[0]: tuple(row)
            for row in con.execute(
                f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM sources WHERE source_id IN (SELECT unnest(?))",
                [list(rows)],
            ).fetchall()
        }
        changed = [row for key, row in rows.items() if existing.get(key) != row]
        counts["unchanged"] = len(rows) - len(changed)
        counts["updated"] = sum(1 for row in changed if row[0] in existing)
        counts["inserted"] = len(changed) - counts["updated"]
        con.execute("DELETE FROM sources WHERE source_id IN (SELECT unnest(?))", [[r[0] for r in changed]])
        now = utc_now()
        insert_rows(con, "sources", (*_SOURCE_COLUMNS, "updated_at"), [(*row, now) for row in changed])
    return counts


def load_articles(con: duckdb.DuckDBPyConnection, records: Iterable[ArticleRecord]) -> dict[str, int]:
    """Upsert crawler article records in one transaction.

    Returns {"inserted", "updated", "unchanged", "ignored"}: a record identical to the stored row is
    unchanged; a re-fetch of an article stored as `ok` that gives no article (failed, blocked, no
    article) is ignored: the good copy stays. An article whose text changed loses its `extracted_at`,
    so the NLP stage processes it again. The analyst views count only usable (`ok`) articles.
    """
    batch: dict[str, dict[str, Any]] = {}
    ignored = 0
    for record in records:
        row = _article_row(record)
        kept = batch.get(row["article_id"])
        if kept is not None and kept["status"] == USABLE and row["status"] in NOT_ARTICLES:
            ignored += 1
            continue
        batch[row["article_id"]] = row
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "ignored": ignored}
    with transaction(con):
        stored = {
            key: (record_hash, status, content_hash, extraction)
            for key, record_hash, status, content_hash, *extraction in con.execute(
                "SELECT article_id, record_hash, status, content_hash, extracted_at, extract_error FROM articles "
                "WHERE article_id IN (SELECT unnest(?))",
                [list(batch)],
            ).fetchall()
        }
        rows = []
        for key, row in batch.items():
            if key not in stored:
                counts["inserted"] += 1
                rows.append((*_values(row), None, None))
                continue
            record_hash, status, content_hash, extraction = stored[key]
            if record_hash == row["record_hash"]:
                counts["unchanged"] += 1
            elif status == USABLE and row["status"] in NOT_ARTICLES:
                counts["ignored"] += 1
            else:
                counts["updated"] += 1
                same_text = content_hash == row["content_hash"]
                rows.append((*_values(row), *(extraction if same_text else (None, None))))
        con.execute(
            "DELETE FROM articles WHERE article_id IN (SELECT unnest(?))",
            [[row[0] for row in rows if row[0] in stored]],
        )
        now = utc_now()
        columns = (*_ARTICLE_COLUMNS, "extracted_at", "extract_error", "loaded_at")
        insert_rows(con, "articles", columns, [(*row, now) for row in rows])
    return counts


def pending_articles(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[ExtractionInput]:
    """Usable articles not yet processed by the NLP stage, oldest fetch first."""
    rows = con.execute(
        "SELECT article_id, lang, title, text, published_at, url FROM v_articles "
        "WHERE usable AND extracted_at IS NULL AND text IS NOT NULL "
        "ORDER BY fetched_at NULLS LAST, article_id LIMIT ?",
        [limit],
    ).fetchall()
    return [
        ExtractionInput(id=key, text=text, lang=lang, title=title, published=published.date() if published else None,
                        url=url)
        for key, lang, title, text, published, url in rows
    ]


def _article_row(record: ArticleRecord) -> dict[str, Any]:
    """One article record as column values in `_ARTICLE_COLUMNS` order."""
    text = record.text
    row = {
        "article_id": article_id(record.canonical_url or record.url),
        "url": record.url,
        "canonical_url": record.canonical_url,
        "source_id": record.source,
        "lang": record.lang,
        "declared_lang": record.declared_lang,
        "title": record.title,
        "author": record.author,
        "published_at": parse_timestamp(record.published_at),
        "fetched_at": parse_timestamp(record.fetched_at),
        "text": text,
        "content_hash": short_hash(text) if text else None,
        "html_hash": record.html_hash,
        "duplicate_of": record.duplicate_of,
        "status": record.status,
        "error": record.error,
        "extra": json.dumps(record.extra or {}, sort_keys=True, ensure_ascii=False),
        "encoding": record.encoding,
        "http_status": record.http_status,
    }
    row["record_hash"] = short_hash(json.dumps(list(row.values()), default=str, ensure_ascii=False))
    return row


def _values(row: dict[str, Any]) -> tuple[Any, ...]:
    """The row's values in `_ARTICLE_COLUMNS` order."""
    return tuple(row[column] for column in _ARTICLE_COLUMNS)
