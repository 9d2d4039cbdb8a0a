"""Options several subcommands share, each defined here once."""

from __future__ import annotations

import argparse
from pathlib import Path

from warehouse.bounds import DEFAULT_LOCK_TIMEOUT


def add_warehouse(parser: argparse.ArgumentParser, *, required: bool = True, default: Path | None = None) -> None:
    """`--db FILE` and `--lock-timeout SECONDS`."""
    hint = f" (default: {default})" if default else ""
    parser.add_argument("--db", required=required and default is None, default=default, type=Path, metavar="FILE",
                        help=f"the DuckDB warehouse file{hint}")
    parser.add_argument("--lock-timeout", type=non_negative, default=DEFAULT_LOCK_TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait while another process is writing the file "
                        f"(default {DEFAULT_LOCK_TIMEOUT:g})")


def positive(value: str) -> int:
    """A whole number of at least 1 (`--workers`)."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def non_negative(value: str) -> float:
    """A finite number of seconds, 0 or more."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more, got {value!r}")
    return number


def positive_seconds(value: str) -> float:
    """A finite number of seconds above 0 (`--timeout`)."""
    number = non_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {value!r}")
    return number


def budget_seconds(value: str) -> float:
    """Seconds one document may take to extract: above 0, at most `MAX_BUDGET` (`--budget`)."""
    from nlp.supervised import MAX_BUDGET

    number = positive_seconds(value)
    if number > MAX_BUDGET:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_BUDGET:g} seconds, got {value!r}")
    return number


def dask_address(value: str) -> str:
    """A Dask scheduler address: `tcp://host:port` (or `tls://…`); a bare `host:port` is taken as tcp."""
    address = value.strip()
    if "://" not in address:
        address = f"tcp://{address}"
    scheme, _, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls") or not host or not port.isdigit() or "/" in rest:
        raise argparse.ArgumentTypeError(f"expected a Dask scheduler address such as tcp://10.0.0.5:8786, "
                                         f"got {value!r}")
    return address
