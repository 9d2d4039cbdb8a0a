"""Mechanisms that read status and actors from the evidence around a trigger, in three languages: countries
acting or issuing a measure, hearsay, a leader's signature, cues inside longer cues, the licence a listing
entails, Traditional script, Chinese names inside words, and dates without a publication date."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import events, names

PUBLISHED = "2025-08-20"  # a Wednesday
US = "US government"


def extract(extractor, lang: str, text: str, published: str | None = PUBLISHED) -> dict:
    return extractor.extract(text, lang=lang, published=published)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The United States on Tuesday added 12 Chinese firms, including Sugon, to its Entity List."),
    ("fr", "Les États-Unis ont ajouté mardi douze entreprises chinoises, dont Sugon, à leur liste noire."),
    ("zh", "美国周二将中科曙光等12家中国企业列入实体清单。"),
])
def test_a_country_that_acts_is_its_government(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert events(record) == {(US, "entity_list", "announced")}
    assert US in names(record, "AUTHORITY")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Exports to the United States fell in July, the customs data showed."),
    ("fr", "La douane chinoise a publié mardi les chiffres des importations de puces."),
    ("zh", "今年7月中国对美国的芯片出口下降。"),
])
def test_a_country_named_as_place_or_adjective_is_no_authority(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert US not in names(record, "AUTHORITY") and "Chinese government" not in names(record, "AUTHORITY")


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Samsung and SK Hynix have been granted annual US licences to keep shipping tools to their fabs in China.",
     {(US, "export_license", "lifted")}),
    ("fr", "Samsung et SK Hynix se sont vu accorder mardi des licences américaines annuelles pour leurs usines.",
     {(US, "export_license", "lifted")}),
    ("zh", "三星和SK海力士周二获准取得美国的出口许可，继续向中国工厂运送设备。", {(US, "export_license", "lifted")}),
    ("en", "ASML said it lost part of its China licence on Tuesday.", set()),
])
def test_a_country_beside_a_measure_issues_it(extractor, lang, text, expected):
    assert events(extract(extractor, lang, text)) == expected


@pytest.mark.parametrize(("lang", "text", "status"), [
    ("en", "Trump signed a proclamation on Tuesday imposing a 25% tariff on imported advanced chips.", "announced"),
    ("en", "Trump said on Tuesday he would impose a 25% tariff on imported advanced chips.", "proposed"),
    ("fr", "Donald Trump a signé mardi une proclamation instaurant un droit de douane de 25 % sur les puces.",
     "announced"),
    ("zh", "特朗普周二签署公告，对进口先进芯片征收25%的关税。", "announced"),
    ("zh", "特朗普周二表示，将对进口先进芯片征收25%的关税。", "proposed"),
])
def test_a_leader_enacts_what_he_signs_and_proposes_what_he_promises(extractor, lang, text, status):
    assert events(extract(extractor, lang, text)) == {(US, "tariff", status)}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department reportedly banned sales of Nvidia's H20 chip to China on Tuesday."),
    ("zh", "据报道，美国商务部周二禁止英伟达向中国出售H20芯片。"),
])
def test_a_decision_on_sources_word_keeps_its_status(extractor, lang, text):
    assert {status for _, _, status in events(extract(extractor, lang, text))} == {"announced"}


def test_a_cue_inside_a_longer_cue_of_another_status_yields(extractor):
    text = "Le gouvernement américain a assuré mardi à Nvidia que ses licences seraient accordées."
    assert events(extract(extractor, "fr", text)) == {(US, "export_license", "lifted")}


def test_a_stem_does_not_read_a_plant_as_a_plan(extractor):
    text = ("The Bureau of Industry and Security on Tuesday revoked an authorisation covering Intel's former plant "
            "in Dalian.")
    assert {status for _, _, status in events(extract(extractor, "en", text))} == {"announced"}


def test_traditional_script_reads_like_simplified(extractor):
    record = extract(extractor, "zh", "產業與安全局週二宣佈將長江存儲列入實體清單。")
    assert events(record) == {("Bureau of Industry and Security", "entity_list", "announced")}
    assert record["sanction_events"][0]["targets"] == ["YMTC"]
    assert record["sanction_events"][0]["evidence"] == "產業與安全局週二宣佈將長江存儲列入實體清單。"


def test_a_bare_commerce_ministry_in_a_traditional_text_about_us_rules_is_the_us_one(extractor):
    text = "美國政府週二收緊晶片出口管制。商務部表示，輝達H20今後須申請許可證。"
    assert "US Department of Commerce" in names(extract(extractor, "zh", text), "AUTHORITY")
    simplified = "中国政府周二表示反对。商务部表示，将对相关物项实施出口管制。"
    assert "China Ministry of Commerce" in names(extract(extractor, "zh", simplified), "AUTHORITY")


@pytest.mark.parametrize(("text", "firm"), [("三星期后，英伟达发布了新芯片。", False), ("三星周二发布了新芯片。", True),
                                            ("芯片的運算能力大幅提升。", False)])
def test_a_chinese_name_inside_a_word_is_no_name(extractor, text, firm):
    found = names(extract(extractor, "zh", text), "FIRM")
    assert ("Samsung" in found) == firm and "Sophgo" not in found


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "BIS added Sugon to the Entity List on 5 March."),
    ("zh", "美国商务部3月5日将中科曙光列入实体清单。"),
])
def test_without_a_publication_date_a_yearless_date_is_not_guessed(extractor, lang, text):
    (event,) = extract(extractor, lang, text, published=None)["sanction_events"]
    assert event["date"] is None


def test_a_month_only_publication_date_is_its_last_day(extractor):
    (event,) = extract(extractor, "en", "BIS added Sugon to the Entity List on 5 March.", "2025-07")["sanction_events"]
    assert (event["date"], event["status"]) == ("2025-03-05", "background")
