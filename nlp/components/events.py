"""`chipwatch_events`: sanction events (who restricts what, how, with which status and date).

Needs sentences and `doc.ents`; reads `doc._.chipwatch_published` (a `datetime.date` or None).
Sets `doc._.chipwatch_events`: one dict per distinct (authority, measure, status) with keys
`authority_id`, `measure`, `target_ids`, `country`, `status`, `date`, `evidence`.
Each measure a sentence names (`nlp.sanctions.triggers`) with a body behind it
(`nlp.sanctions.actors`; for a ban or licence on chips in a paragraph naming no body, the body last
named in the article) makes an event, with a status (`nlp.sanctions.status`); a licence that a
listing just reported entails makes none (`nlp.sanctions.listings`). A sentence saying `the same
measure` adds its chips or firms to the last event. Targets are the firms and chips
of the measure's clause, else the chips of the sentence before when it says `the chip`, else those
of a next sentence. In an easing, the measure closest to the lifting cue is lifted and another
measure of the sentence is recalled as background. The events of the article are then joined
(`nlp.sanctions.links`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.vocab import TARGET_COUNTRIES
from nlp.dates import find_dates
from nlp.kb import load_kb
from nlp.kb.measures import last_on_record
from nlp.lexicon import lexicon, trigger_regex
from nlp.sanctions.actors import Actors
from nlp.sanctions.links import fold_restated, merge_chain, recall_eased
from nlp.sanctions.listings import ListingMemory, ListingRules
from nlp.sanctions.status import BACKGROUND_DAYS, StatusReader, first_day
from nlp.sanctions.triggers import Hit, MeasureTriggers
from nlp.sentences import doc_text, sentence_before, sentences_with_entities, span_text

Doc.set_extension("chipwatch_published", default=None, force=True)
Doc.set_extension("chipwatch_events", default=None, force=True)
Doc.set_extension("chipwatch_title", default=None, force=True)
HEADLINE_DAYS = 90  # a measure the headline names stays news this long after its date
RESTATING = {"export_ban", "export_license"}  # a ban and a licence requirement on the same chips: one measure
RECORD_SLACK = 3  # days after publication a measure on record may be dated (told the day before it is made)
LOOKAHEAD = 2  # sentences searched for the targets of a measure whose sentence names none
FIRM_MEASURES = {"entity_list", "investigation"}
LISTED_FIRMS_ONLY = {"entity_list"}
CHIP_MEASURES = {"export_ban", "export_license"}
QUOTES = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|「[^」\n]*」|『[^』\n]*』')
MIN_QUOTE = 24  # shorter quotes are terms (“实体清单”), longer ones are speech
Sentences = list[tuple[Span, list[Span]]]


@dataclass
class _Reading:
    """What reading one article has found so far."""

    published: date | None
    text: str  # the article's text (`doc.text` joins its tokens again on each call)
    sentences: Sentences
    quoted: list[tuple[int, int]]
    listings: ListingMemory
    events: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    previous: str | None = None  # the body the last sentence acted through or named, which `it` stands for
    seen: list[str] = field(default_factory=list)  # bodies named so far, which `the department` may stand for
    last: dict | None = None  # the last event made, which `the same measure` names again
    dated: set[int] = field(default_factory=set)  # ids of the events made background by their date alone
    by_start: dict[int, list[Span]] = field(init=False)  # sentence start -> the entities starting in it

    def __post_init__(self) -> None:
        self.by_start = {sent.start: ents for sent, ents in self.sentences}

    def entities_of(self, sent: Span) -> list[Span]:
        """The entities that lie inside sentence `sent` (as `Span.ents`, which rescans the whole doc)."""
        return [e for e in self.by_start.get(sent.start, ()) if e.end <= sent.end]


class SanctionEvents:
    def __init__(self, lang: str, per_sentence: int) -> None:
        self.lang = lang
        lex = lexicon(lang)
        self.kb = load_kb().by_id
        self.triggers = MeasureTriggers(lang, lex, per_sentence)
        self.actors = Actors(lang, lex, self.kb)
        self.status = StatusReader(lang, lex)
        self.listing_rules = ListingRules(lang, lex, self.actors.side)
        self.same_day = trigger_regex(lex.dates.same_day, lang)
        self.anaphors = trigger_regex(lex.chip_anaphors, lang)
        self.firm_anaphors = trigger_regex(lex.firm_anaphors, lang)
        self.spared = trigger_regex(lex.target_negation, lang)
        self.spared_reach = lex.reaches.spared
        self.measure_anaphors = trigger_regex(lex.measure_anaphors, lang)
        self.spared_after = trigger_regex(lex.target_negation_after, lang)

    def __call__(self, doc: Doc) -> Doc:
        full = doc_text(doc)
        reading = _Reading(
            published=doc._.chipwatch_published, text=full, sentences=sentences_with_entities(doc),
            quoted=[m.span() for m in QUOTES.finditer(full) if m.end() - m.start() > MIN_QUOTE],
            listings=ListingMemory(self.listing_rules))
        for index in range(len(reading.sentences)):
            self._read(reading, index)
        self._headline(reading, doc._.chipwatch_title)
        self._on_record(reading, doc._.chipwatch_title)
        linked = fold_restated(merge_chain(list(reading.events.values()), self.kb), self.kb)
        doc._.chipwatch_events = recall_eased(linked, self.kb)
        return doc

    def _read(self, reading: _Reading, index: int) -> None:
        """Add the events of one sentence."""
        sent, ents = reading.sentences[index]
        full = reading.text
        if "\n\n" in full[max(0, sent.start_char - 2):sent.start_char + 1]:
            reading.previous = None
        named, kept = self.triggers.find(sent, full[sent.start_char:sent.end_char], ents, reading.quoted)
        reading.listings.read(index, sent, ents)
        acted = None  # the body that enacts a measure of this sentence, which a next one may go on with
        if kept:
            acted = self._measures(reading, index, named, kept)
        if acted is None and reading.last is not None and self._extends(reading, index):
            self._join(reading.last, ents)
        authorities = [e for e in ents if e.label_ == "AUTHORITY"]
        reading.previous = acted or (authorities[-1].kb_id_ if authorities else reading.previous)
        reading.seen += [e.kb_id_ for e in authorities if e.kb_id_ in self.kb]

    def _measures(self, reading: _Reading, index: int, hits: list[Hit], kept: list[Hit]) -> str | None:
        """Add an event for each measure of its own (`kept`) among those a sentence names (`hits`).

        Returns the body of the first event added.
        """
        sent, ents = reading.sentences[index]
        full = reading.text
        spare = self._spare(reading.sentences, index, full)
        named = ents + self._referred(reading.sentences, index, full)
        has_targets = any(e.label_ in ("FIRM", "CHIP") for e in ents)
        # a clause after a semicolon goes on with the subject of the one before
        continued = bool(index) and full[reading.sentences[index - 1][0].end_char - 1] in ";；"
        acted = None
        for at, measure in kept:
            if measure == "export_license" and not self.triggers.added(span_text(sent)[:at]) \
                    and reading.listings.entails(index, sent, ents, at, continued):
                continue  # `Anyone shipping to them now needs a licence`: what the listing just made entails
            body = self.actors.named_body(sent, ents, at, reading.seen)
            if measure == "entity_list" and self.listing_rules.same_list(span_text(sent), at):
                body = reading.listings.last_body or body  # `SMIC joined the same list`: the body whose list it is
            acts = has_targets or continued or self.actors.pronoun(span_text(sent)[:at])
            went_on = reading.previous or self._carried(reading, measure, ents)
            actor = self.actors.authority(sent, ents, at, body or (went_on if acts else None), full)
            if actor is None:
                continue
            # what a head of government says he will do is proposed until a body enacts it or he signs it
            said = "proposed" if actor.leader and not self.actors.enacted(span_text(sent)[:at]) else None
            authority = actor.id
            own = self.triggers.clause_ents(sent, named, kept, at) if len(kept) > 1 else named
            event = self._add(reading, sent, own, at, measure, authority, spare, said)
            reading.last = event
            acted = acted or authority
            reading.listings.record(index, event)
            recalled = [(a, m) for a, m in hits if m != measure]
            if event["status"] == "lifted" and recalled:
                # an easing that names the restriction it eases: that one is a background event; what
                # granting licences eases is a licence requirement, whatever word recalls it (`freeze`)
                at_recalled, eased = recalled[0]
                eased = "export_license" if measure == "export_license" and eased == "export_ban" else eased
                earlier = self.actors.authority(sent, ents, at_recalled, None, full)
                self._add(reading, sent, named, at_recalled, eased, earlier.id if earlier else authority, spare,
                          "background")
                break
        return acted

    def _headline(self, reading: _Reading, title: str | None) -> None:
        """Make news again a measure made background by its date alone, when the headline names it and
        one of its targets (`AMD bute sur la licence de sa MI309`), its date is recent and the article
        reports no other measure of that kind as news."""
        if not title or reading.published is None:
            return
        news = {measure for _, measure, status in reading.events if status in ("announced", "lifted")}
        for key, event in list(reading.events.items()):
            if event["measure"] in news:
                continue  # the headline's measure is already the news of the day
            if id(event) not in reading.dated or not event["date"]:
                continue
            recent = (reading.published - first_day(event["date"])).days <= HEADLINE_DAYS
            if recent and self._in_headline(title, event):
                self._restatus(reading, key, event, "announced")

    def _on_record(self, reading: _Reading, title: str | None) -> None:
        """Make background an undated measure or easing told as news when the latest one on record of its kind
        by the same state on one of its targets (`nlp.kb.measures`) is older than the news window; unless the
        headline names the measure and one of its targets (the article's own news), or it restates as a licence
        a dated ban of the same state on one of them (or a licence as a ban)."""
        if reading.published is None:
            return
        until = reading.published + timedelta(days=RECORD_SLACK)
        for key, event in list(reading.events.items()):
            if event["status"] not in ("announced", "lifted") or event["date"] or not event["target_ids"]:
                continue
            side = self.actors.side(event["authority_id"])
            day = last_on_record(side, event["measure"], event["status"], event["target_ids"], until)
            if day is None or (reading.published - day).days <= BACKGROUND_DAYS:
                continue
            if title and self._in_headline(title, event):
                continue
            if any(other["date"] and other["status"] == "announced" and {other["measure"], event["measure"]} ==
                   RESTATING and self.actors.side(other["authority_id"]) == side
                   and set(other["target_ids"]) & set(event["target_ids"]) for other in reading.events.values()):
                continue  # a dated ban of the same state on the same chips, which this licence restates (or back)
            self._restatus(reading, key, event, "background")

    @staticmethod
    def _restatus(reading: _Reading, key: tuple[str, str, str], event: dict, status: str) -> None:
        """Give an event another status: it moves to that key, its targets joining an event already there."""
        reading.events.pop(key)
        event["status"] = status
        kept = reading.events.setdefault((event["authority_id"], event["measure"], status), event)
        if kept is not event:
            kept["target_ids"] = list(dict.fromkeys(kept["target_ids"] + event["target_ids"]))

    def _in_headline(self, title: str, event: dict) -> bool:
        """Whether the headline names the event's measure and one of its targets."""
        return self.triggers.names(title, event["measure"]) and any(
            self._in_title(title, target) for target in event["target_ids"])

    def _in_title(self, title: str, target_id: str) -> bool:
        entry = self.kb.get(target_id)
        names = (entry.names() + entry.models) if entry else []
        folded = title.casefold()
        return any((len(name) > 2 or not name.isascii()) and name.casefold() in folded for name in names)

    @staticmethod
    def _carried(reading: _Reading, measure: str, ents: list[Span]) -> str | None:
        """The body last named in the article, for a ban or licence on chips in a paragraph naming none.

        `Consequence: the A800 and H800 now fall under the licence regime`, a paragraph after the rules
        of the Commerce Department were reported.
        """
        if reading.seen and measure in CHIP_MEASURES and any(e.label_ == "CHIP" for e in ents):
            return reading.seen[-1]
        return None

    def _extends(self, reading: _Reading, index: int) -> bool:
        """Whether a sentence, or the one before it in its paragraph, names the last measure again
        (`AMD was caught by the same move`, `La mesure s'applique aussi à`, `同样适用于`)."""
        if self.measure_anaphors is None:
            return False
        sent = reading.sentences[index][0]
        start = reading.sentences[index - 1][0].start_char if index else sent.start_char
        window = reading.text[start:sent.end_char]
        return bool(self.measure_anaphors.search(window.split("\n\n")[-1]))

    @staticmethod
    def _join(event: dict, ents: list[Span]) -> None:
        """Add the chips of a sentence to an event on chips, or its firms to an event on firms."""
        label = "FIRM" if event["measure"] in FIRM_MEASURES else "CHIP"
        added = [e.kb_id_ for e in ents if e.label_ == label]
        event["target_ids"] = list(dict.fromkeys(event["target_ids"] + added))

    def _referred(self, sentences: Sentences, index: int, full: str) -> list[Span]:
        """Chips of the sentence before (same paragraph) when this one names none but says `the chip`, `该芯片`."""
        sent, ents = sentences[index]
        if not index or not self.anaphors or any(e.label_ == "CHIP" for e in ents):
            return []
        before, named = sentences[index - 1]
        if not self.anaphors.search(span_text(sent)) or "\n\n" in full[before.end_char - 1:sent.start_char + 1]:
            return []
        return [e for e in named if e.label_ == "CHIP"]

    @staticmethod
    def _spare(sentences: Sentences, index: int, full: str) -> list[Span]:
        """Firms and chips of the first of the next sentences (same paragraph) that names any."""
        end = sentences[index][0].end_char
        for sent, ents in sentences[index + 1:index + 1 + LOOKAHEAD]:
            if "\n\n" in full[end - 1:sent.start_char + 1]:
                break
            found = [e for e in ents if e.label_ in ("FIRM", "CHIP")]
            if found:
                return found
        return []

    def _add(self, reading: _Reading, sent: Span, ents: list[Span], at: int, measure: str, authority: str,
             spare: list[Span], status: str | None = None) -> dict:
        """Add the event of one trigger, or merge it into the event with the same key.

        Targets are the firms and chips of the sentence, else those of a next one (`spare`). A probe or
        listing of `the company` beside one of its chips hits the chip's vendor too.
        Returns the event; its status is found from the sentence unless `status` is given.
        """
        text, published = span_text(sent), reading.published
        dates = find_dates(text, self.lang, published)
        if not dates and sent.start and self.same_day and self.same_day.search(text):
            # `That day, Huawei was listed`: the last date of the sentence before
            dates = find_dates(sentence_before(sent), self.lang, published)[-1:]
        dated = min(dates, key=lambda d: abs(d.start - at), default=None)
        by_date = False
        if status is None:
            side = self.actors.side(authority)
            apart = tuple(e.start_char - sent.start_char for e in reading.entities_of(sent) if e.label_ == "AUTHORITY"
                          and e.kb_id_ in self.kb and self.actors.side(e.kb_id_) != side)
            status, by_date = self.status(text, at, dated and dated.value, dated and dated.year, published, apart)
        targets = [e for e in ents if e.label_ in ("FIRM", "CHIP") and not self._spared(e, sent, reading.text)]
        borrowed = not targets
        targets = targets or [e for e in spare if e.label_ in ("FIRM", "CHIP")]
        chips = [e for e in targets if e.label_ == "CHIP"]
        if measure not in FIRM_MEASURES and chips:
            targets = chips
        elif measure in LISTED_FIRMS_ONLY:
            targets = [e for e in targets if e.label_ == "FIRM"]  # a list holds firms, not their chips
        event = reading.events.setdefault((authority, measure, status), {
            "authority_id": authority, "measure": measure, "target_ids": [],
            "country": self._country(authority), "status": status,
            "date": dated.value if dated else None, "evidence": sent.text.strip(), "borrowed": borrowed,
        })
        event["borrowed"] = event["borrowed"] and borrowed
        ids = [e.kb_id_ for e in targets]
        if measure in FIRM_MEASURES and self.firm_anaphors and self.firm_anaphors.search(text):
            ids = [self.kb[e.kb_id_].vendor for e in chips if e.kb_id_ in self.kb and self.kb[e.kb_id_].vendor] + ids
        event["target_ids"] = list(dict.fromkeys(event["target_ids"] + ids))
        if by_date:
            reading.dated.add(id(event))
        if event["date"] is None and dated:
            event["date"] = dated.value
        return event

    def _spared(self, ent: Span, sent: Span, full: str) -> bool:
        """Whether a firm or chip is named as left out (`neither it nor Indosat is listed`, `sauf Nvidia`,
        `浪潮除外`)."""
        reach = self.spared_reach
        before = full[max(sent.start_char, ent.start_char - reach):ent.start_char]
        after = full[ent.end_char:min(sent.end_char, ent.end_char + reach)].lstrip(" ,")
        if self.spared_after and self.spared_after.match(after):
            return True
        return bool(self.spared and self.spared.search(before))

    def _country(self, authority_id: str) -> str | None:
        side = self.actors.side(authority_id)
        return TARGET_COUNTRIES.get(side) if side else None


@Language.factory("chipwatch_events", default_config={"lang": "en", "per_sentence": 2})
def make_events(nlp: Language, name: str, lang: str, per_sentence: int) -> SanctionEvents:
    return SanctionEvents(lang, per_sentence)
