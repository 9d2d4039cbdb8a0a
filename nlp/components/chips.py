"""`chipwatch_chips`: chip models written without their vendor (`H20`, `910B`, `MI308s`) and new models.

Sets `doc.spans["chipwatch_chips"]` (label CHIP, `kb_id_` = KB id, or `chip:new:<slug>` for a model
the KB lacks) and `doc._.chipwatch_new_chips` ({id: {"name", "vendor"}}) for those new models.
A bare KB model is kept only in a chip context (a chip word in its sentence or its vendor in the
document) and never in a trap context (`H20` as water) without a chip word in the same sentence.
A model number the KB lacks is a chip when it follows a vendor or a chip family (`Biren BR104`, `昇腾920`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nlp.kb import load_kb
from nlp.lexicon import lexicon, trigger_regex
from nlp.sentences import span_text

MODEL = re.compile(r"^(?:[A-Za-z]{0,5}-?\d{1,5}[A-Za-z]{0,3}\d{0,4}|\d[A-Z]\d{3,4})\+?$")
Doc.set_extension("chipwatch_new_chips", default=None, force=True)


def _plausible(model: str, after_family: bool) -> bool:
    """A model number: letters and digits (`BR104`), or after a family 3-4 digits that are no year (`920`)."""
    model = model[:-1] if model.endswith("s") and model[:-1][-1:].isdigit() else model
    if model.isdigit():
        return after_family and 3 <= len(model) <= 4 and not 1900 <= int(model) <= 2099
    return any(c.isdigit() for c in model) and any(c.isalpha() for c in model)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ChipModels:
    def __init__(self, nlp: Language, lang: str, attr: str) -> None:
        self.kb = load_kb().by_id
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        by_model: dict[str, list[str]] = defaultdict(list)
        for entry in self.kb.values():
            for model in entry.models:
                by_model[model].append(entry.id)
        for model, ids in by_model.items():
            self.matcher.add("|".join(ids), list(nlp.tokenizer.pipe([model, model + "s"])))
        lex = lexicon(lang)
        self.chip_words = trigger_regex(lex.chip_words, lang)
        self.trap_words = trigger_regex(lex.trap_words, lang)

    def _context(self, sent: Span, cache: dict[int, tuple[bool, bool]]) -> tuple[bool, bool]:
        """(a chip word, a trap word) in the sentence; computed once per sentence."""
        if sent.start not in cache:
            text = span_text(sent)
            cache[sent.start] = (bool(self.chip_words and self.chip_words.search(text)),
                                 bool(self.trap_words and self.trap_words.search(text)))
        return cache[sent.start]

    def __call__(self, doc: Doc) -> Doc:
        known = list(doc.spans["chipwatch_kb"]) if "chipwatch_kb" in doc.spans else []
        doc_ids = {s.kb_id_ for s in known}
        vendors_in_doc = doc_ids | {self.kb[i].vendor for i in doc_ids if i in self.kb and self.kb[i].vendor}
        taken = {i for s in known for i in range(s.start, s.end)}
        spans: list[Span] = []
        contexts: dict[int, tuple[bool, bool]] = {}
        for key, start, end in self.matcher(doc):
            if any(i in taken for i in range(start, end)):
                continue
            chip, trap = self._context(doc[start].sent, contexts)
            ids = doc.vocab.strings[key].split("|")
            vendored = [i for i in ids if self.kb[i].vendor in vendors_in_doc]
            if trap and not chip:
                continue
            if not chip and not vendored:
                continue
            spans.append(Span(doc, start, end, label="CHIP", kb_id=(vendored or ids)[0]))
            taken.update(range(start, end))
        spans += self._new_models(doc, known, taken, contexts)
        doc.spans["chipwatch_chips"] = spans
        return doc

    def _new_models(self, doc: Doc, known: list[Span], taken: set[int],
                    contexts: dict[int, tuple[bool, bool]]) -> list[Span]:
        """Model numbers right after a vendor or a chip family span (`Biren BR104`, `Ascend 920`)."""
        new: dict[str, dict] = {}
        spans = []
        for head in known:
            entry = self.kb.get(head.kb_id_)
            nxt = head.end
            if entry is None or nxt >= len(doc) or nxt in taken or not MODEL.match(doc[nxt].norm_):
                continue
            family = entry.type == "CHIP" and entry.kind == "family"
            if not _plausible(doc[nxt].norm_, family):
                continue
            if family:
                base, vendor, start = entry.name, entry.vendor, head.start
            elif entry.type == "FIRM" and "designer" in entry.role and self._context(doc[nxt].sent, contexts)[0]:
                base, vendor, start = entry.name, entry.id, nxt
            else:
                continue
            model = doc[nxt].text
            name = f"{base} {model[:-1] if model.endswith('s') and model[:-1][-1:].isdigit() else model}"
            chip_id = f"chip:new:{_slug(name)}"
            new[chip_id] = {"name": name, "vendor": vendor}
            spans.append(Span(doc, start, nxt + 1, label="CHIP", kb_id=chip_id))
            taken.add(nxt)
        doc._.chipwatch_new_chips = new
        return spans


@Language.factory("chipwatch_chips", default_config={"lang": "en", "attr": "ORTH"})
def make_chips(nlp: Language, name: str, lang: str, attr: str) -> ChipModels:
    return ChipModels(nlp, lang, attr)
