"""Open the DuckDB warehouse: wait out another writer's lock, apply migrations, recreate views."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import UserError
from warehouse.bounds import DEFAULT_LOCK_TIMEOUT
from warehouse.rows import transaction, utc_now

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VIEWS_DIR = Path(__file__).parent / "views"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z]+_[a-z_]+\.sql$")
_VIEW_NAME = re.compile(r"^v_[a-z_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered schema change read from `migrations/NNNN_<verb>_<object>.sql`."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """All migrations shipped with the code, in version order (numbers must run 1, 2, 3, ...)."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file name not NNNN_<verb>_<object>.sql: {path.name}")
        found.append(Migration(int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migration numbers must run 1..n without gaps, got {versions}")
    return found


def latest_version() -> int:
    """The schema version this code creates."""
    return len(migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version recorded in the file: 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main' "
        "AND database_name = current_database()"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply pending migrations up to `target` (default: all), one transaction each; returns versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    current = check_not_newer(con)
    applied = []
    for migration in migrations():
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        with transaction(con):
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                [migration.version, migration.name, utc_now()],
            )
        applied.append(migration.version)
    return applied


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view from `views/v_<purpose>.sql`; each file defines the view named like the file."""
    names = []
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        if not _VIEW_NAME.match(path.name):
            raise ValueError(f"view file name not v_<purpose>.sql: {path.name}")
        con.execute(f"CREATE OR REPLACE VIEW {path.stem} AS\n{path.read_text(encoding='utf-8')}")
        names.append(path.stem)
    return names


def open_warehouse(
    path: str | Path, read_only: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, any_version: bool = False
) -> duckdb.DuckDBPyConnection:
    """Connect to the warehouse file; a writable connection is migrated and its views recreated.

    While another process holds the file, retry with backoff for up to `lock_timeout` seconds,
    then raise `UserError`. A read-only open needs an existing file and never changes it; it also needs
    the schema this code writes (its tables and views), unless `any_version` (to report on an old file).
    """
    path = Path(path)
    if read_only and not path.is_file():
        raise UserError(f"no warehouse at {path}")
    if not read_only and not path.parent.is_dir():
        raise UserError(f"cannot create warehouse {path}: folder {path.parent} does not exist")
    con = _connect(path, read_only, lock_timeout)
    try:
        if read_only:
            current = check_not_newer(con)
            if current < latest_version() and not any_version:
                raise UserError(f"warehouse {path} has schema version {current}, this chipwatch reads version "
                                f"{latest_version()}: run `chipwatch run` (or any command that writes it) once")
        else:
            migrate(con)
            create_views(con)
    except BaseException:
        con.close()
        raise
    return con


def _connect(path: Path, read_only: bool, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect`, retried with exponential backoff while the file is locked by another process."""
    deadline = time.monotonic() + lock_timeout
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            message = str(error)
            if "lock" not in message.lower():
                raise UserError(f"cannot open warehouse {path}: {message.splitlines()[0]}") from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                holder = re.search(r"\(PID (\d+)\)", message)
                by = f" (held by process {holder.group(1)})" if holder else ""
                raise UserError(
                    f"warehouse {path} is locked by another process{by}; gave up after {lock_timeout:g} s"
                ) from error
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 1.0)
        except duckdb.Error as error:
            raise UserError(f"cannot open warehouse {path}: {str(error).splitlines()[0]}") from error


def check_not_newer(con: duckdb.DuckDBPyConnection) -> int:
    """The file's schema version; `UserError` when a newer chipwatch wrote it (its tables may differ)."""
    current, known = schema_version(con), latest_version()
    if current > known:
        raise UserError(
            f"warehouse has schema version {current} but this chipwatch knows only up to {known}: "
            "upgrade chipwatch"
        )
    return current
