"""Folding of text for lookups and search, and suggestions for unknown keys."""

from __future__ import annotations

import re
import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["fold", "fold_case", "suggest", "words"]

_NON_WORD = re.compile(r"[^\w]+")
#: Combining marks (accents, tildes, cedillas) as NFKD decomposition leaves them.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """``text`` without case, accents or runs of white space: what lookups compare.

    >>> fold("  Méxíco\\tCITY ")
    'mexico city'
    """
    return " ".join(fold_case(text).split())


def fold_case(text: str) -> str:
    """``text`` without case or accents, its white space as it is: what search scans.

    >>> fold_case("Méxíco\\tCITY")
    'mexico\\tcity'
    """
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation dropped (what a search query is split into).

    >>> words("Arte-Comunitario, UNHCR!")
    ['arte', 'comunitario', 'unhcr']
    """
    return _NON_WORD.sub(" ", fold(text)).split()


def suggest(key: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` folded candidates closest to ``key``: near spellings first, then
    candidates that contain every word of the key.

    >>> suggest("mexco", ["mexico", "honduras", "mx"])
    ['mexico']
    """
    import difflib

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
