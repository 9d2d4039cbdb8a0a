"""Search the archive's full-text index (`warehouse.search_index`): a query in tantivy's syntax, filters, and
ranked results with a snippet and the article's entities.

Syntax (tantivy's): words (articles holding more of them rank first), `+word` (must hold it), `-word` or
`NOT word`, `AND`, `OR`, parentheses, `"a phrase"`, `title:word`. A run of Chinese characters is cut into
words that must all be there (`实体清单` finds `實體清單`); inside quotes it is a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from core.errors import UserError
from warehouse.search_index import CJK_RUN, index_text, open_index

SNIPPET_CHARS = 240
MAX_RESULTS = 500
QUOTED = re.compile(r'"[^"]*"')
MARK_ON, MARK_OFF = "\x00", "\x01"
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"  # characters and punctuation
# spaces the index put beside Chinese words, also where a highlight mark stands between
CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +|(?<=[{_CJK}][\x00\x01]) +| +(?=[\x00\x01]?[{_CJK}])")


@dataclass(frozen=True)
class Filters:
    """Restrictions on the results: language, source, reported date range, entity (KB id or name), measure."""

    lang: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None
    entity: str | None = None
    measure: str | None = None


@dataclass(frozen=True)
class Hit:
    """One result: the article, its score, a snippet with `[matched]` words, and its entities' names."""

    article_id: str
    score: float
    published: date
    lang: str
    source: str
    title: str
    url: str
    snippet: str
    entities: list[str] = field(default_factory=list)


def search(folder: str | Path, query: str, filters: Filters = Filters(), limit: int = 10) -> list[Hit]:
    """The `limit` best articles for `query` under `filters`; `UserError` for a query tantivy cannot parse or
    a missing index."""
    import tantivy

    folder = Path(folder)
    try:
        index = open_index(folder)
    except ValueError:
        raise UserError(f"no search index at {folder}: run `chipwatch search --rebuild` (the pipeline keeps it "
                        "up to date after that)") from None
    try:
        parsed = index.parse_query(prepare_query(query), ["title", "body"])
    except ValueError as error:
        raise UserError(f"bad search query {query!r}: {error}") from None
    schema = index.schema
    clauses = [(tantivy.Occur.Must, parsed), *((tantivy.Occur.Must, clause) for clause in _filters(schema, filters))]
    searcher = index.searcher()
    combined = tantivy.Query.boolean_query(clauses)
    snippets = tantivy.SnippetGenerator.create(searcher, combined, schema, "body")
    snippets.set_max_num_chars(SNIPPET_CHARS)
    hits = []
    for score, address in searcher.search(combined, min(limit, MAX_RESULTS)).hits:
        doc = searcher.doc(address)
        hits.append(Hit(
            article_id=doc["article_id"][0], score=round(score, 3), published=doc["published"][0].date(),
            lang=doc["lang"][0], source=doc["source"][0], title=doc["headline"][0], url=doc["url"][0],
            snippet=_render(snippets.snippet_from_doc(doc)), entities=list(doc.to_dict().get("entity_name", [])),
        ))
    return hits


def prepare_query(query: str) -> str:
    """`query` with each run of Chinese characters cut into words: all required outside quotes
    (`实体清单` -> `(实体 AND 清单)`), a phrase inside them."""
    parts, end = [], 0
    for match in QUOTED.finditer(query):
        parts.append(_cjk_required(query[end:match.start()]))
        parts.append(" ".join(index_text(match.group()).split()).replace('" ', '"').replace(' "', '"'))
        end = match.end()
    parts.append(_cjk_required(query[end:]))
    return "".join(parts)


def _cjk_required(text: str) -> str:
    def words(run: re.Match[str]) -> str:
        cut = index_text(run.group()).split()
        return cut[0] if len(cut) == 1 else "(" + " AND ".join(cut) + ")"

    return CJK_RUN.sub(words, text)


def _filters(schema: object, filters: Filters) -> list:
    import tantivy

    clauses = [tantivy.Query.term_query(schema, name, value) for name, value in (
        ("lang", filters.lang), ("source", filters.source), ("measure", filters.measure),
        ("entity", filters.entity.casefold() if filters.entity else None)) if value]
    if filters.since or filters.until:
        low = datetime.combine(filters.since or date(1970, 1, 1), time.min, UTC)
        high = datetime.combine(filters.until or date(2262, 1, 1), time.max, UTC)  # tantivy dates end in 2262
        clauses.append(tantivy.Query.range_query(schema, "published", tantivy.FieldType.Date, low, high))
    return clauses


def _render(snippet: object) -> str:
    """The snippet's text on one line with `[...]` around the matched words, Chinese words joined again."""
    text = snippet.fragment().encode("utf-8")  # the highlighted ranges count bytes
    marked, last = [], 0
    for span in snippet.highlighted():
        marked += [text[last:span.start].decode(), MARK_ON, text[span.start:span.end].decode(), MARK_OFF]
        last = span.end
    marked.append(text[last:].decode())
    line = CJK_GAP.sub("", " ".join("".join(marked).split()).replace(MARK_ON + " ", " " + MARK_ON))
    line = "".join(char for char in line if char in (MARK_ON, MARK_OFF) or char.isprintable())
    return line.replace(MARK_ON, "[").replace(MARK_OFF, "]")
