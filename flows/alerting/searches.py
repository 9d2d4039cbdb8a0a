"""Saved searches of the alerts file (`searches:`): new articles matching one are alerts of their own.

```yaml
searches:
  - name: hbm                                   # one word: deliveries are recorded under it
    query: '"high-bandwidth memory" OR HBM'     # the syntax of `chipwatch search`
    lang: en                                    # optional filters: lang, source, entity, measure
```
An article matches when the search finds it and it was reported within `fresh_days` before the run (any
age when `fresh_days` is `all`); each article is sent once per search and channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.vocab import MEASURES

SEARCH_KEYS = ("name", "query", "lang", "source", "entity", "measure")
SEARCH_LANGS = ("en", "fr", "zh")
MAX_MATCHES = 200  # articles one saved search may raise in one run
_NAME = re.compile(r"^[\w.-]{1,40}$")


@dataclass(frozen=True)
class SavedSearch:
    """One saved search: its name, its query and the filters of `chipwatch search`."""

    name: str
    query: str
    filters: dict[str, str] = field(default_factory=dict)

    def alert_id(self, article_id: str) -> str:
        """The id the deliveries of one matching article are recorded under."""
        return f"search:{self.name}:{article_id}"


def read_searches(path: Path, data: Any) -> tuple[SavedSearch, ...]:
    """The `searches` list of the alerts file; `UserError` naming the entry and the field for any mistake,
    a query tantivy cannot parse included."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise UserError(f"{path}: searches: expected a list of saved searches")
    searches = []
    for index, item in enumerate(data):
        where = f"{path}: searches[{index}]"
        if not isinstance(item, dict):
            raise UserError(f"{where}: expected a mapping with keys {', '.join(SEARCH_KEYS)}")
        for key in item:
            if key not in SEARCH_KEYS:
                raise UserError(f"{where}.{key}: unknown key (expected {', '.join(SEARCH_KEYS)})")
        name, query = item.get("name"), item.get("query")
        if not isinstance(name, str) or not _NAME.match(name):
            raise UserError(f"{where}.name: expected one word of letters, digits, . and - (at most 40)")
        if not isinstance(query, str) or not query.strip():
            raise UserError(f"{where}.query: expected the words to look for")
        _check_query(where, query)
        filters = {key: item[key] for key in SEARCH_KEYS[2:] if item.get(key) is not None}
        for key, value in filters.items():
            if not isinstance(value, str) or not value.strip():
                raise UserError(f"{where}.{key}: expected a word")
        if filters.get("lang", "en") not in SEARCH_LANGS:
            raise UserError(f"{where}.lang: expected one of {', '.join(SEARCH_LANGS)}")
        if filters.get("measure", MEASURES[0]) not in MEASURES:
            raise UserError(f"{where}.measure: expected one of {', '.join(MEASURES)}")
        if any(known.name == name for known in searches):
            raise UserError(f"{where}.name: two saved searches named {name!r}")
        searches.append(SavedSearch(name, query.strip(), filters))
    return tuple(searches)


def matches(folder: Path, saved: SavedSearch, fresh_days: float | None, today: date) -> list[Any]:
    """The index's hits (`warehouse.search_query.Hit`) for a saved search, reported within the fresh window."""
    from warehouse.search_query import Filters, search

    since = today - timedelta(days=fresh_days) if fresh_days is not None else None
    return search(folder, saved.query, Filters(since=since, **saved.filters), MAX_MATCHES)


def _check_query(where: str, query: str) -> None:
    """`UserError` when tantivy cannot parse `query` (checked on an empty index in memory)."""
    import tantivy

    from warehouse.search_index import ANALYZER, analyzer, schema
    from warehouse.search_query import prepare_query

    index = tantivy.Index(schema())
    index.register_tokenizer(ANALYZER, analyzer())
    try:
        index.parse_query(prepare_query(query), ["title", "body"])
    except ValueError as error:
        raise UserError(f"{where}.query: tantivy cannot read {query!r}: {error}") from None
