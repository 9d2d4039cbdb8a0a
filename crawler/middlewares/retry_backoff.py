"""Retries with exponential backoff and jitter, honouring `Retry-After` (up to `CHIPWATCH_MAX_RETRY_AFTER`; a longer
wait leaves the page for the next run)."""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)
DELAY_KEY = "chipwatch_retry_delay"


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry policy, but each retry waits `base * 2**(n-1)` seconds (capped) before it is sent."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat("CHIPWATCH_RETRY_BACKOFF_BASE", 1.0)
        self.max_delay = settings.getfloat("CHIPWATCH_RETRY_BACKOFF_MAX", 60.0)
        self.max_wait = settings.getfloat("CHIPWATCH_MAX_RETRY_AFTER", 600.0)

    async def process_request(self, request: Request, spider: object = None) -> None:
        delay = request.meta.pop(DELAY_KEY, 0)
        if delay > 0:
            await asyncio.sleep(delay)
        return None

    def process_response(self, request: Request, response: Response, spider: object = None):
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        if retry_after is not None and retry_after > self.max_wait:
            # longer than a run should wait: given up now (a retryable failure), asked again next run
            self.crawler.stats.inc_value("chipwatch/limit/retry_after")
            logger.warning("%s asks to wait %.0f s (Retry-After), more than %.0f s: left for the next run",
                           request.url, retry_after, self.max_wait)
            return response
        if retry_after is not None:
            request.meta["chipwatch_retry_after"] = retry_after
        return super().process_response(request, response)

    def _retry(self, request: Request, reason):
        retry = super()._retry(request, reason)
        if retry is not None:
            attempt = retry.meta.get("retry_times", 1)
            wanted = request.meta.pop("chipwatch_retry_after", None)
            backoff = self.base_delay * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)  # jitter spreads retries
            retry.meta[DELAY_KEY] = wanted if wanted is not None else min(self.max_delay, backoff)
        return retry


def retry_after_seconds(value: bytes | None) -> float | None:
    """Seconds asked for by a `Retry-After` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
