"""Network faults met by a real crawl: each ends recorded with its reason, the crawl goes on, and the
next run asks again for what may work later (and only that)."""

from __future__ import annotations

import pytest

ARTICLE = "/n/2025/05/02/"

FAULTS = [  # (path, reason, retryable by the next run)
    # another port of the seeds' own loopback host: outside the connection policy, never contacted
    (ARTICLE + "refused", "URL refused: 127.0.0.1:", False),
    ("/feed.xml", "DNS lookup failed (unknown host)", True),  # http://news.invalid/feed.xml
    (ARTICLE + "tls", "TLS handshake failed", True),
    (ARTICLE + "trickle", "timed out", True),
    (ARTICLE + "truncated", "response broken off (truncated)", True),
    (ARTICLE + "bomb", "page larger than the size limit (max_page_bytes)", False),
    (ARTICLE + "huge", "page larger than the size limit (max_page_bytes)", False),
    (ARTICLE + "huge-unsized", "page larger than the size limit (max_page_bytes)", False),
    (ARTICLE + "loop", "redirect loop (too many redirections)", False),
    (ARTICLE + "offsite", "off-domain URL after a redirect: localhost is not in allowed_domains", False),
    (ARTICLE + "missing", "HTTP 404", False),
]


def test_both_crawls_finish_without_a_traceback(hostile_crawl):
    for run in ("first", "second"):
        result = hostile_crawl[run]
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        assert "crawl summary" in result.stdout


@pytest.mark.parametrize(("path", "reason", "retryable"), FAULTS)
def test_each_fault_is_recorded_with_its_reason(hostile_crawl, path, reason, retryable):
    record = hostile_crawl["first_records"][path][0]
    assert record["status"] == "failed"
    assert record["error"].startswith(reason), record["error"]
    assert record["extra"]["retryable"] is retryable
    assert not record["text"]


@pytest.mark.parametrize(("path", "reason", "retryable"), FAULTS)
def test_next_run_retries_only_what_is_retryable(hostile_crawl, path, reason, retryable):
    again = len(hostile_crawl["records"][path]) - len(hostile_crawl["first_records"][path])
    assert again == (1 if retryable else 0)


def test_429_waits_for_retry_after_then_gets_the_page(hostile_crawl):
    path = ARTICLE + "throttled"
    assert hostile_crawl["first_hits"][path] == 2
    first, second = hostile_crawl["times"][path][:2]
    assert second - first >= 1.0  # Retry-After: 1 is honoured, not the 0.1 s backoff
    assert hostile_crawl["first_records"][path][0]["status"] == "ok"


def test_a_5xx_burst_longer_than_the_retries_is_completed_by_the_next_run(hostile_crawl):
    path = ARTICLE + "burst"
    assert hostile_crawl["first_hits"][path] == 3  # first try and two retries
    first, second = hostile_crawl["records"][path]
    assert (first["status"], first["error"], first["extra"]["retryable"]) == ("failed", "HTTP 503", True)
    assert second["status"] == "ok" and second["text"]


def test_timeouts_and_broken_responses_are_retried_within_the_run(hostile_crawl):
    for name in ("trickle", "truncated"):
        assert hostile_crawl["first_hits"][ARTICLE + name] == 3


def test_size_limited_pages_are_fetched_once(hostile_crawl):
    for name in ("huge", "bomb"):
        assert hostile_crawl["first_hits"][ARTICLE + name] == 1
        assert hostile_crawl["second_hits"].get(ARTICLE + name, 0) == 0


def test_a_redirect_loop_stops_at_the_redirect_limit(hostile_crawl):
    assert hostile_crawl["first_hits"][ARTICLE + "loop"] == 6  # the request and REDIRECT_MAX_TIMES (5)


@pytest.mark.parametrize(("path", "reason"), [
    ("/n/2025/05/02/bad-port", "Port out of range"),
    ("/n/2025/05/02/bad-brackets", "Invalid IPv6 URL"),
])
def test_malformed_feed_links_are_recorded_and_the_feed_goes_on(hostile_crawl, path, reason):
    records = hostile_crawl["records"][path]
    assert len(records) == 1  # recorded once, not again by the next run
    assert records[0]["status"] == "failed" and reason in records[0]["error"]
    assert records[0]["error"].startswith("malformed link in http://127.0.0.1:")
    assert hostile_crawl["first_hits"][ARTICLE + "missing"] == 1  # links after them were still followed


def test_a_sitemap_cycle_is_fetched_once_per_run(hostile_crawl):
    for name in ("a", "b"):
        assert hostile_crawl["first_hits"][f"/cycle/{name}.xml"] == 1
        assert hostile_crawl["second_hits"][f"/cycle/{name}.xml"] == 1
