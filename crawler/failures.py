"""Why a request failed: a record status, a one-line reason, and whether a later run should try again."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy import exceptions as scrapy_errors
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure

from core.vocab import RETRYABLE_HTTP_CODES
from crawler.middlewares.robots import RobotsUnreachable
from crawler.middlewares.source_domains import OffDomainRequest

# (exception type, reason, retryable by a later run)
NETWORK_REASONS: tuple[tuple[type[BaseException], str, bool], ...] = (
    (scrapy_errors.CannotResolveHostError, "DNS lookup failed (unknown host)", True),
    (net.DNSLookupError, "DNS lookup failed (unknown host)", True),
    (scrapy_errors.DownloadConnectionRefusedError, "connection refused", True),
    (net.ConnectionRefusedError, "connection refused", True),
    (scrapy_errors.DownloadTimeoutError, "timed out", True),
    (net.TimeoutError, "timed out", True),
    (scrapy_errors.ResponseDataLossError, "response broken off (truncated)", True),
    # Scrapy cancels a download only when the page outgrows DOWNLOAD_MAXSIZE
    (scrapy_errors.DownloadCancelledError, "page larger than the size limit (max_page_bytes)", False),
    (scrapy_errors.UnsupportedURLSchemeError, "unsupported URL scheme", False),
    (scrapy_errors.DownloadFailedError, "download failed", True),
    (net.ConnectionLost, "connection lost", True),
    (net.ConnectError, "could not connect", True),
)
# (exception types, words in their message, clearer reason, retryable by a later run): Scrapy wraps these
MESSAGE_REASONS: tuple[tuple[tuple[type[BaseException], ...], tuple[str, ...], str, bool], ...] = (
    ((scrapy_errors.IgnoreRequest, scrapy_errors.DownloadCancelledError), ("max size", "DOWNLOAD_MAXSIZE"),
     "page larger than the size limit (max_page_bytes)", False),
    ((scrapy_errors.DownloadFailedError,), ("OpenSSL", "SSL routines", "wrong version number"),
     "TLS handshake failed", True),
    ((scrapy_errors.DownloadFailedError,), ("ResponseNeverReceived",), "connection closed before any response",
     True),
)


@dataclass(frozen=True)
class FailureReason:
    """What became of a request that produced no usable response."""

    status: str  # failed | blocked
    reason: str
    retryable: bool
    http_status: int | None = None


def describe_failure(failure: Failure) -> FailureReason:
    """Classify the failure of a request (HTTP error, robots.txt, redirects, network)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return FailureReason("failed", f"HTTP {status}", status in RETRYABLE_HTTP_CODES, status)
    if isinstance(exc, OffDomainRequest):
        return FailureReason("failed", str(exc), False)
    if isinstance(exc, RobotsUnreachable):
        return FailureReason("failed", str(exc), True)
    if (clearer := _reason_from_message(exc)) is not None:
        return clearer
    if isinstance(exc, scrapy_errors.IgnoreRequest):
        message = str(exc) or "request ignored"
        if "robots.txt" in message:
            return FailureReason("blocked", "forbidden by robots.txt", False)
        if "max redirections" in message:
            return FailureReason("failed", "redirect loop (too many redirections)", False)
        return FailureReason("failed", message, False)
    for kind, reason, retryable in NETWORK_REASONS:
        if isinstance(exc, kind):
            return FailureReason("failed", reason, retryable)
    name = type(exc).__name__
    return FailureReason("failed", f"{name}: {exc}" if str(exc) else name, True)


def _reason_from_message(exc: BaseException) -> FailureReason | None:
    """A size-limit, TLS or closed-connection failure, recognised by its message (Scrapy wraps them)."""
    message = f"{exc} {exc.__cause__!r}"
    for kinds, words, reason, retryable in MESSAGE_REASONS:
        if isinstance(exc, kinds) and any(word in message for word in words):
            return FailureReason("failed", reason, retryable)
    return None
