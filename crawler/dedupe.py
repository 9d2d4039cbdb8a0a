"""Near-duplicate detection: MinHash signatures over shingles, looked up in an LSH index."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.7
SCHEME = "affine32"  # datasketch's permutation scheme: the crawl index keeps bands made with it
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 5) -> set[str]:
    """Word shingles for alphabetic text, character shingles for Chinese."""
    if len(CJK.findall(text)) > len(text) / 4:
        chars = "".join(WORD.findall(text))
        units = list(chars)
    else:
        units = [w.casefold() for w in WORD.findall(text)]
    if len(units) <= size:
        return {" ".join(units)} if units else set()
    return {" ".join(units[i:i + size]) for i in range(len(units) - size + 1)}


@lru_cache(maxsize=64)
def signature(text: str) -> MinHash:
    """The MinHash signature of a text (not to be changed: a crawl asks for the same text's several times)."""
    minhash = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch([shingle.encode("utf-8", "replace") for shingle in shingles(text)])
    return minhash


@cache
def _permutations() -> tuple:
    """The hash permutations of every signature (datasketch draws the same ones from its fixed seed each time)."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


@cache
def band_ranges() -> list[tuple[int, int]]:
    """The (start, end) slices of a signature that LSH compares as bands at `THRESHOLD` (datasketch's choice)."""
    return list(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


class NearDuplicateIndex:
    """Remembers the texts seen so far and finds the first one a new text nearly repeats."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._order: dict[str, int] = {}

    def add(self, key: str, text: str) -> None:
        """Index a text under `key` (an article URL); a key already indexed is ignored."""
        if key in self._order or not text.strip():
            return
        self._lsh.insert(key, signature(text))
        self._order[key] = len(self._order)

    def first_match(self, text: str, exclude: str | None = None) -> str | None:
        """The earliest indexed key (other than `exclude`) whose text nearly repeats `text`, or None."""
        if not text.strip() or not self._order:
            return None
        matches = [key for key in self._lsh.query(signature(text)) if key != exclude]
        return min(matches, key=self._order.__getitem__) if matches else None
