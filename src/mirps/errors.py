"""The exceptions mirps raises. Every one is a :class:`MirpsError`."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["AmbiguousKeyError", "DatasetError", "MirpsError", "NotFoundError", "UsageError", "one_line"]


class MirpsError(Exception):
    """Base of every error mirps raises on purpose."""


class NotFoundError(MirpsError, LookupError):
    """A key names no record of the kind asked for.

    The message names what was looked for, the key and the closest matches.

    >>> import mirps
    >>> try:
    ...     mirps.load("1.1.0").country("Mexco")
    ... except mirps.NotFoundError as e:
    ...     print(e)
    unknown country 'Mexco'; did you mean Mexico (MX)?
    """

    def __init__(self, what: str, key: str, suggestions: Sequence[str] = (), hint: str = "") -> None:
        #: What was looked for, as a noun: ``"country"``, ``"dataset version"``.
        self.what = what
        #: The key as given.
        self.key = key
        #: The closest matches, as people read them ("Mexico (MX)").
        self.suggestions = tuple(suggestions)
        #: What else the message says, if anything ("a record of another dataset").
        self.hint = hint
        message = f"unknown {what} {key!r}"
        if hint:
            message += f" ({hint})"
        if self.suggestions:
            message += f"; did you mean {_or(self.suggestions)}?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        # what unpickling calls: the class with its own arguments (not the message), for
        # multiprocessing and joblib
        return (type(self), (self.what, self.key, self.suggestions, self.hint), self.__dict__)


class AmbiguousKeyError(NotFoundError):
    """A key names more than one record of the kind asked for (say a ministry's name that
    several countries share); the message lists them. Use an id instead.

    >>> import mirps
    >>> error = mirps.AmbiguousKeyError("institution", "Ministry of Health", ["a (HN)", "b (SV)"])
    >>> str(error), error.suggestions
    ("ambiguous institution 'Ministry of Health': it may be a (HN) or b (SV)", ('a (HN)', 'b (SV)'))
    """

    def __init__(self, what: str, key: str, candidates: Sequence[str], hint: str = "") -> None:
        super().__init__(what, key, candidates, hint)
        self.args = (f"ambiguous {what} {key!r}: it may be {_or(self.suggestions)}",)


class UsageError(MirpsError, ValueError):
    """An argument a function cannot use: a search text with no word in it, a sha256 cut
    short. The message says what would do.

    >>> import mirps
    >>> try:
    ...     mirps.load("1.0.0").search("***")
    ... except mirps.UsageError as e:
    ...     print(e)
    text '***' has no word to look for: a search needs letters or digits
    """


class DatasetError(MirpsError, ValueError):
    """A dataset file is not a valid mirps dataset. Nothing of it was loaded.

    ``problems`` holds one line per problem, each starting with the JSON path it is at:
    ``$.initiatives[3].strategic_partners[1].institutions[0]: unknown institution 'unchr'``.
    """

    def __init__(self, problems: Sequence[str], source: str | None = None) -> None:
        self.problems = tuple(map(one_line, problems))  # a key may hold a line break
        self.source = source
        head = f"{source}: " if source else ""
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{head}invalid mirps dataset ({count} {noun}):\n{lines}{more}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.source), self.__dict__)


def _or(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


#: The characters ``str.splitlines`` breaks at, each with its escape.
_BREAKS = {c: repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
_ESCAPES = str.maketrans(_BREAKS)


def one_line(text: str) -> str:
    """``text`` with every character that would break its line escaped, as ``repr`` does.

    >>> print(one_line("$.a\\nb: unknown key"))
    $.a\\nb: unknown key
    """
    return text.translate(_ESCAPES) if any(c in text for c in _BREAKS) else text
