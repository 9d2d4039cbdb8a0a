"""`chipwatch_entities`: the final entity mentions.

Merges `doc.spans["chipwatch_kb"]`, `["chipwatch_chips"]` and `["chipwatch_authorities"]` into
`doc.ents` (longest span wins; `ent.kb_id_` is the KB id or a `chip:new:` id). A bare body name that
both sides use (lexicon `bare_bodies`: `商務部` in a Traditional-script text about US rules) names the
other side's body in a Traditional-script article that names bodies of that side only.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.kb import load_kb
from nlp.lexicon import lexicon
from nlp.sentences import doc_text, span_text

GROUPS = ("chipwatch_kb", "chipwatch_chips", "chipwatch_authorities")
TRADITIONAL_SHARE = 0.02  # characters written differently from Simplified in a Traditional-script text


def traditional(doc: Doc) -> bool:
    """Whether the document is written in Traditional characters (its match text is the Simplified form)."""
    text = doc.text
    changed = sum(a != b for a, b in zip(text, doc_text(doc), strict=True) if "\u3400" <= a <= "\u9fff")
    return changed > TRADITIONAL_SHARE * max(1, sum("\u3400" <= c <= "\u9fff" for c in text))


class Entities:
    def __init__(self, lang: str) -> None:
        self.bare = lexicon(lang).bare_bodies
        self.kb = load_kb().by_id

    def __call__(self, doc: Doc) -> Doc:
        spans = [s for group in GROUPS if group in doc.spans for s in doc.spans[group]]
        ents = filter_spans(spans)
        doc.ents = [self._sided(ent, ents) for ent in ents] if self.bare and traditional(doc) else ents
        return doc

    def _sided(self, ent: Span, ents: list[Span]) -> Span:
        """`ent`, or the other side's body it names when every other body the article names is of that side."""
        other = self.bare.get(span_text(ent))
        if other is None or other == ent.kb_id_:
            return ent
        sides = {self.kb[e.kb_id_].country for e in ents
                 if e.label_ == "AUTHORITY" and span_text(e) not in self.bare and e.kb_id_ in self.kb}
        if sides == {self.kb[other].country}:
            return Span(ent.doc, ent.start, ent.end, label=ent.label_, kb_id=other)
        return ent


@Language.factory("chipwatch_entities", default_config={"lang": "en"})
def make_entities(nlp: Language, name: str, lang: str) -> Entities:
    return Entities(lang)
