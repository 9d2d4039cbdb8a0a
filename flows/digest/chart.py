"""The digest chart: mentions per week of the top chips and firms, as PNG bytes (matplotlib, Agg backend)."""

from __future__ import annotations

import io

_COLOURS = ("#1f5fa8", "#d1495b", "#2e933c", "#edae49", "#66a182", "#8d5a97")


def mentions_chart(weeks: list[str], series: dict[str, list[int]], title: str) -> bytes:
    """A line chart, one line per entity, weeks along the bottom; returns the PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.2, 3.4), dpi=100)
    axes = figure.add_subplot()
    for index, (name, counts) in enumerate(series.items()):
        axes.plot(weeks, counts, marker="o", linewidth=2, color=_COLOURS[index % len(_COLOURS)], label=name)
    axes.set_title(title, fontsize=11)
    axes.tick_params(axis="x", labelrotation=30, labelsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    if series:
        axes.legend(fontsize=8, loc="upper left", frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
