"""Editors' curation of a week's digest, stored in the warehouse (`digest_curation`): pin an item to the top of
its section, exclude it, or add a note shown under it.

Items are the week's new measures (`measure:<id>`) and stories (`story:<article id of its first article>`);
`chipwatch digest --review` lists them with their keys.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from core.errors import UserError

if TYPE_CHECKING:
    import duckdb

    from flows.digest.data import Digest

MAX_NOTE = 500


@dataclass(frozen=True)
class Choice:
    """What the editors decided for one item."""

    pinned: bool = False
    excluded: bool = False
    note: str | None = None


def read_choices(con: duckdb.DuckDBPyConnection, week: str) -> dict[str, Choice]:
    """Item key -> the editors' choice, for one ISO week."""
    rows = con.execute("SELECT item, pinned, excluded, note FROM digest_curation WHERE week = ?", [week]).fetchall()
    return {item: Choice(pinned, excluded, note) for item, pinned, excluded, note in rows}


def curate(con: duckdb.DuckDBPyConnection, digest: Digest, item: str, *, pinned: bool | None = None,
           excluded: bool | None = None, note: str | None = None) -> Choice:
    """Record a choice for an item of `digest` (its uncurated form, holding every item of the week); arguments
    left None keep their value, an empty `note` removes it. `UserError` for an item the week does not hold."""
    if item not in digest.item_keys():
        raise UserError(f"the digest of {digest.week.label} has no item {item!r}; "
                        "`chipwatch digest --review` lists its items")
    if note is not None and len(note) > MAX_NOTE:
        raise UserError(f"a note may hold at most {MAX_NOTE} characters")
    old = read_choices(con, digest.week.label).get(item, Choice())
    new = Choice(old.pinned if pinned is None else pinned, old.excluded if excluded is None else excluded,
                 old.note if note is None else (" ".join(note.split()) or None))
    con.execute(
        "INSERT OR REPLACE INTO digest_curation (week, item, pinned, excluded, note, updated_at) "
        "VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)", [digest.week.label, item, new.pinned, new.excluded, new.note])
    return new


def apply_choices(digest: Digest, choices: dict[str, Choice], top_stories: int) -> Digest:
    """`digest` without its excluded items, pinned items first, at most `top_stories` stories besides the
    pinned ones, and the editors' notes."""
    def kept(items: list, key) -> list:
        shown = [item for item in items if not choices.get(key(item), Choice()).excluded]
        return sorted(shown, key=lambda item: not choices.get(key(item), Choice()).pinned)

    events = kept(digest.events, lambda event: event.key)
    stories = kept(digest.stories, lambda story: story.key)
    pinned = [story for story in stories if choices.get(story.key, Choice()).pinned]
    stories = pinned + [story for story in stories if story not in pinned][:max(0, top_stories - len(pinned))]
    return replace(digest, events=events, stories=stories, choices=choices)
