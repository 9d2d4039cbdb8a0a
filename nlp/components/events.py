"""`chipwatch_events`: sanction events (who restricts what, how, with which status and date).

Needs sentences and `doc.ents`; reads `doc._.chipwatch_published` (a `datetime.date` or None).
Sets `doc._.chipwatch_events`: one dict per distinct (authority, measure, status) with keys
`authority_id`, `measure`, `target_ids`, `country`, `status`, `date`, `evidence`.
A sentence with a measure trigger (lexicon `measures`; the first by `measure_priority`) makes an
event, unless the trigger sits in a long quote or after a negation. Its authority is the closest
acting AUTHORITY of the sentence (the most specific body of that side; one after `with`/`与` is
spoken to, not acting), else a head of government (lexicon `leaders`: his measures are proposed),
else the authority last named in the paragraph. Status comes from cue words near the trigger,
then from the date (older than 30 days: background), then from tense cues. An easing that names
the restriction it eases also yields that restriction as a background event.
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
LEADER = "leader:"
ARTICLES = {"the", "a", "an", "le", "la", "les", "l"}
LOOKAHEAD = 2  # sentences searched for the targets of a measure whose sentence names none
FIRM_MEASURES = {"entity_list", "investigation", "import_ban"}
QUOTES = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|「[^」\n]*」|『[^』\n]*』')
ENUMERATION = 3  # firms a sentence must name to read as the list of a listing just reported
SAME_BODY = 80  # characters between two bodies of one side read as one (`Commerce's BIS`)
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
        self.objects = trigger_regex(lex.get("object_markers", []), lang)
        self.leaders = {name.casefold(): body for name, body in lex.get("leaders", {}).items()}
        self.leader_regex = trigger_regex(list(lex.get("leaders", {})), lang)
        self.pronouns = trigger_regex(lex.get("pronoun_subjects", []), lang)
        self.reach = 4 if lang == "zh" else 20
        self.cue_window = (40, 15) if lang == "zh" else (140, 50)
        self.kb = load_kb().by_id

    def _depth(self, authority_id: str) -> int:
        depth, entry = 0, self.kb.get(authority_id)
        while entry is not None and entry.parent:
            depth, entry = depth + 1, self.kb.get(entry.parent)
        return depth

    def _object(self, ent: Span, full: str) -> bool:
        """Whether the authority follows a preposition (`与美国政府沟通`, `talks with Washington`): no actor."""
        before = full[max(0, ent.start_char - 24):ent.start_char].rstrip()
        if self.lang == "zh":
            last = before[-1:]
        else:
            words = [w for w in re.findall(r"\w+", before) if w.casefold() not in ARTICLES]
            last = words[-1] if words else ""
        return bool(last and self.objects and self.objects.fullmatch(last))

    def _authority(self, sent: Span, ents: list[Span], at: int, previous: str | None, full: str) -> str | None:
        """KB id of the body behind the trigger at `at` (offset in the sentence).

        The closest acting AUTHORITY (the most specific body of its side), else a head of government
        named before the trigger (`Trump`, `特朗普`), else `previous` when the sentence names no authority
        or names one only after a pronoun subject that acts first (`it`, `il`, `该部门`).
        """
        named = [e for e in ents if e.label_ == "AUTHORITY"]
        found = [e for e in named if not self._object(e, full)]
        if not found:
            if named:
                return None
            leader = self.leader_regex.search(sent.text[:at]) if self.leader_regex else None
            return LEADER + self.leaders[leader.group().casefold()] if leader else previous
        before = [e for e in found if e.start_char <= sent.start_char + at]
        if not before and previous and self.pronouns and self.pronouns.search(sent.text[:at]):
            return previous  # `it added...`, `il retire...`: the body of the sentence before acts
        nearest = before[-1] if before else found[0]
        country = self.kb[nearest.kb_id_].country if nearest.kb_id_ in self.kb else None
        same_side = [e for e in found if e.kb_id_ in self.kb and self.kb[e.kb_id_].country == country
                     and abs(e.start_char - nearest.start_char) <= SAME_BODY]
        return max(same_side or [nearest], key=lambda e: self._depth(e.kb_id_)).kb_id_

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
        text = sent.text
        for name, regex in self.measures + weak:
            for m in regex.finditer(text) if regex else ():
                if (name, regex) in weak and m.start() < first:
                    continue
                at = sent.start_char + m.start()
                if any(s <= at < e for s, e in quoted):
                    continue
                if self.negation and self.negation.search(text[max(0, m.start() - self.reach):m.start()]):
                    continue
                hits.append((m.start(), name))
                break
        return hits

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.chipwatch_published
        events: dict[tuple[str, str, str], dict] = {}
        previous: str | None = None
        full = doc.text
        quoted = [m.span() for m in QUOTES.finditer(full) if m.end() - m.start() > MIN_QUOTE]
        sentences = sentences_with_entities(doc)
        listing: dict | None = None  # the listing of the sentence before, which the next may enumerate
        for index, (sent, ents) in enumerate(sentences):
            hits = self._ranked(self._hits(sent, ents, quoted), sent.text)
            if listing and not hits and not any(e.label_ == "AUTHORITY" for e in ents):
                # `Eight of the entries are companies: A, B, C.` names more targets of the listing
                firms = list(dict.fromkeys(e.kb_id_ for e in ents if e.label_ == "FIRM"))
                if len(firms) >= ENUMERATION and not any(e.label_ == "CHIP" for e in ents):
                    listing["target_ids"] = list(dict.fromkeys(listing["target_ids"] + firms))
            listing = None
            spare = self._spare(sentences, index, full) if hits else []
            has_targets = any(e.label_ in ("FIRM", "CHIP") for e in ents)
            for at, measure in hits[: self.per_sentence]:
                acts = has_targets or bool(self.pronouns and self.pronouns.search(sent.text[:at]))
                authority = self._authority(sent, ents, at, previous if acts else None, full)
                if authority is None:
                    continue
                # what a head of government says he will do is proposed until a body enacts it
                said = "proposed" if authority.startswith(LEADER) else None
                authority = authority.removeprefix(LEADER)
                event = self._add(events, sent, ents, at, measure, authority, published, spare, said)
                status = event["status"]
                if measure == "entity_list" and status != "lifted":
                    listing = event
                recalled = [(a, m) for a, m in hits if m != measure]
                if status == "lifted" and recalled:
                    # an easing that names the restriction it eases: that one is a background event
                    earlier = self._authority(sent, ents, recalled[0][0], None, full) or authority
                    earlier = earlier.removeprefix(LEADER)
                    self._add(events, sent, ents, *recalled[0], earlier, published, spare, "background")
            authorities = [e for e in ents if e.label_ == "AUTHORITY"]
            previous = authorities[-1].kb_id_ if authorities else previous
        doc._.chipwatch_events = list(events.values())
        return doc

    def _ranked(self, hits: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
        """Hits by measure priority; in an easing, the measure named right after the lifting cue comes first.

        `grant licences, reversing the April freeze`: the licences are eased, the freeze is recalled.
        """
        hits = sorted(hits, key=lambda h: self.priority.index(h[1]))
        cue = self.status["lifted"].search(text) if len(hits) > 1 and self.status["lifted"] else None
        if cue is None:
            return hits
        return sorted(hits, key=lambda h: (h[0] < cue.start(), abs(h[0] - cue.start())))

    @staticmethod
    def _spare(sentences: list[tuple[Span, list[Span]]], index: int, full: str) -> list[Span]:
        """Firms and chips of the first of the next sentences (same paragraph) that names any."""
        end = sentences[index][0].end_char
        for sent, ents in sentences[index + 1:index + 1 + LOOKAHEAD]:
            if "\n\n" in full[end - 1:sent.start_char + 1]:
                break
            found = [e for e in ents if e.label_ in ("FIRM", "CHIP")]
            if found:
                return found
        return []

    def _add(self, events: dict, sent: Span, ents: list[Span], at: int, measure: str, authority: str,
             published: date | None, spare: list[Span], status: str | None = None) -> dict:
        """Add the event of one trigger, or merge it into the event with the same key.

        Targets are the firms and chips of the sentence, else those of a next one (`spare`).
        Returns the event; its status is found from the sentence unless `status` is given.
        """
        text = sent.text
        dates = find_dates(text, self.lang, published)
        dated = min(dates, key=lambda d: abs(d.start - at), default=None)
        status = status or self._status(text, at, dated and dated.value, dated and dated.year, published)
        targets = [e for e in ents if e.label_ in ("FIRM", "CHIP")]
        targets = targets or [e for e in spare if e.label_ in ("FIRM", "CHIP")]
        chips = [e for e in targets if e.label_ == "CHIP"]
        if measure not in FIRM_MEASURES and chips:
            targets = chips
        event = events.setdefault((authority, measure, status), {
            "authority_id": authority, "measure": measure, "target_ids": [],
            "country": self._country(authority), "status": status,
            "date": dated.value if dated else None, "evidence": text.strip(),
        })
        event["target_ids"] = list(dict.fromkeys(event["target_ids"] + [e.kb_id_ for e in targets]))
        if event["date"] is None and dated:
            event["date"] = dated.value
        return event

    def _country(self, authority_id: str) -> str | None:
        entry = self.kb.get(authority_id)
        return self.countries.get(entry.country) if entry else None


@Language.factory("chipwatch_events", default_config={"lang": "en", "per_sentence": 1})
def make_events(nlp: Language, name: str, lang: str, per_sentence: int) -> SanctionEvents:
    return SanctionEvents(lang, per_sentence)
