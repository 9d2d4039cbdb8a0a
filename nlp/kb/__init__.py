"""The curated knowledge base: firms, chips and authorities read from the YAML files beside this module.

`load_kb()` reads and validates `firms.yaml`, `chips.yaml` and `authorities.yaml` (format in README.md)
and returns a `KnowledgeBase`; any fault raises `ValueError` naming the file, the entry id and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

KB_DIR = Path(__file__).resolve().parent
FILES = {"firms.yaml": "FIRM", "chips.yaml": "CHIP", "authorities.yaml": "AUTHORITY"}
LANGS = ("en", "fr", "zh_hans", "zh_hant")
ROLES = {"designer", "foundry", "memory", "equipment", "cloud", "ai_lab", "buyer", "reseller", "oem", "other"}
KINDS = {"model", "family"}
ID_PATTERN = re.compile(r"(firm|chip|authority):[a-z0-9]+(?:[-.][a-z0-9]+)*")
WIKIDATA_PATTERN = re.compile(r"Q[1-9][0-9]*")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
COMMON = {"id", "type", "name", "aliases", "wikidata"}
REQUIRED = {
    "FIRM": COMMON | {"country", "role"},
    "CHIP": COMMON | {"vendor", "kind"},
    "AUTHORITY": COMMON | {"country", "parent"},
}
OPTIONAL = {
    "FIRM": {"case_sensitive"},
    "CHIP": {"family", "models", "case_sensitive"},
    "AUTHORITY": {"metonyms", "case_sensitive"},
}
# Which alias languages each document language may use.
LANG_SURFACES = {"en": ("en",), "fr": ("fr", "en"), "zh": ("zh_hans", "zh_hant", "en")}


@dataclass(frozen=True, eq=False)
class KBEntry:
    """One firm, chip or authority; `aliases` and `metonyms` map a language (see LANGS) to names."""

    id: str
    type: str
    name: str
    wikidata: str | None
    country: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    vendor: str | None = None
    family: str | None = None
    kind: str | None = None
    models: list[str] = field(default_factory=list)
    parent: str | None = None
    metonyms: dict[str, list[str]] = field(default_factory=dict)
    role: list[str] = field(default_factory=list)
    case_sensitive: list[str] = field(default_factory=list)

    def names(self, langs: tuple[str, ...] = LANGS) -> list[str]:
        """The canonical name then every alias of `langs`, without repeats."""
        return _unique([self.name, *(a for lang in langs for a in self.aliases.get(lang, []))])


@dataclass
class KnowledgeBase:
    """All entries, indexed by id."""

    entries: list[KBEntry]
    by_id: dict[str, KBEntry] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {entry.id: entry for entry in self.entries}

    def surfaces(self, lang: str) -> list[tuple[str, KBEntry]]:
        """Every (surface, entry) usable in a `lang` document ("en", "fr" or "zh"); metonyms excluded."""
        langs = _surface_langs(lang)
        return [(name, entry) for entry in self.entries for name in entry.names(langs)]

    def metonyms(self, lang: str) -> list[tuple[str, KBEntry]]:
        """(place name, authority) pairs that denote the authority only where it acts."""
        langs = _surface_langs(lang)
        return [
            (name, entry)
            for entry in self.entries
            for name in _unique([m for code in langs for m in entry.metonyms.get(code, [])])
        ]


def load_kb(path: str | Path | None = None) -> KnowledgeBase:
    """Read and validate the KB in folder `path` (default: the shipped one, read once and cached)."""
    if path is None:
        return _shipped_kb()
    return _read(Path(path))


@cache
def _shipped_kb() -> KnowledgeBase:
    return _read(KB_DIR)


def _surface_langs(lang: str) -> tuple[str, ...]:
    try:
        return LANG_SURFACES[lang]
    except KeyError:
        raise ValueError(f"unknown document language {lang!r}; expected one of {sorted(LANG_SURFACES)}") from None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def alias_key(alias: str) -> str:
    """The form under which two aliases count as the same: case-folded, spaces and hyphens removed."""
    return re.sub(r"[\s\-]+", "", alias.casefold())


def _read(folder: Path) -> KnowledgeBase:
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder holding {', '.join(FILES)}")
    entries: list[KBEntry] = []
    origin: dict[str, str] = {}
    for filename, type_ in FILES.items():
        for raw in _records(folder / filename):
            entry = _entry(filename, type_, raw)
            if entry.id in origin:
                raise ValueError(f"{filename}: {entry.id}: id: duplicate of an entry in {origin[entry.id]}")
            origin[entry.id] = filename
            entries.append(entry)
    kb = KnowledgeBase(entries)
    _check_links(kb, origin)
    _check_clashes(kb, origin)
    return kb


def _records(file: Path) -> Iterator[dict[str, Any]]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{file.name}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{file.name}: not valid YAML: {exc}") from None
    if not isinstance(data, list):
        raise ValueError(f"{file.name}: expected a list of entries")
    for number, raw in enumerate(data, 1):
        if not isinstance(raw, dict):
            raise ValueError(f"{file.name}: entry #{number}: id: expected a mapping")
        yield raw


def _entry(filename: str, type_: str, raw: dict[str, Any]) -> KBEntry:
    entry_id = raw.get("id")
    where = f"{filename}: {entry_id if isinstance(entry_id, str) else '<no id>'}"

    def fail(field_name: str, problem: str) -> ValueError:
        return ValueError(f"{where}: {field_name}: {problem}")

    if raw.get("type") != type_:
        raise fail("type", f"unknown type {raw.get('type')!r}; {filename} holds {type_}")
    missing = sorted(REQUIRED[type_] - raw.keys())
    if missing:
        raise fail(missing[0], "missing")
    unknown = sorted(raw.keys() - REQUIRED[type_] - OPTIONAL[type_])
    if unknown:
        raise fail(unknown[0], f"not a field of {type_}")
    if not isinstance(entry_id, str) or not ID_PATTERN.fullmatch(entry_id):
        raise fail("id", "expected '<type>:<slug>' in lowercase ascii")
    if entry_id.split(":")[0] != type_.lower():
        raise fail("id", f"prefix must be {type_.lower()!r}")
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "expected a non-empty string")
    wikidata = raw["wikidata"]
    if wikidata is not None and not (isinstance(wikidata, str) and WIKIDATA_PATTERN.fullmatch(wikidata)):
        raise fail("wikidata", "expected a Wikidata id like Q182477, or null")
    country = raw.get("country")
    if country is not None and not (isinstance(country, str) and COUNTRY_PATTERN.fullmatch(country)):
        raise fail("country", "expected an ISO 3166-1 alpha-2 code (quote NO for Norway), or null")
    aliases = _by_language(raw["aliases"], fail, "aliases")
    metonyms = _by_language(raw.get("metonyms") or {}, fail, "metonyms")
    role = _strings(raw.get("role", []), fail, "role")
    if type_ == "FIRM" and (not role or set(role) - ROLES):
        raise fail("role", f"expected a non-empty list from {sorted(ROLES)}")
    kind = raw.get("kind")
    if type_ == "CHIP" and kind not in KINDS:
        raise fail("kind", f"expected one of {sorted(KINDS)}")
    for link in ("vendor", "parent"):
        if link in raw and raw[link] is not None and not isinstance(raw[link], str):
            raise fail(link, "expected an entry id or null")
    if type_ == "CHIP" and raw["vendor"] is None:
        raise fail("vendor", "a chip needs its vendor's firm id")
    family = raw.get("family")
    if family is not None and not isinstance(family, str):
        raise fail("family", "expected a string or null")
    case_sensitive = _strings(raw.get("case_sensitive", []), fail, "case_sensitive")
    known = {name, *(a for names in [*aliases.values(), *metonyms.values()] for a in names)}
    stray = [a for a in case_sensitive if a not in known]
    if stray:
        raise fail("case_sensitive", f"{stray[0]!r} is not one of the entry's names")
    return KBEntry(
        id=entry_id,
        type=type_,
        name=name,
        wikidata=wikidata,
        country=country,
        aliases=aliases,
        vendor=raw.get("vendor"),
        family=family,
        kind=kind,
        models=_strings(raw.get("models", []), fail, "models"),
        parent=raw.get("parent"),
        metonyms=metonyms,
        role=role,
        case_sensitive=case_sensitive,
    )


def _strings(value: Any, fail: Any, field_name: str) -> list[str]:
    """A list of non-empty strings; bare YAML integers (models like 4090) are read as text."""
    if not isinstance(value, list):
        raise fail(field_name, "expected a list")
    items = []
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise fail(field_name, f"{item!r} is not a non-empty string")
        items.append(item)
    return items


def _by_language(value: Any, fail: Any, field_name: str) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise fail(field_name, f"expected a mapping from language ({', '.join(LANGS)}) to names")
    odd = sorted(set(value) - set(LANGS), key=str)
    if odd:
        raise fail(field_name, f"unknown language {odd[0]!r}; expected one of {', '.join(LANGS)}")
    return {lang: _strings(names or [], fail, f"{field_name}.{lang}") for lang, names in value.items()}


def _check_links(kb: KnowledgeBase, origin: dict[str, str]) -> None:
    for entry in kb.entries:
        for link, target_type in (("vendor", "FIRM"), ("parent", "AUTHORITY")):
            target = getattr(entry, link)
            if target is not None and getattr(kb.by_id.get(target), "type", None) != target_type:
                raise ValueError(
                    f"{origin[entry.id]}: {entry.id}: {link}: {target!r} is not a known {target_type} id"
                )


def _check_clashes(kb: KnowledgeBase, origin: dict[str, str]) -> None:
    owner: dict[str, KBEntry] = {}
    for entry in kb.entries:
        metonyms = [m for names in entry.metonyms.values() for m in names]
        for alias in _unique([*entry.names(), *metonyms]):
            other = owner.setdefault(alias_key(alias), entry)
            if other is not entry:
                field_name = "name" if alias == entry.name else "aliases" if alias in entry.names() else "metonyms"
                raise ValueError(
                    f"{origin[entry.id]}: {entry.id}: {field_name}: {alias!r} already names {other.id}"
                )
