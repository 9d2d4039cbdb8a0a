"""The shipped knowledge base is valid and covers the domain; the loader refuses each kind of fault."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP

from nlp.kb import FILES, KBEntry, load_kb

GUIDE_AUTHORITIES = [
    "US government", "US Department of Commerce", "Bureau of Industry and Security", "US Congress",
    "Chinese government", "China Ministry of Commerce", "Cyberspace Administration of China",
    "State Administration for Market Regulation", "European Commission", "Dutch government", "Japan METI",
    "Taiwan government", "Malaysian government", "Singaporean government",
]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def resolve(kb, surface: str, lang: str) -> set[str]:
    return {entry.id for name, entry in kb.surfaces(lang) if name == surface}


def test_shipped_kb_is_large_and_cached(kb):
    counts = {t: sum(e.type == t for e in kb.entries) for t in ("FIRM", "CHIP", "AUTHORITY")}
    assert counts["FIRM"] >= 150 and counts["CHIP"] >= 200 and counts["AUTHORITY"] >= 20, counts
    assert load_kb() is kb
    assert len(kb.by_id) == len(kb.entries)


def test_guide_authorities_are_canonical_names(kb):
    names = {e.name for e in kb.entries if e.type == "AUTHORITY"}
    assert set(GUIDE_AUTHORITIES) <= names


def test_chip_names_start_with_their_vendor(kb):
    for chip in (e for e in kb.entries if e.type == "CHIP"):
        vendor = kb.by_id[chip.vendor]
        assert vendor.type == "FIRM"
        assert chip.name.split()[0] == vendor.name.split()[0], (chip.id, chip.name, vendor.name)


def test_chinese_and_taiwanese_firms_have_chinese_names(kb):
    firms_without_chinese = [
        e.id for e in kb.entries if e.type == "FIRM" and e.country in {"CN", "TW"}
        and not (e.aliases.get("zh_hans") or e.aliases.get("zh_hant"))
    ]
    assert firms_without_chinese == []


@pytest.mark.parametrize(("surface", "lang", "entry_id"), [
    ("輝達", "zh", "firm:nvidia"),
    ("英伟达", "zh", "firm:nvidia"),
    ("超微", "zh", "firm:amd"),
    ("美超微", "zh", "firm:supermicro"),
    ("台積電", "zh", "firm:tsmc"),
    ("中芯国际", "zh", "firm:smic"),
    ("商务部", "zh", "authority:mofcom"),
    ("美国商务部", "zh", "authority:us-commerce"),
    ("白宮", "zh", "authority:us-government"),
    ("昇騰910B", "zh", "chip:huawei-ascend-910b"),
    ("Maison Blanche", "fr", "authority:us-government"),
    ("Justice Department", "en", "authority:us-government"),
    ("海关总署", "zh", "authority:cn-government"),
    ("BIS", "fr", "authority:bis"),
])
def test_surface_resolves_to_one_entry(kb, surface, lang, entry_id):
    assert resolve(kb, surface, lang) == {entry_id}


def test_surfaces_follow_the_document_language(kb):
    zh = {name for name, _ in kb.surfaces("zh")}
    fr = {name for name, _ in kb.surfaces("fr")}
    en = {name for name, _ in kb.surfaces("en")}
    assert {"輝達", "英伟达", "NVIDIA"} <= zh and "Maison Blanche" not in zh
    assert {"Maison Blanche", "Commerce Department"} <= fr and "英伟达" not in fr
    assert en < fr
    with pytest.raises(ValueError, match="unknown document language"):
        kb.surfaces("de")


def test_metonyms_are_kept_apart_from_surfaces(kb):
    assert ("Pékin", kb.by_id["authority:cn-government"]) in kb.metonyms("fr")
    assert ("北京", kb.by_id["authority:cn-government"]) in kb.metonyms("zh")
    assert not resolve(kb, "Washington", "en")


def test_case_insensitive_latin_aliases_are_not_stop_words(kb):
    stop = {w.casefold() for w in EN_STOP | FR_STOP}
    clashes = [
        (entry.id, name) for entry in kb.entries for name in entry.names(("en", "fr"))
        if name not in entry.case_sensitive and name.casefold() in stop
    ]
    assert clashes == []


# --- faults the loader must catch -------------------------------------------------------------

def small_kb() -> dict[str, list[dict]]:
    firm = {"id": "firm:acme", "type": "FIRM", "name": "Acme", "wikidata": None, "country": "US",
            "role": ["designer"], "aliases": {"en": ["Acme Corp"], "zh_hans": ["艾克米"]}}
    chip = {"id": "chip:acme-x1", "type": "CHIP", "name": "Acme X1", "vendor": "firm:acme", "family": None,
            "kind": "model", "models": [4090, "X1"], "aliases": {}, "wikidata": None}
    gov = {"id": "authority:gov", "type": "AUTHORITY", "name": "Ruritanian government", "wikidata": "Q1",
           "country": "RU", "parent": None, "aliases": {"fr": ["gouvernement ruritanien"]},
           "metonyms": {"en": ["Strelsau"]}}
    body = {"id": "authority:trade", "type": "AUTHORITY", "name": "Ruritania Trade Office", "wikidata": None,
            "country": "RU", "parent": "authority:gov", "aliases": {"en": ["RTO"]}, "case_sensitive": ["RTO"]}
    return {"firms.yaml": [firm], "chips.yaml": [chip], "authorities.yaml": [gov, body]}


def write(folder: Path, data: dict[str, list[dict]]) -> Path:
    for filename in FILES:
        (folder / filename).write_text(yaml.safe_dump(data[filename], allow_unicode=True), encoding="utf-8")
    return folder


def test_small_kb_loads(tmp_path):
    kb = load_kb(str(write(tmp_path, small_kb())))
    chip = kb.by_id["chip:acme-x1"]
    assert isinstance(chip, KBEntry) and chip.models == ["4090", "X1"]
    assert {name for name, _ in kb.surfaces("zh")} >= {"Acme", "艾克米", "Acme Corp"}
    assert ("Strelsau", kb.by_id["authority:gov"]) in kb.metonyms("en")


def set_field(file: str, index: int, key: str, value):
    def change(data):
        data[file][index][key] = value
    return change


def drop_field(file: str, index: int, key: str):
    def change(data):
        del data[file][index][key]
    return change


def duplicate(file: str, index: int, **overrides):
    def change(data):
        data[file].append(copy.deepcopy(data[file][index]) | overrides)
    return change


FAULTS = {
    "missing field": (drop_field("firms.yaml", 0, "role"), "firms.yaml: firm:acme: role"),
    "unknown type": (set_field("chips.yaml", 0, "type", "GPU"), "chips.yaml: chip:acme-x1: type"),
    "bad id": (set_field("firms.yaml", 0, "id", "firm:Acme Inc"), "firms.yaml: firm:Acme Inc: id"),
    "wrong id prefix": (set_field("firms.yaml", 0, "id", "chip:acme"), "firms.yaml: chip:acme: id"),
    "duplicate id": (duplicate("firms.yaml", 0, name="Other", aliases={}), "firms.yaml: firm:acme: id"),
    "unknown vendor": (set_field("chips.yaml", 0, "vendor", "firm:nobody"), "chips.yaml: chip:acme-x1: vendor"),
    "vendor not a firm": (set_field("chips.yaml", 0, "vendor", "authority:gov"),
                          "chips.yaml: chip:acme-x1: vendor"),
    "unknown parent": (set_field("authorities.yaml", 1, "parent", "authority:nobody"),
                       "authorities.yaml: authority:trade: parent"),
    "alias clash": (set_field("chips.yaml", 0, "aliases", {"en": ["ACME-corp"]}),
                    "chips.yaml: chip:acme-x1: aliases: 'ACME-corp' already names firm:acme"),
    "name clash": (set_field("authorities.yaml", 1, "name", "Acme"), "authorities.yaml: authority:trade: name"),
    "metonym clash": (set_field("authorities.yaml", 1, "metonyms", {"en": ["艾克米"]}),
                      "authorities.yaml: authority:trade: metonyms"),
    "unknown field": (set_field("firms.yaml", 0, "ticker", "ACME"), "firms.yaml: firm:acme: ticker"),
    "bad wikidata": (set_field("firms.yaml", 0, "wikidata", "182477"), "firms.yaml: firm:acme: wikidata"),
    "bad role": (set_field("firms.yaml", 0, "role", ["fabless"]), "firms.yaml: firm:acme: role"),
    "bad kind": (set_field("chips.yaml", 0, "kind", "series"), "chips.yaml: chip:acme-x1: kind"),
    "bad language": (set_field("firms.yaml", 0, "aliases", {"de": ["Acme GmbH"]}),
                     "firms.yaml: firm:acme: aliases"),
    "norway parsed as false": (set_field("firms.yaml", 0, "country", False), "firms.yaml: firm:acme: country"),
    "stray case_sensitive": (set_field("firms.yaml", 0, "case_sensitive", ["ACME"]),
                             "firms.yaml: firm:acme: case_sensitive"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_loader_names_file_entry_and_field(tmp_path, fault):
    change, message = FAULTS[fault]
    data = small_kb()
    change(data)
    with pytest.raises(ValueError) as caught:
        load_kb(write(tmp_path, data))
    assert str(caught.value).startswith(message)


def test_broken_yaml_and_missing_files(tmp_path):
    write(tmp_path, small_kb())
    (tmp_path / "chips.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^chips\.yaml: not valid YAML"):
        load_kb(tmp_path)
    (tmp_path / "chips.yaml").unlink()
    with pytest.raises(ValueError, match=r"^chips\.yaml: cannot read"):
        load_kb(tmp_path)
    with pytest.raises(ValueError, match="not a folder"):
        load_kb(tmp_path / "chips.yaml")
