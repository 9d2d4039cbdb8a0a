"""Runtime settings: the one module that reads environment variables."""

from __future__ import annotations

import os

# Prefect runs offline with its temporary local server; nothing is reported anywhere.
PREFECT_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LOG_PRINTS": "true",
}


def configure_prefect() -> None:
    """Set offline defaults for Prefect (before it is imported); values already in the environment win."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)


def default_workers() -> int:
    """Extraction worker processes: CHIPWATCH_WORKERS, else one per core (at most 4)."""
    configured = os.environ.get("CHIPWATCH_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


def default_dask_address() -> str | None:
    """The Dask scheduler extraction runs on: CHIPWATCH_DASK (`tcp://host:8786`), else none (local processes)."""
    return os.environ.get("CHIPWATCH_DASK", "").strip() or None
