"""The measures a sentence names: trigger words, filtered, ranked and split into clauses.

A trigger (lexicon `measures`) names a measure unless it sits in a long quote, after a negation or
in a `not_measures` phrase (`applied for a licence`), or in a sentence where an unnamed commentator
speaks (lexicon `commentary`: `an analyst said`); a generic trigger (`weak_measures`: `export
controls`) needs an authority just before that enacts it (lexicon `enacting`: `tightened`) or an
earlier measure of the sentence it is joined to (`a tariff, with export controls`). A sentence names
a second measure only in a clause of its own that does not restate the first.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.lexicon import Lexicon, trigger_regex
from nlp.sentences import span_text

Hit = tuple[int, str]  # (offset in the sentence, measure)
Spans = list[tuple[int, int]]  # (start, end) character offsets in the article
CLAUSE_PUNCTUATION = r"[;,；，]"
# a second measure of a sentence that restates the first (`a licence requirement, shutting off sales`)
ENTAILED = {"entity_list": ("export_license",), "export_ban": ("export_license",), "export_license": ("export_ban",)}


class MeasureTriggers:
    def __init__(self, lang: str, lex: Lexicon, per_sentence: int) -> None:
        self.lang = lang
        self.reaches = lex.reaches
        self.clause_break = clause_breaks(lex, lang)
        self.per_sentence = per_sentence
        self.measures = [(name, trigger_regex(words, lang)) for name, words in lex.measures.items()]
        self.weak = [(name, trigger_regex(words, lang)) for name, words in lex.weak_measures.items()]
        named = [name for name, _ in self.measures + self.weak]
        self.priority = list(dict.fromkeys(lex.measure_priority + named))
        self.not_measures = trigger_regex(lex.not_measures, lang)
        self.negation = trigger_regex(lex.status.negation, lang)
        self.lifted = trigger_regex(lex.status.lifted, lang)
        self.enacting = trigger_regex(lex.enacting, lang)
        self.restatements = trigger_regex(lex.restatements, lang)
        self.additions = trigger_regex(lex.additions, lang)
        self.commentary = trigger_regex(lex.commentary, lang)
        # a sentence without any trigger needs no closer look
        every = [w for group in (lex.measures, lex.weak_measures) for words in group.values() for w in words]
        self.any_trigger = trigger_regex(every, lang)

    def find(self, sent: Span, text: str, ents: list[Span], quoted: Spans) -> tuple[list[Hit], list[Hit]]:
        """The measures a sentence (`text`) names, each at its first trigger, by rank; and those of them
        that are measures of their own (at most `per_sentence`, each in its own clause)."""
        if self.any_trigger is None or not self.any_trigger.search(text):
            return [], []
        if self.commentary and self.commentary.search(text):
            return [], []  # an analyst weighing a measure (`the rule is a bargaining chip, an analyst said`)
        ranked = self._ranked(self._hits(sent, text, ents, quoted), text)
        return ranked, self._clauses(ranked, text)

    def names(self, text: str, measure: str) -> bool:
        """Whether a text names a measure by one of its own triggers (`licence`, `Entity List`)."""
        return any(name == measure and regex is not None and regex.search(text) for name, regex in self.measures)

    def added(self, text: str) -> bool:
        """Whether a text says it adds a measure (`in addition`, `另一方面`)."""
        return bool(self.additions and self.additions.search(text))

    def _hits(self, sent: Span, text: str, ents: list[Span], quoted: Spans) -> list[Hit]:
        """The first trigger of each measure outside long quotes, `not_measures` phrases and negations."""
        ends = [e.end_char - sent.start_char for e in ents if e.label_ == "AUTHORITY"]
        hits: list[Hit] = []
        # an application the government grants (`applied for licences, which will be granted`) is an easing
        excluded = [m.span() for m in self.not_measures.finditer(text)
                    if not (self.lifted and self.lifted.search(text, m.end()))] if self.not_measures else []
        spans = [(m.start(), m.end(), name) for name, regex in self.measures if regex for m in regex.finditer(text)]
        for name, regex in self.measures + self.weak:
            for m in regex.finditer(text) if regex else ():
                if (name, regex) in self.weak and not self._weak_counts(text, ends, m.start(), name, hits):
                    continue
                if any(other != name and s <= m.start() and m.end() <= e and e - s > m.end() - m.start()
                       for s, e, other in spans):
                    continue  # `审查` inside `逐案审查`: the longer trigger names the measure
                at = sent.start_char + m.start()
                if any(s <= at < e for s, e in quoted) or any(s <= m.start() < e for s, e in excluded):
                    continue
                if self._negated(text, m.start()):
                    continue
                hits.append((m.start(), name))
                break
        return hits

    def _negated(self, text: str, at: int) -> bool:
        return bool(self.negation and self.negation.search(text[max(0, at - self.reaches.negation):at]))

    def _weak_counts(self, text: str, ends: list[int], at: int, measure: str, hits: list[Hit]) -> bool:
        """Whether a weak trigger at `at` names a measure: enacted by an authority, or joined to an earlier one."""
        if any(name == measure for _, name in hits):
            return False
        window = self.reaches.weak_trigger
        acted = any(0 <= at - end <= window and self.enacting and self.enacting.search(text[end:at]) for end in ends)
        return acted or any(start < at for start, _ in hits)

    def _ranked(self, hits: list[Hit], text: str) -> list[Hit]:
        """Hits by measure priority; in an easing, the measure named closest to the lifting cue comes first.

        `grant licences, reversing the April freeze`: the licences are eased, the freeze is recalled.
        """
        hits = sorted(hits, key=lambda h: self.priority.index(h[1]))
        cue = self.lifted.search(text) if len(hits) > 1 and self.lifted else None
        if cue is None:
            return hits
        return sorted(hits, key=lambda h: abs(h[0] - cue.start()))

    def _clauses(self, hits: list[Hit], text: str) -> list[Hit]:
        """The first hit, plus hits of other measures that sit in a clause of their own (`a tariff, and controls`).

        A clause that restates the measure before it (`which amounts to a ban`) or the licence a listing
        entails (`on the Entity List, so suppliers need a licence`) is no measure of its own.
        """
        kept = hits[:1]
        for at, measure in hits[1:]:
            first_at, first = kept[0]
            low, high = sorted((at, first_at))
            restated = measure in ENTAILED.get(first, ()) and not self.added(text[low:high])
            if len(kept) >= self.per_sentence or restated:
                continue
            if all(self._apart(text, at, other) for other, _ in kept):
                kept.append((at, measure))
        return kept

    def _apart(self, text: str, first: int, second: int) -> bool:
        low, high = sorted((first, second))
        between = text[low:high]
        if self.restatements and self.restatements.search(between):
            return False
        return high - low >= self.reaches.clause_apart and bool(self.clause_break.search(between))

    def clause_ents(self, sent: Span, named: list[Span], kept: list[Hit], at: int) -> list[Span]:
        """Entities of the clause of the hit at `at`, among two or more measures of the sentence.

        The clause runs from the last clause break after the hit before it to the last break before the
        hit after it. Entities outside the sentence (`the chip` of the one before) stay.
        """
        return clause_ents(sent, named, kept, at, self.clause_break)


def clause_breaks(lex: Lexicon, lang: str) -> re.Pattern:
    """Commas, semicolons and the lexicon's `clause_breaks` words (`and`, standing alone in Latin text)."""
    words = "|".join(re.escape(word) for word in lex.clause_breaks)
    if not words:
        return re.compile(CLAUSE_PUNCTUATION)
    return re.compile(CLAUSE_PUNCTUATION + (f"|{words}" if lang == "zh" else rf"|\s(?:{words})\s"))


def clause_ents(sent: Span, named: list[Span], kept: list[Hit], at: int, breaks_at: re.Pattern) -> list[Span]:
    """Entities of the clause of the hit at `at` among the hits `kept`, clauses ending at `breaks_at`."""
    text = span_text(sent)
    start, end = 0, len(text)
    for other, _ in kept:
        breaks = [m.start() for m in breaks_at.finditer(text, min(other, at), max(other, at))]
        if breaks and other < at:
            start = max(start, breaks[-1])
        elif breaks:
            end = min(end, breaks[-1])
    return [e for e in named if not sent.start_char <= e.start_char < sent.end_char
            or sent.start_char + start <= e.start_char < sent.start_char + end]
