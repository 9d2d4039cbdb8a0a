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
    # firms with no such measure on record (nlp/kb/measures.yaml), which would make the undated probe background
    ("en", "The Bureau of Industry and Security added Enflame to the Entity List on Monday.\n\n"
           "Beijing retaliated the next day: the Cyberspace Administration of China opened an investigation "
           "into Intel."),
    ("fr", "Le Bureau de l'industrie et de la sécurité a ajouté lundi Enflame à sa liste noire.\n\n"
           "Pékin a riposté : l'Administration du cyberespace a ouvert une enquête sur Intel."),
    ("zh", "美国商务部工业与安全局周一将燧原列入实体清单。\n\n国家网信办随即宣布对英特尔展开调查。"),
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


@pytest.mark.parametrize(("lang", "text", "recalled_by"), [
    ("en", "The Commerce Department began issuing export licences for AMD's MI308 accelerator on Monday, "
           "undoing the Trump administration's January freeze on the part.", "US government"),
    ("fr", "Le département du Commerce a commencé lundi à délivrer des licences pour la MI308 d'AMD, ce qui met "
           "fin au gel décidé en janvier par l'administration Trump.", None),
    ("zh", "美国商务部周一开始恢复发放MI308出口许可证，结束了特朗普政府1月实施的冻结。", "US government"),
])
def test_an_easing_lifts_the_measure_after_its_cue_and_recalls_the_other(extractor, lang, text, recalled_by):
    found = events(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert ("US Department of Commerce", "export_license", "lifted") in found
    background = {(a, m) for a, m, s in found if s == "background"}
    assert {m for _, m in background} == {"export_license"}  # what granting licences ends is a licence rule
    if recalled_by:
        assert background == {(recalled_by, "export_license")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Bureau of Industry and Security struck again on Monday. It also added MetaX to the Entity List, "
           "a step the Chinese government condemned."),
    ("fr", "Le Bureau de l'industrie et de la sécurité a encore frappé lundi. Il a aussi ajouté MetaX à sa liste "
           "noire, une décision que le gouvernement chinois a condamnée."),
    ("zh", "美国商务部工业与安全局周一再度出手。该局还将沐曦列入实体清单，中国政府对此表示强烈不满。"),
])
def test_a_pronoun_subject_acts_for_the_body_named_before(extractor, lang, text):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    assert events(record) == {("Bureau of Industry and Security", "entity_list", "announced")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department added Sophgo and a dozen other Chinese firms to the Entity List on Monday.\n\n"
           "The companies named also include Biren, Moore Threads and Enflame."),
    ("fr", "Le département du Commerce a ajouté lundi Sophgo et une douzaine d'autres entreprises chinoises à sa "
           "liste noire.\n\nParmi elles figurent aussi Biren, Moore Threads et Enflame."),
    ("zh", "美国商务部周一将算能等十余家中国企业列入实体清单。\n\n名单还包括壁仞、摩尔线程和燧原。"),
])
def test_the_sentence_after_a_listing_can_enumerate_its_targets(extractor, lang, text):
    record = extractor.extract(text, lang=lang, published=PUBLISHED)
    (event,) = record["sanction_events"]
    assert set(event["targets"]) == {"Sophgo", "Biren", "Moore Threads", "Enflame"}
    restricted = {r["object"] for r in record["relations"] if r["predicate"] == "RESTRICTS"}
    assert restricted == {"Sophgo", "Biren", "Moore Threads", "Enflame"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "AMD built the MI309 for Chinese customers. Officials at the Bureau of Industry and Security told AMD "
           "the chip would need a licence."),
    ("fr", "AMD a conçu la MI309 pour ses clients chinois. Le Bureau de l'industrie et de la sécurité a fait savoir "
           "à AMD que la puce exigeait désormais une licence."),
    ("zh", "AMD为中国客户设计了MI309。美国商务部工业与安全局告知AMD，该芯片出口需要申请许可证。"),
])
def test_the_chip_named_before_is_the_target_of_the_chip(extractor, lang, text):
    (event,) = extractor.extract(text, lang=lang, published=PUBLISHED)["sanction_events"]
    assert (event["authority"], event["measure"]) == ("Bureau of Industry and Security", "export_license")
    assert event["targets"] == ["AMD Instinct MI309"]


