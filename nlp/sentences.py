"""Whole-document views computed once: the text (`Doc.text` joins every token again on each call) and
the sentences paired with their entities (`Span.ents` rescans the doc)."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def doc_text(doc: Doc) -> str:
    """The text of `doc`, joined once and kept in `doc.user_data`."""
    text = doc.user_data.get("chipwatch_text")
    if text is None:
        text = doc.user_data["chipwatch_text"] = doc.text
    return text


def sentence_before(sent: Span) -> str:
    """The text of the sentence before `sent`, or "" for the first one."""
    return sent.doc[sent.start - 1].sent.text if sent.start else ""


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
