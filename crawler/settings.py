"""Scrapy settings for chipwatch crawls: polite defaults, overridable by the sources file's `crawl:` block."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from core.vocab import RETRYABLE_HTTP_CODES

USER_AGENT = "chipwatch/0.1 (news monitoring of AI-chip export controls; polite bot, obeys robots.txt)"

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "chipwatch",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "RETRY_TIMES": 3,
    "RETRY_HTTP_CODES": list(RETRYABLE_HTTP_CODES),
    "RETRY_GIVE_UP_LOG_LEVEL": "INFO",
    "CHIPWATCH_RETRY_BACKOFF_BASE": 1.0,
    "CHIPWATCH_RETRY_BACKOFF_MAX": 60.0,
    "CHIPWATCH_MAX_RETRY_AFTER": 600.0,  # a longer Retry-After waits for the next run
    "CHIPWATCH_MAX_NEW_ARTICLES": 500,  # article requests per source per run; the rest wait for the next run
    "CHIPWATCH_SITEMAP_DEPTH": 3,  # sitemap indexes followed this deep
    "CHIPWATCH_MAX_SITEMAPS": 50,  # sitemaps read per source per run
    "CHIPWATCH_SITEMAP_DAYS": 0,  # sitemap entries older than this many days are skipped (0: none)
    "CHIPWATCH_EXTRACT_SECONDS": 20.0,  # seconds to find the article in one page; a slower page is skipped
    "REDIRECT_MAX_TIMES": 5,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.middlewares.source_domains.SourceDomainMiddleware": 60,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.middlewares.robots.PoliteRobotsMiddleware": 100,
        "crawler.middlewares.retry_backoff.BackoffRetryMiddleware": 550,
    },
    "ITEM_PIPELINES": {
        "crawler.pipelines.key_articles.KeyArticlesPipeline": 100,
        "crawler.pipelines.mark_duplicates.MarkDuplicatesPipeline": 200,
        "crawler.pipelines.store_articles.StoreArticlesPipeline": 300,
    },
    "EXTENSIONS": {"crawler.progress.ProgressReporter": 500},
}

# sources-file `crawl:` option → Scrapy setting
OPTION_SETTINGS = {
    "download_timeout": "DOWNLOAD_TIMEOUT",
    "retry_times": "RETRY_TIMES",
    "concurrency_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "autothrottle": "AUTOTHROTTLE_ENABLED",
    "obey_robots": "ROBOTSTXT_OBEY",
    "max_page_bytes": "DOWNLOAD_MAXSIZE",
    "user_agent": "USER_AGENT",
    "retry_backoff": "CHIPWATCH_RETRY_BACKOFF_BASE",
    "max_new_articles": "CHIPWATCH_MAX_NEW_ARTICLES",
    "sitemap_depth": "CHIPWATCH_SITEMAP_DEPTH",
    "max_sitemaps": "CHIPWATCH_MAX_SITEMAPS",
    "sitemap_days": "CHIPWATCH_SITEMAP_DAYS",
    "max_retry_after": "CHIPWATCH_MAX_RETRY_AFTER",
    "extract_seconds": "CHIPWATCH_EXTRACT_SECONDS",
}


def build_settings(store: str | Path, options: dict[str, Any] | None = None, *, verbose: bool = False) -> Settings:
    """Polite defaults with the sources file's crawl options applied, writing to the JSONL store `store`."""
    settings = Settings(DEFAULTS)
    settings.set("CHIPWATCH_STORE", str(store))
    for key, value in (options or {}).items():
        settings.set(OPTION_SETTINGS[key], value)
    if verbose:
        settings.set("LOG_LEVEL", "INFO")
    return settings
