"""Sanction-event hard cases per language: negation, lifting, proposals, background, two events."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import events

PUBLISHED = "2025-03-12"  # a Wednesday


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The Commerce Department on Tuesday added Sophgo to the Entity List.",
     ("US Department of Commerce", "entity_list", "announced")),
    ("fr", "Le département du Commerce a ajouté mardi Sophgo à sa liste noire.",
     ("US Department of Commerce", "entity_list", "announced")),
    ("zh", "美国商务部周二将算能列入实体清单。", ("US Department of Commerce", "entity_list", "announced")),
])
def test_an_announced_listing(extractor, lang, text, expected):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    assert events(record) == {expected}
    event = record["sanction_events"][0]
    assert event["date"] == "2025-03-11"
    assert "Sophgo" in event["targets"]
    assert {"subject": "US Department of Commerce", "predicate": "RESTRICTS", "object": "Sophgo"} in [
        {k: r[k] for k in ("subject", "predicate", "object")} for r in record["relations"]]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Analysts said the Commerce Department has not banned sales of the H20 to China."),
    ("fr", "Le département du Commerce n'a pas interdit les ventes de la H20 en Chine, selon Nvidia."),
    ("zh", "英伟达表示，美国商务部并非禁止H20对华销售。"),
])
def test_a_negated_measure_is_no_event(extractor, lang, text):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == set()


@pytest.mark.parametrize(("lang", "text", "authority"), [
    ("en", "The Commerce Department lifted the licence requirement on the H20 on Monday.",
     "US Department of Commerce"),
    ("fr", "Le département du Commerce a levé lundi l'obligation de licence qui pesait sur la H20.",
     "US Department of Commerce"),
    ("zh", "美国商务部周一放宽了对H20的许可证要求。", "US Department of Commerce"),
])
def test_a_lifted_measure(extractor, lang, text, authority):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    assert {(a, s) for a, _, s in events(record)} == {(authority, "lifted")}
    assert not any(r["predicate"] == "RESTRICTS" for r in record["relations"])


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department is considering a ban on exports of the H20 to China, people familiar said."),
    ("fr", "Le département du Commerce envisage d'interdire les exportations de la H20 vers la Chine."),
    ("zh", "据报道，美国商务部正考虑禁止H20对华出口。"),
])
def test_a_proposed_measure(extractor, lang, text):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    assert events(record) == {("US Department of Commerce", "export_ban", "proposed")}
    assert not any(r["predicate"] == "RESTRICTS" for r in record["relations"])


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "In October 2022 the Commerce Department barred sales of the A100 to China."),
    ("fr", "En octobre 2022, le département du Commerce avait interdit la vente de l'A100 à la Chine."),
    ("zh", "美国商务部早在2022年10月就禁止了A100对华出口。"),
])
def test_a_background_measure(extractor, lang, text):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    assert events(record) == {("US Department of Commerce", "export_ban", "background")}
    assert record["sanction_events"][0]["date"] == "2022-10"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Bureau of Industry and Security added Biren to the Entity List on Monday.\n\n"
           "Beijing retaliated the next day: the Cyberspace Administration of China opened an investigation "
           "into Micron."),
    ("fr", "Le Bureau de l'industrie et de la sécurité a ajouté lundi Biren à sa liste noire.\n\n"
           "Pékin a riposté : l'Administration du cyberespace a ouvert une enquête sur Micron."),
    ("zh", "美国商务部工业与安全局周一将壁仞列入实体清单。\n\n国家网信办随即宣布对美光展开调查。"),
])
def test_two_events_in_one_article(extractor, lang, text):
    found = events(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert ("Bureau of Industry and Security", "entity_list", "announced") in found
    assert ("Cyberspace Administration of China", "investigation", "announced") in found


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Trump said on Friday he would impose an extra 100% tariff on Chinese goods from November."),
    ("fr", "Donald Trump a annoncé vendredi vouloir imposer un droit de douane de 100 % aux produits chinois."),
    ("zh", "特朗普周五在社交媒体上表示，将对中国商品加征100%的关税。"),
])
def test_a_leader_announcing_a_measure_makes_a_proposal_of_his_government(extractor, lang, text):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    assert events(record) == {("US government", "tariff", "proposed")}
    assert "US government" not in {e["name"] for e in record["entities"]}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Nvidia said it keeps in close contact with the Commerce Department about export controls."),
    ("zh", "英伟达表示，公司与美国商务部保持沟通，新产品符合出口管制要求。"),
])
def test_a_government_spoken_to_is_not_acting(extractor, lang, text):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == set()
