"""Reading a user's configuration file (sources, alerts): bounded in size, plain YAML without aliases.

YAML aliases let a few hundred bytes stand for billions of nodes (`&a [*b, *b, …]`); configuration needs
none, so a file using one is refused, as is a file over `MAX_CONFIG_BYTES`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.errors import UserError

MAX_CONFIG_BYTES = 1024 * 1024


class _NoAliases(yaml.SafeLoader):
    """The (pure-Python) safe loader, refusing aliases (and so the anchors they point at) outright."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed in a configuration file", event.start_mark)
        return super().compose_node(parent, index)


def read_config(path: str | Path, kind: str) -> Any:
    """The parsed YAML of a `kind` file ("sources file", "alerts file"); every problem is one `UserError` line."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise UserError(f"{path}: {kind} larger than {MAX_CONFIG_BYTES // 1024} KiB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: {kind} not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read {kind} ({getattr(error, 'strerror', None) or error})") from None
    try:
        return yaml.load(text, Loader=_NoAliases)  # noqa: S506 - a safe loader without aliases
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise UserError(f"{path}: not valid YAML{where}: {problem}") from None
