"""One pipeline run per warehouse at a time: an advisory lock on `<db>.run.lock`, held for the whole run.

The operating system drops the lock with the process that held it, so a killed run leaves none behind.
Re-entrant within a process (the `pipeline` flow holds it, its `collection` subflow takes it again).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.errors import UserError

_held: dict[str, tuple[int, int]] = {}  # lock path -> (file descriptor, depth)
RUN_LOCK_WAIT = 3600.0  # a scheduled run waits this long for the one before it
POLL_SECONDS = 1.0


@contextmanager
def run_lock(db: str | Path, wait: float = RUN_LOCK_WAIT) -> Iterator[None]:
    """Hold the run lock of warehouse `db`, waiting up to `wait` seconds for another run to end; then a
    `UserError` naming that run's process."""
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
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            if time.monotonic() >= deadline:
                os.close(fd)
                raise UserError(f"another chipwatch run (process {holder}) is working on {db}; gave up after "
                                f"{wait:g} s") from None
            if not told:
                print(f"waiting for the chipwatch run of process {holder} on {db} to end", flush=True)
                told = True
            time.sleep(POLL_SECONDS)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _held[path] = (fd, 1)
    try:
        yield
    finally:
        del _held[path]
        os.close(fd)  # closing the descriptor releases the lock
