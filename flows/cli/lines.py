"""Text from articles as the command line prints it."""

from __future__ import annotations


def one_line(text: str) -> str:
    """Text from an article on one line, without control characters (a terminal escape cannot pass)."""
    return "".join(char for char in " ".join(text.split()) if char.isprintable())
