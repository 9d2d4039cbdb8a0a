"""Entity hard cases per language: vendor-less chips, traps, metonyms, Traditional Chinese."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import names


@pytest.mark.parametrize(("lang", "text", "chip"), [
    ("en", "Nvidia shipped fewer H20 accelerators this quarter, and the H20s it did ship went to cloud firms.",
     "Nvidia H20"),
    ("fr", "Huawei accélère la production de ses puces 910B, selon des fournisseurs de Shenzhen.",
     "Huawei Ascend 910B"),
    ("zh", "华为正在加快910B芯片的量产，多家云厂商已经下单。", "Huawei Ascend 910B"),
])
def test_a_bare_model_number_is_the_vendor_chip(extractor, lang, text, chip):
    record = extractor.extract(text, lang=lang)
    assert chip in names(record, "CHIP")
    mention = next(e for e in record["entities"] if e["name"] == chip)["mentions"][0]
    assert text[mention["start"]:mention["end"]] == mention["surface"]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The lab measured how much H20 the samples absorbed, since water uptake changes their weight."),
    ("fr", "Les chimistes notent parfois H20 au lieu de H2O pour l'eau, une erreur fréquente en classe."),
    ("zh", "实验员把H20写成了水的分子式，老师提醒他应该写成H2O。"),
])
def test_h20_as_water_is_no_chip(extractor, lang, text):
    assert "Nvidia H20" not in names(extractor.extract(text, lang=lang))


def test_ascend_as_a_verb_is_no_chip(extractor):
    text = "Chip stocks may ascend further this week as investors ascend the risk curve again."
    assert "Huawei Ascend" not in names(extractor.extract(text, lang="en"))


def test_ascend_as_a_family_is_a_chip(extractor):
    text = "Huawei plans to double output of its Ascend processors next year."
    assert "Huawei Ascend" in names(extractor.extract(text, lang="en"), "CHIP")


@pytest.mark.parametrize(("lang", "acting", "place"), [
    ("en", "Beijing ordered its customs officers to step up checks on imported GPUs.",
     "Shares fell in Beijing trading after the results came out."),
    ("fr", "Pékin a interdit aux administrations d'acheter des processeurs étrangers.",
     "Pékin, 12 mars 2024 - Le salon de l'électronique ouvre ses portes sous la pluie."),
    ("zh", "北京要求国内企业暂停采购相关芯片。", "这场发布会在北京举行，吸引了上千名开发者。"),
])
def test_a_place_is_an_authority_only_when_it_acts(extractor, lang, acting, place):
    assert "Chinese government" in names(extractor.extract(acting, lang=lang), "AUTHORITY")
    assert "Chinese government" not in names(extractor.extract(place, lang=lang), "AUTHORITY")


def test_traditional_chinese_names_and_full_width_digits(extractor):
    text = "輝達表示，新款Ｈ２０晶片已向騰訊出貨，台積電負責代工。"
    found = names(extractor.extract(text, lang="zh"))
    assert {"Nvidia", "Tencent", "TSMC", "Nvidia H20"} <= found


def test_a_new_model_after_a_family_takes_the_family_name(extractor):
    text = "Huawei will start shipping the Ascend 970 to data centres next spring."
    assert "Huawei Ascend 970" in names(extractor.extract(text, lang="en"), "CHIP")


def test_candidates_stay_out_of_entities(extractor):
    text = "Shenlan Quantum Technologies said it would buy Nvidia chips for its new cluster."
    record = extractor.extract(text, lang="en")
    assert "Shenlan Quantum Technologies" in {c["name"] for c in record["candidates"]}
    assert "Shenlan Quantum Technologies" not in names(record)


def test_a_place_starting_a_longer_name_is_no_authority(extractor):
    text = "The Washington Post said the Beijing Academy of Sciences had ordered new servers."
    assert not names(extractor.extract(text, lang="en"), "AUTHORITY")


def test_statistical_ner_adds_candidates_counted_once_per_mention():
    from nlp.extract import Extractor

    text = "Shenlan Quantum Technologies said it would buy Nvidia chips; Shenlan Quantum Technologies declined."
    record = Extractor(ner=True).extract(text, lang="en")
    assert {"name": "Shenlan Quantum Technologies", "count": 2} in record["candidates"]
    assert "Shenlan Quantum Technologies" not in names(record)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Baidu placed a large order for the Ascend 910B. Deliveries start in May."),
    ("fr", "Baidu a commandé des Ascend 910B. Les livraisons commencent en mai."),
])
def test_a_model_number_ending_a_sentence_keeps_its_number(extractor, lang, text):
    chips = names(extractor.extract(text, lang=lang), "CHIP")
    assert "Huawei Ascend 910B" in chips
    assert "Huawei Ascend" not in chips
