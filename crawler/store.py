"""The crawl's JSONL article store: what is already known, and atomic appends of new records.

Until the warehouse takes over, a crawl's output is one JSONL file of `ArticleRecord`s. A record is
written whole (one `write` of full lines, flushed as it comes, fsynced per batch), so a killed crawl
keeps every record it took and leaves only complete lines; a torn last line from an older crash is
ignored on read. The index of settled URLs is read from the file on first use only, so a store opened
to append costs nothing.
Feed validators (ETag / Last-Modified) live beside it in `<file>.feeds.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.records import ArticleRecord, RecordError


class ArticleStore:
    """Append-only JSONL file of article records with an index of the URLs already settled."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.validators_path = self.path.with_name(self.path.name + ".feeds.json")
        self._settled: set[str] | None = None
        self._retry: dict[str, str] = {}  # URL of a retryable failure → its source

    def records(self) -> Iterator[dict[str, Any]]:
        """Every complete record in the file, oldest first."""
        return read_records(self.path)

    def is_settled(self, url: str) -> bool:
        """Whether the URL was stored with a final outcome (anything but a retryable failure)."""
        return url in self._index()

    @property
    def retry_urls(self) -> dict[str, str]:
        """URL → source of each page whose last fetch failed in a way worth trying again."""
        self._index()
        return self._retry

    def _index(self) -> set[str]:
        """The settled URLs, read from the file the first time they are asked for."""
        if self._settled is None:
            self._settled = set()
            for record in self.records():
                self._add(record)
        return self._settled

    def append(self, records: Iterable[ArticleRecord], *, sync: bool = True) -> int:
        """Write records as whole lines and flush them to the system (which keeps them should the process
        be killed), then fsync unless `sync` is False (see `sync`); returns how many were written.

        A torn last line left by a killed writer is closed first, so it cannot swallow the next record;
        when the write fails (disk full), the file is cut back to its former size and the error raised.
        """
        lines = [json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records]
        if not lines:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        start = self.path.stat().st_size if self.path.exists() else 0
        try:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(("\n" if start and not _ends_with_newline(self.path) else "") + "".join(lines))
                handle.flush()
                if sync:
                    os.fsync(handle.fileno())
        except OSError:
            os.truncate(self.path, start)
            raise
        if self._settled is not None:
            for line in lines:
                self._add(json.loads(line))
        return len(lines)

    def sync(self) -> None:
        """Make what was appended durable on disk (against a power cut, not only a killed process)."""
        if self.path.exists():
            with self.path.open("rb") as handle:
                os.fsync(handle.fileno())

    def _add(self, record: dict[str, Any]) -> None:
        assert self._settled is not None
        if not isinstance(record, dict):
            return
        extra = record.get("extra") if isinstance(record.get("extra"), dict) else {}
        if extra.get("kind") == "listing":
            return
        urls = {record.get("url"), record.get("canonical_url")} - {None}
        retryable = record.get("status") == "failed" and extra.get("retryable", True)
        for url in urls:
            if retryable:
                self._retry[url] = record.get("source")
            else:
                self._settled.add(url)
                self._retry.pop(url, None)

    def load_validators(self) -> dict[str, dict[str, str]]:
        """Feed URL → {"etag", "last_modified"} saved by the previous crawl."""
        try:
            return json.loads(self.validators_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def save_validators(self, validators: dict[str, dict[str, str]]) -> None:
        """Replace the feed validators atomically (temp file + rename)."""
        self.validators_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.validators_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(validators, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.validators_path)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def read_records(path: Path, skip: int = 0) -> Iterator[Any]:
    """Complete JSON lines of a JSONL article file after its first `skip` lines; a torn last line is ignored."""
    for _, value in _numbered_values(path, skip):
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
    if path.exists():
        with path.open("rb") as handle:
            handle.seek(offset)
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break  # torn last line from an interrupted write
                offset, number = offset + len(raw), number + 1
                line = raw.decode("utf-8", errors="replace")
                try:
                    found.records.append(ArticleRecord.from_dict(json.loads(line)))
                except ValueError as error:  # JSON errors and RecordError both
                    reason = str(error) if isinstance(error, RecordError) else f"not JSON ({error})"
                    found.bad.append((number, reason, line.rstrip("\n")))
    found.mark = SpoolMark(offset, number, spool_fingerprint(path, offset))
    return found


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


def _numbered_values(path: Path, skip: int = 0) -> Iterator[tuple[int, Any]]:
    """(line number from 1, parsed JSON) of each complete, readable line after the first `skip`."""
    for number, line in _lines(path, skip):
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError:
            continue


def _lines(path: Path, skip: int = 0) -> Iterator[tuple[int, str]]:
    """(line number from 1, text) of each complete line after the first `skip`; a torn last line is left out."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:  # a torn line may end mid-character
        for number, line in enumerate(handle, 1):
            if not line.endswith("\n"):
                break  # torn last line from an interrupted write
            if number > skip:
                yield number, line


def count_lines(path: Path) -> int:
    """Number of complete lines in a file (0 when it does not exist)."""
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.endswith(b"\n"))
