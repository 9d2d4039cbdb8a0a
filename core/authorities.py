"""The chain of bodies above an authority (BIS → Department of Commerce → US government), and its root.

Both the extractor (from the knowledge base) and the warehouse (from `entities.parent_id`) walk the
same chain with these functions, given a lookup of the body each body belongs to.
"""

from __future__ import annotations

from collections.abc import Callable

ParentOf = Callable[[str], "str | None"]  # a body's id → the id of the body it belongs to, or None

MAX_DEPTH = 10  # guards against a cycle in the parent links


def ancestors(authority_id: str, parent_of: ParentOf) -> list[str]:
    """The bodies above `authority_id`, nearest first; a cycle or a self-link ends the chain."""
    chain: list[str] = []
    current = authority_id
    for _ in range(MAX_DEPTH):
        parent = parent_of(current)
        if not parent or parent == authority_id or parent in chain:
            break
        chain.append(parent)
        current = parent
    return chain


def root_authority(authority_id: str, parent_of: ParentOf) -> str:
    """The body at the top of the chain (`authority_id` itself when it belongs to none)."""
    chain = ancestors(authority_id, parent_of)
    return chain[-1] if chain else authority_id
