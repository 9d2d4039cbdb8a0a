"""One pipeline run per warehouse at a time: an advisory lock on `<db>.run.lock`, held for the whole run.

The operating system drops the lock with the process that held it, so a killed run leaves none behind.
Re-entrant within a process (the `pipeline` flow holds it, its `collection` subflow takes it again).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.errors import UserError

_held: dict[str, tuple[int, int]] = {}  # lock path -> (file descriptor, depth)


@contextmanager
def run_lock(db: str | Path) -> Iterator[None]:
    """Hold the run lock of warehouse `db`; a `UserError` naming the other run's process when it is taken."""
    path = str(Path(f"{db}.run.lock").resolve())
    if path in _held:
        fd, depth = _held[path]
        _held[path] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held[path]
            _held[path] = (fd, depth - 1)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise UserError(f"another chipwatch run (process {holder}) is working on {db}; try again when it ends") \
            from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _held[path] = (fd, 1)
    try:
        yield
    finally:
        del _held[path]
        os.close(fd)  # closing the descriptor releases the lock
