"""The full-text search index beside a warehouse (`DB.search/`, tantivy): kept in step by each run, rebuilt on
demand.

One document per usable extracted article: its title and text, its language, source, date and URL, the ids and
names of its entities and the measures of its sanction events. Words are lowercased and stripped of accents;
Chinese is folded to Simplified and cut into words by jieba (`index_text`), so either script finds both.

`update_index(con, folder)` adds the articles extracted since the last update; an article extracted again
replaces its document. The mark is written after the commit, so a crash between the two only indexes those
articles again. An index that cannot be opened (damaged, or built by another version) is rebuilt whole.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import tantivy

SCHEMA_VERSION = 1
MARK = "chipwatch-search.json"
ANALYZER = "chipwatch"
BATCH = 500  # articles read from the warehouse at a time
WRITER_HEAP = 50_000_000  # bytes tantivy buffers before it writes a segment
_PENDING = ("SELECT article_id, title, text, lang, source_id, url, reported_at, extracted_at FROM v_articles "
            "WHERE usable AND extracted_at IS NOT NULL AND (? IS NULL OR extracted_at > ?::TIMESTAMP) "
            "ORDER BY extracted_at, article_id")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Update:
    """What an update did: articles (re)indexed, and why the index was rebuilt whole (None when it was not)."""

    indexed: int
    rebuilt: str | None = None


def search_path(db: str | Path) -> Path:
    """The search index folder beside a warehouse."""
    return Path(f"{db}.search")


def index_text(text: str) -> str:
    """`text` as the index reads it: each run of Chinese characters folded to Simplified and cut into words
    separated by spaces (`美國商務部` -> `美国 商务部`); other text unchanged."""
    if not CJK_RUN.search(text):
        return text
    from nlp.textnorm import fold_chinese

    return CJK_RUN.sub(lambda run: " " + " ".join(_segmenter().cut(run.group(), HMM=False)) + " ", fold_chinese(text))


@cache
def _segmenter() -> Any:
    """A jieba tokenizer of its own, with only jieba's dictionary: the same words at indexing and query time,
    whatever the NLP stage adds to jieba's shared one."""
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def open_index(folder: Path, create: bool = False) -> tantivy.Index:
    """The index in `folder` with chipwatch's analyzer; with `create`, a new empty one when there is none.

    `ValueError` when `folder` holds no index of this version (or a damaged one).
    """
    import tantivy

    mark = _read_mark(folder)
    if mark is None or mark.get("version") != SCHEMA_VERSION:
        if not create:
            raise ValueError(f"no search index of version {SCHEMA_VERSION} in {folder}")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        index = tantivy.Index(schema(), path=str(folder))
        _write_mark(folder, None)
    else:
        index = tantivy.Index.open(str(folder))
    index.register_tokenizer(ANALYZER, analyzer())
    return index


def update_index(con: duckdb.DuckDBPyConnection, folder: str | Path, rebuild: bool = False) -> Update:
    """Index the articles extracted since the last update (all of them with `rebuild`). With nothing new, only
    the mark is read: the index is not opened."""
    folder = Path(folder)
    reason = "asked" if rebuild else None
    if rebuild:
        shutil.rmtree(folder, ignore_errors=True)
    mark = _read_mark(folder) or {}
    since = mark.get("extracted_at") if mark.get("version") == SCHEMA_VERSION else None
    rows = con.execute(_PENDING, [since, since]).fetchmany(BATCH)
    if not rows and since is not None:
        return Update(0)
    try:
        index = open_index(folder)
    except ValueError as error:
        reason = reason or (None if not folder.exists() else str(error))
        index = open_index(folder, create=True)
        if since is not None:  # the mark was fine but the index was not: index everything again
            since = None
            rows = con.execute(_PENDING, [since, since]).fetchmany(BATCH)
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
    indexed, latest = 0, since
    cursor = con.cursor()
    while rows:
        for document in _documents(cursor, rows):
            writer.delete_documents_by_term("article_id", document["article_id"][0])
            writer.add_document(_document(document))
            indexed += 1
        latest = rows[-1][7].isoformat()
        rows = con.fetchmany(BATCH)
    writer.commit()
    writer.wait_merging_threads()
    _write_mark(folder, latest)
    return Update(indexed, reason)


def _documents(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> list[dict[str, list]]:
    """The index documents (field -> values) of a batch of article rows, with their entities and measures."""
    ids = [row[0] for row in rows]
    entities: dict[str, list[tuple[str, str]]] = {}
    for article, entity_id, name in con.execute(
            "SELECT DISTINCT m.article_id, e.entity_id, e.name FROM mentions AS m JOIN entities AS e USING (entity_id) "
            "WHERE m.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1, 3", [ids]).fetchall():
        entities.setdefault(article, []).append((entity_id, name))
    measures: dict[str, list[str]] = {}
    for article, measure in con.execute(
            "SELECT DISTINCT article_id, measure FROM sanction_events "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1, 2", [ids]).fetchall():
        measures.setdefault(article, []).append(measure)
    documents = []
    for article, title, text, lang, source, url, reported, _ in rows:
        named = entities.get(article, [])
        documents.append({
            "article_id": [article], "headline": [title or ""], "title": [index_text(title or "")],
            "body": [index_text(text or "")], "lang": [lang or "und"], "source": [source or ""], "url": [url],
            "published": [reported.replace(tzinfo=UTC) if reported else datetime(1970, 1, 1, tzinfo=UTC)],
            "entity": sorted({key.casefold() for pair in named for key in pair}),
            "entity_name": [name for _, name in named], "measure": measures.get(article, []),
        })
    return documents


def _document(fields: dict[str, list]) -> tantivy.Document:
    import tantivy

    document = tantivy.Document()
    for name, values in fields.items():
        for value in values:
            if name == "published":
                document.add_date(name, value)
            else:
                document.add_text(name, value)
    return document


def schema() -> tantivy.Schema:
    """The index's fields: stored ones for display, raw ones for filters, analysed title and body."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name in ("article_id", "headline", "lang", "source", "url", "entity", "entity_name", "measure"):
        builder.add_text_field(name, stored=name not in ("entity", "measure"), tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name=ANALYZER)
    builder.add_text_field("body", stored=True, tokenizer_name=ANALYZER)
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    return builder.build()


def analyzer() -> tantivy.TextAnalyzer:
    """Words split on anything not a letter or digit, lowercased, accents removed (`Pékin` finds `Pekin`)."""
    import tantivy

    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def _read_mark(folder: Path) -> dict[str, Any] | None:
    try:
        mark = json.loads((folder / MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return mark if isinstance(mark, dict) else None


def _write_mark(folder: Path, extracted_at: str | None) -> None:
    """Record (after a commit) the extraction time of the last article indexed."""
    path = folder / MARK
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"version": SCHEMA_VERSION, "extracted_at": extracted_at}), encoding="utf-8")
    temporary.replace(path)
