"""URLs: canonicalisation (one spelling per article, whatever tracking parameters a link carries) and the
host and port a URL reaches."""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "at_", "ga_", "hsa_")
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "xtor", "xts", "cmpid",
    "ref", "ref_src", "spm", "from", "share", "ito", "ncid", "_ga", "oly_enc_id", "oly_anon_id",
}


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters; sort the rest."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(sorted(query)), ""))


def host_port(url: str) -> tuple[str, int]:
    """The lower-case host of `url` and its port (80 or 443 when the URL names none)."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def address_literal(host: str) -> str | None:
    """The IP address a host written as an address (`127.0.0.1`, `[::1]`) names, or None for a host name."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def is_tracking(param: str) -> bool:
    """Whether a query parameter only tracks the reader (analytics, campaigns, referrers)."""
    name = param.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)
