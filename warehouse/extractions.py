"""Load NLP extraction records: each article's mentions, relations, events and candidates replaced whole."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from core.errors import UserError
from core.records import Extraction, ExtractionFailure
from warehouse.entities import add_unknown_entities
from warehouse.ids import event_id
from warehouse.rows import insert_rows, parse_event_date, transaction, utc_now

_PER_ARTICLE_TABLES = ("mentions", "relations", "sanction_events", "article_candidates")


def load_extractions(con: duckdb.DuckDBPyConnection,
                     records: Iterable[Extraction | ExtractionFailure]) -> dict[str, int]:
    """Replace the extracted rows of each record's article and set its `extracted_at`, in one transaction.

    Records whose `id` is not a stored article are skipped (counted as "unknown"). A failure record
    keeps the article's previous rows and stores the error in
    `articles.extract_error` (counted as "errors"). Entity ids the `entities` table lacks are added
    flagged `in_kb = FALSE` until the next KB sync. Returns counts of "articles", "errors", "unknown",
    "mentions", "relations", "events", "targets", "candidates".
    """
    batch, errors = {}, {}
    for position, record in enumerate(records):
        if not record.get("id"):
            raise UserError(f"extraction record {position}: no id")
        if record.get("error"):
            errors[record["id"]] = str(record["error"])
            batch.pop(record["id"], None)
        else:
            batch[record["id"]] = record
            errors.pop(record["id"], None)
    names = ("articles", "errors", "unknown", "mentions", "relations", "events", "targets", "candidates")
    counts = dict.fromkeys(names, 0)
    with transaction(con):
        counts["errors"], counts["unknown"] = _mark_errors(con, errors)
        stored = dict(
            con.execute(
                "SELECT article_id, lang FROM articles WHERE article_id IN (SELECT unnest(?))", [list(batch)]
            ).fetchall()
        )
        counts["unknown"] += len(batch) - len(stored)
        ids = list(stored)
        touched = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT name FROM article_candidates WHERE article_id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        ]
        for table in ("event_targets", "measure_events"):  # a replaced event is linked again to its measure
            con.execute(
                f"DELETE FROM {table} WHERE event_id IN "
                "(SELECT event_id FROM sanction_events WHERE article_id IN (SELECT unnest(?)))",
                [ids],
            )
        for table in _PER_ARTICLE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
        rows = _rows([batch[key] for key in ids], stored)
        add_unknown_entities(con, rows.pop("entities"))
        counts["articles"] = len(ids)
        counts["mentions"] = insert_rows(
            con, "mentions", ("article_id", "entity_id", "surface", "start_char", "end_char"), rows["mentions"]
        )
        counts["relations"] = insert_rows(
            con,
            "relations",
            ("article_id", "subject_id", "predicate", "object_id", "subject", "object", "evidence"),
            rows["relations"],
        )
        counts["events"] = insert_rows(
            con,
            "sanction_events",
            (
                "event_id", "article_id", "authority_id", "authority", "measure", "status", "country",
                "event_date", "date_precision", "evidence",
            ),
            rows["events"],
        )
        counts["targets"] = insert_rows(con, "event_targets", ("event_id", "entity_id", "target"), rows["targets"])
        counts["candidates"] = insert_rows(
            con, "article_candidates", ("article_id", "name", "lang", "mentions"), rows["candidates"]
        )
        _refresh_candidates(con, {*touched, *(row[1] for row in rows["candidates"])})
        con.execute(
            "UPDATE articles SET extracted_at = ?, extract_error = NULL WHERE article_id IN (SELECT unnest(?))",
            [utc_now(), ids],
        )
    return counts


def _mark_errors(con: duckdb.DuckDBPyConnection, errors: dict[str, str]) -> tuple[int, int]:
    """Record why articles failed extraction (they leave the pending list); returns (marked, unknown)."""
    stored = {
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [list(errors)]
        ).fetchall()
    }
    rows = [(key, message) for key, message in errors.items() if key in stored]
    if rows:
        con.execute(
            "UPDATE articles SET extracted_at = ?, extract_error = e.message "
            "FROM (SELECT unnest(?) AS article_id, unnest(?) AS message) AS e "
            "WHERE articles.article_id = e.article_id",
            [utc_now(), [r[0] for r in rows], [r[1] for r in rows]],
        )
    return len(rows), len(errors) - len(rows)


def _rows(records: list[Extraction], langs: dict[str, str | None]) -> dict[str, list[tuple]]:
    """Table rows for the records' articles, plus (id, type, name) of every entity they name."""
    rows: dict[str, list[tuple]] = {
        "entities": [], "mentions": [], "relations": [], "events": [], "targets": [], "candidates": [],
    }
    for record in records:
        article = record["id"]
        for entity in record.get("entities") or []:
            if not entity.get("id"):
                continue
            rows["entities"].append((entity["id"], entity.get("type"), entity.get("name")))
            for mention in entity.get("mentions") or []:
                rows["mentions"].append(
                    (article, entity["id"], mention.get("surface"), mention.get("start"), mention.get("end"))
                )
        for relation in record.get("relations") or []:
            rows["relations"].append(
                (
                    article,
                    relation.get("subject_id"),
                    relation.get("predicate"),
                    relation.get("object_id"),
                    relation.get("subject"),
                    relation.get("object"),
                    relation.get("evidence"),
                )
            )
        for position, event in enumerate(record.get("sanction_events") or []):
            key = event_id(article, position)
            day, precision = parse_event_date(event.get("date"))
            authority_id = event.get("authority_id")
            if authority_id:
                rows["entities"].append((authority_id, "AUTHORITY", event.get("authority")))
            rows["events"].append(
                (
                    key, article, authority_id, event.get("authority"), event.get("measure"),
                    event.get("status"), event.get("country"), day, precision, event.get("evidence"),
                )
            )
            names, target_ids = event.get("targets") or [], event.get("target_ids") or []
            for index in range(max(len(names), len(target_ids))):
                target_id = target_ids[index] if index < len(target_ids) else None
                name = names[index] if index < len(names) else None
                rows["targets"].append((key, target_id, name))
        lang = record.get("lang") or langs.get(article) or "und"
        for candidate in record.get("candidates") or []:
            if candidate.get("name"):
                rows["candidates"].append((article, candidate["name"], lang, int(candidate.get("count") or 1)))
    return rows


def _refresh_candidates(con: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    """Recount `entity_candidates` for these names from the per-article counts."""
    con.execute("DELETE FROM entity_candidates WHERE name IN (SELECT unnest(?))", [list(names)])
    con.execute(
        "INSERT INTO entity_candidates (name, lang, first_seen, mentions, articles) "
        "SELECT c.name, c.lang, min(a.reported_at), sum(c.mentions), "
        "count(DISTINCT c.article_id) "
        "FROM article_candidates AS c LEFT JOIN v_articles AS a USING (article_id) "
        "WHERE c.name IN (SELECT unnest(?)) GROUP BY c.name, c.lang",
        [list(names)],
    )
