"""`chipwatch_events`: sanction events (who restricts what, how, with which status and date).

Needs sentences and `doc.ents`; reads `doc._.chipwatch_published` (a `datetime.date` or None).
Sets `doc._.chipwatch_events`: one dict per distinct (authority, measure, status) with keys
`authority_id`, `measure`, `target_ids`, `country`, `status`, `date`, `evidence`.
A sentence with a measure trigger (lexicon `measures`; the first by `measure_priority`) makes an
event, unless the trigger sits in a long quote, after a negation or in a `not_measures` phrase
(`applied for a licence`); a generic trigger (`weak_measures`: `export controls`) needs an
authority just before that enacts it (lexicon `enacting`: `tightened`, `considers`).
Its authority is the closest acting AUTHORITY of the sentence (the most specific body of that side
named next to it; one after `with`/`与` is spoken to, not acting), else a head of government
(lexicon `leaders`: his measures are proposed), else the body a subject stands for (`the
department`: the last department named; `it`, `il`, `该局`: the body last named in the paragraph).
Targets are the firms and chips of the sentence, else the chips of the sentence before when it
says `the chip`, else those of a next sentence; a sentence soon after a listing that enumerates
firms adds them, and a licence requirement right after a listing is what the listing entails, not
a new event. Status comes from cue words near the trigger, then from the date (older than 30
days: background; `that day`, `当天` is the last date of the sentence before), then from tense
cues. In an easing, the measure closest to the lifting cue is lifted and another measure of the
sentence is recalled as background.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.components.event_links import fold_restated, merge_chain, recall_eased
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
LISTED_FIRMS_ONLY = {"entity_list"}
QUOTES = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|「[^」\n]*」|『[^』\n]*』')
ENUMERATION = 3  # firms a sentence must name to read as the list of a listing just reported
ENACTED = {"announced", "background"}
ENUMERATION_REACH = 4  # sentences after the listing where that list may come
MARKED_REACH = 10  # sentences after the listing reported as news where a marked enumeration may come
WEAK_REACH = {"en": 60, "fr": 60, "zh": 15}  # characters from an authority to a weak trigger it acts on
SAME_BODY = {"en": 80, "fr": 80, "zh": 16}  # characters between two bodies read as one (`Commerce's BIS`)
CLAUSE_BREAK = re.compile(r"[;,；，]|\s(?:and|et)\s|另一方面|此外|并对|並對")
CLAUSE_APART = {"en": 30, "fr": 30, "zh": 8}  # characters between two measures of one sentence
# a second measure of a sentence that restates the first (`a licence requirement, shutting off sales`)
ENTAILED = {"entity_list": ("export_license",), "export_ban": ("export_license",), "export_license": ("export_ban",)}
PLUPERFECT_REACH = {"en": 40, "fr": 40, "zh": 10}  # characters before a trigger where `had` recalls it
SPARED_REACH = {"en": 12, "fr": 12, "zh": 4}  # characters before a target where `nor`, `sauf` spare it
MIN_QUOTE = 24  # shorter quotes are terms (“实体清单”), longer ones are speech


class SanctionEvents:
    def __init__(self, lang: str, per_sentence: int) -> None:
        self.lang = lang
        lex = lexicon(lang)
        self.measures = [(name, trigger_regex(words, lang)) for name, words in lex["measures"].items()]
        self.not_measures = trigger_regex(lex.get("not_measures", []), lang)
        self.restatements = trigger_regex(lex.get("restatements", []), lang)
        self.additions = trigger_regex(lex.get("additions", []), lang)
        self.enumeration_markers = trigger_regex(lex.get("enumeration_markers", []), lang)
        self.listed_nouns = trigger_regex(lex.get("listed_nouns", []), lang)
        self.listed_words = trigger_regex(lex.get("listed_words", []), lang)
        self.list_anaphors = trigger_regex(lex.get("list_anaphors", []), lang)
        self.firm_anaphors = trigger_regex(lex.get("firm_anaphors", []), lang)
        self.spared = trigger_regex(lex.get("target_negation", []), lang)
        self.weak = [(name, trigger_regex(words, lang)) for name, words in lex.get("weak_measures", {}).items()]
        named = [name for name, _ in self.measures + self.weak]
        self.priority = list(dict.fromkeys((lex.get("measure_priority") or []) + named))
        self.per_sentence = per_sentence
        self.status = {name: trigger_regex(words, lang) for name, words in lex["status"].items()}
        self.countries = lex.get("countries", {})
        self.negation = self.status.pop("negation", None)
        self.pluperfect = trigger_regex(lex.get("pluperfect", []), lang)
        self.reporting = trigger_regex(lex.get("reporting", []), lang)
        self.object_words = lex.get("object_markers", [])
        self.objects = trigger_regex(self.object_words, lang)
        self.leaders = {" ".join(name.casefold().split()): body for name, body in lex.get("leaders", {}).items()}
        self.leader_regex = trigger_regex(list(lex.get("leaders", {})), lang)
        self.fillers = ARTICLES | {w.casefold() for w in lex["dates"].get("weekdays", {})} | {"on"}
        self.same_day = trigger_regex(lex["dates"].get("same_day", []), lang)
        self.pronouns = trigger_regex(lex.get("pronoun_subjects", []), lang)
        self.bodies = {" ".join(k.casefold().split()): v for k, v in lex.get("body_nouns", {}).items()}
        self.body_regex = trigger_regex(list(self.bodies), lang)
        self.anaphors = trigger_regex(lex.get("chip_anaphors", []), lang)
        self.reach = 4 if lang == "zh" else 20
        self.enacting = trigger_regex(lex.get("enacting", []), lang)
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
            return any(before.endswith(word) for word in self.object_words)
        words = [w for w in re.findall(r"\w+", before) if w.casefold() not in self.fillers]  # `urged on Monday the`
        return bool(words and self.objects and self.objects.fullmatch(words[-1]))

    def _authority(self, sent: Span, ents: list[Span], at: int, previous: str | None, full: str) -> str | None:
        """KB id of the body behind the trigger at `at` (offset in the sentence).

        The closest acting AUTHORITY (the most specific body of its side), else a head of government
        named before the trigger (`Trump`, `特朗普`), else `previous` when the sentence names no authority
        or names one only after (or only as the object of) a pronoun subject (`it`, `il`, `该部门`).
        """
        named = [e for e in ents if e.label_ == "AUTHORITY"]
        found = [e for e in named if not self._object(e, full)]
        pronoun = bool(previous and self.pronouns and self.pronouns.search(sent.text[:at]))
        if not found:
            leader = self.leader_regex.search(sent.text[:at]) if self.leader_regex else None
            if leader:  # `Trump said he would...`, `le sénateur Tom Cotton a déposé au Congrès`
                return LEADER + self.leaders[" ".join(leader.group().casefold().split())]
            if named:
                return previous if pronoun else None  # `il a appelé le département à...`
            return previous
        before = [e for e in found if e.start_char <= sent.start_char + at]
        if not before and pronoun:
            return previous  # `it added...`, `il retire...`: the body of the sentence before acts
        nearest = before[-1] if before else found[0]
        country = self.kb[nearest.kb_id_].country if nearest.kb_id_ in self.kb else None
        same_side = [e for e in found if e.kb_id_ in self.kb and self.kb[e.kb_id_].country == country
                     and abs(e.start_char - nearest.start_char) <= SAME_BODY[self.lang]]
        return max(same_side or [nearest], key=lambda e: self._depth(e.kb_id_)).kb_id_

    def _entailed(self, listing: dict | None, after: int, sent: Span, ents: list[Span], at: int) -> bool:
        """Whether a licence requirement is what a listing just reported entails.

        It comes in the sentence right after the listing with no body named before it, or a few
        sentences on where it speaks of the listed (`A listed organisation needs a licence`) and names
        no body of another side before it.
        """
        if listing is None:
            return False
        named = [e for e in ents if e.label_ == "AUTHORITY" and e.start_char < sent.start_char + at]
        if after == 1 and not named:
            return True
        side = self.kb[listing["authority_id"]].country if listing["authority_id"] in self.kb else None
        same_side = all(e.kb_id_ in self.kb and self.kb[e.kb_id_].country == side for e in named)
        before = sent.doc[sent.start - 1].sent.text if sent.start else ""
        continued = before.rstrip()[-1:] in (";", "；")  # a clause after a semicolon goes on with the one before
        spoken = bool(self.listed_words and self.listed_words.search((before if continued else "") + sent.text))
        return after <= ENUMERATION_REACH and spoken and same_side

    def _named_body(self, sent: Span, ents: list[Span], at: int, seen: list[str]) -> str | None:
        """The body a noun like `the department`, `le ministère` stands for: the last one named of that kind.

        A noun that starts a name (`le département du Commerce`) stands for nothing else.
        """
        found = None
        if self.body_regex:  # the noun before the trigger, else one after it (`since the department tightened`)
            found = self.body_regex.search(sent.text[:at]) or self.body_regex.search(sent.text, at)
        start = sent.start_char + found.start() if found else 0
        if found is None or any(e.start_char <= start + len(found.group()) and start <= e.end_char for e in ents):
            return None
        kind = self.bodies[" ".join(found.group().casefold().split())]
        return next((a for a in reversed(seen) if kind in self.kb[a].name), None)

    def _status(self, text: str, at: int, when: str | None, year: int | None, published: date | None) -> str:
        """Status from cue words near the trigger at `at`, then from the date, then from tense cues."""
        before, after = self.cue_window
        near = text[max(0, at - before):at + after]
        if self.status["proposed"] and self.status["proposed"].search(near):
            return "proposed"
        if self.status["lifted"] and self.status["lifted"].search(near):
            recalled = self.pluperfect and self.pluperfect.search(text[max(0, at - PLUPERFECT_REACH[self.lang]):at])
            reported = self.reporting and self.reporting.search(text[:at])  # `said BIS had withdrawn`: news
            return "background" if recalled and not reported else "lifted"  # `Washington had promised licences`
        if published and when:
            old = (published - date.fromisoformat((when + "-01")[:10])).days > BACKGROUND_DAYS
            return "background" if old else "announced"
        if published and year and year < published.year:
            return "background"
        if self.status["background"] and self.status["background"].search(near):
            return "background"
        return "announced"

    def _acted(self, text: str, ends: list[int], at: int) -> bool:
        """Whether an authority acts on a weak trigger at `at`: an enacting verb (`tightens`) between them."""
        window = WEAK_REACH[self.lang]
        return any(0 <= at - end <= window and self.enacting and self.enacting.search(text[end:at]) for end in ends)

    def _weak_counts(self, text: str, ends: list[int], at: int, measure: str, hits: list[tuple[int, str]]) -> bool:
        """Whether a weak trigger at `at` names a measure: enacted by an authority, or joined to an earlier one."""
        if any(name == measure for _, name in hits):
            return False
        return self._acted(text, ends, at) or any(start < at for start, _ in hits)

    def _hits(self, sent: Span, ents: list[Span], quoted: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """(offset in sentence, measure) of triggers outside long quotes and not negated.

        A trigger inside a phrase of the lexicon's `not_measures` (`licence applications`) is no measure.
        A weak trigger (`export controls`) counts only where an authority just named acts on it, or
        where it follows another measure of the sentence (`a tariff, with export controls`).
        """
        ends = [e.end_char - sent.start_char for e in ents if e.label_ == "AUTHORITY"]
        weak = self.weak
        hits: list[tuple[int, str]] = []
        text = sent.text
        lifted = self.status["lifted"]
        # an application the government grants (`applied for licences, which will be granted`) is an easing
        excluded = [m.span() for m in self.not_measures.finditer(text)
                    if not (lifted and lifted.search(text, m.end()))] if self.not_measures else []
        spans = [(m.start(), m.end(), name) for name, regex in self.measures if regex for m in regex.finditer(text)]
        for name, regex in self.measures + weak:
            for m in regex.finditer(text) if regex else ():
                if (name, regex) in weak and not self._weak_counts(text, ends, m.start(), name, hits):
                    continue
                if any(other != name and s <= m.start() and m.end() <= e and e - s > m.end() - m.start()
                       for s, e, other in spans):
                    continue  # `审查` inside `逐案审查`: the longer trigger names the measure
                at = sent.start_char + m.start()
                if any(s <= at < e for s, e in quoted) or any(s <= m.start() < e for s, e in excluded):
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
        seen: list[str] = []  # authorities named so far, which `the department` may stand for
        full = doc.text
        quoted = [m.span() for m in QUOTES.finditer(full) if m.end() - m.start() > MIN_QUOTE]
        sentences = sentences_with_entities(doc)
        listing: dict | None = None  # a listing just reported, whose targets a next sentence may enumerate
        listing_at = 0
        news: dict | None = None  # the listing the article reports as news, which a marked enumeration may fill
        news_at = 0
        last_list: str | None = None  # the body of the last listing, whose list `the same list` is
        for index, (sent, ents) in enumerate(sentences):
            if "\n\n" in full[max(0, sent.start_char - 2):sent.start_char + 1]:
                previous = None
            hits = self._ranked(self._hits(sent, ents, quoted), sent.text)
            if listing and (index > listing_at + ENUMERATION_REACH or self._enumerates(listing, sent, ents)):
                listing = None
            elif news and news is not listing and index <= news_at + MARKED_REACH and self._marked(sent):
                self._enumerates(news, sent, ents)  # `Among the new entities are A and B`, further on
            spare = self._spare(sentences, index, full) if hits else []
            named = ents + self._referred(sentences, index, full) if hits else ents
            has_targets = any(e.label_ in ("FIRM", "CHIP") for e in ents)
            # a clause after a semicolon goes on with the subject of the one before
            continued = bool(index) and full[sentences[index - 1][0].end_char - 1] in ";；"
            kept = self._clauses(hits, sent.text)
            acted = None  # the body that enacts a measure of this sentence, which a next one may go on with
            for at, measure in kept:
                added = bool(self.additions and self.additions.search(sent.text[:at]))
                if measure == "export_license" and not added and self._entailed(listing, index - listing_at, sent, ents, at):
                    continue  # `Anyone shipping to them now needs a licence`: what the listing just made entails
                body = self._named_body(sent, ents, at, seen)
                if measure == "entity_list" and self.list_anaphors and self.list_anaphors.match(sent.text, at):
                    body = last_list or body  # `SMIC joined the same list`: the body whose list it is
                acts = has_targets or continued or bool(self.pronouns and self.pronouns.search(sent.text[:at]))
                authority = self._authority(sent, ents, at, body or (previous if acts else None), full)
                if authority is None:
                    continue
                # what a head of government says he will do is proposed until a body enacts it
                said = "proposed" if authority.startswith(LEADER) else None
                authority = authority.removeprefix(LEADER)
                own = self._clause_ents(sent, named, kept, at) if len(kept) > 1 else named
                event = self._add(events, sent, own, at, measure, authority, published, spare, said)
                acted = acted or authority
                status = event["status"]
                listing, listing_at = (event if measure == "entity_list" and status in ENACTED else None), index
                last_list = authority if measure == "entity_list" else last_list
                if measure == "entity_list" and status == "announced":
                    news, news_at = event, index
                recalled = [(a, m) for a, m in hits if m != measure]
                if status == "lifted" and recalled:
                    # an easing that names the restriction it eases: that one is a background event
                    earlier = self._authority(sent, ents, recalled[0][0], None, full) or authority
                    earlier = earlier.removeprefix(LEADER)
                    self._add(events, sent, named, *recalled[0], earlier, published, spare, "background")
                    break
            authorities = [e for e in ents if e.label_ == "AUTHORITY"]
            previous = acted or (authorities[-1].kb_id_ if authorities else previous)
            seen += [e.kb_id_ for e in authorities if e.kb_id_ in self.kb]
        linked = fold_restated(merge_chain(list(events.values()), self.kb), self.kb)
        doc._.chipwatch_events = recall_eased(linked, self.kb)
        return doc

    def _enumerates(self, listing: dict, sent: Span, ents: list[Span]) -> bool:
        """Add the firms of a sentence that enumerates (`Eight of the entries are companies: A, B, C.`).

        A sentence that says it enumerates (`They include A and B`), or one after a listing that named
        no firm, needs only one firm.
        """
        firms = list(dict.fromkeys(e.kb_id_ for e in ents if e.label_ == "FIRM"))
        marked = self._marked(sent)
        enough = 1 if marked or not listing["target_ids"] else ENUMERATION
        if len(firms) < enough or any(e.label_ == "AUTHORITY" or (e.label_ == "CHIP" and not marked) for e in ents):
            return False
        listing["target_ids"] = list(dict.fromkeys(listing["target_ids"] + firms))
        return True

    def _marked(self, sent: Span) -> bool:
        """Whether a sentence says it enumerates listed entities (`They include`, `parmi lesquelles`, `包括`).

        The entities (`entities`, `entités`, `实体`) are named in it or in the sentence before.
        """
        if not (self.enumeration_markers and self.listed_nouns and self.enumeration_markers.search(sent.text)):
            return False
        before = sent.doc[sent.start - 1].sent.text if sent.start else ""
        return bool(self.listed_nouns.search(before + " " + sent.text))

    def _ranked(self, hits: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
        """Hits by measure priority; in an easing, the measure named closest to the lifting cue comes first.

        `grant licences, reversing the April freeze`: the licences are eased, the freeze is recalled.
        """
        hits = sorted(hits, key=lambda h: self.priority.index(h[1]))
        cue = self.status["lifted"].search(text) if len(hits) > 1 and self.status["lifted"] else None
        if cue is None:
            return hits
        return sorted(hits, key=lambda h: abs(h[0] - cue.start()))

    def _clauses(self, hits: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
        """The first hit, plus hits of other measures that sit in a clause of their own (`a tariff, and controls`).

        A clause that restates the measure before it (`which amounts to a ban`) or the licence a listing
        entails (`on the Entity List: suppliers need a licence`) is no measure of its own.
        """
        kept = hits[:1]
        for at, measure in hits[1:]:
            first_at, first = kept[0]
            low, high = sorted((at, first_at))
            added = bool(self.additions and self.additions.search(text[low:high]))
            if len(kept) >= self.per_sentence or (measure in ENTAILED.get(first, ()) and not added):
                continue
            if all(self._apart(text, at, other) for other, _ in kept):
                kept.append((at, measure))
        return kept

    def _apart(self, text: str, first: int, second: int) -> bool:
        low, high = sorted((first, second))
        between = text[low:high]
        if self.restatements and self.restatements.search(between):
            return False
        return high - low >= CLAUSE_APART[self.lang] and bool(CLAUSE_BREAK.search(between))

    @staticmethod
    def _clause_ents(sent: Span, named: list[Span], kept: list[tuple[int, str]], at: int) -> list[Span]:
        """Entities of the clause of the hit at `at`: between the last clause break after the hit before it
        and the last break before the hit after it. Entities outside the sentence (`the chip`) stay."""
        text, start, end = sent.text, 0, len(sent.text)
        for other, _ in kept:
            breaks = [m.start() for m in CLAUSE_BREAK.finditer(text, min(other, at), max(other, at))]
            if breaks and other < at:
                start = max(start, breaks[-1])
            elif breaks:
                end = min(end, breaks[-1])
        return [e for e in named if not sent.start_char <= e.start_char < sent.end_char
                or sent.start_char + start <= e.start_char < sent.start_char + end]

    def _referred(self, sentences: list[tuple[Span, list[Span]]], index: int, full: str) -> list[Span]:
        """Chips of the sentence before (same paragraph) when this one names none but says `the chip`, `该芯片`."""
        sent, ents = sentences[index]
        if not index or not self.anaphors or any(e.label_ == "CHIP" for e in ents):
            return []
        before, named = sentences[index - 1]
        if not self.anaphors.search(sent.text) or "\n\n" in full[before.end_char - 1:sent.start_char + 1]:
            return []
        return [e for e in named if e.label_ == "CHIP"]

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

        Targets are the firms and chips of the sentence, else those of a next one (`spare`). A probe or
        listing of `the company` beside one of its chips hits the chip's vendor too.
        Returns the event; its status is found from the sentence unless `status` is given.
        """
        text = sent.text
        dates = find_dates(text, self.lang, published)
        if not dates and sent.start and self.same_day and self.same_day.search(text):
            # `That day, Huawei was listed`: the last date of the sentence before
            dates = find_dates(sent.doc[sent.start - 1].sent.text, self.lang, published)[-1:]
        dated = min(dates, key=lambda d: abs(d.start - at), default=None)
        status = status or self._status(text, at, dated and dated.value, dated and dated.year, published)
        targets = [e for e in ents if e.label_ in ("FIRM", "CHIP") and not self._spared(e)]
        targets = targets or [e for e in spare if e.label_ in ("FIRM", "CHIP")]
        chips = [e for e in targets if e.label_ == "CHIP"]
        if measure not in FIRM_MEASURES and chips:
            targets = chips
        elif measure in LISTED_FIRMS_ONLY:
            targets = [e for e in targets if e.label_ == "FIRM"]  # a list holds firms, not their chips
        event = events.setdefault((authority, measure, status), {
            "authority_id": authority, "measure": measure, "target_ids": [],
            "country": self._country(authority), "status": status,
            "date": dated.value if dated else None, "evidence": text.strip(),
        })
        ids = [e.kb_id_ for e in targets]
        if measure in FIRM_MEASURES and self.firm_anaphors and self.firm_anaphors.search(text):
            ids = [self.kb[e.kb_id_].vendor for e in chips if e.kb_id_ in self.kb and self.kb[e.kb_id_].vendor] + ids
        event["target_ids"] = list(dict.fromkeys(event["target_ids"] + ids))
        if event["date"] is None and dated:
            event["date"] = dated.value
        return event

    def _spared(self, ent: Span) -> bool:
        """Whether a firm or chip is named as left out (`neither it nor Indosat is listed`, `sauf Nvidia`)."""
        before = ent.doc.text[max(ent.sent.start_char, ent.start_char - SPARED_REACH[self.lang]):ent.start_char]
        return bool(self.spared and self.spared.search(before))

    def _country(self, authority_id: str) -> str | None:
        entry = self.kb.get(authority_id)
        return self.countries.get(entry.country) if entry else None


@Language.factory("chipwatch_events", default_config={"lang": "en", "per_sentence": 2})
def make_events(nlp: Language, name: str, lang: str, per_sentence: int) -> SanctionEvents:
    return SanctionEvents(lang, per_sentence)
