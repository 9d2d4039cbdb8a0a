"""The vocabularies every stage shares, each defined here once.

The warehouse migrations check the same sets (`CHECK (status IN (...))`), the lexicons and the alerts
file are validated against them, and a test keeps the three in step.
"""

from __future__ import annotations

# Languages the monitored press is read in (sources declare one, the extractor has a pipeline for each).
LANGS = ("fr", "en", "zh")

# What became of a fetched page.
USABLE = "ok"  # a usable article
ARTICLE_STATUSES = ("ok", "duplicate", "no_article", "blocked", "failed")
NOT_ARTICLES = ("no_article", "blocked", "failed")  # pages that give no article: a reason is recorded

# HTTP answers worth asking again: within a crawl (with backoff), then on the next run.
RETRYABLE_HTTP_CODES = (408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524)

# Entities and relations.
ENTITY_TYPES = ("FIRM", "CHIP", "AUTHORITY")
PREDICATES = ("MAKES", "BUYS", "RESTRICTS")

# Sanction events (see ANNOTATION.md): what a measure is, and where it stands.
MEASURES = ("export_ban", "export_license", "entity_list", "tariff", "investigation", "import_ban", "other")
EVENT_STATUSES = ("announced", "proposed", "lifted", "background")
BACKGROUND = "background"  # an older measure recalled as context: recorded, never alerted on
NEWS_STATUSES = tuple(status for status in EVENT_STATUSES if status != BACKGROUND)
ENACTED_STATUSES = ("announced", "background")  # a measure in force: its authority RESTRICTS its targets

# The country a side's measures are aimed at, by the ISO code of the acting authority's country.
TARGET_COUNTRIES = {"US": "China", "CN": "United States"}
