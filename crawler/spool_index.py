"""What a crawl must know of its spool, kept in SQLite beside it (`<spool>.index.sqlite`) so that a crawl
reads only the lines the index has not taken yet instead of the whole archive.

The index holds the settled and retryable URLs, the owner of each canonical link, and the near-duplicate
bands of each usable text (`crawler.dedupe`), with the mark of the spool it has read up to
(`crawler.spool.SpoolMark`). It is derived data: a spool rewritten by hand, an index of another schema
or an unreadable index file is rebuilt from the spool, with one line saying so. Deleting the file
rebuilds it at the next crawl.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from core.records import ArticleRecord
from core.vocab import USABLE
from crawler.dedupe import band_ranges, signature
from crawler.spool import SpoolMark, spool_fingerprint, spool_lines

SCHEMA = 1
PROGRESS_LINES = 5_000  # a catch-up this long says what it does
SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS mark (id INTEGER PRIMARY KEY CHECK (id = 0), schema INTEGER NOT NULL,
                                 byte_offset INTEGER NOT NULL, lines INTEGER NOT NULL, fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settled (url TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS retry (url TEXT PRIMARY KEY, source TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS owners (canonical TEXT PRIMARY KEY, url TEXT NOT NULL, text_key TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS texts (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, text_id INTEGER NOT NULL, PRIMARY KEY (band, text_id))
    WITHOUT ROWID;
"""


def text_key(text: str | None) -> str:
    """A short digest of an article's text: two records with the same key hold the same text."""
    return hashlib.sha256((text or "").encode("utf-8", "replace")).hexdigest()[:16]


def bands_of(text: str) -> list[int]:
    """The near-duplicate bands of a text as signed 64-bit integers: two texts that share one are candidates."""
    values = signature(text).hashvalues
    return [int.from_bytes(hashlib.blake2b(bytes([number]) + values[start:end].tobytes(), digest_size=8).digest(),
                           "big", signed=True) for number, (start, end) in enumerate(band_ranges())]


def fetch_outcome(record: ArticleRecord) -> tuple[list[str], bool]:
    """The URLs a record speaks for (fetched and canonical; none for a feed or sitemap listing), and whether
    it leaves them to be fetched again (a retryable failure) rather than settled."""
    if record.extra.get("kind") == "listing":
        return [], False
    urls = sorted({record.url, record.canonical_url} - {None})
    return urls, record.status == "failed" and record.extra.get("retryable", True)


