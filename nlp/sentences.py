"""Whole-document views computed once: the match text (`Doc.text` joins every token again on each call) and
the sentences paired with their entities (`Span.ents` rescans the doc).

The match text has the length of the document text, so offsets index both; for Chinese it is the folded
Simplified form the tokenizer segmented, so rules written in Simplified read Traditional text too.
Evidence quoted to users comes from the document text itself (`Span.text`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

MATCH_TEXT = "chipwatch_text"


def doc_text(doc: Doc) -> str:
    """The match text of `doc`, joined once and kept in `doc.user_data`."""
    text = doc.user_data.get(MATCH_TEXT)
    if text is None:
        text = doc.user_data[MATCH_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """The match text of a sentence or another span."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def sentence_before(sent: Span) -> str:
    """The match text of the sentence before `sent`, or "" for the first one."""
    return span_text(sent.doc[sent.start - 1].sent) if sent.start else ""


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
