"""`chipwatch_candidates`: organisation names the KB does not know, counted per document.

Runs before `chipwatch_entities`. Sources: statistical NER `ORG` spans when the pipeline has an
`ner` component (fr/en), jieba's `nt` (organisation) tags in Chinese, and in every language names
ending in a company suffix from the lexicon (`Technologies`, `Corp`, `科技`...). Spans overlapping
a KB match are left out. In Chinese a suffix counts only after a name-like jieba word (`nr`,
`nz`...). Sets `doc._.chipwatch_candidates` ({name: count}); never touches entities.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from nlp.resources import lexicon

Doc.set_extension("chipwatch_candidates", default=None, force=True)
PROPER = {"nr", "nrt", "nrfg", "ns", "nz", "nt", "j", "eng"}  # jieba tags of names, places and acronyms


class Candidates:
    def __init__(self, nlp: Language, lang: str) -> None:
        self.nlp = nlp
        self.lang = lang
        self.suffix_words = set(lexicon(lang).get("company_suffixes", []))
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

        counts: Counter[str] = Counter()
        if "ner" in self.nlp.pipe_names:
            counts.update(e.text for e in doc.ents if e.label_ == "ORG" and fresh(e.start_char, e.end_char))
        if self.lang == "zh" and hasattr(self.nlp.tokenizer, "pos_tags"):
            text, at, last = doc.text, 0, ("", "", 0)
            for word, flag in self.nlp.tokenizer.pos_tags(text):
                start = at
                if flag == "nt" and len(word) > 1:
                    start = start if fresh(start, at + len(word)) else -1
                elif word in self.suffix_words and last[1] in PROPER and len(last[0]) > 1:
                    start = last[2] if fresh(last[2], at + len(word)) else -1
                else:
                    start = -1
                if start >= 0:
                    counts[text[start:at + len(word)]] += 1
                last, at = (word, flag, at), at + len(word)
        if self.suffixed:
            counts.update(m.group().strip() for m in self.suffixed.finditer(doc.text) if fresh(m.start(), m.end()))
        doc._.chipwatch_candidates = dict(counts)
        return doc


@Language.factory("chipwatch_candidates", default_config={"lang": "en"})
def make_candidates(nlp: Language, name: str, lang: str) -> Candidates:
    return Candidates(nlp, lang)
