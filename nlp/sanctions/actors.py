"""The body behind a measure: the acting authority of the sentence, a leader, or a body named before.

The closest acting AUTHORITY (the most specific body of its side named next to it; one after
`with`/`与` is spoken to, not acting), else a head of government or legislator (lexicon `leaders`:
what he says he will do is a proposal of his body), else the body a subject stands for (`the
department`: the last department named; `it`, `il`, `该局`: the body last named in the paragraph),
else the government whose own bodies the measure binds (lexicon `implied_bodies`: `federal agencies`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from spacy.tokens import Span

from core.authorities import ancestors as chain_above
from nlp.kb import KBEntry
from nlp.lexicon import Lexicon, trigger_regex
from nlp.sentences import span_text

OBJECT_REACH = 24  # characters before an authority searched for `with`, `与`


class Actor(NamedTuple):
    """The body behind a measure; `leader` when it was found through a head of government or a legislator,
    whose words propose a measure of that body rather than enact it."""

    id: str
    leader: bool = False


def ancestors(authority_id: str, kb: Mapping[str, KBEntry]) -> list[str]:
    """The bodies above one, nearest first (BIS: Commerce, then the US government)."""
    return chain_above(authority_id, lambda body: kb[body].parent if body in kb else None)


def side_of(authority_id: str, kb: Mapping[str, KBEntry]) -> str | None:
    """The country code of a body (`US`, `CN`)."""
    entry = kb.get(authority_id)
    return entry.country if entry else None


def _key(words: str) -> str:
    return " ".join(words.casefold().split())


class Actors:
    def __init__(self, lang: str, lex: Lexicon, kb: Mapping[str, KBEntry]) -> None:
        self.lang = lang
        self.kb = kb
        self.reaches = lex.reaches
        self.object_words = lex.object_markers
        self.objects = trigger_regex(self.object_words, lang)
        self.leaders = {_key(name): body for name, body in lex.leaders.items()}
        self.leader_regex = trigger_regex(list(lex.leaders), lang)
        self.enactments = trigger_regex(lex.leader_enactments, lang)
        self.issuer_words = {word.casefold() for word in lex.issuer_words}
        possessive = trigger_regex(lex.possessives, lang)  # `its China licence`: the firm's licence for China
        self.possessive = re.compile(rf"(?:{possessive.pattern})\W*$", re.I) if possessive else None
        self.fillers = set(lex.articles) | {w.casefold() for w in lex.dates.weekdays} | {"on"}
        self.pronouns = trigger_regex(lex.pronoun_subjects, lang)
        self.bodies = {_key(k): v for k, v in lex.body_nouns.items()}
        self.implied = {_key(k): v for k, v in lex.implied_bodies.items()}
        self.implied_regex = trigger_regex(list(self.implied), lang)
        self.body_regex = trigger_regex(list(self.bodies), lang)

    def enacted(self, text: str) -> bool:
        """Whether a head of government enacts the measure of `text` (`Trump signed`) rather than promising it."""
        return bool(self.enactments and self.enactments.search(text))

    def pronoun(self, text: str) -> bool:
        """Whether a text holds a subject standing for a body named before (`it`, `il`, `该部门`)."""
        return bool(self.pronouns and self.pronouns.search(text))

    def authority(self, sent: Span, ents: list[Span], at: int, previous: str | None, full: str) -> Actor | None:
        """The body behind the trigger at `at` (offset in the sentence), or None.

        `previous` is the body a sentence naming none (or naming one only after, or only as the
        object of, a pronoun subject) goes on with; `full` is the article's text.
        """
        named = [e for e in ents if e.label_ == "AUTHORITY"]
        found = [e for e in named if not self._object(e, full)]
        pronoun = bool(previous) and self.pronoun(span_text(sent)[:at])
        went_on = Actor(previous) if previous else None
        if not found:
            leader = self.leader_regex.search(span_text(sent)[:at]) if self.leader_regex else None
            if leader:  # `Trump said he would...`, `le sénateur Tom Cotton a déposé au Congrès`
                return Actor(self.leaders[_key(leader.group())], leader=True)
            issuer = self._issuer(sent, at, full)
            if issuer:  # `US licences`, `les licences américaines`, `美国的出口管制`: that country's government
                return Actor(issuer)
            if named:
                return went_on if pronoun else None  # `il a appelé le département à...`
            implied = self.implied_regex.search(span_text(sent)) if self.implied_regex else None
            if implied and not previous:  # `a rule bars federal agencies from buying`: the US government
                return Actor(self.implied[_key(implied.group())])
            return went_on
        before = [e for e in found if e.start_char <= sent.start_char + at]
        if not before and pronoun:
            return went_on  # `it added...`, `il retire...`: the body of the sentence before acts
        nearest = before[-1] if before else found[0]
        country = self.kb[nearest.kb_id_].country if nearest.kb_id_ in self.kb else None
        trigger = sent.start_char + at
        same_side = [e for e in found if e.kb_id_ in self.kb and self.kb[e.kb_id_].country == country
                     and (abs(e.start_char - nearest.start_char) <= self.reaches.same_body
                          or 0 <= e.start_char - trigger <= self.reaches.issuer)]  # `a licence from BIS`
        return Actor(max(same_side or [nearest], key=lambda e: len(ancestors(e.kb_id_, self.kb))).kb_id_)

    def _issuer(self, sent: Span, at: int, full: str) -> str | None:
        """The government whose country name or adjective stands right before the trigger at `at`, or right
        after it (lexicon reaches `country_before`, `country_after`), with only `issuer_words` between."""
        trigger = sent.start_char + at
        for country in sent.doc.spans.get("chipwatch_countries", []):
            if not sent.start_char <= country.start_char < sent.end_char:
                continue
            if country.end_char <= trigger:
                gap, reach = full[country.end_char:trigger], self.reaches.country_before
            elif self.reaches.country_after:  # after the trigger's first word (`licences américaines`)
                word = re.match(r"\w*", full[trigger:country.start_char])
                gap, reach = full[trigger + word.end():country.start_char], self.reaches.country_after
            else:
                continue
            words = self._words(gap)
            owned = self.possessive and self.possessive.search(full[max(sent.start_char, country.start_char - 8):
                                                                     country.start_char])
            if len(gap) <= reach and not owned and all(word.casefold() in self.issuer_words for word in words):
                return country.kb_id_
        return None

    def _words(self, gap: str) -> list[str]:
        """The words of a gap; in Chinese, what is left once the lexicon's `issuer_words` are taken out."""
        if self.lang == "zh":
            for word in sorted(self.issuer_words, key=len, reverse=True):
                gap = gap.replace(word, " ")
        return re.findall(r"[^\W\d_]+", gap.replace("'", " ").replace("’", " "))

    def named_body(self, sent: Span, ents: list[Span], at: int, seen: list[str]) -> str | None:
        """The body a noun like `the department`, `le ministère` stands for: the last one named of that kind.

        The noun before the trigger counts, else one after it (`since the department tightened`). A noun
        that starts a name (`le département du Commerce`) stands for nothing else.
        """
        found = None
        if self.body_regex:
            found = self.body_regex.search(span_text(sent)[:at]) or self.body_regex.search(span_text(sent), at)
        start = sent.start_char + found.start() if found else 0
        if found is None or any(e.start_char <= start + len(found.group()) and start <= e.end_char for e in ents):
            return None
        kind = self.bodies[_key(found.group())]
        return next((a for a in reversed(seen) if kind in self.kb[a].name), None)

    def side(self, authority_id: str) -> str | None:
        """The country code of a body (`US`, `CN`)."""
        return side_of(authority_id, self.kb)

    def _object(self, ent: Span, full: str) -> bool:
        """Whether the authority follows a preposition (`与美国政府沟通`, `talks with Washington`): no actor."""
        before = full[max(0, ent.start_char - OBJECT_REACH):ent.start_char].rstrip()
        if self.lang == "zh":
            return any(before.endswith(word) for word in self.object_words)
        words = [w for w in re.findall(r"\w+", before) if w.casefold() not in self.fillers]  # `urged on Monday the`
        return bool(words and self.objects and self.objects.fullmatch(words[-1]))
