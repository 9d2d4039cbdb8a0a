"""Sentences paired with the entities inside them, computed in one pass (`Span.ents` rescans the doc)."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def sentences_with_entities(doc: Doc) -> list[tuple[Span, list[Span]]]:
    """Each sentence of `doc` with the entities (`doc.ents`) that start inside it, in order."""
    sents = list(doc.sents)
    found: list[tuple[Span, list[Span]]] = [(s, []) for s in sents]
    index = 0
    for ent in doc.ents:
        while index < len(sents) - 1 and ent.start >= sents[index].end:
            index += 1
        found[index][1].append(ent)
    return found
