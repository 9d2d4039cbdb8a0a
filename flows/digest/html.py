"""The digest as e-mail-safe HTML: nested tables, inline styles only, the chart embedded as a base64 PNG."""

from __future__ import annotations

import base64
from html import escape

from flows.digest.chart import mentions_chart
from flows.digest.data import Digest
from flows.digest.labels import labels
from flows.digest.text import change, event_details, event_summary, link_label, week_line

WIDTH = 720  # pixels: the usual safe width of an e-mail body
_FONT = "font-family:Arial,Helvetica,sans-serif;color:#1d2330;"
_H2 = f"{_FONT}font-size:18px;font-weight:bold;margin:0;padding:20px 24px 8px 24px;border-top:1px solid #e3e6eb;"
_P = f"{_FONT}font-size:14px;line-height:20px;margin:0;padding:4px 24px;"
_MUTED = "color:#5b6475;font-size:12px;"
_LINK = "color:#1f5fa8;text-decoration:underline;"
_CELL = f"{_FONT}font-size:13px;padding:4px 8px;border-bottom:1px solid #e3e6eb;"
PINNED_BACKGROUND = "#fff1c2"  # the band behind an item the editors pinned
_PINNED = f"background:{PINNED_BACKGROUND};border-left:4px solid #d99a00;"


def render_html(digest: Digest, ui_lang: str = "en") -> str:
    """A complete HTML document; every style inline, no external resource, the chart as a data: URI."""
    words = labels(ui_lang)
    rows = [
        _row(f'<h1 style="{_FONT}font-size:22px;margin:0;padding:24px 24px 4px 24px;">{escape(words["title"])}</h1>'),
        _row(f'<p style="{_P}{_MUTED}">{escape(week_line(digest, words))}</p>'),
        _section(words["events"]),
    ]
    if not digest.events:
        rows.append(_row(f'<p style="{_P}">{escape(words["no_events"])}</p>'))
    for event in digest.events:
        authority, measure, targets = event_summary(event, words)
        links = " · ".join(_a(link.url, link_label(link)) for link in event.links)
        rows.append(_row(
            f'<p style="{_P}{_band(digest, event.key)}">{_pin(digest, event.key, words)}'
            f'<strong>{escape(authority)}</strong>: {escape(measure)} · {escape(targets)}<br>'
            f'<span style="{_MUTED}">{escape(event_details(event, words))}</span><br>'
            f'<span style="font-size:13px;">{escape(words["sources"])} {links}</span>'
            f'{_note(digest, event.key, words)}</p>'
        ))
    rows.append(_section(words["stories"]))
    if not digest.stories:
        rows.append(_row(f'<p style="{_P}">{escape(words["no_stories"])}</p>'))
    for story in digest.stories:
        meta = words["story_meta"].format(
            articles=len(story.articles), sources=len(story.sources), languages=", ".join(story.languages)
        )
        items = "".join(
            f'<li style="margin:2px 0;">{_a(a.url, a.title or a.url, a.lang)} '
            f'<span style="{_MUTED}">{escape(a.source or "?")}, {escape(a.lang or "?")}, '
            f"{a.day.isoformat()}</span></li>"
            for a in story.articles
        )
        rows.append(_row(
            f'<div style="{_band(digest, story.key)}">'
            f'<p style="{_P}">{_pin(digest, story.key, words)}<strong>{escape(story.headline(ui_lang))}</strong><br>'
            f'<span style="{_MUTED}">{escape(" · ".join(p for p in (", ".join(story.entities), meta) if p))}</span>'
            f'{_note(digest, story.key, words)}</p>'
            f'<ul style="{_FONT}font-size:13px;line-height:18px;margin:0;padding:0 24px 8px 48px;">{items}</ul></div>'
        ))
    rows.append(_section(words["trending"]))
    rows.append(_row(f'<p style="{_P}{_MUTED}">{escape(words["trending_note"])}</p>'))
    if digest.trending:
        header = [words["entity"], words["type"], words["this_week"], words["baseline"], words["change"]]
        body = [
            [t.name, words["types"].get(t.type, t.type), str(t.mentions), f"{t.baseline:.1f}", change(t, words)]
            for t in digest.trending
        ]
        rows.append(_row(_table(header, body, numeric_from=2)))
    else:
        rows.append(_row(f'<p style="{_P}">{escape(words["no_trending"])}</p>'))
    if digest.chart_series:
        png = mentions_chart(digest.chart_weeks, digest.chart_series, words["chart"])
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        rows.append(_row(
            f'<img src="{source}" width="{WIDTH - 48}" alt="{escape(words["chart_alt"])}" '
            f'style="display:block;width:100%;max-width:{WIDTH - 48}px;height:auto;border:0;margin:8px 24px;">'
        ))
    rows.append(_section(words["counts"]))
    for label, counts in ((words["language"], digest.languages), (words["source"], digest.sources)):
        body = [[name, str(count)] for name, count in counts]
        body.append([words["total"], str(sum(count for _, count in counts))])
        rows.append(_row(_table([label, words["article_column"]], body, numeric_from=1)))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(ui_lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(words['title'])} {escape(digest.week.label)}</title>\n</head>\n"
        f'<body style="margin:0;padding:0;background:#f4f5f7;">\n'
        f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        f'style="background:#f4f5f7;"><tr><td align="center" style="padding:16px 0;">\n'
        f'<table role="presentation" width="{WIDTH}" cellpadding="0" cellspacing="0" border="0" '
        f'style="width:{WIDTH}px;max-width:100%;background:#ffffff;">\n'
        + "\n".join(rows)
        + '\n<tr><td style="padding:12px;"></td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n'
    )


def _band(digest: Digest, key: str) -> str:
    return _PINNED if digest.choice(key).pinned else ""


def _pin(digest: Digest, key: str, words: dict) -> str:
    pinned = digest.choice(key).pinned
    return f'<span style="{_MUTED}font-weight:bold;">{escape(words["pinned"])}</span><br>' if pinned else ""


def _note(digest: Digest, key: str, words: dict) -> str:
    note = digest.choice(key).note
    return f'<br><em style="font-size:13px;">{escape(words["note"])}: {escape(note)}</em>' if note else ""


def _row(content: str) -> str:
    return f'<tr><td style="padding:0;">{content}</td></tr>'


def _section(title: str) -> str:
    return _row(f'<h2 style="{_H2}">{escape(title)}</h2>')


def _a(url: str, text: str, lang: str | None = None) -> str:
    """A link; `lang` marks text in another language than the page (fonts, screen readers)."""
    marked = f' lang="{escape(lang)}"' if lang else ""
    return f'<a href="{escape(url)}"{marked} style="{_LINK}">{escape(text)}</a>'


def _table(header: list[str], body: list[list[str]], numeric_from: int) -> str:
    """A data table whose columns from `numeric_from` on hold numbers (right-aligned)."""

    def cell(tag: str, text: str, index: int) -> str:
        align = "right" if index >= numeric_from else "left"
        weight = "font-weight:bold;" if tag == "th" else ""
        return f'<{tag} align="{align}" style="{_CELL}{weight}text-align:{align};">{escape(text)}</{tag}>'

    head = "".join(cell("th", text, i) for i, text in enumerate(header))
    rows = "".join("<tr>" + "".join(cell("td", text, i) for i, text in enumerate(row)) + "</tr>" for row in body)
    return (
        f'<table role="presentation" cellpadding="0" cellspacing="0" border="0" '
        f'style="margin:4px 24px 8px 24px;border-collapse:collapse;"><tr>{head}</tr>{rows}</table>'
    )
