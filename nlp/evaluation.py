"""Scoring of extraction records against gold articles (same metrics as the shared `eval/score.py`).

Every metric is a micro-averaged P/R/F1 over sets of keys per article; names are compared after
case-folding and removing spaces, hyphens, underscores, dots and apostrophes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

METRICS = ("entities", "CHIP", "FIRM", "AUTHORITY", "relations", "events", "events_loose", "news_events",
           "event_targets", "alert_articles")
SIDES = {
    "US": {"usgovernment", "usdepartmentofcommerce", "bureauofindustryandsecurity", "uscongress"},
    "CN": {"chinesegovernment", "chinaministryofcommerce", "cyberspaceadministrationofchina",
           "stateadministrationformarketregulation"},
}


def key(name: str | None) -> str:
    """The comparison form of a name: `NVIDIA H-20` and `Nvidia H20` give the same key."""
    return re.sub(r"[\s\-_.·’']+", "", (name or "").casefold())


def _side(authority: str | None) -> str:
    k = key(authority)
    return next((side for side, names in SIDES.items() if k in names), k)


def _events(doc: dict) -> list[dict]:
    return doc.get("sanction_events") or []


def _entity_keys(doc: dict, only: str | None = None) -> set:
    return {(e.get("type"), key(e.get("name"))) for e in doc.get("entities") or []
            if only is None or e.get("type") == only}


EXTRACTORS: dict[str, Callable[[dict], set]] = {
    "entities": _entity_keys,
    "CHIP": lambda d: _entity_keys(d, "CHIP"),
    "FIRM": lambda d: _entity_keys(d, "FIRM"),
    "AUTHORITY": lambda d: _entity_keys(d, "AUTHORITY"),
    "relations": lambda d: {(key(r.get("subject")), r.get("predicate"), key(r.get("object")))
                            for r in d.get("relations") or []},
    "events": lambda d: {(key(e.get("authority")), e.get("measure"), e.get("status")) for e in _events(d)},
    "events_loose": lambda d: {(_side(e.get("authority")), e.get("measure"), e.get("status")) for e in _events(d)},
    "news_events": lambda d: {(_side(e.get("authority")), e.get("measure"), e.get("status")) for e in _events(d)
                              if e.get("status") != "background"},
    "event_targets": lambda d: {(key(e.get("authority")), e.get("measure"), e.get("status"), key(t))
                                for e in _events(d) for t in e.get("targets") or []},
}


def _alerting(doc: dict) -> bool:
    return any(e.get("status") != "background" for e in _events(doc))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty side counts as perfect, as in the shared scorer."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], predictions: dict[str, dict]) -> tuple[dict[str, dict[str, tuple]], list[str]]:
    """({lang or "all": {metric: (P, R, F1)}}, per-article problems)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    problems = []
    for article in gold:
        pred = predictions.get(article["id"])
        if pred is None:
            problems.append(f"{article['id']}: no prediction")
            pred = {}
        pairs = {m: (f(article), f(pred)) for m, f in EXTRACTORS.items()}
        pairs["alert_articles"] = ({article["id"]} if _alerting(article) else set(),
                                   {article["id"]} if _alerting(pred) else set())
        for lang in (article["lang"], "all"):
            for metric, (g, p) in pairs.items():
                tally = counts[(lang, metric)]
                tally[0] += len(g & p)
                tally[1] += len(p - g)
                tally[2] += len(g - p)
        missing, extra = pairs["entities"][0] - pairs["entities"][1], pairs["entities"][1] - pairs["entities"][0]
        if missing or extra:
            problems.append(f"{article['id']}: missing {sorted(missing)} extra {sorted(extra)}")
    langs = sorted({lang for lang, _ in counts})
    return {lang: {m: prf(*counts[(lang, m)]) for m in METRICS} for lang in langs}, problems


def load_gold(folder: Path) -> list[dict]:
    """Every gold article (`*.json`) under `folder`, sorted by path."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).rglob("*.json"))]


def gold_digest(gold: list[dict]) -> str:
    """A fingerprint of a gold set (its articles and their annotations), to tell one set from another."""
    canonical = json.dumps(sorted(gold, key=lambda article: article["id"]), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def table(result: dict[str, dict[str, tuple]]) -> str:
    """The per-language table printed by `chipwatch eval`."""
    lines = [f"{'lang':5} {'metric':15} {'P':>6} {'R':>6} {'F1':>6}"]
    for lang, row in result.items():
        lines += [f"{lang:5} {metric:15} {p:6.3f} {r:6.3f} {f:6.3f}" for metric, (p, r, f) in row.items()]
    return "\n".join(lines)
