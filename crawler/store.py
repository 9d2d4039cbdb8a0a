"""The crawl's JSONL article store: what is already known, and atomic appends of new records.

Until the warehouse takes over, a crawl's output is one JSONL file of `ArticleRecord`s. A record is
written whole (one `write` of full lines, flushed as it comes, fsynced per batch), so a killed crawl
keeps every record it took and leaves only complete lines; a torn last line from an older crash is
ignored on read. What it knows of the URLs stored by earlier crawls comes from the spool's index
(`crawler.spool_index`), opened on first use only, so a store opened to append costs nothing.
Feed validators (ETag / Last-Modified) live beside it in `<file>.feeds.json`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from core.records import ArticleRecord
from crawler.spool_index import SpoolIndex, fetch_outcome


class ArticleStore:
    """Append-only JSONL file of article records, with what it knows of the URLs already settled."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.validators_path = self.path.with_name(self.path.name + ".feeds.json")
        self._index: SpoolIndex | None = None
        self._settled: set[str] = set()  # URLs this store settled since it was opened
        self._retry: dict[str, str | None] = {}  # URL → source of a retryable failure this store wrote

    @property
    def index(self) -> SpoolIndex:
        """The spool's index (`crawler.spool_index`), opened and caught up on first use."""
        if self._index is None:
            self._index = SpoolIndex(self.path)
        return self._index

    def is_settled(self, url: str) -> bool:
        """Whether the URL was stored with a final outcome (anything but a retryable failure)."""
        return url in self._settled or self.index.is_settled(url)

    @property
    def retry_urls(self) -> dict[str, str | None]:
        """URL → source of each page whose last fetch failed in a way worth trying again."""
        known = self.index.retry_urls() | self._retry
        return {url: source for url, source in known.items() if url not in self._settled}

    def append(self, records: Iterable[ArticleRecord], *, sync: bool = True) -> int:
        """Write records as whole lines and flush them to the system (which keeps them should the process
        be killed), then fsync unless `sync` is False (see `sync`); returns how many were written.

        A torn last line left by a killed writer is closed first, so it cannot swallow the next record;
        when the write fails (disk full), the file is cut back to its former size and the error raised.
        """
        records = list(records)
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
        for record in records:
            self._add(record)
        return len(lines)

    def sync(self) -> None:
        """Make what was appended durable on disk (against a power cut, not only a killed process)."""
        if self.path.exists():
            with self.path.open("rb") as handle:
                os.fsync(handle.fileno())

    def _add(self, record: ArticleRecord) -> None:
        urls, retryable = fetch_outcome(record)
        for url in urls:
            if retryable:
                self._retry[url] = record.source
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
