"""Load the demo press data: outlets (`data/outlets.yaml`), their articles and the shared wire stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Article:
    """One article as an outlet publishes it; `wire` names the wire story it republishes, if any."""

    outlet: str
    id: int
    slug: str
    title: str
    author: str | None
    published: datetime
    section: str
    paragraphs: tuple[str, ...]
    wire: str | None = None
    private: bool = False


@dataclass(frozen=True)
class Outlet:
    """A fictional outlet: identity, encoding, date style, discovery channel and its articles."""

    name: str
    title: str
    lang: str
    locale: str
    about: str
    encoding: str
    charset_in_header: bool
    tz: timezone
    date_style: str
    byline: str
    metadata: tuple[str, ...]
    canonical: bool
    discovery: str
    feed_tracking: bool
    path: str
    sections: dict[str, str]
    robots_disallow: tuple[str, ...]
    articles: tuple[Article, ...]

    def article_path(self, article: Article) -> str:
        """The URL path of an article (private ones live under `/private`)."""
        moment = article.published
        path = self.path.format(
            yyyy=f"{moment:%Y}", mm=f"{moment:%m}", dd=f"{moment:%d}", id=article.id, slug=article.slug
        )
        return "/private" + path if article.private else path


def _offset(text: str) -> timezone:
    return datetime.strptime(text, "%z").tzinfo  # type: ignore[return-value]


def _paragraphs(text: str) -> tuple[str, ...]:
    """Blank-line separated blocks; line breaks inside a block become spaces (keep Chinese on one line)."""
    return tuple(" ".join(block.split()) for block in text.strip().split("\n\n") if block.strip())


def _article(outlet: str, tz: timezone, raw: dict[str, Any], wires: dict[str, str]) -> Article:
    text = raw["intro"] + "\n\n" + wires[raw["wire"]] if "wire" in raw else raw["body"]
    return Article(
        outlet=outlet,
        id=int(raw["id"]),
        slug=raw["slug"],
        title=raw["title"],
        author=raw.get("author"),
        published=datetime.strptime(raw["published"], "%Y-%m-%d %H:%M").replace(tzinfo=tz),
        section=raw["section"],
        paragraphs=_paragraphs(text),
        wire=raw.get("wire"),
        private=bool(raw.get("private", False)),
    )


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def load_outlets() -> tuple[Outlet, ...]:
    """All outlets in serving order, each with its articles sorted newest first."""
    wires = {key: story["body"] for key, story in _read(DATA_DIR / "wires.yaml").items()}
    outlets = []
    for raw in _read(DATA_DIR / "outlets.yaml"):
        tz = _offset(raw["tz"])
        articles = [
            _article(raw["name"], tz, item, wires)
            for item in _read(DATA_DIR / "articles" / f"{raw['name']}.yaml")
        ]
        articles.sort(key=lambda article: article.published, reverse=True)
        outlets.append(
            Outlet(
                name=raw["name"],
                title=raw["title"],
                lang=raw["lang"],
                locale=raw["locale"],
                about=raw["about"],
                encoding=raw["encoding"],
                charset_in_header=raw["charset_in_header"],
                tz=tz,
                date_style=raw["date_style"],
                byline=raw["byline"],
                metadata=tuple(raw["metadata"]),
                canonical=raw["canonical"],
                discovery=raw["discovery"],
                feed_tracking=raw["feed_tracking"],
                path=raw["path"],
                sections=dict(raw["sections"]),
                robots_disallow=tuple(raw["robots_disallow"]),
                articles=tuple(articles),
            )
        )
    return tuple(outlets)
