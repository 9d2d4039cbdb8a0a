"""Subcommands of the nlp package (placeholder until the extraction commands land)."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the nlp subcommands to the `chipwatch` parser."""
