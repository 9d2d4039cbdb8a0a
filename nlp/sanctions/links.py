"""Article-level rules linking the sanction events one article reports.

- One measure named by two bodies of the same chain (`Washington blacklisted…`, `The Commerce
  Department added… to its Entity List`) is one event, held by the most specific body.
- A ban restated on the chips of a licence requirement of the same side and status is that requirement
  (`imposed a licence requirement`, then `the ban on the H20`): the mechanism names the measure.
- A restriction the article eases is older than the easing: where an event is `lifted`, an
  `announced` restriction of the same side on the same targets is recalled context (`background`).
"""

from __future__ import annotations

from collections.abc import Mapping

from nlp.kb import KBEntry
from nlp.sanctions.actors import ancestors, side_of

MERGED_STATUSES = {"announced", "lifted"}  # the news of the day; recalled or proposed measures of two bodies stay apart


def merge_chain(events: list[dict], kb: Mapping[str, KBEntry]) -> list[dict]:
    """Fold an event into one with the same measure and status held by a body below it (BIS under Commerce)."""
    kept = list(events)
    for event in events:
        if event["status"] not in MERGED_STATUSES:
            continue
        below = [other for other in kept if other is not event and other["measure"] == event["measure"]
                 and other["status"] == event["status"]
                 and event["authority_id"] in ancestors(other["authority_id"], kb)]
        if below and event in kept:
            _absorb(below[0], event)
            kept.remove(event)
    return kept


def fold_restated(events: list[dict], kb: Mapping[str, KBEntry]) -> list[dict]:
    """Fold a ban into a licence requirement of the same side and status that hits one of its targets: the
    requirement is the mechanism, the ban its effect (`a licence requirement that amounts to a ban`)."""
    kept = list(events)
    for event in events:
        if event["measure"] != "export_ban":
            continue
        side = side_of(event["authority_id"], kb)
        licences = [other for other in kept if other["measure"] == "export_license"
                    and other["status"] == event["status"] and side_of(other["authority_id"], kb) == side
                    and set(other["target_ids"]) & set(event["target_ids"])]
        if licences:
            _absorb(licences[0], event)
            kept.remove(event)
    return kept


def recall_eased(events: list[dict], kb: Mapping[str, KBEntry]) -> list[dict]:
    """Mark `background` the announced restrictions of a side whose targets an easing of that side lifts."""
    eased = [e for e in events if e["status"] == "lifted"]
    for event in events:
        if event["status"] != "announced":
            continue
        side = side_of(event["authority_id"], kb)
        for easing in eased:
            shared = set(easing["target_ids"]) & set(event["target_ids"])
            if shared and side_of(easing["authority_id"], kb) == side and _not_after(event, easing):
                event["status"] = "background"
                break
    return _unique(events)


def _not_after(event: dict, easing: dict) -> bool:
    """Whether the restriction is dated no later than the easing (undated ones count as earlier)."""
    return not (event["date"] and easing["date"]) or event["date"] <= easing["date"]


def _unique(events: list[dict]) -> list[dict]:
    """One event per (authority, measure, status): a status change may make two events the same."""
    merged: dict[tuple[str, str, str], dict] = {}
    for event in events:
        key = (event["authority_id"], event["measure"], event["status"])
        if key in merged:
            _absorb(merged[key], event)
        else:
            merged[key] = event
    return list(merged.values())


def _absorb(into: dict, event: dict) -> None:
    """Take an event's targets (and its date where `into` has none) into another event; targets an event only
    borrowed from the sentences after it (`borrowed`) do not join an event that names its own."""
    if not (event.get("borrowed") and into["target_ids"]):
        into["target_ids"] = list(dict.fromkeys(into["target_ids"] + event["target_ids"]))
    into["date"] = into["date"] or event["date"]
