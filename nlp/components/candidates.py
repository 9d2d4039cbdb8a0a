"""`chipwatch_candidates`: organisation names the KB does not know, counted per document.

Runs before `chipwatch_entities`. Sources: statistical NER `ORG` spans when the pipeline has an
`ner` component (fr/en), `ORG` spans of an optional transformers model (`doc._.chipwatch_model_spans`,
set by the extractor), jieba's `nt` (organisation) tags in Chinese, and in every language names
ending in a company suffix from the lexicon (`Technologies`, `Corp`, `科技`...). Spans overlapping
a KB match are left out. In Chinese a suffix counts only after a name-like jieba word (`nr`,
`nz`...). Sets `doc._.chipwatch_candidates` ({name: count}); never touches entities.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from nlp.lexicon import lexicon
from nlp.sentences import doc_text
from nlp.zh_tokenizer import POS_TAGS

Doc.set_extension("chipwatch_candidates", default=None, force=True)
Doc.set_extension("chipwatch_model_spans", default=None, force=True)  # (start, end, label) from a transformers model
PROPER = {"nr", "nrt", "nrfg", "ns", "nz", "nt", "j", "eng"}  # jieba tags of names, places and acronyms


class Candidates:
    def __init__(self, nlp: Language, lang: str) -> None:
        self.nlp = nlp
        self.lang = lang
        self.suffix_words = set(lexicon(lang).company_suffixes)
        suffixes = "|".join(map(re.escape, self.suffix_words))
        self.suffixed = None
        if lang != "zh":
            name = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}"
            self.suffixed = re.compile(rf"(?<!\w){name}\s+(?:{suffixes})(?!\w)") if suffixes else None

    def __call__(self, doc: Doc) -> Doc:
        known = [(s.start_char, s.end_char) for g in ("chipwatch_kb", "chipwatch_metonyms") if g in doc.spans
                 for s in doc.spans[g]]

        def fresh(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in known)

        text = doc_text(doc)
        spans: set[tuple[int, int]] = set()  # one count per place in the text, whichever source found it
        if "ner" in self.nlp.pipe_names:
            spans.update((e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG")
        spans.update((s, e) for s, e, label in doc._.chipwatch_model_spans or () if label == "ORG")
        if POS_TAGS in doc.user_data:
            at, last = 0, ("", "", 0)
            for word, flag in doc.user_data[POS_TAGS]:
                if flag == "nt" and len(word) > 1:
                    spans.add((at, at + len(word)))
                elif word in self.suffix_words and last[1] in PROPER and len(last[0]) > 1:
                    spans.add((last[2], at + len(word)))
                last, at = (word, flag, at), at + len(word)
        if self.suffixed:
            spans.update(m.span() for m in self.suffixed.finditer(text))
        counts = Counter(text[s:e].strip() for s, e in sorted(spans) if fresh(s, e))
        doc._.chipwatch_candidates = dict(counts)
        return doc


@Language.factory("chipwatch_candidates", default_config={"lang": "en"})
def make_candidates(nlp: Language, name: str, lang: str) -> Candidates:
    return Candidates(nlp, lang)
