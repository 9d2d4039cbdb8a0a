"""Writing a user's output file: a regular file only, replaced whole (temporary file, then rename)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from core.errors import UserError


def write_text_atomically(target: str | Path, text: str) -> Path:
    """Write `text` to `target`, a regular file or a new name in an existing folder (see `check_writable`)."""
    target = check_writable(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def check_writable(target: str | Path) -> Path:
    """`target` as a path, when it is a regular file or a new name in an existing folder; anything else (a
    folder, a symbolic link, a device such as /dev/null) is a `UserError`, and nothing is touched."""
    target = Path(target)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = ("a folder" if stat.S_ISDIR(mode) else "a symbolic link" if stat.S_ISLNK(mode)
                else "not a regular file")
        raise UserError(f"cannot write {target}: it is {kind}; give the name of a file")
    if not target.parent.is_dir():
        raise UserError(f"cannot write {target}: folder {target.parent} does not exist")
    return target
