"""Relations: buyers of chips (the vendor itself when it runs its own) and buying cues per language."""

from __future__ import annotations

import pytest

PUBLISHED = "2025-03-12"


def triples(record: dict) -> set[tuple[str, str, str]]:
    return {(r["subject"], r["predicate"], r["object"]) for r in record["relations"]}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Alibaba has switched on a training cluster built from its own Hanguang 800 chips."),
    ("fr", "Alibaba fait désormais tourner ses propres puces Hanguang 800 dans ses centres de données."),
    ("zh", "阿里巴巴在自家数据中心部署了自研的含光800芯片。"),
])
def test_a_vendor_running_its_own_chips_buys_them(extractor, lang, text):
    found = triples(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert ("Alibaba", "BUYS", "Alibaba Hanguang 800") in found
    assert ("Alibaba", "MAKES", "Alibaba Hanguang 800") in found


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Alibaba unveiled its Hanguang 800 chip at a developer conference in Hangzhou."),
    ("fr", "Alibaba a dévoilé sa puce Hanguang 800 lors d'une conférence à Hangzhou."),
    ("zh", "阿里巴巴在杭州的开发者大会上发布了含光800芯片。"),
])
def test_a_vendor_unveiling_its_chip_does_not_buy_it(extractor, lang, text):
    found = triples(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert ("Alibaba", "MAKES", "Alibaba Hanguang 800") in found
    assert not any(p == "BUYS" for _, p, _ in found)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Start-ups such as Zhipu now source Nvidia H20 chips through resellers."),
    ("fr", "Les jeunes pousses, comme Zhipu, s'approvisionnent en puces H20 de Nvidia auprès de revendeurs."),
    ("zh", "智谱等初创公司通过经销商采购英伟达H20芯片。"),
])
def test_a_firm_supplied_with_a_chip_buys_it(extractor, lang, text):
    found = triples(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert ("Zhipu AI", "BUYS", "Nvidia H20") in found
