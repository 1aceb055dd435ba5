"""The exceptions mirps raises. Every one is a :class:`MirpsError`."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["AmbiguousKeyError", "DatasetError", "MirpsError", "NotFoundError"]


class MirpsError(Exception):
    """Base of every error mirps raises on purpose."""


class NotFoundError(MirpsError, LookupError):
    """A key names no record of the kind asked for.

    The message names the kind, the key and the closest matches.

    >>> import mirps
    >>> try:
    ...     mirps.load("1.1.0").country("Mexco")
    ... except mirps.NotFoundError as e:
    ...     print(e)
    unknown country 'Mexco'; did you mean Mexico (MX)?
    """

    def __init__(self, kind: str, key: str, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.key = key
        self.suggestions = tuple(suggestions)
        message = f"unknown {kind} {key!r}"
        if self.suggestions:
            message += f"; did you mean {_or(self.suggestions)}?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousKeyError(NotFoundError):
    """A key names more than one record of the kind asked for (say a ministry's name that
    several countries share); the message lists them. Use an id instead."""

    def __init__(self, kind: str, key: str, candidates: Sequence[str]) -> None:
        super().__init__(kind, key, candidates)
        self.args = (f"ambiguous {kind} {key!r}: it may be {_or(self.suggestions)}",)


class DatasetError(MirpsError, ValueError):
    """A dataset file is not a valid mirps dataset. Nothing of it was loaded.

    ``problems`` holds one line per problem, each starting with the JSON path it is at:
    ``$.initiatives[3].strategic_partners[1].institutions[0]: unknown institution 'unchr'``.
    """

    def __init__(self, problems: Sequence[str], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{head}invalid mirps dataset ({count} {noun}):\n{lines}{more}")


def _or(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
