"""`chipwatch_gazetteer`: KB names and aliases matched as phrases.

Sets `doc.spans["chipwatch_kb"]` (label = FIRM/CHIP/AUTHORITY, `kb_id_` = KB id) and
`doc.spans["chipwatch_metonyms"]` (place names that denote an authority only when they act) and
`doc.spans["chipwatch_countries"]` (country names and adjectives: a government only as the subject of a
measure or beside a measure it issues).
"""

from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.kb import KBEntry, load_kb
from nlp.sentences import doc_text
from nlp.zh_tokenizer import JiebaTokenizer

METONYM = "METONYM"
COUNTRY = "COUNTRY"
NAMES = ("FIRM", "CHIP")  # labels whose Chinese names are checked against the words around them


def _usable(entry: KBEntry, alias: str) -> bool:
    """Single lower-case Latin words naming a chip family (`ascend`, `hopper`) are verbs or nouns, not chips."""
    return not (entry.type == "CHIP" and entry.kind == "family" and alias.isalpha() and alias.isascii()
                and alias[0].islower())


def _split_vendor(span: Span, matches: list[Span]) -> list[Span]:
    """`Nvidia H800` -> FIRM `Nvidia` + CHIP `H800`, so the vendor mention is not lost inside the chip."""
    if span.label_ != "CHIP":
        return [span]
    firms = [m for m in matches if m.label_ == "FIRM" and m.start == span.start and m.end < span.end]
    if not firms:
        return [span]
    firm = max(firms, key=len)
    return [firm, Span(span.doc, firm.end, span.end, label="CHIP", kb_id=span.kb_id_)]


class Gazetteer:
    def __init__(self, nlp: Language, lang: str, attr: str) -> None:
        self.folding = PhraseMatcher(nlp.vocab, attr=attr)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tokenizer = nlp.tokenizer if isinstance(nlp.tokenizer, JiebaTokenizer) else None
        kb = load_kb()
        grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
        for surface, entry in kb.surfaces(lang):
            grouped[(f"{entry.type}|{entry.id}", surface in entry.case_sensitive)].append(surface)
        for label, named in ((METONYM, kb.metonyms(lang)), (COUNTRY, kb.countries(lang))):
            for surface, entry in named:
                grouped[(f"{label}|{entry.id}", surface in entry.case_sensitive)].append(surface)
        for (key, exact), surfaces in grouped.items():
            entry = kb.by_id[key.split("|", 1)[1]]
            usable = [s for s in surfaces if _usable(entry, s)]
            if usable:
                (self.exact if exact else self.folding).add(key, list(nlp.tokenizer.pipe(usable)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.folding, self.exact):
            for key, start, end in matcher(doc):
                label, kb_id = doc.vocab.strings[key].split("|", 1)
                span = Span(doc, start, end, label=label, kb_id=kb_id)
                if label in NAMES and self.tokenizer and self.tokenizer.embedded(doc_text(doc), span.start_char,
                                                                                 span.end_char):
                    continue  # `三星` inside `三星期` is no firm (a body's name may lead a word: `商务部长`)
                spans.append(span)
        kept = [part for span in filter_spans(spans) for part in _split_vendor(span, spans)]
        doc.spans["chipwatch_kb"] = [s for s in kept if s.label_ not in (METONYM, COUNTRY)]
        doc.spans["chipwatch_metonyms"] = [s for s in kept if s.label_ == METONYM]
        doc.spans["chipwatch_countries"] = [s for s in kept if s.label_ == COUNTRY]
        return doc


@Language.factory("chipwatch_gazetteer", default_config={"lang": "en", "attr": "LOWER"})
def make_gazetteer(nlp: Language, name: str, lang: str, attr: str) -> Gazetteer:
    return Gazetteer(nlp, lang, attr)
