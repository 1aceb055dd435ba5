"""What queries return: records in a tuple that knows what it holds, and counts by a field."""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Any, Generic, SupportsIndex, TypeVar, cast, overload

from .models import Record, Role, field_shapes, full_label, lineage, record_kinds

__all__ = ["COUNTED", "Counts", "Results"]

R = TypeVar("R", bound=Record)
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class Results(tuple[R, ...], Generic[R]):
    """The records a query found, in the dataset's order: a tuple that knows the kind of record
    it holds (:attr:`record_type`), so that an empty result still has its columns.

    Slicing it or adding another result gives a :class:`Results` again.

    >>> import mirps
    >>> found = mirps.load("2.1.0").initiatives(country="Honduras")
    >>> isinstance(found, tuple), found.record_type.__name__
    (True, 'Initiative')
    >>> type(found[:2]).__name__, type(found + mirps.load("2.1.0").initiatives(country="MX")).__name__
    ('Results', 'Results')
    """

    _of: type[R] | None

    def __new__(cls, records: Iterable[R] = (), of: type[R] | None = None) -> Results[R]:
        new = super().__new__(cls, records)
        new._of = of
        return new

    @property
    def record_type(self) -> type[R]:
        """The class of the records held: the query's kind, or :class:`mirps.Record` for a
        result of several kinds (such as :func:`mirps.search`'s)."""
        if self._of is None:
            types = {type(r) for r in self}
            self._of = cast("type[R]", types.pop() if len(types) == 1 else Record)
        return self._of

    @overload
    def __getitem__(self, index: SupportsIndex) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Results[R]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> R | Results[R]:
        if isinstance(index, slice):
            return Results(tuple.__getitem__(self, index), self._of)
        return tuple.__getitem__(self, index)

    @overload
    def __add__(self, other: tuple[R, ...]) -> Results[R]: ...
    @overload
    def __add__(self, other: tuple[T, ...]) -> tuple[R | T, ...]: ...
    def __add__(self, other: tuple[Any, ...]) -> tuple[Any, ...]:
        if not isinstance(other, tuple):
            return NotImplemented
        return _joined(self, other)

    def __radd__(self, other: tuple[Any, ...]) -> tuple[Any, ...]:
        if not isinstance(other, tuple):
            return NotImplemented
        return _joined(other, self)

    def count_by(self, field: str) -> Counts[Any]:
        """How many of the records have each value of ``field``, most first (then in the
        order first met): without pandas.

        ``field`` is a field of the records (``"kind"``, ``"section"``, a participant's
        ``"role"``, ...) or a name of :data:`COUNTED`, counted as the query filter of that
        name matches, so that ``count_by("country")[c]`` is ``len(initiatives(country=c))``:
        ``"country"`` (an initiative's countries and its places' countries), ``"place"`` (its
        places and every place they lie in), ``"institution"``, ``"role"`` and ``"basis"``
        (its involvements, any part), ``"report"``, ``"type"`` (the record's class name), or
        a role (``"lead"``, ``"partner"``, ...: the institutions in that part, as
        ``initiatives(institution=i, role=...)`` finds them).
        A record counts once under each of its values, so the counts may add up to more than
        the records; a record without a value is not counted.

        >>> import mirps
        >>> counts = mirps.load("2.1.0").initiatives().count_by("country")
        >>> sum(counts.values()) >= len(mirps.load("2.1.0").initiatives())
        True
        >>> [(c.id, n) for c, n in counts.items()][:3]
        [('CR', 7), ('MX', 6), ('HN', 3)]
        """
        values = _values_of(self.record_type, field)
        counts: dict[Hashable, int] = {}
        for record in self:
            for value in dict.fromkeys(values(record)):
                counts[value] = counts.get(value, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: ties keep the order met
        return Counts(field, dict(ranked))

    def to_pandas(self, *, names: bool = False, explode: str | None = None) -> Any:
        """The records as a pandas DataFrame indexed by id, every field a column.

        Links are the linked records' ids (``names=True``: their names), a list is one cell
        holding a tuple, and ``involvements`` become one column per role (``lead``,
        ``partner``, ...: the institutions in that part, any basis). ``explode`` names a list
        column to get one row per item instead (pandas' ``explode``: a record with an empty
        list keeps one row, with no value); ``explode="involvements"`` gives one row per
        involvement, with its ``institution``, ``role``, ``basis``, ``evidence``, ``field``
        and ``note``. Records of several kinds get the columns ``type``, ``id`` and ``label``;
        an empty result gets the columns of its kind. Every table of the dataset:
        :meth:`mirps.Dataset.to_pandas`.

        Needs pandas: ``pip install "mirps[pandas]"``.

        >>> import mirps
        >>> df = mirps.load("2.1.0").initiatives(country="SV").to_pandas()
        >>> df.index.tolist(), df.loc["sv-characterization-study-update", "countries"]
        (['sv-characterization-study-update'], ('SV',))
        >>> mirps.load("2.1.0").initiatives(text="no such words").to_pandas().columns[:3].tolist()
        ['section', 'report', 'kind']
        """
        from .export import frame

        return frame(self, self.record_type, names=names, explode=explode)

    def _repr_html_(self) -> str:
        from ._display import table

        return table(self)


def _joined(first: tuple[Any, ...], second: tuple[Any, ...]) -> tuple[Any, ...]:
    """Two tuples end to end: :class:`Results` if both hold records, a plain tuple otherwise."""
    both = tuple.__add__(first, second)
    if not all(isinstance(r, Record) for r in both):
        return both
    types: set[type[Any]] = set()
    for part in (first, second):
        types |= {part.record_type} if isinstance(part, Results) else {type(r) for r in part}
    return Results(both, types.pop() if len(types) == 1 else Record)


#: The names :meth:`Results.count_by` takes besides a record's own fields and the roles.
COUNTED = ("country", "place", "institution", "role", "basis", "report", "type")


def _values_of(cls: type[Record], field: str) -> Any:
    """A function from a record to its values of ``field``, or NotFoundError for a name the
    records (of class ``cls``; of any class for :class:`~mirps.Record`) cannot be counted by."""
    kinds = record_kinds() if cls is Record else (cls,)
    names = {s.name for k in kinds for s in field_shapes(k)} - {"editorial", "headings", "involvements"}
    roles = {r.value for r in Role}
    if field not in names and field not in COUNTED and field not in roles:
        from ._text import suggest
        from .errors import NotFoundError

        raise NotFoundError("field to count by", field, suggest(field, sorted(names | set(COUNTED) | roles)))

    def values(record: Record) -> Iterator[Hashable]:
        if field == "type":
            yield type(record).__name__
            return
        own = getattr(record, field, None) if field in _field_names(type(record)) else _derived(record, field)
        if isinstance(own, tuple):
            yield from own
        elif own is not None:
            yield own

    return values


_FIELD_NAMES: dict[type[Record], frozenset[str]] = {}


def _field_names(cls: type[Record]) -> frozenset[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(s.name for s in field_shapes(cls))
    return names


def _derived(record: Record, field: str) -> tuple[Any, ...]:
    """A record's values of a name of :data:`COUNTED` that is not its field: what the filter
    of that name matches (an initiative's countries include its places' countries; its places,
    every place they lie in)."""
    involvements = getattr(record, "involvements", ())
    places = getattr(record, "places", ())
    if field == "country":
        return (*getattr(record, "countries", ()), *(p.country for p in places))
    if field == "place":
        return tuple(around for p in places for around in lineage(p))
    if field == "institution":
        return tuple(i.institution for i in involvements)
    if field in ("role", "basis"):
        return tuple(getattr(i, field) for i in involvements)
    if field == "report":
        return (record.report,) if hasattr(record, "report") else ()
    return tuple(i.institution for i in involvements if i.role == field)  # a role's name


class Counts(Mapping[K, int], Generic[K]):
    """How many records have each value of a field, most first: a read-only mapping from the
    value (a record, an enum member or a name) to its count, with a notebook table and
    :meth:`to_pandas`.

    >>> import mirps
    >>> counts = mirps.load("2.1.0").initiatives(country="HN").count_by("role")
    >>> counts[mirps.Role.LEAD] == len(mirps.load("2.1.0").initiatives(country="HN", role="lead"))
    True
    """

    __slots__ = ("_counts", "field")

    def __init__(self, field: str, counts: Mapping[K, int]) -> None:
        #: The field counted by.
        self.field = field
        self._counts = dict(counts)

    def __getitem__(self, key: K) -> int:
        return self._counts[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Counts):
            return self.field == other.field and list(self._counts.items()) == list(other._counts.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.field, tuple(self._counts.items())))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Counts, (self.field, self._counts))

    def __repr__(self) -> str:
        inner = ", ".join(f"{key_text(k)}: {n}" for k, n in self._counts.items())
        return f"Counts({self.field!r}, {{{inner}}})"

    def rows(self, *, names: bool = False) -> list[tuple[str, int]]:
        """The counts as ``(value, count)`` pairs, most first, a value as its id (``names=True``:
        its whole name), an enum member as its value.

        >>> import mirps
        >>> counts = mirps.load("2.1.0").initiatives(country="SV").count_by("lead")
        >>> counts.rows()[0][1] >= counts.rows()[-1][1]
        True
        >>> dict(counts.rows(names=True))["Ministry of Justice and Public Security"]
        1
        """
        return [(key_text(k, names), n) for k, n in self._counts.items()]

    def to_pandas(self, *, names: bool = False) -> Any:
        """The counts as a pandas Series named ``count``, indexed by the values' ids (or names).

        Needs pandas: ``pip install "mirps[pandas]"``.

        >>> import mirps
        >>> series = mirps.load("2.1.0").initiatives().count_by("country").to_pandas()
        >>> series.name, series.index.name, int(series["HN"]) == len(mirps.load("2.1.0").initiatives(country="HN"))
        ('count', 'country', True)
        """
        from ._extras import optional

        pd = optional("pandas")
        rows = self.rows(names=names)
        index = pd.Index([k for k, _ in rows], name=self.field, dtype=object)
        return pd.Series([n for _, n in rows], index=index, name="count", dtype="int64")

    def _repr_html_(self) -> str:
        import html

        body = "".join(
            f"<tr><td>{html.escape(key_text(k))}</td><td>{html.escape(key_text(k, True))}</td><td>{n}</td></tr>"
            for k, n in self._counts.items()
        )
        head = f"<tr><th>{html.escape(self.field)}</th><th>name</th><th>count</th></tr>"
        return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def key_text(value: object, names: bool = False) -> str:
    """A counted value as text: a record's id (``names=True``: its whole name or title), an
    enum's value."""
    if isinstance(value, Record):
        return full_label(value) if names else value.id
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)
