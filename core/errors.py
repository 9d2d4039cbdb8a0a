"""The exceptions that end a command with one line instead of a traceback, and how to name a machine failure."""

from __future__ import annotations

import errno

# OS errors that are about the machine, not about chipwatch: a full disk, a read-only or forbidden file
ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
ENVIRONMENT_MESSAGES = ("No space left on device", "Disk quota exceeded", "Read-only file system",
                        "Permission denied")


class UserError(Exception):
    """A mistake in input or configuration: shown as one line, exit code 2, no traceback."""


class StageFailed(RuntimeError):
    """A pipeline stage failed and already said why: shown as one line, exit code 1."""


def environment_failure(error: BaseException) -> str | None:
    """One line naming a full disk, an unwritable or a damaged file behind `error` (or its causes), else None."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in ENVIRONMENT_ERRNOS:
            where = f": {error.filename}" if error.filename else ""
            return f"{error.strerror}{where}"
        first_line = (str(error).strip().splitlines() or [""])[0]
        if any(message in first_line for message in ENVIRONMENT_MESSAGES):
            return first_line
        if type(error).__name__ == "IOException" and type(error).__module__.endswith("duckdb"):
            return f"{first_line} (is the warehouse file damaged? restore it from a copy)"
        error = error.__cause__ or error.__context__
    return None
