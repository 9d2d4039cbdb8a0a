"""The weekly editors' digest: `build_digest(con, week)` gathers the data, `render_markdown` and
`render_html` write it, `send_digest` mails it through the alert channels. Attributes load on first use,
so importing the package stays cheap.
"""

from __future__ import annotations

from flows.lazy import lazy_attributes

_API = {
    "build_digest": "flows.digest.data",
    "render_markdown": "flows.digest.markdown",
    "render_html": "flows.digest.html",
    "send_digest": "flows.digest.send",
}
__all__ = list(_API)

__getattr__ = lazy_attributes(__name__, _API)
