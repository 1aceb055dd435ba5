"""Folding of text for lookups and search, and suggestions for unknown keys."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

__all__ = ["fold", "suggest", "words"]


def fold(text: str) -> str:
    """``text`` without case, accents or runs of white space: what lookups compare.

    >>> fold("  Méxíco\\tCITY ")
    'mexico city'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def words(text: str) -> list[str]:
    """The folded words of ``text`` (what a search query is split into)."""
    return fold(text).split()


def suggest(key: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` folded candidates closest to ``key``: near spellings first, then
    candidates that contain every word of the key.

    >>> suggest("mexco", ["mexico", "honduras", "mx"])
    ['mexico']
    """
    folded = fold(key)
    pool = list(dict.fromkeys(candidates))
    found = difflib.get_close_matches(folded, pool, n=n, cutoff=0.6)
    query = folded.split()
    if query:
        for candidate in pool:
            if len(found) >= n:
                break
            if candidate not in found and all(w in candidate for w in query):
                found.append(candidate)
    return found
