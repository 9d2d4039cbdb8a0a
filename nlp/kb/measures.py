"""Restrictions on record (`measures.yaml`): which state took which measure against which firms or chips, and
the day it was announced. `known_measures()` reads and validates the file once; `last_on_record` finds the
latest such measure before a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from core.vocab import MEASURES
from nlp.kb import COUNTRY_PATTERN, KB_DIR, SAFE_LOADER, load_kb

MEASURES_FILE = KB_DIR / "measures.yaml"
_KEYS = {"country", "measure", "targets", "date"}
STATUSES = ("announced", "lifted")  # a restriction, or its easing


@dataclass(frozen=True)
class KnownMeasure:
    """One measure on record: the acting state's ISO code, the measure, the KB ids it hit, its day, and
    whether it restricted (`announced`) or eased (`lifted`)."""

    country: str
    measure: str
    targets: frozenset[str]
    day: date
    status: str = "announced"


@cache
def known_measures(path: Path = MEASURES_FILE) -> tuple[KnownMeasure, ...]:
    """The measures on record, oldest first; `ValueError` naming the entry for any fault."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    if not isinstance(raw, list):
        raise ValueError(f"{path.name}: expected a list of measures")
    ids = load_kb().by_id
    found = []
    for index, item in enumerate(raw):
        where = f"{path.name}: entry {index + 1}"
        if not isinstance(item, dict) or not _KEYS <= set(item) <= _KEYS | {"status"}:
            raise ValueError(f"{where}: expected the keys {', '.join(sorted(_KEYS))} and optionally status")
        country, measure, targets, day = item["country"], item["measure"], item["targets"], item["date"]
        if not isinstance(country, str) or not COUNTRY_PATTERN.fullmatch(country):
            raise ValueError(f"{where}: country: expected an ISO code such as US")
        if measure not in MEASURES:
            raise ValueError(f"{where}: measure: {measure!r} is not one of {', '.join(MEASURES)}")
        if not isinstance(targets, list) or not targets or not all(target in ids for target in targets):
            raise ValueError(f"{where}: targets: expected firm and chip ids of the knowledge base")
        if not isinstance(day, date):
            raise ValueError(f"{where}: date: expected an ISO day such as 2019-05-16")
        status = item.get("status", "announced")
        if status not in STATUSES:
            raise ValueError(f"{where}: status: expected {' or '.join(STATUSES)}")
        found.append(KnownMeasure(country, measure, frozenset(targets), day, status))
    return tuple(sorted(found, key=lambda known: known.day))


def last_on_record(country: str | None, measure: str, status: str, targets: Iterable[str], until: date) -> date | None:
    """The day of the latest measure on record by `country`, of kind `measure` and `status`, hitting one of
    `targets`, on or before `until`; None when there is none."""
    hit = set(targets)
    days = [known.day for known in known_measures() if known.country == country and known.measure == measure
            and known.status == status and known.day <= until and known.targets & hit]
    return max(days, default=None)
