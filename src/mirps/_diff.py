"""What changed between two dataset versions, record by record and field by field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["Change", "Diff", "FieldChange", "diff"]


@attrs.frozen
class FieldChange:
    """One field of one record, before and after, as JSON values (links as ``{"id": ...}``).

    >>> import mirps
    >>> d = mirps.load("1.0.0").diff(mirps.load("1.1.0"))
    >>> next(c for c in d.changed if c.id == "CR").fields
    (FieldChange(field='aliases', old=[], new=['Costa Rica Republic']),)
    """

    field: str
    old: Any
    new: Any


@attrs.frozen
class Change:
    """A record present in both versions whose fields differ.

    >>> import mirps
    >>> d = mirps.load("1.0.0").diff(mirps.load("1.1.0"))
    >>> [(c.collection, c.id) for c in d.changed][:2]
    [('countries', 'HN'), ('countries', 'CR')]
    """

    collection: str
    """The JSON array the record is in (``"countries"``): its kind's :attr:`Record.collection`."""
    id: str
    fields: tuple[FieldChange, ...]


@attrs.frozen
class Diff:
    """The records added, removed and changed from version ``old`` to version ``new``.

    ``added`` and ``removed`` hold ``(collection, id)`` pairs, ``collection`` being the JSON
    array's name.

    >>> import mirps
    >>> d = mirps.load("1.0.0").diff(mirps.load("1.1.0"))
    >>> ("reports", "wg-local-governance-2021") in d.added
    True
    """

    old: str
    new: str
    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]
    changed: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON data.

        >>> import json, mirps
        >>> data = mirps.load("1.0.0").diff(mirps.load("1.1.0")).to_dict()
        >>> json.loads(json.dumps(data))["removed"]
        []
        """
        return attrs.asdict(self)

    def to_text(self) -> str:
        """The diff as text for people: counts, then each addition, removal and change.

        >>> import mirps
        >>> print(mirps.load("1.0.0").diff(mirps.load("1.1.0")).to_text().splitlines()[1])
        + countries PA
        """
        lines = [
            f"mirps dataset {self.old} -> {self.new}: {len(self.added)} added, "
            f"{len(self.removed)} removed, {len(self.changed)} changed"
        ]
        for sign, entries in (("+", self.added), ("-", self.removed)):
            for collection, record_id in entries:
                lines.append(f"{sign} {collection} {record_id}")
        for change in self.changed:
            lines.append(f"~ {change.collection} {change.id}")
            for f in change.fields:
                lines.append(f"    {f.field}: {_short(f.old)} -> {_short(f.new)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:99] + "…"


def diff(old: Dataset, new: Dataset) -> Diff:
    """The records added, removed and changed from ``old`` to ``new``."""
    from .models import record_kinds

    before, after = old.to_dict(), new.to_dict()
    added, removed, changed = [], [], []
    for collection in (cls.collection for cls in record_kinds()):  # a version may lack an array the other has
        was = {r["id"]: r for r in before.get(collection, [])}
        now = {r["id"]: r for r in after.get(collection, [])}
        added += [(collection, i) for i in now if i not in was]
        removed += [(collection, i) for i in was if i not in now]
        for record_id, record in now.items():
            if record_id in was and was[record_id] != record:
                fields = tuple(
                    FieldChange(name, was[record_id].get(name), record.get(name))
                    for name in dict.fromkeys([*was[record_id], *record])
                    if was[record_id].get(name) != record.get(name)
                )
                changed.append(Change(collection, record_id, fields))
    return Diff(old.version, new.version, tuple(added), tuple(removed), tuple(changed))
