"""Keep each request, redirects included, on the domains its source allows."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached


class OffDomainRequest(IgnoreRequest):
    """A request (usually a redirect) left the domains of its source."""


class SourceDomainMiddleware:
    """Drops requests whose host is outside the `allowed_domains` of the source named in `meta["source"]`."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceDomainMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: object = None) -> None:
        sources = getattr(self.crawler.spider, "sources_by_name", {})
        source = sources.get(request.meta.get("source"))
        if source is None or source.allows(request.url):
            return None
        self.crawler.stats.inc_value("chipwatch/offdomain/dropped")
        host = urlparse_cached(request).hostname
        via = " after a redirect" if request.meta.get("redirect_times") else ""
        raise OffDomainRequest(f"off-domain URL{via}: {host} is not in allowed_domains of {source.name}")
