"""Folding of text for lookups and search, and suggestions for unknown keys."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["fold", "searchable", "suggest", "words"]

_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """``text`` without case, accents or runs of white space: what lookups compare.

    >>> fold("  Méxíco\\tCITY ")
    'mexico city'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation dropped (what a search query is split into).

    >>> words("Arte-Comunitario, UNHCR!")
    ['arte', 'comunitario', 'unhcr']
    """
    return _NON_WORD.sub(" ", fold(text)).split()


def searchable(text: str) -> str:
    """``text`` folded for search: a query word matches where a word of it starts.

    >>> " art" in searchable("Community Art"), " art" in searchable("participation")
    (True, False)
    """
    return " " + " ".join(words(text))


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
