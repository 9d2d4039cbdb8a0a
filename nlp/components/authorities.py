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
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.dates import find_dates
from nlp.lexicon import lexicon, trigger_regex
from nlp.sentences import doc_text

REFERENCE_DAY = date(2000, 1, 1)  # any day: dates are only located here, never resolved


class ActingAuthorities:
    def __init__(self, lang: str) -> None:
        lex = lexicon(lang)
        self.acting = trigger_regex(lex.acting, lang)
        self.passive = trigger_regex(lex.passive_markers, lang)
        self.place = trigger_regex(lex.place_markers, lang)
        self.country_acting = trigger_regex(lex.country_acting, lang)
        measures = [word for group in (lex.measures, lex.weak_measures) for words in group.values() for word in words]
        self.measures = trigger_regex(measures, lang)
        self.time_words = {word.casefold() for word in lex.time_words} | {w.casefold() for w in lex.dates.weekdays}
        self.window = lex.reaches.acting
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

    def subject(self, span: Span, full: str) -> bool:
        """Whether a country name is the subject of a measure: a verb of `country_acting` right after it
        (a time phrase may stand between: `The United States on Tuesday added`) and a measure later in
        its sentence, and no preposition before it (`exports to China`)."""
        if self.lang != "zh" and not span.text[:1].isupper():
            return False  # an adjective (`la douane chinoise a durci`) qualifies the subject, it is none
        sent = span.sent
        before = full[max(sent.start_char, span.start_char - self.window):span.start_char]
        last = re.search(r"(\w+)\W*$", before) if self.lang != "zh" else None
        if last and self.place and self.place.fullmatch(last.group(1)):
            return False
        after = full[span.end_char:sent.end_char]
        verb = self.country_acting.search(after[:2 * self.window]) if self.country_acting else None
        if verb is None or not (self.measures and self.measures.search(after, verb.start())):
            return False
        gap = after[:verb.start()]
        for mention in find_dates(gap, self.lang, REFERENCE_DAY):
            gap = gap[:mention.start] + " " * (mention.end - mention.start) + gap[mention.end:]
        return all(word.casefold() in self.time_words for word in re.findall(r"\w+", gap))

    def __call__(self, doc: Doc) -> Doc:
        metonyms = doc.spans.get("chipwatch_metonyms", [])
        countries = doc.spans.get("chipwatch_countries", [])
        full = doc_text(doc) if metonyms or countries else ""
        people = [(s, e) for s, e, label in doc._.chipwatch_model_spans or () if label in ("PER", "PERSON")]
        acting = [s for s in metonyms if self.acting and self.acts(s, full)] + [
            s for s in countries if self.subject(s, full)]
        doc.spans["chipwatch_authorities"] = [
            Span(doc, s.start, s.end, label="AUTHORITY", kb_id=s.kb_id_) for s in sorted(acting)
            if not any(a < s.end_char and s.start_char < b for a, b in people)]
        return doc


@Language.factory("chipwatch_authorities", default_config={"lang": "en"})
def make_authorities(nlp: Language, name: str, lang: str) -> ActingAuthorities:
    return ActingAuthorities(lang)
