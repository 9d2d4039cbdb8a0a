"""`chipwatch_authorities`: place names that stand for a government only when it acts.

Reads `doc.spans["chipwatch_metonyms"]` and keeps, in `doc.spans["chipwatch_authorities"]`, each
`Washington`, `Pékin`, `北京` followed closely by an acting verb of the lexicon (imposes, bans,
approves, 宣布...) or preceded by one in the passive (`imposed by Washington`, `imposé par Pékin`).
A dateline (`Hong Kong, 20 octobre`) has no acting verb and is dropped, and so is a place after a
preposition (`exports to China`, `在北京`) or one that starts a longer name (`Washington Post`).
When a transformers model ran (`doc._.chipwatch_model_spans`), a place it tags as a person is dropped.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.lexicon import lexicon, trigger_regex
from nlp.sentences import doc_text


class ActingAuthorities:
    def __init__(self, lang: str, window: int) -> None:
        lex = lexicon(lang)
        self.acting = trigger_regex(lex.acting, lang)
        self.passive = trigger_regex(lex.passive_markers, lang)
        self.place = trigger_regex(lex.place_markers, lang)
        self.window = window
        self.lang = lang

    def acts(self, span: Span, full: str) -> bool:
        """Whether the sentence shows the place acting right after (or, in the passive, right before) it."""
        sent = span.sent
        before = full[max(sent.start_char, span.start_char - self.window):span.start_char]
        last = re.search(r"(\w+)\W*$", before) if self.lang != "zh" else None
        last_word = last.group(1) if last else before.rstrip()[-1:]
        if self.place and last_word and self.place.fullmatch(last_word):
            return False
        after = full[span.end_char:min(sent.end_char, span.end_char + self.window)]
        if self.lang != "zh" and re.match(r" [A-Z][a-z]", after):
            return False  # part of a longer name: `Beijing Academy`, `Washington Post`
        if self.acting.search(after):
            return True
        if not self.passive:
            return False
        near = before[-self.window // 3:]
        return bool(self.passive.search(near) and self.acting.search(before[-self.window:]))

    def __call__(self, doc: Doc) -> Doc:
        metonyms = doc.spans.get("chipwatch_metonyms", [])
        full = doc_text(doc) if metonyms else ""
        people = [(s, e) for s, e, label in doc._.chipwatch_model_spans or () if label in ("PER", "PERSON")]
        kept = [Span(doc, s.start, s.end, label="AUTHORITY", kb_id=s.kb_id_) for s in metonyms
                if self.acting and self.acts(s, full)
                and not any(a < s.end_char and s.start_char < b for a, b in people)]
        doc.spans["chipwatch_authorities"] = kept
        return doc


@Language.factory("chipwatch_authorities", default_config={"lang": "en", "window": 40})
def make_authorities(nlp: Language, name: str, lang: str, window: int) -> ActingAuthorities:
    return ActingAuthorities(lang, window)
