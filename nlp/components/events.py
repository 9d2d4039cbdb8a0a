"""`chipwatch_events`: sanction events (who restricts what, how, with which status and date).

Needs sentences and `doc.ents`; reads `doc._.chipwatch_published` (a `datetime.date` or None).
Sets `doc._.chipwatch_events`: one dict per distinct (authority, measure, status) with keys
`authority_id`, `measure`, `target_ids`, `country`, `status`, `date`, `evidence`.
A sentence with a measure trigger makes an event; its authority is the closest AUTHORITY in the
sentence (the most specific body of that side), else the one last named in the paragraph.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.dates import find_dates
from nlp.kb import load_kb
from nlp.resources import lexicon, trigger_regex
from nlp.sentences import sentences_with_entities

Doc.set_extension("chipwatch_published", default=None, force=True)
Doc.set_extension("chipwatch_events", default=None, force=True)
BACKGROUND_DAYS = 30
FIRM_MEASURES = {"entity_list", "investigation", "import_ban"}
QUOTES = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|「[^」\n]*」|『[^』\n]*』')
MIN_QUOTE = 24  # shorter quotes are terms (“实体清单”), longer ones are speech


class SanctionEvents:
    def __init__(self, lang: str, per_sentence: int) -> None:
        self.lang = lang
        lex = lexicon(lang)
        self.measures = [(name, trigger_regex(words, lang)) for name, words in lex["measures"].items()]
        self.weak = [(name, trigger_regex(words, lang)) for name, words in lex.get("weak_measures", {}).items()]
        named = [name for name, _ in self.measures + self.weak]
        self.priority = list(dict.fromkeys((lex.get("measure_priority") or []) + named))
        self.per_sentence = per_sentence
        self.status = {name: trigger_regex(words, lang) for name, words in lex["status"].items()}
        self.countries = lex.get("countries", {})
        self.negation = self.status.pop("negation", None)
        self.reach = 4 if lang == "zh" else 20
        self.cue_window = (40, 15) if lang == "zh" else (90, 50)
        self.kb = load_kb().by_id

    def _depth(self, authority_id: str) -> int:
        depth, entry = 0, self.kb.get(authority_id)
        while entry is not None and entry.parent:
            depth, entry = depth + 1, self.kb.get(entry.parent)
        return depth

    def _authority(self, ents: list[Span], trigger_at: int, previous: Span | None) -> Span | None:
        found = [e for e in ents if e.label_ == "AUTHORITY"]
        if not found:
            return previous
        before = [e for e in found if e.start_char <= trigger_at]
        nearest = before[-1] if before else found[0]
        country = self.kb[nearest.kb_id_].country if nearest.kb_id_ in self.kb else None
        same_side = [e for e in found if e.kb_id_ in self.kb and self.kb[e.kb_id_].country == country]
        return max(same_side or [nearest], key=lambda e: self._depth(e.kb_id_))

    def _status(self, text: str, at: int, when: str | None, year: int | None, published: date | None) -> str:
        """Status from cue words near the trigger at `at`, then from the date, then from tense cues."""
        before, after = self.cue_window
        near = text[max(0, at - before):at + after]
        if self.status["proposed"] and self.status["proposed"].search(near):
            return "proposed"
        if self.status["lifted"] and self.status["lifted"].search(near):
            return "lifted"
        if published and when:
            old = (published - date.fromisoformat((when + "-01")[:10])).days > BACKGROUND_DAYS
            return "background" if old else "announced"
        if published and year and year < published.year:
            return "background"
        if self.status["background"] and self.status["background"].search(near):
            return "background"
        return "announced"

    def _hits(self, sent: Span, ents: list[Span], quoted: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """(offset in sentence, measure) of triggers outside long quotes and not negated.

        A weak trigger (`export controls`) counts only after an authority named in the sentence.
        """
        first = min((e.start_char - sent.start_char for e in ents if e.label_ == "AUTHORITY"), default=None)
        weak = [(n, r) for n, r in self.weak if first is not None]
        hits = []
        for name, regex in self.measures + weak:
            for m in regex.finditer(sent.text) if regex else ():
                if (name, regex) in weak and m.start() < first:
                    continue
                at = sent.start_char + m.start()
                if any(s <= at < e for s, e in quoted):
                    continue
                if self.negation and self.negation.search(sent.text[max(0, m.start() - self.reach):m.start()]):
                    continue
                hits.append((m.start(), name))
                break
        return hits

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.chipwatch_published
        events: dict[tuple[str, str, str], dict] = {}
        previous: Span | None = None
        full = doc.text
        quoted = [m.span() for m in QUOTES.finditer(full) if m.end() - m.start() > MIN_QUOTE]
        sentences = sentences_with_entities(doc)
        for index, (sent, ents) in enumerate(sentences):
            if "\n\n" in full[max(0, sent.start_char - 2):sent.start_char + 1]:
                previous = None
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            if following and "\n\n" in full[sent.end_char - 1:following[0].start_char + 1]:
                following = None
            hits = sorted(self._hits(sent, ents, quoted), key=lambda h: self.priority.index(h[1]))
            has_targets = any(e.label_ in ("FIRM", "CHIP") for e in ents)
            for at, measure in hits[: self.per_sentence]:
                authority = self._authority(ents, sent.start_char + at, previous if has_targets else None)
                if authority is not None:
                    spare = following[1] if following else []
                    self._add(events, sent, ents, at, measure, authority, published, spare)
            authorities = [e for e in ents if e.label_ == "AUTHORITY"]
            previous = authorities[-1] if authorities else previous
        doc._.chipwatch_events = list(events.values())
        return doc

    def _add(self, events: dict, sent: Span, ents: list[Span], at: int, measure: str, authority: Span,
             published: date | None, spare: list[Span]) -> None:
        """Add the event of one trigger, or merge it into the event with the same key.

        Targets are the firms and chips of the sentence, else those of the next one (`spare`).
        """
        text = sent.text
        dates = find_dates(text, self.lang, published)
        dated = min(dates, key=lambda d: abs(d.start - at), default=None)
        status = self._status(text, at, dated and dated.value, dated and dated.year, published)
        targets = [e for e in ents if e.label_ in ("FIRM", "CHIP")]
        targets = targets or [e for e in spare if e.label_ in ("FIRM", "CHIP")]
        chips = [e for e in targets if e.label_ == "CHIP"]
        if measure not in FIRM_MEASURES and chips:
            targets = chips
        event = events.setdefault((authority.kb_id_, measure, status), {
            "authority_id": authority.kb_id_, "measure": measure, "target_ids": [],
            "country": self._country(authority.kb_id_), "status": status,
            "date": dated.value if dated else None, "evidence": text.strip(),
        })
        event["target_ids"] = list(dict.fromkeys(event["target_ids"] + [e.kb_id_ for e in targets]))
        if event["date"] is None and dated:
            event["date"] = dated.value

    def _country(self, authority_id: str) -> str | None:
        entry = self.kb.get(authority_id)
        return self.countries.get(entry.country) if entry else None


@Language.factory("chipwatch_events", default_config={"lang": "en", "per_sentence": 1})
def make_events(nlp: Language, name: str, lang: str, per_sentence: int) -> SanctionEvents:
    return SanctionEvents(lang, per_sentence)
