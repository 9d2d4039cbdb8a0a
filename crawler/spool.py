"""Reading the crawl's JSONL spool: complete lines from a mark, records, and lines set aside.

A torn last line (a write interrupted by a kill) is never read; it waits for a later read, once the
store's next append has closed it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.records import ArticleRecord, RecordError


def read_records(path: Path, offset: int = 0) -> Iterator[Any]:
    """The parsed complete JSON lines of a JSONL file from byte `offset` on (a line start); lines that are no
    JSON are left out."""
    for _, value in _numbered_values(path, SpoolMark(offset=offset)):
        yield value


FINGERPRINT_BYTES = 64 * 1024  # bytes hashed at each end of what was loaded, to see a spool rewritten


@dataclass(frozen=True)
class SpoolMark:
    """How far a spool has been read: the end of its last complete line, the lines up to there, and a
    fingerprint of the bytes before it (its first and last `FINGERPRINT_BYTES`)."""

    offset: int = 0
    lines: int = 0
    fingerprint: str = ""


@dataclass
class SpoolRead:
    """The records of a spool read from a mark, the lines that hold none: (line number, reason, the line),
    the mark after them, and whether the earlier mark no longer matched the file (it was read whole)."""

    records: list[ArticleRecord] = field(default_factory=list)
    bad: list[tuple[int, str, str]] = field(default_factory=list)
    mark: SpoolMark = field(default_factory=SpoolMark)
    rewritten: bool = False


def read_spool(path: Path, since: SpoolMark | None = None) -> SpoolRead:
    """The records of a spool file after the mark `since` (all of them without one), oldest first; a line
    that is not a record (broken JSON, a list, a wrong-typed field, an invalid character) is set aside with
    its reason, never fatal. A torn last line is left for a later read. When the file no longer matches
    the mark (shorter, or rewritten by hand), it is read whole."""
    found = SpoolRead()
    start = since or SpoolMark()
    if start.offset and spool_fingerprint(path, start.offset) != start.fingerprint:
        found.rewritten, start = True, SpoolMark()
    offset, number = start.offset, start.lines
    for offset, number, line in spool_lines(path, start):  # noqa: B007 - the last offset is the new mark
        try:
            found.records.append(ArticleRecord.from_dict(json.loads(line)))
        except ValueError as error:  # JSON errors and RecordError both
            reason = str(error) if isinstance(error, RecordError) else f"not JSON ({error})"
            found.bad.append((number, reason, line.rstrip("\n")))
    found.mark = SpoolMark(offset, number, spool_fingerprint(path, offset))
    return found


def spool_lines(path: Path, start: SpoolMark) -> Iterator[tuple[int, int, str]]:
    """(offset after the line, its number from 1, its text) of each complete line after `start`; a torn last
    line (an interrupted write) is left for a later read."""
    if not path.exists():
        return
    offset, number = start.offset, start.lines
    with path.open("rb") as handle:
        handle.seek(offset)
        for raw in handle:
            if not raw.endswith(b"\n"):
                return
            offset, number = offset + len(raw), number + 1
            yield offset, number, raw.decode("utf-8", errors="replace")


def spool_fingerprint(path: Path, offset: int) -> str:
    """A digest of the first `offset` bytes of `path` (their two ends and the length); "" past its end."""
    if not path.exists() or path.stat().st_size < offset:
        return ""
    digest = hashlib.sha256(str(offset).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(min(offset, FINGERPRINT_BYTES)))
        handle.seek(max(0, offset - FINGERPRINT_BYTES))
        digest.update(handle.read(min(offset, FINGERPRINT_BYTES)))
    return digest.hexdigest()


def quarantine(path: Path, bad: list[tuple[int, str, str]]) -> Path:
    """Copy the unreadable lines of a spool to `<spool>.quarantine.jsonl` with their reason (each once), with
    one warning line for each line set aside for the first time; the spool itself is left as it is."""
    target = path.with_name(path.name + ".quarantine.jsonl")
    known = {(entry.get("line"), entry.get("text")) for _, entry in _numbered_values(target)
             if isinstance(entry, dict)}
    fresh = [(number, reason, text) for number, reason, text in bad if (number, text) not in known]
    if fresh:
        with target.open("a", encoding="utf-8") as handle:
            for number, reason, text in fresh:
                print(f"WARNING: {path} line {number} is no article record ({reason}); set aside in {target.name}")
                handle.write(json.dumps({"line": number, "reason": reason, "text": text}) + "\n")
    return target


def _numbered_values(path: Path, start: SpoolMark | None = None) -> Iterator[tuple[int, Any]]:
    """(line number from 1, parsed JSON) of each complete, readable line after `start`."""
    for _, number, line in spool_lines(path, start or SpoolMark()):
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError:
            continue
