"""What of a channel URL is secret, and the stable label a channel is shown and recorded under.

Webhook services carry their tokens in the URL's host and path (Slack, Discord, Teams), query values
(`?token=`, Apprise's `-Header=` values) or user info; none of it may reach a log line, an error,
`doctor` or the warehouse. A channel is named by its scheme, its host where the scheme names a
server, and a digest of the URL as written in the alerts file (stable while the file is unchanged,
also when a `${VARIABLE}` it holds is rotated).
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, unquote, urlsplit

# schemes whose host is a server name, not a token
_SERVER_SCHEMES = frozenset({"json", "jsons", "xml", "xmls", "form", "forms", "mailto", "mailtos"})
_MIN_PART = 6  # path segments and query values shorter than this are words (`POST`, `yes`), not tokens


def url_secrets(url: str) -> tuple[str, ...]:
    """Every part of `url` that may be a credential, raw and percent-decoded."""
    try:
        parts = urlsplit(url)
        username, password = parts.username, parts.password
        host = parts.hostname
    except ValueError:  # a URL Apprise will refuse anyway: all of it after the scheme is secret
        return (url.split("://", 1)[-1],)
    found = [value for value in (username, password) if value]
    candidates = [segment for segment in parts.path.split("/") if segment]
    candidates += [value for _, value in parse_qsl(parts.query, keep_blank_values=False)]
    candidates += [parts.fragment] if parts.fragment else []
    if host and parts.scheme.lower() not in _SERVER_SCHEMES:
        candidates.append(host)
    found += [value for value in candidates if len(value) >= _MIN_PART]
    return tuple(dict.fromkeys([*found, *(unquote(value) for value in found)]))


def channel_label(written: str, url: str) -> str:
    """`apprise:` + the scheme, the server for server schemes, and `#` + a digest of `written`."""
    digest = hashlib.sha256(written.encode("utf-8")).hexdigest()[:10]
    scheme = url.split("://", 1)[0].lower() if "://" in url else "url"
    try:
        parts = urlsplit(url)
        server = parts.hostname if scheme in _SERVER_SCHEMES else None
        port = parts.port
    except ValueError:
        server, port = None, None
    where = f"://{server}{f':{port}' if port else ''}" if server else ""
    return f"apprise:{scheme}{where}#{digest}"