@pytest.mark.parametrize(("text", "status", "when"), [
    ("去年10月，美国商务部禁止了A100对华出口。", "background", "2024-10"),
    ("美国商务部今年3月5日禁止了A100对华出口。", "announced", "2025-03-05"),
])
def test_a_month_of_last_or_this_year_dates_a_chinese_measure(extractor, text, status, when):
    (event,) = extractor.extract(text, lang="zh", published=PUBLISHED)["sanction_events"]
    assert (event["status"], event["date"]) == (status, when)


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The Commerce Department tightened export controls on the H20 on Monday.",
     {("US Department of Commerce", "export_license", "announced")}),
    ("en", "Nvidia said the H20 stays within the limits the Commerce Department drew in its export controls.", set()),
    ("fr", "Le département du Commerce a durci lundi les contrôles à l'exportation sur la H20.",
     {("US Department of Commerce", "export_license", "announced")}),
    ("fr", "Selon Nvidia, la H20 respecte les seuils du département du Commerce en matière de contrôles à "
           "l'exportation.", set()),
    ("zh", "美国商务部周一收紧了对H20的出口管制。", {("US Department of Commerce", "export_license", "announced")}),
    ("zh", "英伟达表示，H20的性能落在美国政府为出口管制划出的界线之内。", set()),
    ("en", "The Commerce Department said export controls remain a priority for the H20.", set()),
    ("fr", "Le département du Commerce a rappelé que les contrôles à l'exportation restent une priorité.", set()),
    ("zh", "美国商务部表示出口管制仍是重点。", set()),
])
def test_generic_controls_make_an_event_only_where_a_body_acts_on_them(extractor, lang, text, expected):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == expected


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Nvidia applied for a licence to ship the H20 accelerator, the Commerce Department said."),
    ("fr", "Nvidia a sollicité une licence pour exporter la puce H20, a indiqué le département du Commerce."),
    ("zh", "美国商务部证实，英伟达已就H20芯片提交了出口许可申请。"),
    ("en", "The Commerce Department declined to comment on a Wall Street Journal investigation into Sophgo."),
    ("fr", "Le département du Commerce a refusé de commenter l'enquête du journal sur Sophgo."),
    ("zh", "美国商务部拒绝评论媒体调查中涉及算能的内容。"),
])
def test_a_licence_application_or_a_press_inquiry_is_no_measure(extractor, lang, text):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == set()


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Beijing issued procurement rules on Monday that steer state agencies away from Intel and AMD processors.",
     ("Chinese government", "import_ban", "announced")),
    ("fr", "Pékin a publié lundi des règles d'achat qui écartent les processeurs d'Intel et d'AMD des administrations.",
     ("Chinese government", "import_ban", "announced")),
    ("zh", "中国政府周一出台采购规则，要求党政机关逐步淘汰英特尔和AMD的处理器。",
     ("Chinese government", "import_ban", "announced")),
    ("en", "The Commerce Department ordered TSMC on Monday to stop shipping advanced chips to Sophgo.",
     ("US Department of Commerce", "export_ban", "announced")),
    ("fr", "Le département du Commerce a ordonné lundi à TSMC de cesser de livrer des puces avancées à Sophgo.",
     ("US Department of Commerce", "export_ban", "announced")),
    ("zh", "美国商务部周一要求台积电对算能停止发货。", ("US Department of Commerce", "export_ban", "announced")),
])
def test_purchase_rules_and_shipping_stops_are_measures(extractor, lang, text, expected):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == {expected}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The Commerce Department met chipmakers on Monday.\n\nWashington has since pressed allies to follow. "
           "On Tuesday the department told Sophgo's suppliers they needed licences.",
     ("US Department of Commerce", "export_license", "announced")),
    ("fr", "Le département du Commerce a reçu les industriels lundi.\n\nWashington a ensuite pressé ses alliés de "
           "suivre. Mardi, le département a exigé une licence pour toute vente à Sophgo.",
     ("US Department of Commerce", "export_license", "announced")),
    ("zh", "美国商务部工业与安全局周一约见了芯片企业。\n\n美国政府随后向盟友施压。该局周二将算能列入实体清单。",
     ("Bureau of Industry and Security", "entity_list", "announced")),
])
def test_the_department_is_the_last_department_named(extractor, lang, text, expected):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == {expected}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department added Sophgo to the Entity List on Monday. Anyone shipping to Sophgo now needs a "
           "licence."),
    ("fr", "Le département du Commerce a ajouté lundi Sophgo à sa liste noire. Tout fournisseur devra désormais "
           "obtenir une licence pour livrer Sophgo."),
    ("zh", "美国商务部周一将算能列入实体清单。此后，美国供应商向算能供货都需要事先取得许可证。"),
])
def test_the_licence_a_listing_entails_is_no_second_event(extractor, lang, text):
    found = events(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert found == {("US Department of Commerce", "entity_list", "announced")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The House Select Committee on China met on Monday. It called on the Commerce Department on Tuesday to end "
           "all exports to SMIC."),
    ("fr", "La commission spéciale de la Chambre sur la Chine s'est réunie lundi. Elle a appelé mardi le département "
           "du Commerce à mettre fin aux exportations vers SMIC."),
    ("zh", "美国国会众议院对华特别委员会周一召开听证会。该委员会周二敦促美国商务部对中芯国际停止出货。"),
])
def test_a_body_urged_to_act_is_not_the_actor(extractor, lang, text):
    found = events(extractor.extract(text, lang=lang, published=PUBLISHED))
    assert found == {("US Congress", "export_ban", "proposed")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The rules were published on March 3. That day, the Commerce Department added Sophgo to the Entity List."),
    ("fr", "Les règles ont été publiées le 3 mars. Ce jour-là, le département du Commerce a ajouté Sophgo à sa liste "
           "noire."),
    ("zh", "新规于3月3日公布。当天，美国商务部将算能列入实体清单。"),
])
def test_that_day_is_the_date_of_the_sentence_before(extractor, lang, text):
    (event,) = extractor.extract(text, lang=lang, published=PUBLISHED)["sanction_events"]
    assert (event["measure"], event["date"]) == ("entity_list", "2025-03-03")


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # the pluperfect of reported speech tells today's news; a pluperfect of its own recalls older news
    ("en", "China's market regulator said a preliminary investigation had found that Qualcomm broke the "
           "anti-monopoly law.", ("State Administration for Market Regulation", "investigation", "announced")),
    ("en", "China's market regulator had opened an investigation into Nvidia over its Mellanox deal.",
     ("State Administration for Market Regulation", "investigation", "background")),
    # a country acts through any form of its verb, after auxiliaries and adverbs
    ("fr", "Depuis le 1er septembre 2023, les Pays-Bas exigeaient déjà une licence pour exporter ces machines "
           "d'ASML.", ("Dutch government", "export_license", "background")),
    ("fr", "Le Japon a soumis mardi à licence l'exportation de 23 catégories d'équipements.",
     ("Japan METI", "export_license", "announced")),
])
def test_status_and_body_from_the_verb(extractor, lang, text, expected):
    assert expected in events(extractor.extract(text, lang=lang, published=PUBLISHED))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The licence requirement the Commerce Department imposed is a bargaining chip, one analyst said."),
    ("fr", "Le département du Commerce a imposé ces licences pour peser sur Pékin, estime un consultant."),
    ("zh", "一位分析师表示，年度许可让美方握有主动权。"),
])
def test_an_unnamed_commentator_weighing_a_measure_reports_none(extractor, lang, text):
    assert events(extractor.extract(text, lang=lang, published=PUBLISHED)) == set()


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "BIS moved its review of licence applications for the H200 to a case-by-case basis."),
    ("zh", "美国商务部表示将推进MI308出口许可申请的审查。"),
])
def test_the_review_of_licence_applications_is_no_probe(extractor, lang, text):
    assert all(measure != "investigation" for _, measure, _ in events(extractor.extract(text, lang=lang,
                                                                                        published=PUBLISHED)))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department keeps Huawei on the Entity List, and its suppliers still need a licence."),
    ("fr", "Le département du Commerce maintient Huawei sur sa liste noire."),
    ("zh", "美国商务部仍将华为列入实体清单。"),
])
def test_an_undated_measure_on_record_long_before_is_background_unless_it_is_the_headline(extractor, lang, text):
    listing = ("US Department of Commerce", "entity_list")
    statuses = {(a, m): s for a, m, s in events(extractor.extract(text, lang=lang, published=PUBLISHED))}
    assert statuses[listing] == "background"  # Huawei was first listed in May 2019 (nlp/kb/measures.yaml)
    fresh = {(a, m): s for a, m, s in events(extractor.extract(text, lang=lang, published="2019-05-20"))}
    assert fresh[listing] == "announced"
    title = {"en": "Huawei stays on the Entity List", "fr": "Huawei reste sur la liste noire",
             "zh": "华为仍在实体清单上"}[lang]
    headline = extractor.extract(text, lang=lang, published=PUBLISHED, title=title)
    assert {(a, m): s for a, m, s in events(headline)}[listing] == "announced"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Cyberspace Administration of China told ByteDance and Alibaba to stop ordering the RTX Pro 6000D."),
    ("fr", "L'Administration chinoise du cyberespace a demandé à ByteDance d'annuler ses commandes de RTX Pro 6000D."),
    ("zh", "国家网信办要求字节跳动取消订购RTX Pro 6000D。"),
])
def test_an_order_to_cancel_purchases_is_an_import_ban_not_an_easing(extractor, lang, text):
    assert events(extractor.extract(text, lang=lang, published="2025-09-18")) == {
        ("Cyberspace Administration of China", "import_ban", "announced")}
