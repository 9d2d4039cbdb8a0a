"""Keep the crawl log readable: a failure that is recorded with its reason needs no traceback in the log."""

from __future__ import annotations

import logging

# Scrapy loggers that report, with a traceback, network failures the crawl records anyway
QUIET_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt",)


class OneLineWarnings(logging.Filter):
    """Turns error records into one-line warnings (the traceback is dropped)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def quiet_network_tracebacks() -> None:
    """Install `OneLineWarnings` on the loggers of `QUIET_LOGGERS` (once)."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLineWarnings) for f in logger.filters):
            logger.addFilter(OneLineWarnings())
