"""Subcommands of the warehouse package (placeholder until the warehouse commands land)."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the warehouse subcommands to the `chipwatch` parser."""
