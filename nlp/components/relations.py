"""`chipwatch_relations`: MAKES and BUYS between firms and chips, RESTRICTS from sanction events.

Needs `doc.ents`, sentences and `doc._.chipwatch_events`; sets `doc._.chipwatch_relations`, a list
of dicts `{"subject_id", "predicate", "object_id", "evidence"}`.
- MAKES: a chip's vendor, when the vendor is named in the article; a foundry named in a sentence
  with the chip and a manufacturing trigger.
- BUYS: a firm other than the vendor, in a sentence with the chip and a buying trigger.
- RESTRICTS: authority -> each target of an `announced` or `background` event.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.kb import load_kb
from nlp.resources import lexicon, trigger_regex
from nlp.sentences import sentences_with_entities

Doc.set_extension("chipwatch_relations", default=None, force=True)
RESTRICTING = {"announced", "background"}
WINDOW = 2  # a vendor named within two sentences of its chip makes it


class Relations:
    def __init__(self, lang: str) -> None:
        lex = lexicon(lang)["relations"]
        self.buys = trigger_regex(lex.get("BUYS", []), lang)
        self.foundry = trigger_regex(lex.get("MAKES_FOUNDRY", []), lang)
        self.kb = load_kb().by_id

    def vendor(self, doc: Doc, chip_id: str) -> str | None:
        if chip_id in self.kb:
            return self.kb[chip_id].vendor
        return ((doc._.chipwatch_new_chips or {}).get(chip_id) or {}).get("vendor")

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[str, str, str], str] = {}
        sentences = sentences_with_entities(doc)
        for index, (sent, ents) in enumerate(sentences):
            chips = [e for e in ents if e.label_ == "CHIP"]
            near = {e.kb_id_ for _, es in sentences[max(0, index - WINDOW):index + WINDOW + 1] for e in es
                    if e.label_ == "FIRM"}
            for chip in chips:
                vendor = self.vendor(doc, chip.kb_id_)
                if vendor in near:
                    found.setdefault((vendor, "MAKES", chip.kb_id_), sent.text.strip())
                for firm in (e for e in ents if e.label_ == "FIRM" and e.kb_id_ != vendor):
                    self._firm_chip(sent, firm, chip, found)
        for event in doc._.chipwatch_events or []:
            if event["status"] in RESTRICTING:
                for target in event["target_ids"]:
                    found.setdefault((event["authority_id"], "RESTRICTS", target), event["evidence"])
        doc._.chipwatch_relations = [
            {"subject_id": s, "predicate": p, "object_id": o, "evidence": ev} for (s, p, o), ev in found.items()
        ]
        return doc

    def _firm_chip(self, sent: Span, firm: Span, chip: Span, found: dict) -> None:
        text = sent.text.strip()
        roles = set(self.kb[firm.kb_id_].role) if firm.kb_id_ in self.kb else set()
        if "foundry" in roles:
            if self.foundry and self.foundry.search(sent.text):
                found.setdefault((firm.kb_id_, "MAKES", chip.kb_id_), text)
            return
        if roles & {"equipment"}:
            return
        if self.buys and self.buys.search(sent.text):
            found.setdefault((firm.kb_id_, "BUYS", chip.kb_id_), text)


@Language.factory("chipwatch_relations", default_config={"lang": "en"})
def make_relations(nlp: Language, name: str, lang: str) -> Relations:
    return Relations(lang)
