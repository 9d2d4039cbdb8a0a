"""What an Entity List addition brings along in the sentences after it.

- The list of firms (`Eight of the entries are companies: A, B, C.`, `They include A and B`) adds
  targets to the listing.
- A licence requirement for the listed (`Anyone shipping to them now needs a licence`) is what the
  listing entails, not a measure of its own.
- `the same list`, `la même liste`, `同一清单` is the list of the body that listed last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from core.vocab import ENACTED_STATUSES
from nlp.lexicon import Lexicon, trigger_regex
from nlp.sentences import sentence_before, span_text

ENUMERATION = 3  # firms an unmarked sentence must name to read as the list of a listing just reported
ENUMERATION_REACH = 4  # sentences after the listing where that list, or the licence it entails, may come
MARKED_REACH = 10  # sentences after the listing reported as news where a marked enumeration may come


class ListingRules:
    """The words of one language by which sentences speak of a listing just reported."""

    def __init__(self, lang: str, lex: Lexicon, side: Callable[[str], str | None]) -> None:
        self.side = side
        self.markers = trigger_regex(lex.enumeration_markers, lang)
        self.nouns = trigger_regex(lex.listed_nouns, lang)
        self.words = trigger_regex(lex.listed_words, lang)
        self.anaphors = trigger_regex(lex.list_anaphors, lang)

    def marked(self, sent: Span) -> bool:
        """Whether a sentence says it enumerates listed entities (`They include`, `parmi lesquelles`, `包括`).

        The entities (`entities`, `entités`, `实体`) are named in it or in the sentence before.
        """
        if not (self.markers and self.nouns and self.markers.search(span_text(sent))):
            return False
        return bool(self.nouns.search(sentence_before(sent) + " " + span_text(sent)))

    def same_list(self, text: str, at: int) -> bool:
        """Whether the trigger at `at` names a list already named (`the same list`)."""
        return bool(self.anaphors and self.anaphors.match(text, at))


@dataclass
class ListingMemory:
    """The listings one article has reported so far."""

    rules: ListingRules
    listing: dict | None = None  # a listing just reported, whose targets a next sentence may enumerate
    listing_at: int = 0
    news: dict | None = None  # the listing reported as news, which a marked enumeration may fill further on
    news_at: int = 0
    last_body: str | None = None  # the body of the last listing, whose list `the same list` is

    def read(self, index: int, sent: Span, ents: list[Span]) -> None:
        """Add the firms a sentence enumerates to the listing it lists.

        A sentence that says it enumerates lists the listing reported as news; another one, the
        listing just reported.
        """
        marked = self.rules.marked(sent)
        if self.news and index <= self.news_at + MARKED_REACH and marked:
            if self._enumerates(self.news, ents, marked) and self.news is self.listing:
                self.listing = None
        elif self.listing and (index > self.listing_at + ENUMERATION_REACH
                               or self._enumerates(self.listing, ents, marked)):
            self.listing = None

    def record(self, index: int, event: dict) -> None:
        """Remember the event a sentence made (any event ends the reach of the listing before)."""
        listed = event["measure"] == "entity_list"
        self.listing, self.listing_at = (event if listed and event["status"] in ENACTED_STATUSES else None), index
        if listed:
            self.last_body = event["authority_id"]
        if listed and event["status"] == "announced":
            self.news, self.news_at = event, index

    def entails(self, index: int, sent: Span, ents: list[Span], at: int, continued: bool) -> bool:
        """Whether the licence requirement at `at` is what a listing reported before entails.

        It comes in the sentence right after the listing with no body named before it, or a few
        sentences on (further on for the listing reported as news) where it speaks of the listed (`A listed
        organisation needs a licence`) and names no body of another side before it. A sentence
        `continued` after a semicolon speaks with the one before.
        """
        listing, listed_at, reach = ((self.listing, self.listing_at, ENUMERATION_REACH) if self.listing
                                     else (self.news, self.news_at, MARKED_REACH))
        if listing is None:
            return False
        after = index - listed_at
        named = [e for e in ents if e.label_ == "AUTHORITY" and e.start_char < sent.start_char + at]
        if after == 1 and not named and listing is self.listing:
            return True
        side = self.rules.side(listing["authority_id"])
        same_side = all(self.rules.side(e.kb_id_) == side for e in named)
        words = self.rules.words
        spoken = bool(words and words.search((sentence_before(sent) if continued else "") + span_text(sent)))
        return after <= reach and spoken and same_side

    @staticmethod
    def _enumerates(listing: dict, ents: list[Span], marked: bool) -> bool:
        """Add the firms of a sentence that enumerates; whether it did.

        A sentence that says it enumerates (`marked`: `They include A and B`), or one after a listing
        that named no firm, needs only one firm.
        """
        firms = list(dict.fromkeys(e.kb_id_ for e in ents if e.label_ == "FIRM"))
        enough = 1 if marked or not listing["target_ids"] else ENUMERATION
        if len(firms) < enough or any(e.label_ == "AUTHORITY" or (e.label_ == "CHIP" and not marked) for e in ents):
            return False
        listing["target_ids"] = list(dict.fromkeys(listing["target_ids"] + firms))
        return True

