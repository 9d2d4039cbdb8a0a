"""The status of a measure: announced, proposed, lifted or background."""

from __future__ import annotations

from datetime import date

from nlp.lexicon import Lexicon, trigger_regex

BACKGROUND_DAYS = 30  # a measure dated longer before publication is context, not news


class StatusReader:
    """Reads a status from cue words near a trigger (lexicon `status`), then from the date, then from tense."""

    def __init__(self, lang: str, lex: Lexicon) -> None:
        self.lang = lang
        words = {"proposed": lex.status.proposed, "lifted": lex.status.lifted, "background": lex.status.background,
                 "announced": lex.status.announced}
        regexes = {status: trigger_regex(cues, lang) for status, cues in words.items()}
        self.cues = {status: regex for status, regex in regexes.items() if regex is not None}
        self.pluperfect = trigger_regex(lex.pluperfect, lang)
        self.reporting = trigger_regex(lex.reporting, lang)
        self.window = (lex.reaches.status_before, lex.reaches.status_after)
        self.pluperfect_reach = lex.reaches.pluperfect

    def __call__(self, text: str, at: int, when: str | None, year: int | None, published: date | None,
                 apart: tuple[int, ...] = ()) -> tuple[str, bool]:
        """Status of the trigger at `at` in `text`, dated `when` (ISO day or month) or only `year`; and
        whether the date alone made it background. Cues are read no further than a body of another side
        (its offsets `apart`): beyond it they speak of that body's measure (`a bill in the Senate, a
        Chinese probe`)."""
        before, after = self.window
        start = max([at - before, 0, *(offset for offset in apart if offset < at)])
        end = min([at + after, *(offset for offset in apart if offset > at)])
        near = text[start:end]
        cues = self._cues(text, start, end)
        if "proposed" in cues:
            return "proposed", False
        if "lifted" in cues:
            return ("background" if self._recalled(text, at) else "lifted"), False
        if published and when:
            old = (published - first_day(when)).days > BACKGROUND_DAYS
            return ("background", True) if old else ("announced", False)
        if published and year and year < published.year:
            return "background", False
        if "background" in cues and not self._backshifted(near):
            return "background", False
        return "announced", False

    def _cues(self, text: str, start: int, end: int) -> set[str]:
        """The statuses whose cue words start between `start` and `end` of `text`; a cue inside a longer cue of
        another status does not count (`seraient accordées` is an easing, not the conditional `seraient`),
        even where the longer one runs past `end`."""
        found = [(m.start(), m.end(), status) for status, regex in self.cues.items() for m in regex.finditer(text)]
        return {status for a, b, status in found if start <= a < end
                and not any(other != status and c <= a and b <= d and d - c > b - a for c, d, other in found)}

    def _backshifted(self, near: str) -> bool:
        """Whether every background cue of `near` is a pluperfect after a verb of speech (`the regulator said
        a preliminary probe had found`): the tense of reported speech, which tells today's news."""
        regex = self.cues.get("background")
        found = list(regex.finditer(near)) if regex else []
        return bool(found and self.pluperfect and self.reporting) and all(
            self.pluperfect.fullmatch(m.group()) and self.reporting.search(near[:m.start()]) for m in found)

    def _recalled(self, text: str, at: int) -> bool:
        """Whether an easing is told in the pluperfect (`Washington had promised licences`): older news.

        Not after a verb of speech (`Synopsys said BIS had withdrawn the rule`), where it is today's news.
        """
        recalled = self.pluperfect and self.pluperfect.search(text[max(0, at - self.pluperfect_reach):at])
        reported = self.reporting and self.reporting.search(text[:at])
        return bool(recalled and not reported)


def first_day(when: str) -> date:
    """The first day an ISO date (`2024-03-05`) or month (`2024-03`) stands for."""
    return date.fromisoformat((when + "-01")[:10])
