"""`chipwatch_relations`: MAKES and BUYS between firms and chips, RESTRICTS from sanction events.

Needs `doc.ents`, sentences and `doc._.chipwatch_events`; sets `doc._.chipwatch_relations`, a list
of dicts `{"subject_id", "predicate", "object_id", "evidence"}`.
- MAKES: a chip's vendor, when the vendor is named in the article; a foundry named in a sentence
  with the chip and a manufacturing trigger.
- BUYS: a firm other than the vendor, in a sentence with the chip and a buying trigger; the vendor
  itself where the sentence also says the chips are its own (`its own`, `ses propres`, `自研`).
- RESTRICTS: authority -> each target of an `announced` or `background` event.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.vocab import ENACTED_STATUSES
from nlp.kb import load_kb
from nlp.lexicon import lexicon, trigger_regex
from nlp.sentences import doc_text, sentences_with_entities, span_text

Doc.set_extension("chipwatch_relations", default=None, force=True)
BUYER_ROLES = {"cloud", "ai_lab", "buyer"}
SUPPLY_ROLES = {"designer", "foundry", "memory", "equipment"}  # firms that sell chips rather than buy them
WINDOW = 2  # a vendor named within two sentences of its chip makes it


class Relations:
    def __init__(self, lang: str) -> None:
        lex = lexicon(lang).relations
        self.buys = trigger_regex(lex.BUYS, lang)
        self.foundry = trigger_regex(lex.MAKES_FOUNDRY, lang)
        self.seller = trigger_regex(lex.SELLER_MARKERS, lang)
        self.own = trigger_regex(lex.OWN_MARKERS, lang)
        self.kb = load_kb().by_id

    def vendor(self, doc: Doc, chip_id: str) -> str | None:
        if chip_id in self.kb:
            return self.kb[chip_id].vendor
        return ((doc._.chipwatch_new_chips or {}).get(chip_id) or {}).get("vendor")

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[str, str, str], str] = {}
        full = doc_text(doc)
        sentences = sentences_with_entities(doc)
        for index, (sent, ents) in enumerate(sentences):
            chips = list(dict.fromkeys(e.kb_id_ for e in ents if e.label_ == "CHIP"))
            if not chips:
                continue
            text = span_text(sent)
            evidence = sent.text.strip()
            near = {e.kb_id_ for _, es in sentences[max(0, index - WINDOW):index + WINDOW + 1] for e in es
                    if e.label_ == "FIRM"}
            named = self._firms(ents, full, sent.start_char)
            buyer = self._buyer(sentences[index - 1][1]) if index else None  # "It trained V3 on 2,048 H800s."
            fallback = {buyer.kb_id_: set(self.kb[buyer.kb_id_].role)} if buyer else {}
            buys = bool(self.buys and self.buys.search(text))
            fabs = bool(self.foundry and self.foundry.search(text))
            own = buys and bool(self.own and self.own.search(text))
            for chip in chips:
                vendor = self.vendor(doc, chip)
                if vendor in near:
                    found.setdefault((vendor, "MAKES", chip), evidence)
                if own and vendor in named:  # `Baidu runs a cluster of its own Kunlun chips`
                    found.setdefault((vendor, "BUYS", chip), evidence)
                firms = {f: roles for f, roles in named.items() if f != vendor} or fallback
                for firm, roles in firms.items():
                    if "foundry" in roles:
                        if fabs:
                            found.setdefault((firm, "MAKES", chip), evidence)
                    elif buys and not ("equipment" in roles or (roles and roles <= SUPPLY_ROLES)):
                        found.setdefault((firm, "BUYS", chip), evidence)
        for event in doc._.chipwatch_events or []:
            if event["status"] in ENACTED_STATUSES:
                for target in event["target_ids"]:
                    found.setdefault((event["authority_id"], "RESTRICTS", target), event["evidence"])
        doc._.chipwatch_relations = [
            {"subject_id": s, "predicate": p, "object_id": o, "evidence": ev} for (s, p, o), ev in found.items()
        ]
        return doc

    def _firms(self, ents: list[Span], full: str, start: int) -> dict[str, set[str]]:
        """Firms of a sentence with their KB roles, leaving out those named only as seller (`from Aivres`).

        A foundry after `by` stays: it makes the chip (`made by TSMC`).
        """
        firms: dict[str, set[str]] = {}
        for ent in ents:
            if ent.label_ != "FIRM" or ent.kb_id_ in firms:
                continue
            roles = set(self.kb[ent.kb_id_].role) if ent.kb_id_ in self.kb else set()
            after_marker = self.seller and self.seller.search(full[max(start, ent.start_char - 12):ent.start_char])
            if after_marker and "foundry" not in roles:  # `gravé par SMIC`: a foundry after `by` makes the chip
                continue
            firms[ent.kb_id_] = roles
        return firms

    def _buyer(self, ents: list[Span]) -> Span | None:
        """The first firm of a sentence that buys chips by trade (cloud, AI lab, buyer)."""
        return next((e for e in ents if e.label_ == "FIRM" and e.kb_id_ in self.kb
                     and set(self.kb[e.kb_id_].role) & BUYER_ROLES), None)


@Language.factory("chipwatch_relations", default_config={"lang": "en"})
def make_relations(nlp: Language, name: str, lang: str) -> Relations:
    return Relations(lang)
