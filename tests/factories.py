"""The records every test builds (`core.records` shapes, through these factories only), and a tiny KB folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.records import (
    ArticleRecord,
    Candidate,
    Entity,
    Extraction,
    Mention,
    Relation,
    SanctionEvent,
)
from core.vocab import TARGET_COUNTRIES
from warehouse.ids import article_id

KB_ENTRIES = {
    "firms.yaml": [
        '{id: "firm:nvidia", type: FIRM, name: Nvidia, wikidata: Q182477, country: US, role: [designer], aliases: {}}',
        '{id: "firm:huawei", type: FIRM, name: Huawei, wikidata: Q160120, country: CN, role: [designer], aliases: {}}',
    ],
    "chips.yaml": [
        '{id: "chip:nvidia-h20", type: CHIP, name: Nvidia H20, wikidata: null, vendor: "firm:nvidia", kind: model, '
        "aliases: {en: [H20]}}",
        '{id: "chip:nvidia-a100", type: CHIP, name: Nvidia A100, wikidata: null, vendor: "firm:nvidia", kind: model, '
        "aliases: {en: [A100]}}",
        '{id: "chip:huawei-ascend-910b", type: CHIP, name: Huawei Ascend 910B, wikidata: null, '
        'vendor: "firm:huawei", kind: model, aliases: {en: [910B]}}',
    ],
    "authorities.yaml": [
        '{id: "authority:bis", type: AUTHORITY, name: Bureau of Industry and Security, wikidata: null, '
        "country: US, parent: null, aliases: {en: [BIS]}}",
        '{id: "authority:cac", type: AUTHORITY, name: Cyberspace Administration of China, wikidata: null, '
        "country: CN, parent: null, aliases: {en: [CAC]}}",
    ],
}


def write_kb(folder: Path, drop: str | None = None) -> Path:
    """Write the tiny KB as YAML files into `folder`, without entry id `drop`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, entries in KB_ENTRIES.items():
        kept = [entry for entry in entries if f'"{drop}"' not in entry]
        (folder / name).write_text("".join(f"- {entry}\n" for entry in kept) or "[]\n", encoding="utf-8")
    return folder


def article(n: int, source: str = "demo", lang: str = "en", published: str | None = "2025-04-16T09:00:00+00:00",
            status: str = "ok", text: str | None = None, **fields: Any) -> ArticleRecord:
    """The crawler's record of page number `n` of `source` (other fields overridden by `fields`)."""
    url = f"https://{source}.example/news/{n}"
    values: dict[str, Any] = {
        "url": url + "?utm_source=feed",
        "source": source,
        "status": status,
        "canonical_url": url,
        "declared_lang": lang,
        "lang": lang,
        "title": f"Article {n}",
        "published_at": published,
        "fetched_at": "2025-04-18T12:00:00+00:00",
        "text": (text or f"Body of article {n}: Nvidia H20 export licences.") if status == "ok" else None,
        "html_hash": f"h{n}",
        "encoding": "utf-8",
        "error": None if status == "ok" else "boom",
        "http_status": 200,
        "extra": {"n": n},
    }
    return ArticleRecord(**(values | fields))


def entity(entity_id: str, kind: str, name: str, *spans: tuple[str, int, int]) -> Entity:
    """One entity of an extraction record with its mention spans (surface, start, end)."""
    return Entity(id=entity_id, type=kind, name=name, surfaces=sorted({s for s, _, _ in spans}),
                  mentions=[Mention(surface=s, start=a, end=b) for s, a, b in spans])


def event(authority_id: str, measure: str, status: str = "announced", targets: Sequence[str] = (),
          date: str | None = None, authority: str | None = None, side: str = "US", evidence: str | None = None,
          names: Sequence[str] | None = None) -> SanctionEvent:
    """One sanction event of an extraction record, as the extractor writes it.

    `targets` are KB ids, or names for targets outside the KB (display `names` default to the ids' slugs);
    `side` is the acting authority's country, which gives the country the measure is aimed at.
    """
    names = list(names) if names is not None else [t.split(":", 1)[1] if ":" in t else t for t in targets]
    return SanctionEvent(
        authority=authority or authority_id.split(":", 1)[1].upper(), authority_id=authority_id, measure=measure,
        targets=names, target_ids=[t if ":" in t else None for t in targets], country=TARGET_COUNTRIES[side],
        status=status, date=date, evidence=evidence or f"{authority_id} {measure}")


def extraction(record: ArticleRecord, entities: Sequence[Entity] = (), relations: Sequence[Relation] = (),
               events: Sequence[SanctionEvent] = (), candidates: Sequence[Candidate] = ()) -> Extraction:
    """The extractor's record of article `record`."""
    return Extraction(id=article_id(record.canonical_url or record.url), lang=record.lang or "en",
                      entities=list(entities), relations=list(relations), sanction_events=list(events),
                      candidates=list(candidates))