class SpoolIndex:
    """The index of the spool at `spool`, caught up with it on opening (see module docstring)."""

    def __init__(self, spool: str | Path) -> None:
        self.spool = Path(spool)
        self.path = self.spool.with_name(self.spool.name + ".index.sqlite")
        self.con = self._open()
        try:
            self.catch_up()
        except sqlite3.OperationalError as error:  # a full disk, a read-only folder, a lock held too long
            self._in_memory(error)
            self.catch_up()

    def close(self) -> None:
        self.con.close()

    def catch_up(self) -> int:
        """Take the spool's lines after the mark (all of them when the spool no longer matches it); returns
        how many lines were read."""
        mark = self._mark()
        if mark.offset and spool_fingerprint(self.spool, mark.offset) != mark.fingerprint:
            print(f"{self.spool} was rewritten since it was indexed: indexing it again", flush=True)
            self._clear()
            mark = SpoolMark()
        read = 0
        with self.con:
            for offset, number, line in spool_lines(self.spool, mark):
                if read == PROGRESS_LINES:
                    print(f"indexing {self.spool} from line {number:,} …", flush=True)
                self._take(line)
                mark, read = SpoolMark(offset, number, ""), read + 1
            if read:
                self._save_mark(SpoolMark(mark.offset, mark.lines, spool_fingerprint(self.spool, mark.offset)))
        return read

    def is_settled(self, url: str) -> bool:
        return self.con.execute("SELECT 1 FROM settled WHERE url = ?", [url]).fetchone() is not None

    def retry_urls(self) -> dict[str, str | None]:
        """URL → source of each page whose last fetch failed in a way worth trying again."""
        return dict(self.con.execute("SELECT url, source FROM retry ORDER BY url"))

    def owner(self, canonical: str) -> tuple[str, str] | None:
        """(fetched URL, text key) of the first stored text whose key is `canonical`."""
        row = self.con.execute("SELECT url, text_key FROM owners WHERE canonical = ?", [canonical]).fetchone()
        return (row[0], row[1]) if row else None

    def first_match(self, text: str, exclude: str | None = None) -> str | None:
        """The key of the earliest stored usable text (other than `exclude`) that `text` nearly repeats."""
        bands = bands_of(text)
        row = self.con.execute(
            f"SELECT t.key FROM bands b JOIN texts t ON t.id = b.text_id WHERE b.band IN ({','.join('?' * len(bands))})"
            " AND t.key IS NOT ? ORDER BY t.id LIMIT 1", [*bands, exclude]).fetchone()
        return row[0] if row else None

    def _open(self) -> sqlite3.Connection:
        """The index's connection; an unreadable file or another schema is replaced by an empty index."""
        try:
            con = self._connect()
            row = con.execute("SELECT schema FROM mark").fetchone()
            if row is None or row[0] == SCHEMA:
                return con
            con.close()
            reason = f"has schema {row[0]}"
        except sqlite3.OperationalError as error:
            self._in_memory(error)
            return self.con
        except sqlite3.DatabaseError as error:  # not an SQLite file, or a damaged one
            reason = f"cannot be read ({error})"
        print(f"the crawl index {self.path} {reason}: building it again from the spool", flush=True)
        for stale in (self.path, self.path.with_name(self.path.name + "-wal"),
                      self.path.with_name(self.path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return self._connect()

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=60)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")  # a power cut may lose the last catch-up, read again later
            con.executescript(SCHEMA_SQL)
        except (OSError, sqlite3.OperationalError) as error:
            self._in_memory(error)
            return self.con
        return con

    def _in_memory(self, error: Exception) -> None:
        """Go on with an index in memory, read from the whole spool, when the file cannot be written."""
        print(f"WARNING: the crawl index {self.path} cannot be written ({error}); this crawl reads the whole "
              f"spool instead", flush=True)
        self.con = sqlite3.connect(":memory:")
        self.con.executescript(SCHEMA_SQL)

    def _mark(self) -> SpoolMark:
        row = self.con.execute("SELECT byte_offset, lines, fingerprint FROM mark").fetchone()
        return SpoolMark(*row) if row else SpoolMark()

    def _save_mark(self, mark: SpoolMark) -> None:
        self.con.execute("INSERT OR REPLACE INTO mark VALUES (0, ?, ?, ?, ?)",
                         [SCHEMA, mark.offset, mark.lines, mark.fingerprint])

    def _clear(self) -> None:
        with self.con:
            for table in ("mark", "settled", "retry", "owners", "texts", "bands"):
                self.con.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def _take(self, line: str) -> None:
        """Index one spool line; a line that holds no record is left to the load's quarantine."""
        try:
            record = ArticleRecord.from_dict(json.loads(line))
        except ValueError:  # JSON errors and RecordError both
            return
        urls, retryable = fetch_outcome(record)
        for url in urls:
            if retryable:
                self.con.execute("INSERT OR REPLACE INTO retry VALUES (?, ?)", [url, record.source])
            else:
                self.con.execute("INSERT OR IGNORE INTO settled VALUES (?)", [url])
                self.con.execute("DELETE FROM retry WHERE url = ?", [url])
        if record.canonical_url and record.text:
            self.con.execute("INSERT OR IGNORE INTO owners VALUES (?, ?, ?)",
                             [record.canonical_url, record.url, text_key(record.text)])
        key = record.canonical_url or record.url
        if record.status == USABLE and record.text and record.text.strip():
            self._add_text(key, record.text)

    def _add_text(self, key: str, text: str) -> None:
        added = self.con.execute("INSERT OR IGNORE INTO texts (key) VALUES (?)", [key])
        if added.rowcount:
            self.con.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)",
                                 [(band, added.lastrowid) for band in bands_of(text)])

