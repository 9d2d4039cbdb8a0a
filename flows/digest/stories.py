"""Group a week's articles into stories: the same news told by several outlets and languages, shown once.

Two articles are one story when they report the same sanction measure, or when they name mostly the
same chips, firms and authorities (at least two shared, Jaccard >= 0.5) within two days of each other.
Groups are the connected parts of that relation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

MIN_SHARED = 2
MIN_JACCARD = 0.5
MAX_DAYS_APART = 2


@dataclass(frozen=True)
class StoryArticle:
    """One article of the week with what it names."""

    article_id: str
    url: str
    title: str | None
    source: str | None
    lang: str | None
    seen_at: datetime  # published, else fetched
    entity_ids: frozenset[str]
    measures: frozenset[int]  # indices of the sanction measures it reports

    @property
    def day(self) -> date:
        return self.seen_at.date()


@dataclass(frozen=True)
class Story:
    """Articles telling the same story, earliest first, and the entities they share most."""

    articles: tuple[StoryArticle, ...]
    entities: tuple[str, ...]  # display names, most named first

    @property
    def key(self) -> str:
        """The story's item key for curation: its first article."""
        return f"story:{self.articles[0].article_id}"

    @property
    def sources(self) -> list[str]:
        return sorted({a.source for a in self.articles if a.source})

    @property
    def languages(self) -> list[str]:
        return sorted({a.lang for a in self.articles if a.lang})

    def headline(self, lang: str) -> str:
        """The title of the earliest article in `lang`, else of the earliest article, as published."""
        preferred = [a for a in self.articles if a.lang == lang and a.title] or [a for a in self.articles if a.title]
        return preferred[0].title if preferred else self.articles[0].url


def same_story(a: StoryArticle, b: StoryArticle) -> bool:
    """Whether two articles tell the same story."""
    if a.measures & b.measures:
        return True
    shared = len(a.entity_ids & b.entity_ids)
    if shared < MIN_SHARED or abs((a.day - b.day).days) > MAX_DAYS_APART:
        return False
    return shared / len(a.entity_ids | b.entity_ids) >= MIN_JACCARD


def group_stories(articles: Iterable[StoryArticle], names: dict[str, str]) -> list[Story]:
    """Stories ranked by number of sources, then articles, then languages, then earliest date."""
    items = sorted(articles, key=lambda a: (a.seen_at, a.article_id))
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if same_story(a, items[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[StoryArticle]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    stories = [Story(tuple(group), _top_entities(group, names)) for group in groups.values()]
    return sorted(
        stories,
        key=lambda s: (-len(s.sources), -len(s.articles), -len(s.languages), s.articles[0].seen_at, s.articles[0].url),
    )


def _top_entities(group: list[StoryArticle], names: dict[str, str], limit: int = 4) -> tuple[str, ...]:
    """Names of the entities most of the story's articles name (ties by name)."""
    counts: dict[str, int] = {}
    for article in group:
        for entity_id in article.entity_ids:
            counts[entity_id] = counts.get(entity_id, 0) + 1
    ranked = sorted(counts, key=lambda key: (-counts[key], names.get(key, key)))
    return tuple(names.get(key, key) for key in ranked[:limit])
