"""Text in, JSON-ready record out: entities, relations, sanction events and candidate firms.

Offsets index the `text` argument; the title is not searched for mentions (it often repeats the lede
with verbs used loosely, `Profits Ascend`), so every mention points into the body. It only tells
which dated measure is the article's news (see `chipwatch_events`).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from itertools import islice

from spacy.tokens import Doc

from nlp.backends.transformers_ner import TransformersNer
from nlp.kb import load_kb
from nlp.pipeline import LANGS, MAX_CHARS, build

EMPTY = ("entities", "relations", "sanction_events", "candidates")


class InputError(ValueError):
    """An input document the extractor cannot take (missing text, bad date)."""


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.ENGLISH, Language.FRENCH, Language.CHINESE, Language.GERMAN, Language.SPANISH,
                 Language.JAPANESE, Language.KOREAN, Language.RUSSIAN, Language.ITALIAN, Language.PORTUGUESE]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """"en", "fr" or "zh"; "other" for any other language or an empty text."""
    found = _detector().detect_language_of(text[:2000]) if text.strip() else None
    code = found.iso_code_639_1.name.lower() if found else "other"
    return code if code in LANGS else "other"


def parse_published(value: str | date | None) -> date | None:
    """An ISO date (a longer timestamp is cut to its date part); raises InputError on anything else."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"published must be an ISO date (YYYY-MM-DD), got {value!r}") from None


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
                published: str | date | None = None, doc_id: str | None = None) -> dict:
        """The record of one document (see module docstring); `title` only tells which event is the news."""
        return next(self.extract_many([{"id": doc_id, "lang": lang, "title": title, "text": text,
                                        "published": published}], raise_errors=True))

    def extract_many(self, items: Iterable[dict | InputError], workers: int = 1, batch_size: int = 32,
                     raise_errors: bool = False) -> Iterator[dict]:
        """Records in input order; a bad item yields `{"id", "error"}` unless `raise_errors`.

        An `InputError` in place of an item (a line that did not parse) yields its error record.
        With `workers` > 1, batches go to that many processes, each loading its models once.
        """
        if workers > 1:
            yield from self._parallel(items, workers, batch_size)
            return
        items = iter(items)
        while batch := list(islice(items, batch_size)):
            yield from self._batch(batch, raise_errors)

    def _parallel(self, items: Iterable[dict], workers: int, batch_size: int) -> Iterator[dict]:
        context = multiprocessing.get_context("fork")
        source = iter(items)
        chunks = iter(lambda: list(islice(source, batch_size)), [])
        with context.Pool(workers, initializer=_init_worker, initargs=(self.ner, self.ner_model)) as pool:
            for records in pool.imap(_work, chunks):
                yield from records
            pool.close()  # let the workers finish cleanly instead of being terminated on exit
            pool.join()

    def _batch(self, batch: list[dict], raise_errors: bool) -> list[dict]:
        records: list[dict | None] = [None] * len(batch)
        by_lang: dict[str, list[tuple[int, Doc]]] = {}
        for index, item in enumerate(batch):
            try:
                doc, lang = self._prepare(item)
            except InputError as error:
                if raise_errors:
                    raise
                records[index] = {"id": _id(item), "error": str(error)}
                continue
            if doc is None:
                records[index] = {"id": _id(item), "lang": lang} | {key: [] for key in EMPTY}
            else:
                by_lang.setdefault(lang, []).append((index, doc))
        for lang, docs in by_lang.items():
            nlp = build(lang, self.ner)
            if self.model is not None:
                for (_, doc), spans in zip(docs, self.model.spans([d.text for _, d in docs]), strict=True):
                    doc._.chipwatch_model_spans = [(s.start, s.end, s.label) for s in spans]
            for (index, _), doc in zip(docs, nlp.pipe(d for _, d in docs), strict=True):
                records[index] = self.record(doc, _id(batch[index]), lang)
        return records  # type: ignore[return-value]

    def _prepare(self, item: dict) -> tuple[Doc | None, str]:
        if isinstance(item, InputError):
            raise item
        if not isinstance(item, dict):
            raise InputError("each input must be a JSON object")
        text = item.get("text")
        if not isinstance(text, str):
            raise InputError("field 'text' must be a string")
        if len(text) > MAX_CHARS:
            raise InputError(f"text longer than {MAX_CHARS:,} characters")
        lang = item.get("lang") or detect_language(text)
        if lang not in LANGS:
            return None, lang
        doc = build(lang, self.ner).make_doc(text)
        doc._.chipwatch_published = parse_published(item.get("published"))
        title = item.get("title")
        doc._.chipwatch_title = title if isinstance(title, str) else None
        return doc, lang

    def name(self, doc: Doc, entity_id: str) -> str:
        if entity_id in self.kb:
            return self.kb[entity_id].name
        return (doc._.chipwatch_new_chips or {}).get(entity_id, {}).get("name", entity_id)

    def record(self, doc: Doc, doc_id: str | None, lang: str) -> dict:
        """The JSON-ready record of a processed `Doc`."""
        entities: dict[str, dict] = {}
        for ent in doc.ents:
            entity = entities.setdefault(ent.kb_id_, {"id": ent.kb_id_, "type": ent.label_,
                                                       "name": self.name(doc, ent.kb_id_), "surfaces": [],
                                                       "mentions": []})
            if ent.text not in entity["surfaces"]:
                entity["surfaces"].append(ent.text)
            entity["mentions"].append({"surface": ent.text, "start": ent.start_char, "end": ent.end_char})
        relations = [{"subject": self.name(doc, r["subject_id"]), "subject_id": r["subject_id"],
                      "predicate": r["predicate"], "object": self.name(doc, r["object_id"]),
                      "object_id": r["object_id"], "evidence": r["evidence"]} for r in doc._.chipwatch_relations]
        events = [{"authority": self.name(doc, e["authority_id"]), "authority_id": e["authority_id"],
                   "measure": e["measure"], "targets": [self.name(doc, t) for t in e["target_ids"]],
                   "target_ids": e["target_ids"], "country": e["country"], "status": e["status"],
                   "date": e["date"], "evidence": e["evidence"]} for e in doc._.chipwatch_events]
        candidates = sorted((doc._.chipwatch_candidates or {}).items(), key=lambda kv: (-kv[1], kv[0]))
        return {"id": doc_id, "lang": lang, "entities": list(entities.values()), "relations": relations,
                "sanction_events": events, "candidates": [{"name": n, "count": c} for n, c in candidates]}


def _id(item: object) -> str | None:
    return item.get("id") if isinstance(item, dict) else None


_WORKER: Extractor | None = None


def _init_worker(ner: bool, ner_model: str | None) -> None:
    global _WORKER
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not run the parent's handler (Prefect's)
    _WORKER = Extractor(ner=ner, ner_model=ner_model)


def _work(chunk: list[dict]) -> list[dict]:
    assert _WORKER is not None
    return list(_WORKER.extract_many(chunk))
