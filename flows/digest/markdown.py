"""The digest as Markdown that pastes cleanly into a newsletter editor (CommonMark, pipe tables)."""

from __future__ import annotations

import re

from flows.digest.data import Digest
from flows.digest.labels import labels
from flows.digest.text import change, event_details, event_summary, link_label, week_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def render_markdown(digest: Digest, ui_lang: str = "en") -> str:
    """The digest as Markdown; section labels in `ui_lang`, titles as published."""
    words = labels(ui_lang)
    lines = [f"# {words['title']}", "", f"_{week_line(digest, words)}_", "", f"## {words['events']}", ""]
    if not digest.events:
        lines += [words["no_events"], ""]
    for event in digest.events:
        authority, measure, targets = event_summary(event, words)
        lines.append(f"- {_pin(digest, event.key, words)}**{_md(authority)}**: {_md(measure)} · {_md(targets)}  ")
        lines.append(f"  {_md(event_details(event, words))}  ")
        links = " · ".join(f"[{_md(link_label(link))}]({_url(link.url)})" for link in event.links)
        lines.append(f"  {words['sources']} {links}" + ("  " if digest.choice(event.key).note else ""))
        lines += _note(digest, event.key, words, "  ")
    lines += ["", f"## {words['stories']}", ""]
    if not digest.stories:
        lines += [words["no_stories"], ""]
    for number, story in enumerate(digest.stories, 1):
        meta = words["story_meta"].format(
            articles=len(story.articles), sources=len(story.sources), languages=", ".join(story.languages)
        )
        lines.append(f"{number}. {_pin(digest, story.key, words)}**{_md(story.headline(ui_lang))}**  ")
        lines.append(f"   {_md(' · '.join(part for part in (', '.join(story.entities), meta) if part))}"
                     + ("  " if digest.choice(story.key).note else ""))
        lines += _note(digest, story.key, words, "   ")
        for article in story.articles:
            title = _md(article.title or article.url)
            lines.append(f"   - [{title}]({_url(article.url)}) · {_md(article.source or '?')}, {article.lang or '?'}, "
                         f"{article.day.isoformat()}")
    lines += ["", f"## {words['trending']}", "", words["trending_note"], ""]
    if digest.trending:
        lines.append(f"| {words['entity']} | {words['type']} | {words['this_week']} | {words['baseline']} | "
                     f"{words['change']} |")
        lines.append("|---|---|---:|---:|---:|")
        for trend in digest.trending:
            kind = words["types"].get(trend.type, trend.type)
            lines.append(f"| {_md(trend.name)} | {kind} | {trend.mentions} | {trend.baseline:.1f} | "
                         f"{change(trend, words)} |")
    else:
        lines.append(words["no_trending"])
    lines += ["", f"## {words['counts']}", ""]
    for label, rows in ((words["language"], digest.languages), (words["source"], digest.sources)):
        lines += [f"| {label} | {words['article_column']} |", "|---|---:|"]
        lines += [f"| {_md(name)} | {count} |" for name, count in rows]
        lines += [f"| **{words['total']}** | **{sum(count for _, count in rows)}** |", ""]
    return "\n".join(lines).rstrip() + "\n"


def _pin(digest: Digest, key: str, words: dict) -> str:
    """The pinned mark before an item the editors pinned."""
    return f"**[{_md(words['pinned'])}]** " if digest.choice(key).pinned else ""


def _note(digest: Digest, key: str, words: dict, indent: str) -> list[str]:
    """The editors' note under an item, as one line."""
    note = digest.choice(key).note
    return [f"{indent}_{_md(words['note'])}: {_md(note)}_"] if note else []


def _md(text: str) -> str:
    """Text with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _url(url: str) -> str:
    """A URL safe inside `(...)` of a Markdown link."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
