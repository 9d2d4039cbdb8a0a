"""robots.txt read as RFC 9309 says: unreachable (a 5xx answer, a timeout, a broken or oversized download)
means disallow everything for this run; 4xx means no rules. Pages a run could not ask about are retried
on the next run, not recorded as forbidden for good. A host that cannot be reached at all (unknown,
refusing connections, outside the connection policy) needs no rules: its pages fail for that reason."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.internet import error as net

# failures that reach no server: the pages of such a host fail with the same reason
UNCONTACTED = (IgnoreRequest, scrapy_errors.CannotResolveHostError, net.DNSLookupError,
               scrapy_errors.DownloadConnectionRefusedError, net.ConnectionRefusedError)


class RobotsUnreachable(IgnoreRequest):
    """robots.txt of the host could not be read in this run: its pages wait for the next one."""


class Unreachable:
    """The robots parser of a host whose robots.txt could not be read: it allows nothing."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def allowed(self, url: str, user_agent: str | bytes) -> bool:
        return False


class PoliteRobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309's answer to an unreachable file."""

    def process_request_2(self, rp: object, request: Request) -> None:
        if isinstance(rp, Unreachable):
            self._stats.inc_value("chipwatch/robots/unreachable")
            raise RobotsUnreachable(f"robots.txt unreachable ({rp.reason}): not fetched in this run")
        super().process_request_2(rp, request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._settle(netloc, Unreachable(f"HTTP {response.status}"))
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, UNCONTACTED):
            super()._robots_error(exc, netloc)
            return
        self._settle(netloc, Unreachable(str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__))

    def _settle(self, netloc: str, parser: Unreachable) -> None:
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if hasattr(pending, "callback"):
            pending.callback(parser)
