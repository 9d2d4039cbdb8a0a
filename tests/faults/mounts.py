"""Real file-system faults for the warehouse tests: a small tmpfs (a disk that fills up) and read-only mounts.

Mounting needs root; a test that cannot mount is skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount ({' '.join(args)}): {result.stderr.strip() or 'refused'}")


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "3m") mounted on `folder` for the duration of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def resize(folder: Path, size: str) -> None:
    """Grow (or shrink) a mounted tmpfs."""
    _mount("-o", f"remount,size={size}", str(folder))


@contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """`source` also mounted read-only on `view` (root ignores file modes, not a read-only mount)."""
    view.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(view))
    try:
        result = subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot remount read-only: {result.stderr.strip()}")
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Fill the file system of `folder` up to `leave_bytes` of free space with a filler file."""
    filler = folder / "filler"
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("wb") as handle:
        remaining = max(0, free - leave_bytes)
        while remaining > 0:
            chunk = min(remaining, 1 << 20)
            try:
                handle.write(b"\0" * chunk)
                handle.flush()
            except OSError:
                break
            remaining -= chunk
    return filler
