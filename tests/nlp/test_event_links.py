"""How the sanction events of one article are split, joined and targeted: clauses, restatements, chains of
bodies, easings, legislators, the same list, left-out firms, enumerations and `the company`."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import events

PUBLISHED = "2025-08-20"  # a Wednesday
COMMERCE = "US Department of Commerce"
BIS = "Bureau of Industry and Security"


def extract(extractor, lang: str, text: str) -> dict:
    return extractor.extract(text, lang=lang, published=PUBLISHED)


def restricted(record: dict) -> set[str]:
    return {r["object"] for r in record["relations"] if r["predicate"] == "RESTRICTS"}


TRUMP = {("US government", "tariff", "proposed"), ("US government", "export_license", "proposed")}
LISTING_AND_LICENCE = {(BIS, "entity_list", "announced"), (BIS, "export_license", "announced")}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Trump said on Friday he would impose an additional 100% tariff on goods from China, and export controls "
           "on critical software.", TRUMP),
    ("fr", "Donald Trump a annoncé mardi vouloir imposer un droit de douane de 100 % sur les produits chinois, ainsi "
           "que des contrôles à l'exportation sur les logiciels critiques.", TRUMP),
    ("zh", "特朗普周二表示，将对中国商品加征100%的关税，并对关键软件实施出口管制。", TRUMP),
    ("en", "The Bureau of Industry and Security added Cambricon to the Entity List on Monday and, in addition, "
           "required licences for exports of HBM to China.", LISTING_AND_LICENCE),
    ("fr", "Le Bureau de l'industrie et de la sécurité a ajouté lundi Cambricon à sa liste noire et a en outre exigé "
           "une licence pour exporter de la HBM vers la Chine.", LISTING_AND_LICENCE),
    ("zh", "美国商务部工业与安全局周一将寒武纪列入实体清单，另一方面要求对华出口HBM须申请许可证。",
     LISTING_AND_LICENCE),
])
def test_two_measures_in_separate_clauses_are_two_events(extractor, lang, text, expected):
    assert events(extract(extractor, lang, text)) == expected


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department imposed a licence requirement on Nvidia's H20 chip on Monday, which amounts to a "
           "ban on sales to China."),
    ("fr", "Le département du Commerce a imposé lundi une licence pour la puce H20 de Nvidia, ce qui revient à une "
           "interdiction de vente en Chine."),
    ("zh", "美国商务部周一要求英伟达H20芯片对华出口须获许可证，实际上等同于禁止对华销售。"),
])
def test_a_clause_restating_the_measure_is_no_second_event(extractor, lang, text):
    (event,) = extract(extractor, lang, text)["sanction_events"]
    assert (event["authority"], event["status"], event["date"]) == (COMMERCE, "announced", "2025-08-18")
    assert event["targets"] == ["Nvidia H20"]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department added Cambricon to the Entity List on Monday, so its American suppliers now need "
           "a licence."),
    ("fr", "Le département du Commerce a ajouté lundi Cambricon à sa liste noire : ses fournisseurs américains "
           "devront désormais obtenir une licence."),
    ("zh", "美国商务部周一将寒武纪列入实体清单，美国供应商须申请许可证才能向其供货。"),
])
def test_the_licence_a_listing_entails_in_its_sentence_is_no_second_event(extractor, lang, text):
    assert events(extract(extractor, lang, text)) == {(COMMERCE, "entity_list", "announced")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Washington blacklisted Cambricon last week. The Commerce Department added Cambricon to its Entity List on "
           "August 13."),
    ("fr", "Washington a placé Cambricon sur liste noire la semaine dernière. Le département du Commerce a ajouté "
           "Cambricon à sa liste des entités le 13 août."),
    ("zh", "美国政府上周将寒武纪拉黑。美国商务部于8月13日将寒武纪列入实体清单。"),
])
def test_one_measure_named_by_two_bodies_of_a_chain_is_held_by_the_most_specific(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert events(record) == {(COMMERCE, "entity_list", "announced")}
    (event,) = record["sanction_events"]
    assert (event["date"], event["targets"]) == ("2025-08-13", ["Cambricon"])


@pytest.mark.parametrize(("lang", "text", "when"), [
    ("en", "The Commerce Department has started issuing licences for Nvidia's H20 chip, the company said on Tuesday."
           "\n\nIn April, the Commerce Department imposed a licence requirement on the H20.", "2025-04"),
    ("fr", "Le département du Commerce a commencé à délivrer des licences pour la puce H20 de Nvidia, a indiqué mardi "
           "le groupe.\n\nEn avril, le département du Commerce avait imposé une licence pour exporter la H20.",
     "2025-04"),
    ("zh", "美国商务部周二发放许可证，允许英伟达向中国出口H20芯片。\n\n"
           "今年4月，美国商务部要求H20芯片对华出口须获得许可证。",
     "2025-04"),
    ("en", "The Commerce Department has started issuing licences for Nvidia's H20 chip, the company said on Tuesday."
           "\n\nThe Commerce Department required a licence for the H20 after Nvidia designed it for China.", None),
    ("fr", "Le département du Commerce a commencé à délivrer des licences pour la puce H20 de Nvidia, a indiqué mardi "
           "le groupe.\n\nLe département du Commerce a imposé une licence pour la H20 au printemps.", None),
    ("zh", "美国商务部周二发放许可证，允许英伟达向中国出口H20芯片。\n\n"
           "美国商务部今年春天要求H20芯片对华出口须获得许可证。", None),
])
def test_the_restriction_an_easing_eases_is_background(extractor, lang, text, when):
    record = extract(extractor, lang, text)
    assert events(record) == {(COMMERCE, "export_license", "lifted"), (COMMERCE, "export_license", "background")}
    dates = {e["status"]: e["date"] for e in record["sanction_events"]}
    assert dates == {"lifted": "2025-08-19", "background": when}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Washington had promised in mid-July to grant licences for Nvidia's H20 chip.",
     ("US government", "export_license", "background")),
    ("fr", "À la mi-juillet, Washington avait promis d'accorder des licences pour la puce H20 de Nvidia.",
     ("US government", "export_license", "background")),
    ("zh", "美国政府此前曾承诺发放许可证，允许英伟达向中国出售H20芯片。",
     ("US government", "export_license", "background")),
    ("en", "Nvidia said on Tuesday that the Commerce Department had granted licences for its H20 chip.",
     (COMMERCE, "export_license", "lifted")),
    ("fr", "Nvidia a indiqué mardi que le département du Commerce avait accordé des licences pour sa puce H20.",
     (COMMERCE, "export_license", "lifted")),
    ("zh", "英伟达周二表示，美国商务部此前已发放许可证，允许其向中国出售H20芯片。",
     (COMMERCE, "export_license", "lifted")),
])
def test_a_pluperfect_easing_is_background_unless_reported(extractor, lang, text, expected):
    assert events(extract(extractor, lang, text)) == {expected}


@pytest.mark.parametrize(("lang", "text", "measure"), [
    ("en", "Republican senator Tom Cotton introduced the Chip Security Act on Tuesday, a bill that would require "
           "location verification for advanced AI chips sold abroad.", "other"),
    ("fr", "Le sénateur républicain Tom Cotton a déposé mardi une proposition de loi imposant le traçage des puces "
           "d'IA avancées vendues à l'étranger.", "other"),
    ("zh", "美国参议员科顿周二提出《芯片安全法》，要求对出口的先进AI芯片进行位置验证。", "other"),
    ("en", "A Republican senator on Tuesday proposed a ban on sales of Nvidia's H20 chip to China.", "export_ban"),
    ("fr", "Un sénateur républicain a proposé mardi d'interdire la vente de la puce H20 de Nvidia à la Chine.",
     "export_ban"),
    ("zh", "一名美国参议员周二提议禁止英伟达向中国出售H20芯片。", "export_ban"),
])
def test_a_legislator_proposes_for_congress(extractor, lang, text, measure):
    record = extract(extractor, lang, text)
    assert events(record) == {("US Congress", measure, "proposed")}
    assert record["sanction_events"][0]["date"] == "2025-08-19"
    assert restricted(record) == set()


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department banned sales of Nvidia's H20 chip to China on Monday.\n\n"
           "The department told Nvidia that the H20 now requires a licence."),
    ("fr", "Le département du Commerce a interdit lundi la vente de la puce H20 de Nvidia à la Chine.\n\n"
           "Le département a fait savoir à Nvidia que la H20 exige désormais une licence."),
    ("zh", "美国商务部周一禁止英伟达向中国出售H20芯片。\n\n美国商务部通知英伟达，H20芯片出口今后须申请许可证。"),
])
def test_a_ban_restated_as_a_licence_on_its_chip_is_that_licence_requirement(extractor, lang, text):
    """The text names the mechanism (a licence), so the measure is the licence requirement (ANNOTATION.md)."""
    record = extract(extractor, lang, text)
    assert events(record) == {(COMMERCE, "export_license", "announced")}
    assert record["sanction_events"][0]["targets"] == ["Nvidia H20"]


def test_a_ban_restated_as_a_licence_by_another_body_of_the_side_is_one_measure(extractor):
    text = ("Washington banned sales of Nvidia's H20 chip to China on Monday.\n\n"
            "The Commerce Department told Nvidia that the H20 now requires a licence.")
    found = events(extract(extractor, "en", text))
    assert len(found) == 1
    assert {(m, s) for _, m, s in found} == {("export_license", "announced")}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department added Sugon to the Entity List on Monday, though neither Inspur nor Aivres is "
           "listed."),
    ("fr", "Le département du Commerce a ajouté lundi Sugon à sa liste noire, mais ni Inspur ni Aivres n'y figurent."),
    ("zh", "除了浪潮信息，中科曙光等国内主要服务器厂商周一均被美国商务部列入实体清单。"),
])
def test_a_firm_named_as_left_out_is_no_target(extractor, lang, text):
    record = extract(extractor, lang, text)
    (event,) = record["sanction_events"]
    assert (event["authority"], event["measure"], event["targets"]) == (COMMERCE, "entity_list", ["Sugon"])
    assert restricted(record) == {"Sugon"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Commerce Department added Cambricon to the Entity List on Monday over its MLU590 accelerator."),
    ("fr", "Le département du Commerce a ajouté lundi Cambricon à sa liste noire en raison de son accélérateur "
           "MLU590."),
    ("zh", "美国商务部周一以思元590芯片为由将寒武纪列入实体清单。"),
])
def test_a_listing_targets_firms_not_their_chips(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert "Cambricon MLU590" in {e["name"] for e in record["entities"] if e["type"] == "CHIP"}
    (event,) = record["sanction_events"]
    assert (event["measure"], event["targets"]) == ("entity_list", ["Cambricon"])


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Bureau of Industry and Security added Sophgo and 22 other Chinese entities to the Entity List "
           "on Monday. They include Cambricon and Biren."),
    ("fr", "Le Bureau de l'industrie et de la sécurité a ajouté lundi Sophgo et 22 autres entités chinoises à sa "
           "liste noire. Parmi les entités inscrites figurent Cambricon et Biren."),
    ("zh", "美国商务部工业与安全局周一将算能等23家中国实体列入实体清单。名单包括寒武纪和壁仞。"),
])
def test_a_sentence_that_says_it_enumerates_a_listing_adds_its_firms(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert events(record) == {(BIS, "entity_list", "announced")}
    assert set(record["sanction_events"][0]["targets"]) == {"Sophgo", "Cambricon", "Biren"}
    assert restricted(record) == {"Sophgo", "Cambricon", "Biren"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Bureau of Industry and Security added Huawei to the Entity List in 2019. China's Commerce Ministry "
           "condemned the decision. SMIC joined the same list in 2020."),
    ("fr", "Le Bureau de l'industrie et de la sécurité a ajouté Huawei à sa liste noire en 2019. Le ministère chinois "
           "du Commerce a dénoncé cette décision. SMIC a rejoint la même liste en 2020."),
    ("zh", "美国商务部工业与安全局于2019年将华为列入实体清单。中国商务部对此表示强烈反对。"
           "中芯国际于2020年被列入同一清单。"),
])
def test_the_same_list_is_kept_by_the_body_of_the_earlier_listing(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert events(record) == {(BIS, "entity_list", "background")}
    assert set(record["sanction_events"][0]["targets"]) == {"Huawei", "SMIC"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Nvidia is under growing pressure in China. The Cyberspace Administration of China summoned the company "
           "on July 31 over security risks in its H20 chip."),
    ("fr", "Nvidia subit une pression croissante en Chine. L'Administration du cyberespace de Chine a convoqué le "
           "groupe le 31 juillet au sujet de risques de sécurité présumés de sa puce H20."),
    ("zh", "英伟达在华压力持续加大。国家网信办7月31日约谈了该公司，要求其就H20芯片的漏洞后门安全风险问题作出说明。"),
])
def test_a_probe_of_the_company_beside_its_chip_targets_the_vendor(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert events(record) == {("Cyberspace Administration of China", "investigation", "announced")}
    (event,) = record["sanction_events"]
    assert (set(event["targets"]), event["date"]) == ({"Nvidia", "Nvidia H20"}, "2025-07-31")
    assert restricted(record) == {"Nvidia", "Nvidia H20"}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Trump said on Tuesday he would impose a 100% tariff on Chinese goods, and export controls on critical "
           "software.", TRUMP),
    ("fr", "Washington avait promis à la mi-juillet d'accorder des licences pour la puce H20 de Nvidia.",
     {("US government", "export_license", "background")}),
    ("zh", "美国政府此前曾承诺向英伟达H20芯片发放许可证。", {("US government", "export_license", "background")}),
    ("en", "A Republican senator on Tuesday proposed banning sales of Nvidia's H20 chip to China.",
     {("US Congress", "export_ban", "proposed")}),
    ("en", "The Commerce Department granted Nvidia licences for its H20 chip on Tuesday.",
     {(COMMERCE, "export_license", "lifted")}),
    ("fr", "Le département du Commerce a accordé mardi des licences pour la puce H20 de Nvidia.",
     {(COMMERCE, "export_license", "lifted")}),
    ("zh", "英伟达周二表示，美国商务部已开始发放H20芯片的出口许可证。", {(COMMERCE, "export_license", "lifted")}),
    ("zh", "英伟达周二表示，美国商务部此前已向H20芯片发放出口许可证。", {(COMMERCE, "export_license", "lifted")}),
])
def test_short_clauses_far_cues_and_split_easings(extractor, lang, text, expected):
    assert events(extract(extractor, lang, text)) == expected


def test_a_firm_left_out_after_its_name(extractor):
    record = extract(extractor, "zh", "美国商务部周一将中科曙光列入实体清单，浪潮信息除外。")
    assert [e["targets"] for e in record["sanction_events"]] == [["Sugon"]]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The US government on Monday barred exports of Nvidia's H20 to China.\n\nAMD was caught by the same move: "
           "its Instinct MI308 cannot be shipped either."),
    ("fr", "Le gouvernement américain a interdit lundi les exportations de la H20 de Nvidia vers la Chine. La mesure "
           "s'applique aussi à l'Instinct MI308 d'AMD."),
    ("zh", "美国政府周一禁止英伟达H20芯片对华出口。该规定同样适用于AMD的MI308。"),
])
def test_a_measure_named_again_extends_its_targets(extractor, lang, text):
    record = extract(extractor, lang, text)
    assert events(record) == {("US government", "export_ban", "announced")}
    assert record["sanction_events"][0]["targets"] == ["Nvidia H20", "AMD Instinct MI308"]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Since March, an interim rule has barred federal agencies from buying Hikvision cameras."),
    ("fr", "Depuis mars, une règle provisoire interdit aux agences fédérales d'acheter des caméras Hikvision."),
    ("zh", "自3月起，一项临时规定禁止联邦机构采购海康威视的摄像头。"),
])
def test_a_measure_binding_federal_agencies_is_the_us_governments(extractor, lang, text):
    assert events(extract(extractor, lang, text)) == {("US government", "import_ban", "background")}


@pytest.mark.parametrize(("lang", "text"), [
    # chips with no licence requirement on record (nlp/kb/measures.yaml), which would make the undated one context
    ("en", "The Commerce Department on Tuesday published new rules on AI chips.\n\nAs a result, Nvidia's L20 now "
           "needs an export licence."),
    ("fr", "Le département du Commerce a publié mardi de nouvelles règles sur les puces d'IA.\n\nConséquence : "
           "la L20 de Nvidia est désormais soumise à licence."),
    ("zh", "美国商务部周二公布了人工智能芯片新规。\n\n按照新规，英伟达L20今后出口须获得许可证。"),
])
def test_a_licence_on_chips_in_the_next_paragraph_is_the_last_named_bodys(extractor, lang, text):
    assert (COMMERCE, "export_license", "announced") in events(extract(extractor, lang, text))


def test_ray_tracing_is_no_chip_tracking(extractor):
    text = "英伟达发言人表示，在开启光线追踪的游戏场景下，RTX 4090D比RTX 4090慢约5%。"
    assert events(extract(extractor, "zh", text)) == set()


def test_lawmakers_calling_for_chip_tracking_propose_for_congress(extractor):
    text = "此前，美国有议员呼吁出口的先进芯片必须配备追踪定位功能，专家称相关技术已经成熟。"
    assert events(extract(extractor, "zh", text)) == {("US Congress", "other", "proposed")}


@pytest.mark.parametrize(("lang", "text", "expected", "targets"), [
    ("en", "Chinese regulators told ByteDance and Alibaba on Monday to stop buying Nvidia's RTX Pro 6000D.",
     ("Chinese government", "import_ban", "announced"), ["Nvidia RTX Pro 6000D"]),
    ("en", "The EU opened an anti-subsidy investigation into Chinese chips on Thursday.",
     ("European Commission", "investigation", "announced"), []),
    ("fr", "Le gouvernement néerlandais a pris le contrôle de Nexperia dimanche.",
     ("Dutch government", "other", "announced"), ["Nexperia"]),
    ("zh", "國貿署週六宣布將華為列入實體管制名單。", ("Taiwan government", "entity_list", "announced"), ["Huawei"]),
    ("zh", "商务部周二宣布，对原产于美国的模拟芯片发起反倾销调查。",
     ("China Ministry of Commerce", "investigation", "announced"), []),
])
def test_bodies_and_measures_beyond_the_us(extractor, lang, text, expected, targets):
    record = extract(extractor, lang, text)
    assert events(record) == {expected}
    assert record["sanction_events"][0]["targets"] == targets


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Lawmakers introduced a bill on Thursday that would ban federal agencies from buying DeepSeek.",
     ("US Congress", "import_ban", "proposed")),
    ("en", "The Commerce Department removed 27 Chinese entities from the Unverified List on Thursday.",
     (COMMERCE, "entity_list", "lifted")),
    ("fr", "Le département du Commerce a retiré jeudi 27 entités chinoises de la liste non vérifiée.",
     (COMMERCE, "entity_list", "lifted")),
    ("zh", "美国商务部周四将27家中国实体移出未经核实清单。", (COMMERCE, "entity_list", "lifted")),
])
def test_lawmakers_and_delistings(extractor, lang, text, expected):
    assert events(extract(extractor, lang, text)) == {expected}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "La Maison Blanche a autorisé Nvidia à reprendre ses ventes de RTX Pro 6000D en Chine.",
     ("US government", "export_license", "lifted")),
    ("en", "Trump said he would allow Nvidia to sell a scaled-down Blackwell chip to China.",
     ("US government", "export_license", "proposed")),
    ("en", "Beijing has told its tech companies to avoid Nvidia's H20 chips, according to people familiar.",
     ("Chinese government", "import_ban", "announced")),
    ("zh", "海关总署加强了对英伟达芯片进口的检查。", ("Chinese government", "investigation", "announced")),
])
def test_permissions_avoidance_and_customs_checks(extractor, lang, text, expected):
    assert events(extract(extractor, lang, text)) == {expected}


@pytest.mark.parametrize(("lang", "title", "text"), [
    ("en", "AMD hits a licence wall for its MI309",
     "Early in June, Washington told AMD that its Instinct MI309 needs a licence from the Bureau of Industry and "
     "Security."),
    ("fr", "AMD bute sur la licence de sa MI309",
     "Début juin, Washington a fait savoir à AMD que l'Instinct MI309 ne pouvait être exportée sans une licence du "
     "Bureau de l'industrie et de la sécurité."),
    ("zh", "AMD的MI309须获出口许可", "6月初，美国政府通知AMD，其Instinct MI309芯片出口须获得许可证。"),
])
def test_a_measure_the_headline_names_is_news_though_weeks_old(extractor, lang, title, text):
    record = extractor.extract(text, lang=lang, title=title, published="2025-07-20")
    assert {s for _, _, s in events(record)} == {"announced"}
    untitled = extractor.extract(text, lang=lang, published="2025-07-20")
    assert {s for _, _, s in events(untitled)} == {"background"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Washington told AMD in a letter last week that its scaled-down Instinct MI309 accelerator still needs a "
           "licence from the Bureau of Industry and Security."),
    ("fr", "Washington a fait savoir à AMD la semaine dernière que son accélérateur allégé Instinct MI309 ne pouvait "
           "être exporté sans une licence du Bureau de l'industrie et de la sécurité."),
])
def test_the_body_issuing_a_licence_holds_it(extractor, lang, text):
    assert events(extract(extractor, lang, text)) == {(BIS, "export_license", "announced")}
