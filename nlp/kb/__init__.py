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
NAME_PATTERN = re.compile(r"\S(?:.*\S)?")
COMMON = {"id", "type", "name", "aliases", "wikidata"}
REQUIRED = {
    "FIRM": COMMON | {"country", "role"},
    "CHIP": COMMON | {"vendor", "kind"},
    "AUTHORITY": COMMON | {"country", "parent"},
}
OPTIONAL = {
    "FIRM": {"case_sensitive"},
    "CHIP": {"family", "models", "case_sensitive"},
    "AUTHORITY": {"metonyms", "countries", "case_sensitive"},
}
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the libyaml parser where installed
# Which alias languages each document language may use.
LANG_SURFACES = {"en": ("en",), "fr": ("fr", "en"), "zh": ("zh_hans", "zh_hant", "en")}


@dataclass(frozen=True, eq=False)
class KBEntry:
    """One firm, chip or authority; `aliases`, `metonyms` and `countries` map a language (see LANGS) to names.

    `countries` are a government's country names and adjectives (`United States`, `américaine`), which
    name it only as the subject of a measure or beside a measure it issues (`US licences`).
    """

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
    countries: dict[str, list[str]] = field(default_factory=dict)
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
        return self._named(lang, "metonyms")

    def countries(self, lang: str) -> list[tuple[str, KBEntry]]:
        """(country name or adjective, government) pairs: the government when it acts or issues a measure."""
        return self._named(lang, "countries")

    def _named(self, lang: str, kind: str) -> list[tuple[str, KBEntry]]:
        langs = _surface_langs(lang)
        return [
            (name, entry)
            for entry in self.entries
            for name in _unique([m for code in langs for m in getattr(entry, kind).get(code, [])])
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
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
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


class _Raw:
    """One YAML mapping being read: typed getters that raise `ValueError("<file>: <id>: <field>: ...")`."""

    def __init__(self, filename: str, raw: dict[str, Any]) -> None:
        self.raw = raw
        entry_id = raw.get("id")
        self.where = f"{filename}: {entry_id if isinstance(entry_id, str) else '<no id>'}"

    def fail(self, field_name: str, problem: str) -> ValueError:
        return ValueError(f"{self.where}: {field_name}: {problem}")

    def text(self, field_name: str, pattern: re.Pattern[str] | None = None, hint: str = "a string") -> str | None:
        """A string matching `pattern`, or None where the YAML says null or leaves the field out."""
        value = self.raw.get(field_name)
        if value is not None and not (isinstance(value, str) and (pattern is None or pattern.fullmatch(value))):
            raise self.fail(field_name, f"expected {hint}, or null")
        return value

    def required_text(self, field_name: str, pattern: re.Pattern[str], hint: str) -> str:
        value = self.raw.get(field_name)
        if not (isinstance(value, str) and pattern.fullmatch(value)):
            raise self.fail(field_name, f"expected {hint}")
        return value

    def strings(self, field_name: str, value: Any = None) -> list[str]:
        """A list of non-empty strings; bare YAML integers (models like 4090) are read as text."""
        value = self.raw.get(field_name, []) if value is None else value
        if not isinstance(value, list):
            raise self.fail(field_name, "expected a list")
        items = []
        for item in value:
            if isinstance(item, int) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                raise self.fail(field_name, f"{item!r} is not a non-empty string")
            items.append(item)
        return items

    def by_language(self, field_name: str) -> dict[str, list[str]]:
        value = self.raw.get(field_name) or {}
        if not isinstance(value, dict):
            raise self.fail(field_name, f"expected a mapping from language ({', '.join(LANGS)}) to names")
        odd = sorted(set(value) - set(LANGS), key=str)
        if odd:
            raise self.fail(field_name, f"unknown language {odd[0]!r}; expected one of {', '.join(LANGS)}")
        return {lang: self.strings(f"{field_name}.{lang}", names or []) for lang, names in value.items()}


def _entry(filename: str, type_: str, raw: dict[str, Any]) -> KBEntry:
    r = _Raw(filename, raw)
    if raw.get("type") != type_:
        raise r.fail("type", f"unknown type {raw.get('type')!r}; {filename} holds {type_}")
    missing = sorted(REQUIRED[type_] - raw.keys())
    if missing:
        raise r.fail(missing[0], "missing")
    unknown = sorted(raw.keys() - REQUIRED[type_] - OPTIONAL[type_])
    if unknown:
        raise r.fail(unknown[0], f"not a field of {type_}")
    entry_id = r.required_text("id", ID_PATTERN, "'<type>:<slug>' in lowercase ascii")
    if entry_id.split(":")[0] != type_.lower():
        raise r.fail("id", f"expected an id starting {type_.lower()!r}:")
    entry = KBEntry(
        id=entry_id,
        type=type_,
        name=r.required_text("name", NAME_PATTERN, "a non-empty name"),
        wikidata=r.text("wikidata", WIKIDATA_PATTERN, "a Wikidata id like Q182477"),
        country=r.text("country", COUNTRY_PATTERN, "an ISO 3166-1 alpha-2 code (quote NO for Norway)"),
        aliases=r.by_language("aliases"),
        vendor=r.text("vendor", hint="a firm id"),
        family=r.text("family"),
        kind=r.text("kind"),
        models=r.strings("models"),
        parent=r.text("parent", hint="an authority id"),
        metonyms=r.by_language("metonyms"),
        countries=r.by_language("countries"),
        role=r.strings("role"),
        case_sensitive=r.strings("case_sensitive"),
    )
    if type_ == "FIRM" and (not entry.role or set(entry.role) - ROLES):
        raise r.fail("role", f"expected a non-empty list from {sorted(ROLES)}")
    if type_ == "CHIP" and entry.kind not in KINDS:
        raise r.fail("kind", f"expected one of {sorted(KINDS)}")
    if type_ == "CHIP" and entry.vendor is None:
        raise r.fail("vendor", "a chip needs its vendor's firm id")
    aliases = {alias_key(name) for name in entry.names()}
    twice = [c for names in entry.countries.values() for c in names if alias_key(c) in aliases]
    if twice:
        raise r.fail("countries", f"{twice[0]!r} is already an alias (a country name is the government only "
                     "where it acts)")
    known = set(entry.names()) | {m for names in (*entry.metonyms.values(), *entry.countries.values()) for m in names}
    stray = [a for a in entry.case_sensitive if a not in known]
    if stray:
        raise r.fail("case_sensitive", f"{stray[0]!r} is not one of the entry's names")
    return entry


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
        countries = [c for names in entry.countries.values() for c in names]
        for alias in _unique([*entry.names(), *metonyms, *countries]):
            other = owner.setdefault(alias_key(alias), entry)
            if other is not entry:
                field_name = ("name" if alias == entry.name else "aliases" if alias in entry.names()
                              else "metonyms" if alias in metonyms else "countries")
                raise ValueError(
                    f"{origin[entry.id]}: {entry.id}: {field_name}: {alias!r} already names {other.id}"
                )
