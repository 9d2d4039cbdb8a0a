"""Documents in, extraction records out: entities, relations, sanction events and candidate firms.

Offsets index the document's `text`; the title is not searched for mentions (it often repeats the lede
with verbs used loosely, `Profits Ascend`), so every mention points into the body. It only tells
which dated measure is the article's news (see `chipwatch_events`). Records have the shapes of
`core.records` (`Extraction`, `ExtractionFailure`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from core.language import detect_language as detect_any_language
from core.records import (
    Candidate,
    Entity,
    Extraction,
    ExtractionFailure,
    ExtractionInput,
    Mention,
    RecordError,
    Relation,
    SanctionEvent,
    empty_extraction,
)
from nlp.backends.transformers_ner import TransformersNer
from nlp.kb import load_kb
from nlp.pipeline import LANGS, MAX_CHARS, build

# What `extract_many` takes: a document, a mapping with a document's keys, or the error of an unreadable line.
Item = ExtractionInput | Mapping[str, Any] | RecordError
Record = Extraction | ExtractionFailure


def detect_language(text: str) -> str:
    """"en", "fr" or "zh"; "other" for any other language or a text too short to tell."""
    found = detect_any_language(text)
    return found if found in LANGS else "other"


def read_inputs(lines: Iterable[str]) -> Iterator[dict[str, Any] | RecordError]:
    """The JSON objects of input lines; a line that is not one gives its error in its place."""
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError as error:
            yield RecordError(f"line is not a JSON object: {error}")
            continue
        yield item if isinstance(item, dict) else RecordError("line is not a JSON object")


class Extractor:
    """Loads each language pipeline on first use; `ner=True` adds statistical NER for candidates.

    `ner_model` names a local Hugging Face token-classification model whose ORG spans add candidate
    firms and whose PER spans veto a place-name authority (`Washington` the person).
    """

    def __init__(self, ner: bool = False, ner_model: str | None = None) -> None:
        self.ner = ner
        self.ner_model = ner_model
        self.model = TransformersNer(ner_model) if ner_model else None
        self.kb = load_kb().by_id

    def extract(self, text: str, lang: str | None = None, title: str | None = None,
                published: str | date | None = None, doc_id: str | None = None) -> Extraction:
        """The record of one document (see module docstring); `title` only tells which event is the news."""
        item = {"id": doc_id, "lang": lang, "title": title, "text": text, "published": published}
        return next(self.extract_many([item], raise_errors=True))  # type: ignore[return-value]

    def extract_many(self, items: Iterable[Item], workers: int = 1, batch_size: int = 32,
                     raise_errors: bool = False, budget: float | None = None) -> Iterator[Record]:
        """Records in input order; a bad item yields an `ExtractionFailure` unless `raise_errors`.

        A `RecordError` in place of an item (a line that did not parse) yields its failure record.
        With `workers` > 1 or a `budget` (seconds per document), documents go to that many worker
        processes, each loading its models once, and a document over the budget is given up
        (`nlp.supervised`).
        """
        if workers > 1 or budget:
            from nlp.supervised import extract_supervised

            yield from extract_supervised(items, workers, budget, self.ner, self.ner_model, batch_size)
            return
        items = iter(items)
        while batch := list(islice(items, batch_size)):
            yield from self._batch(batch, raise_errors)

    def extract_or_fail(self, item: Item) -> Record:
        """The record of one item, or its `ExtractionFailure` when the NLP stage fails on it."""
        try:
            return next(self.extract_many([item]))
        except Exception as error:  # stored as the article's extract_error
            return ExtractionFailure(id=item_id(item), error=_failure_reason(error))

    def _batch(self, batch: list[Item], raise_errors: bool) -> list[Record]:
        records: list[Record | None] = [None] * len(batch)
        by_lang: dict[str, list[tuple[int, Doc]]] = {}
        for index, item in enumerate(batch):
            try:
                doc, lang = self._prepare(item)
            except RecordError as error:
                if raise_errors:
                    raise
                records[index] = ExtractionFailure(id=item_id(item), error=str(error))
                continue
            if doc is None:
                records[index] = empty_extraction(item_id(item), lang)
            else:
                by_lang.setdefault(lang, []).append((index, doc))
        for lang, docs in by_lang.items():
            nlp = build(lang, self.ner)
            if self.model is not None:
                for (_, doc), spans in zip(docs, self.model.spans([d.text for _, d in docs]), strict=True):
                    doc._.chipwatch_model_spans = [(s.start, s.end, s.label) for s in spans]
            for (index, _), doc in zip(docs, nlp.pipe(d for _, d in docs), strict=True):
                records[index] = self.record(doc, item_id(batch[index]), lang)
        return records  # type: ignore[return-value]

    def _prepare(self, item: Item) -> tuple[Doc | None, str]:
        if isinstance(item, RecordError):
            raise item
        document = item if isinstance(item, ExtractionInput) else ExtractionInput.from_dict(item)
        if len(document.text) > MAX_CHARS:
            raise RecordError(f"text longer than {MAX_CHARS:,} characters")
        lang = document.lang or detect_language(document.text)
        if lang not in LANGS:
            return None, lang
        doc = build(lang, self.ner).make_doc(document.text)
        doc._.chipwatch_published = document.published
        doc._.chipwatch_title = document.title
        return doc, lang

    def name(self, doc: Doc, entity_id: str) -> str:
        if entity_id in self.kb:
            return self.kb[entity_id].name
        return (doc._.chipwatch_new_chips or {}).get(entity_id, {}).get("name", entity_id)

    def record(self, doc: Doc, doc_id: str | None, lang: str) -> Extraction:
        """The record of a processed `Doc`."""
        entities: dict[str, Entity] = {}
        for ent in doc.ents:
            entity = entities.setdefault(ent.kb_id_, Entity(id=ent.kb_id_, type=ent.label_,
                                                            name=self.name(doc, ent.kb_id_), surfaces=[], mentions=[]))
            if ent.text not in entity["surfaces"]:
                entity["surfaces"].append(ent.text)
            entity["mentions"].append(Mention(surface=ent.text, start=ent.start_char, end=ent.end_char))
        relations = [Relation(subject=self.name(doc, r["subject_id"]), subject_id=r["subject_id"],
                              predicate=r["predicate"], object=self.name(doc, r["object_id"]),
                              object_id=r["object_id"], evidence=r["evidence"]) for r in doc._.chipwatch_relations]
        events = [SanctionEvent(authority=self.name(doc, e["authority_id"]), authority_id=e["authority_id"],
                                measure=e["measure"], targets=[self.name(doc, t) for t in e["target_ids"]],
                                target_ids=e["target_ids"], country=e["country"], status=e["status"],
                                date=e["date"], evidence=e["evidence"]) for e in doc._.chipwatch_events]
        candidates = sorted((doc._.chipwatch_candidates or {}).items(), key=lambda kv: (-kv[1], kv[0]))
        return Extraction(id=doc_id, lang=lang, entities=list(entities.values()), relations=relations,
                          sanction_events=events, candidates=[Candidate(name=n, count=c) for n, c in candidates])


def languages(items: Iterable[Item]) -> list[str]:
    """The pipeline languages that items declare (an item without one is detected when it is extracted)."""
    declared = {item.lang if isinstance(item, ExtractionInput) else item.get("lang")
                for item in items if isinstance(item, ExtractionInput | Mapping)}
    return [lang for lang in LANGS if lang in declared]


def item_id(item: Item) -> str | None:
    """The `id` of an input item, if it has one."""
    if isinstance(item, ExtractionInput):
        return item.id
    return item.get("id") if isinstance(item, Mapping) else None


def _failure_reason(error: Exception) -> str:
    """An exception as the one-line `extract_error` of an article."""
    first_line = str(error).strip().split("\n", 1)[0][:200]
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
