"""Text search: every record's text, folded once, and each query word looked for in it.

A record's text is every text value it holds (each field of text, each item of a list of
text, each value of an enumeration, each list heading) and, for a corrected record, the
spellings its corrections give it. A query word matches a record whose folded text has a
word that starts with it. The texts are gathered a field at a time across all the records of
a kind (so that the loops run in C, not Python) and folded on the first search; each word's
records are found by a scan of the texts (a plain substring search first, then the word-start
rule on the few texts that hold it), and remembered, so that a word asked again costs a look-up.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from ._text import fold_case, words
from .errors import UsageError
from .models import Heading, Record, field_shapes

__all__ = ["TextIndex", "texts_of"]

#: How many words' records a search index remembers before it starts again.
REMEMBERED = 4096


def texts_of(records: Sequence[Record], cls: type[Record], extra: Mapping[str, Sequence[str]]) -> list[str]:
    """The text of each of ``records`` (all of kind ``cls``), unfolded: its text values joined
    by newlines, then the texts ``extra`` has for its id."""
    # each field a column of tuples of text, one tuple per record; the loops run in C
    columns: list[Iterable[tuple[str, ...]]] = []
    for shape in field_shapes(cls):
        tp = shape.type
        if not (tp is Heading or (isinstance(tp, type) and issubclass(tp, str))):
            continue  # links, numbers, dates, notes and involvements hold no text of their own
        values: Iterable[Any] = map(attrgetter(shape.name), records)
        if tp is Heading:
            columns.append([tuple([h.text for h in hs]) for hs in values])
        elif shape.many:
            columns.append(values)
        elif shape.optional:
            columns.append([() if v is None else (v,) for v in values])
        else:
            columns.append(zip(values, strict=True))
    rows = zip(*columns, strict=True)
    texts = list(map("\n".join, map(itertools.chain.from_iterable, rows))) if columns else [""] * len(records)
    if extra:
        for i, record_id in enumerate(map(attrgetter("id"), records)):
            if record_id in extra:
                texts[i] = "\n".join([texts[i], *extra[record_id]])
    return texts


class TextIndex:
    """The folded texts of records, in order, and the records each query word found."""

    def __init__(self, records: Sequence[Record], texts: Sequence[str]) -> None:
        self.records = records
        self.texts = list(map(fold_case, texts))  # (the caller holds the cyclic collector off)
        self.found: dict[str, tuple[int, ...]] = {}

    def positions(self, word: str) -> tuple[int, ...]:
        """The positions of the records with a word that starts with ``word`` (a folded word)."""
        found = self.found.get(word)
        if found is None:
            texts = self.texts
            holding = itertools.compress(range(len(texts)), map(str.__contains__, texts, itertools.repeat(word)))
            found = tuple(i for i in holding if _at_word_start(texts[i], word))
            if len(self.found) >= REMEMBERED:
                self.found.clear()
            self.found[word] = found
        return found

    def find(self, query: str, start: int = 0, stop: int | None = None) -> list[Record]:
        """The records (at positions ``start`` to ``stop``) holding every word of ``query``,
        each as the start of a word, in order."""
        stop = len(self.records) if stop is None else stop
        wanted = words(query)
        if not wanted:  # nothing to look for is not everything
            raise UsageError(f"text {query!r} has no word to look for: a search needs letters or digits")
        lists = sorted((self.positions(word) for word in dict.fromkeys(wanted)), key=len)
        chosen: Iterable[int] = (i for i in lists[0] if start <= i < stop)
        for more in lists[1:]:
            others = set(more)
            chosen = [i for i in chosen if i in others]
        records = self.records
        return [records[i] for i in chosen]


def _at_word_start(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` at the start of a word: at its start, or after a
    character that is not a word character (what ``\\w`` is not: a letter, a digit, ``_``)."""
    at = text.find(word)
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
        at = text.find(word, at + 1)
    return at >= 0
