"""The trigger lexicon of a language (`nlp/lexicons/<lang>.yaml`) as one validated object, read once.

Every key of the file is a field here: a missing, misspelled or unknown key, or a value of the wrong
shape, raises `ValueError` naming the file and the key, so no rule is switched off silently.
`trigger_regex` turns a word list into the regex the rules match with.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import yaml

from core.vocab import MEASURES

LEXICON_DIR = Path(__file__).parent / "lexicons"
ZH_GAP = r"\w{0,12}"  # a `*` in a Chinese word: a few characters between its parts (`禁止*采购`)

Words = list[str]


@dataclass(frozen=True)
class Status:
    """Cue words of each status near a trigger, and the negations that cancel a trigger. `announced` holds
    restrictions whose words hold a cue of another status (`cancel their orders`): they mask that cue."""

    announced: Words
    lifted: Words
    proposed: Words
    background: Words
    negation: Words


@dataclass(frozen=True)
class Relations:
    """Trigger words of the MAKES and BUYS relations and the markers that qualify them."""

    MAKES: Words
    MAKES_FOUNDRY: Words
    OWN_MARKERS: Words
    SELLER_MARKERS: Words
    BUYS: Words


@dataclass(frozen=True)
class Dates:
    """Words of dates in article text; month names are shared with the crawler (`core/months.yaml`)."""

    weekdays: dict[str, int]
    same_day: Words
    relative_days: dict[str, int]


@dataclass(frozen=True)
class Reaches:
    """How far, in characters, a word may stand from what it qualifies."""

    weak_trigger: int  # from an authority to a weak trigger it enacts
    negation: int  # before a trigger, where `not` negates it
    clause_apart: int  # between two measures of one sentence
    spared: int  # before a target, where `nor`, `sauf` leave it out
    same_body: int  # between two bodies read as one (`Commerce's BIS`)
    issuer: int  # from a trigger to the body issuing it (`a licence from BIS`)
    pluperfect: int  # before an easing, where `had` recalls it
    status_before: int  # before a trigger, where status cues are read
    status_after: int  # after a trigger, where status cues are read
    acting: int  # around a place name, where the verb that makes it act stands
    country_before: int  # before a trigger, where a country issuing it stands (`US export licences`)
    country_after: int  # after a trigger, where a country issuing it stands (`licences américaines`)


@dataclass(frozen=True)
class Lexicon:
    """Everything one language's rules read; field comments in the YAML files say what each list is for."""

    chip_words: Words
    trap_words: Words
    acting: Words
    country_acting: Words
    time_words: Words
    issuer_words: Words
    possessives: Words
    place_markers: Words
    passive_markers: Words
    object_markers: Words
    pronoun_subjects: Words
    body_nouns: dict[str, str]
    implied_bodies: dict[str, str]
    bare_bodies: dict[str, str]
    chip_anaphors: Words
    leaders: dict[str, str]
    leader_enactments: Words
    measures: dict[str, Words]
    not_measures: Words
    restatements: Words
    additions: Words
    pluperfect: Words
    enumeration_markers: Words
    listed_nouns: Words
    listed_words: Words
    list_anaphors: Words
    firm_anaphors: Words
    measure_anaphors: Words
    target_negation: Words
    target_negation_after: Words
    reporting: Words
    commentary: Words
    enacting: Words
    weak_measures: dict[str, Words]
    status: Status
    relations: Relations
    dates: Dates
    company_suffixes: Words
    measure_priority: Words
    clause_breaks: Words
    articles: Words
    not_stems: Words
    reaches: Reaches


@cache
def lexicon(lang: str) -> Lexicon:
    """The validated lexicon of one language ("en", "fr", "zh"), read once per process."""
    path = LEXICON_DIR / f"{lang}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path.name}: cannot read the lexicon: {error}") from None
    lex = _build(Lexicon, raw, path.name)
    _check_vocabulary(lex, path.name)
    return lex


def _build(kind: type, raw: Any, where: str) -> Any:
    """An instance of the dataclass `kind` from a mapping holding exactly its fields."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping")
    names = {spec.name for spec in fields(kind)}
    for key in sorted(set(raw) - names, key=str):
        raise ValueError(f"{where}: {key}: unknown key (expected one of {', '.join(sorted(names))})")
    for key in sorted(names - set(raw)):
        raise ValueError(f"{where}: {key}: missing")
    hints = get_type_hints(kind)
    return kind(**{name: _value(hints[name], raw[name], f"{where}: {name}") for name in names})


def _value(hint: Any, value: Any, where: str) -> Any:
    """`value` checked against the type `hint` (a word list, a mapping of words, a number or a section)."""
    if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
        return _build(hint, value, where)
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        hint, origin = get_args(hint)[0], get_origin(get_args(hint)[0])
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{where}: expected a whole number, got {value!r}")
        return value
    if origin is list:
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
            raise ValueError(f"{where}: expected a list of words")
        return value
    if origin is dict:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected a mapping")
        item = get_args(hint)[1]
        return {str(key): _value(item, entry, f"{where}.{key}") for key, entry in value.items()}
    if hint is str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: expected a word")
        return value
    raise TypeError(f"{where}: no reader for {hint!r}")  # a field type this module does not know: a bug


def _check_vocabulary(lex: Lexicon, where: str) -> None:
    """The measures named are those of `core.vocab` (the statuses are the fields of `Status`); reaches are
    distances."""
    for spec in fields(Reaches):
        if getattr(lex.reaches, spec.name) < 0:
            raise ValueError(f"{where}: reaches: {spec.name}: expected 0 or more characters")
    if set(lex.measures) != set(MEASURES):
        raise ValueError(f"{where}: measures: expected exactly {', '.join(MEASURES)}")
    for key, names in (("weak_measures", lex.weak_measures), ("measure_priority", lex.measure_priority)):
        odd = sorted(set(names) - set(MEASURES))
        if odd:
            raise ValueError(f"{where}: {key}: {odd[0]!r} is not a measure ({', '.join(MEASURES)})")


def trigger_regex(words: list[str], lang: str) -> re.Pattern | None:
    """A case-insensitive regex matching any of `words`; Latin words must start at a word boundary.

    A `*` after letters marks a stem (`restrict*`, `droit* de douane`); a `*` standing alone stands
    for one word (`told * not to buy`); in Chinese a `*` stands for up to 12 characters. Latin words
    without a final `*` must end at a word boundary. A word of the lexicon's `not_stems` (`plant*` for
    `plan*`) is never matched.
    """
    if not words:
        return None
    alternatives = _alternatives(words, lang)
    if lang == "zh":
        return re.compile(alternatives, re.IGNORECASE)
    excluded = lexicon(lang).not_stems
    guard = f"(?!(?:{_alternatives(excluded, lang)}))" if excluded else ""
    return re.compile(rf"(?<!\w){guard}(?:{alternatives})", re.IGNORECASE)


def _alternatives(words: list[str], lang: str) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = word.endswith("*")
        body = re.escape(word.rstrip("*")).replace(r"\ \*\ ", r"\s+\w+\s+")
        body = body.replace(r"\ ", r"\s+").replace(r"\*", ZH_GAP if lang == "zh" else r"\w*")
        parts.append(body if stem or lang == "zh" else body + r"(?!\w)")
    return "|".join(parts)
