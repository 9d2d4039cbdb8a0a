"""Language identification with lingua, over one fixed set of languages likely in the monitored press.

The crawler labels each page with it and the extractor tells the documents it can read from the rest.
"""

from __future__ import annotations

from functools import cache

# ISO 639-1 codes the detector chooses among; French, English and Chinese first, then the common others.
LANGUAGES = ("fr", "en", "zh", "de", "es", "it", "pt", "ru", "ja", "ko", "id", "nl", "ar", "tr", "pl", "vi")
SAMPLE_CHARS = 1200
MIN_LETTERS = 20  # letters of an alphabet needed to tell the language; an ideograph counts as a word
IDEOGRAPH_WEIGHT = 4


@cache
def detector():
    """The process-wide lingua detector (built once; low-accuracy mode is ample for article-length text)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(IDEOGRAPH_WEIGHT if "\u3400" <= char <= "\u9fff" else 1 for char in sample if char.isalpha())
    if letters < MIN_LETTERS:
        return None
    language = detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None
