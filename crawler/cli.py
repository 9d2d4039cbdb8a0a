"""Subcommands of the crawler package (placeholder until the crawl commands land)."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the crawler subcommands to the `chipwatch` parser."""
