"""`chipwatch_entities`: the final entity mentions.

Merges `doc.spans["chipwatch_kb"]`, `["chipwatch_chips"]` and `["chipwatch_authorities"]` into
`doc.ents` (longest span wins; `ent.kb_id_` is the KB id or a `chip:new:` id).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

GROUPS = ("chipwatch_kb", "chipwatch_chips", "chipwatch_authorities")


class Entities:
    def __call__(self, doc: Doc) -> Doc:
        spans = [s for group in GROUPS if group in doc.spans for s in doc.spans[group]]
        doc.ents = filter_spans(spans)
        return doc


@Language.factory("chipwatch_entities")
def make_entities(nlp: Language, name: str) -> Entities:
    return Entities()
