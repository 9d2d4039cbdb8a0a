"""The connection policy, checked on every request (redirects and robots.txt included) before it is sent.

A request must use http or https, stay on the `allowed_domains` of its source, and reach only public
addresses: a private, loopback, link-local, carrier-grade NAT or otherwise reserved address (the host an
address literal, or the address a host name resolves to) is allowed only at the exact host and port a
seed of the source names as an address literal (as the demo press and test sites on 127.0.0.1 do): a
host name that resolves to such an address is refused. A request without a source
(Scrapy's robots.txt requests) is held to the policy of the sources whose domains hold its host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from functools import lru_cache

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.sources import Source
from crawler.urls import address_literal, host_port

RESOLVE_SECONDS = 5.0
CARRIER_NAT = ipaddress.ip_network("100.64.0.0/10")


class OffDomainRequest(IgnoreRequest):
    """A request (usually a redirect) left the domains or addresses its source allows."""


def private(address: str) -> bool:
    """Whether an IP address is not on the public internet (loopback, private, link-local, NAT, reserved…)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip in CARRIER_NAT or ip.is_multicast


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        return tuple(sorted({info[4][0] for info in socket.getaddrinfo(host, None)}))
    except OSError:
        return ()  # an unknown host fails at download with its own reason


async def _addresses(host: str) -> tuple[str, ...]:
    try:
        return await asyncio.wait_for(asyncio.to_thread(_resolve, host), RESOLVE_SECONDS)
    except TimeoutError:
        return ()  # a resolver that does not answer fails at download with its own reason


class SourceDomainMiddleware:
    """Refuses (with `OffDomainRequest`) a request outside the connection policy of its source."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceDomainMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: object = None) -> None:
        sources: dict[str, Source] = getattr(self.crawler.spider, "sources_by_name", {})
        parts = urlparse_cached(request)
        host, port = host_port(request.url)
        named = sources.get(request.meta.get("source"))
        candidates = [named] if named else [s for s in sources.values() if s.allows(request.url)]
        via = " after a redirect" if request.meta.get("redirect_times") else ""
        if parts.scheme not in ("http", "https"):
            self._refuse(f"{parts.scheme}: URL{via} refused: only http and https are fetched")
        if not candidates or not candidates[0].allows(request.url):
            owner = named.name if named else "any source"
            self._refuse(f"off-domain URL{via}: {host} is not in allowed_domains of {owner}")
        literal = address_literal(host)
        addresses = (literal,) if literal else await _addresses(host)
        if any(private(address) for address in addresses) and not any(
                (host, port) in source.seed_addresses for source in candidates):
            self.crawler.stats.inc_value("chipwatch/policy/private_refused")
            self._refuse(f"URL{via} refused: {host}:{port} is a private or local address no seed of the source names")
        return None

    def _refuse(self, reason: str) -> None:
        self.crawler.stats.inc_value("chipwatch/offdomain/dropped")
        raise OffDomainRequest(reason)
