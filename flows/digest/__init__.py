"""The weekly editors' digest: `build_digest(con, week)` gathers the data, `render_markdown` and
`render_html` write it, `send_digest` mails it through the alert channels. Attributes load on first use,
so importing the package stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_API = {
    "build_digest": "flows.digest.data",
    "render_markdown": "flows.digest.markdown",
    "render_html": "flows.digest.html",
    "send_digest": "flows.digest.send",
}
__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_API[name]), name)
