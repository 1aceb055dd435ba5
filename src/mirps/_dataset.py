"""The Dataset: a version's records, its lookups and queries, and their indexes (each made on first use)."""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union, cast, overload

import attrs

from ._results import Counts, Results
from ._text import fold, suggest
from .errors import AmbiguousKeyError, NotFoundError
from .models import (
    WORKING_ROLES,
    Basis,
    Correction,
    Country,
    Initiative,
    Institution,
    KeyConsideration,
    Participant,
    Place,
    Recommendation,
    Record,
    Report,
    Role,
    Section,
    Session,
    keys_of,
    lineage,
    links_of,
    record_kinds,
    singular,
)

if TYPE_CHECKING:
    from pathlib import Path

    from ._diff import Diff
    from ._search import TextIndex

__all__ = ["Counts", "Dataset", "Filter", "Results"]

R = TypeVar("R", bound=Record)
K = TypeVar("K", bound=Record)
V = TypeVar("V")
T = TypeVar("T")

#: A filter's value: a key or record, a collection of them (any matches), or None (no filter).
Filter = Union[str, T, Iterable[str | T], None]  # noqa: UP007 (a generic alias: subscripted below)


#: Folding what people type, remembered: the same keys come back in loops.
_fold_key = functools.lru_cache(maxsize=4096)(fold)

#: What a lookup adds when it was given a record of another dataset (another version, say)
#: whose id this one does not have.
FOREIGN = "a record of another dataset; this one has no record with its id"


class _Keys(Generic[K]):
    """The spellings of one kind of record, folded, each to the records it names. Folded on
    the kind's first lookup, so a load builds no lookup index."""

    def __init__(
        self,
        what: str,
        cls: type[K],
        records: Sequence[K],
        spellings: Callable[[K], Iterable[str]],
        describe: Callable[[Record], str],
        by_id: Mapping[str, Record],
    ) -> None:
        self.what = what
        self.cls = cls
        self.records = records
        self.spellings = spellings
        self.describe = describe
        self.index: dict[str, tuple[K, ...]] | None = None
        self.by_id = by_id  # the dataset's records of every kind, by id

    def _fold(self) -> dict[str, tuple[K, ...]]:
        """Every spelling, folded (two threads may both do it: the same index)."""
        index: dict[str, dict[K, None]] = {}
        for record in self.records:
            for key in self.spellings(record):
                index.setdefault(fold(key), {})[record] = None
        self.index = {k: tuple(v) for k, v in index.items()}
        return self.index

    def get(self, key: object, within: Callable[[K], bool] | None = None) -> K:
        if isinstance(key, self.cls):
            # this dataset's record with its id: the record itself, or, for a record of another
            # dataset (another version, a corrected copy), the one it stands for here
            own = self.by_id.get(key.id)
            if not isinstance(own, self.cls):
                raise NotFoundError(self.what, key.id, self._suggestions(key.id), FOREIGN)
            return own
        if not isinstance(key, str):
            raise TypeError(f"a {self.what} key must be a str or a {self.cls.__name__}, not {type(key).__name__}")
        found = (self._fold() if self.index is None else self.index).get(_fold_key(key), ())
        if within is not None and len(found) > 1:
            found = tuple(r for r in found if within(r)) or found
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousKeyError(self.what, key, [self.describe(r) for r in found])
        raise NotFoundError(self.what, key, self._suggestions(key))

    def _suggestions(self, key: str) -> list[str]:
        index = self._fold() if self.index is None else self.index
        names = suggest(key, index)
        return list(dict.fromkeys(self.describe(r) for n in names for r in index[n]))


Facet = tuple[str, Hashable]


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The cyclic garbage collector held off: a load, or the making of the search index, makes
    many objects and no cycles, which the collector would walk again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Positions:
    """Each record's place among the records of its kind: what puts the records a query
    gathered back in the document's order. A kind's places are made on its first sort."""

    def __init__(self, records: Mapping[type[Record], Sequence[Record]]) -> None:
        self._records = records
        self._of: dict[type[Record], dict[Record, int]] = {}

    def sort_key(self, kind: type[Record]) -> Callable[[Record], int]:
        """The sort key of records of ``kind``: their place among the dataset's."""
        places = self._of.get(kind)
        if places is None:
            places = self._of[kind] = {r: i for i, r in enumerate(self._records[kind])}
        return places.__getitem__


class _Facets(Generic[R]):
    """One kind's records grouped by facet (``("country", mexico)``), so that a query
    intersects a few ready groups instead of scanning records. A facet's groups are built the
    first time a query asks for that facet, so a load pays for none of them."""

    def __init__(
        self, records: Results[R], facets: Mapping[str, Callable[[R], Iterable[Hashable]]], positions: _Positions
    ) -> None:
        self.all = records
        self.empty: Results[R] = Results((), records.record_type)
        self.facets = facets
        self.groups: dict[Facet, Results[R]] = {}
        self.built: set[str] = set()  # the facets whose groups are in ``groups``
        self.sets: dict[Facet, frozenset[R]] = {}
        self.positions = positions

    def _build(self, name: str) -> None:
        """Group the records by facet ``name`` (two threads may both do it: the same groups)."""
        values_of = self.facets[name]
        grouped: dict[Hashable, dict[R, None]] = {}
        for record in self.all:
            for value in values_of(record):
                grouped.setdefault(value, {})[record] = None
        kind = self.all.record_type
        self.groups.update({(name, value): Results(rs, kind) for value, rs in grouped.items()})
        self.built.add(name)

    def select(self, wanted: Mapping[str, Sequence[Hashable]]) -> Results[R]:
        """The records in every wanted facet (set intersection), in dataset order; a facet
        given several values takes the records in any of their groups (union)."""
        if not wanted:
            return self.all
        if len(wanted) == 1:
            ((name, values),) = wanted.items()
            return self._group(name, values)
        facets = list(wanted.items())
        groups = [self._group(name, values) for name, values in facets]
        smallest = min(range(len(groups)), key=lambda k: len(groups[k]))
        rest = [self._set(*facets[k], groups[k]) for k in range(len(groups)) if k != smallest]
        return Results((r for r in groups[smallest] if all(r in s for s in rest)), self.all.record_type)

    def _set(self, name: str, values: Sequence[Hashable], group: Results[R]) -> frozenset[R]:
        """A group as a set, for membership tests; a single facet's is built once."""
        if len(values) != 1:
            return frozenset(group)
        found = self.sets.get((name, values[0]))
        if found is None:
            found = self.sets[(name, values[0])] = frozenset(group)
        return found

    def _group(self, name: str, values: Sequence[Hashable]) -> Results[R]:
        if name not in self.built:
            self._build(name)
        if len(values) == 1:
            return self.groups.get((name, values[0]), self.empty)
        union = {r for v in values for r in self.groups.get((name, v), ())}
        return Results(sorted(union, key=self.positions.sort_key(self.all.record_type)), self.all.record_type)


def _report_of(record: Initiative | KeyConsideration | Recommendation | Session | Participant) -> tuple[Report]:
    return (record.section.report,)


def _themes_of(record: Initiative | KeyConsideration | Recommendation | Session) -> Iterator[Section]:
    return lineage(record.section)


def _countries_of(i: Initiative) -> Iterator[Country]:
    yield from i.countries
    for place in i.places:
        yield place.country


def _places_of(i: Initiative) -> Iterator[Place]:
    for place in i.places:
        yield from lineage(place)


def _involvement_keys(i: Initiative) -> Iterator[Hashable]:
    """Each involvement under every combination of its institution, role and basis, each
    possibly left open (``None``): the keys ``initiatives(institution=, role=, basis=)`` picks."""
    for inv in i.involvements:
        for institution in (inv.institution, None):
            for role in (inv.role, None):
                for basis in (inv.basis, None):
                    if (institution, role, basis) != (None, None, None):
                        yield (institution, role, basis)


_INITIATIVE_FACETS: dict[str, Callable[[Any], Iterable[Hashable]]] = {
    "report": _report_of,
    "theme": _themes_of,
    "country": _countries_of,
    "place": _places_of,
    "involvement": _involvement_keys,
}
_REPORT_FACETS: dict[str, Callable[[Any], Iterable[Hashable]]] = {"report": _report_of, "theme": _themes_of}


def _country_of(p: Participant) -> tuple[Country, ...]:
    return () if p.country is None else (p.country,)


def _institutions_of(p: Participant) -> Iterator[Institution]:
    return lineage(p.institution)


# functions of the module, not lambdas: a dataset holds them, and pickles
_PARTICIPANT_FACETS: dict[str, Callable[[Any], Iterable[Hashable]]] = {
    "report": _report_of,
    "country": _country_of,
    "institution": _institutions_of,
}


class Dataset:
    """One version of the mirps dataset: its records, lookups and queries.

    Get one with :func:`mirps.load`. Lookups take what a person would type (codes, names,
    Spanish names, any spelling a report uses; case and accents ignored) or a record.

    >>> import mirps
    >>> ds = mirps.load("1.1.0")
    >>> ds.country("mexico").id
    'MX'
    """

    def __init__(
        self,
        version: str,
        records: Mapping[type[Record], tuple[Record, ...]],
        sha256: str | None = None,
        collections: Iterable[str] | Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self._version = version
        self._sha256 = sha256
        kinds = record_kinds()
        self._records: dict[type[Record], Results[Any]] = {cls: Results(records.get(cls, ()), cls) for cls in kinds}
        # The arrays the document had (each kind's, for a dataset built in memory) and, where
        # known, the fields of their records, so that a dump gives back the document's bytes
        # though kinds or optional fields were declared since.
        given = {cls.collection for cls in kinds} if collections is None else set(collections)
        self._fields = dict(collections) if isinstance(collections, Mapping) else {}
        unknown = given - {cls.collection for cls in kinds}
        if unknown:
            raise ValueError(f"not record kinds: {', '.join(sorted(unknown))}")
        self._collections = frozenset(given)
        self._by_id: dict[str, Record] = {r.id: r for rs in self._records.values() for r in rs}
        self._spans: dict[type[Record], tuple[int, int]] = {}
        start = 0
        for cls, rs in self._records.items():  # each kind's slice of all records, one after another
            self._spans[cls] = (start, start + len(rs))
            start += len(rs)
        self._corrections: dict[str, list[Correction]] = {}
        for correction in self._of(Correction):
            self._corrections.setdefault(correction.record.id, []).append(correction)
        self._corrected_keys: dict[str, tuple[str, ...]] = {}  # by record id, each made on first use
        self._keys: dict[type[Record], _Keys[Any]] = {  # the kinds the look-up methods below take
            cls: _Keys(
                singular(cls).replace("_", " "), cls, self._of(cls), self._spellings, self._describe, self._by_id
            )
            for cls in (Country, Place, Institution, Report, Section)
        }
        self._positions = _Positions(self._records)
        self._initiatives = _Facets(self._of(Initiative), _INITIATIVE_FACETS, self._positions)
        self._recommendations = _Facets(self._of(Recommendation), _REPORT_FACETS, self._positions)
        self._key_considerations = _Facets(self._of(KeyConsideration), _REPORT_FACETS, self._positions)
        self._sessions = _Facets(self._of(Session), _REPORT_FACETS, self._positions)
        self._participants = _Facets(self._of(Participant), _PARTICIPANT_FACETS, self._positions)
        self._text_index: TextIndex | None = None
        self._partners: dict[Institution, Results[Institution]] | None = None
        self._related: dict[str, Results[Record]] | None = None

    # -- what the dataset is -------------------------------------------------------------

    @property
    def version(self) -> str:
        """The dataset version, such as ``"1.0.0"``."""
        return self._version

    @property
    def sha256(self) -> str | None:
        """The hex sha256 of the file this dataset was loaded from (``None`` if built in memory)."""
        return self._sha256

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(rs)} {cls.collection}" for cls, rs in self._records.items() if rs)
        return f"<mirps.Dataset {self._version}: {counts}>"

    def _describe(self, record: Record) -> str:
        """How an error message names a record: its corrected label and its id."""
        label = self.corrected(record).label
        return record.id if label == record.id else f"{label} ({record.id})"

    def _of(self, cls: type[R]) -> Results[R]:
        return self._records[cls]

    def _spellings(self, record: Record) -> Iterator[str]:
        yield from keys_of(record)
        if isinstance(record, Section):
            yield record.slug
        if record.id in self._corrections:
            yield from self._corrected_spellings(record.id)

    def _corrected_spellings(self, record_id: str) -> tuple[str, ...]:
        """The spellings its corrections give a record of the dataset that has corrections:
        lookups and search know them too. Each record's made once, when first needed."""
        found = self._corrected_keys.get(record_id)
        if found is None:
            found = self._corrected_keys[record_id] = tuple(keys_of(self.corrected(self._by_id[record_id])))
        return found

    # -- every record of a kind ----------------------------------------------------------

    def records(self, record_type: type[R]) -> Results[R]:
        """Every record of one kind (a record class), in the document's order.

        >>> import mirps
        >>> len(mirps.load("1.1.0").records(mirps.Session))
        4
        """
        if record_type not in self._records:
            if record_type in record_kinds():  # declared after this dataset was made: it has none
                return Results((), record_type)
            raise TypeError(f"not a record kind: {record_type!r}")
        return self._of(record_type)

    @property
    def reports(self) -> Results[Report]:
        """Every source report."""
        return self._of(Report)

    @property
    def sections(self) -> Results[Section]:
        """Every section of every report."""
        return self._of(Section)

    @property
    def countries(self) -> Results[Country]:
        """Every country of the dataset: from 2.1.0 every ISO 3166-1 country, the ones the
        reports name first (``related(country)`` gives the records that name one)."""
        return self._of(Country)

    @property
    def places(self) -> Results[Place]:
        """Every state, province, department, municipality and community the reports name."""
        return self._of(Place)

    @property
    def institutions(self) -> Results[Institution]:
        """Every institution the reports name, once each."""
        return self._of(Institution)

    @property
    def corrections(self) -> Results[Correction]:
        """Every correction of a report's published text."""
        return self._of(Correction)

    def corrections_of(self, record: Record | str) -> Results[Correction]:
        """The corrections recorded for a record's text (the record, or its id).

        >>> import mirps
        >>> ds = mirps.load("1.1.0")
        >>> [c.corrected for c in ds.corrections_of("mx-national-human-rights-programme")]
        ['PNDH']
        """
        return Results(self._corrections.get(self._own(record, "corrections_of").id, ()), Correction)

    @overload
    def corrected(self, record: R) -> R: ...
    @overload
    def corrected(self, record: str) -> Record: ...
    def corrected(self, record: Record | str) -> Record:
        """A record (or the record with this id) as corrected: a copy with every recorded
        correction applied.

        Records hold the reports' published text; this gives the reading the corrections
        establish, for display or matching.

        >>> import mirps
        >>> ds = mirps.load("1.1.0")
        >>> ds.corrected(ds.institution("NRC")).name, ds.corrected("nrc").name
        ('Norwegian Refugee Council', 'Norwegian Refugee Council')
        """
        record = self._own(record, "corrected")
        changes: dict[str, Any] = {}
        for correction in self._corrections.get(record.id, ()):
            if correction.field is None:
                continue
            value = changes.get(correction.field, getattr(record, correction.field))
            changes[correction.field] = _apply(correction, value)
            headings = changes.get("headings", getattr(record, "headings", ()))
            if any(h.field == correction.field for h in headings):
                changes["headings"] = tuple(
                    attrs.evolve(h, text=correction.apply(h.text)) if h.field == correction.field else h
                    for h in headings
                )
        return attrs.evolve(cast(Any, record), **changes) if changes else record

    # -- one record ----------------------------------------------------------------------

    def _own(self, record: Record | str, method: str) -> Record:
        """This dataset's record with the id of ``record`` (a record, of any dataset, or an
        id), for ``method`` (named in a TypeError)."""
        if isinstance(record, str):
            return self.get(record)
        if not isinstance(record, Record):
            raise TypeError(f"{method}() takes a record or a record's id, not {type(record).__name__}")
        own = self._by_id.get(record.id)
        if own is None or type(own) is not type(record):
            what = singular(type(record)).replace("_", " ")
            raise NotFoundError(what, record.id, suggest(record.id, self._by_id), FOREIGN)
        return own

    def get(self, id: str) -> Record:
        """The record of any kind with this exact id.

        >>> import mirps
        >>> mirps.load("1.1.0").get("unhcr").acronym
        'UNHCR'
        """
        if not isinstance(id, str):
            raise TypeError(f"a record id must be a str, not {type(id).__name__}")
        try:
            return self._by_id[id]
        except KeyError:
            close = suggest(id, self._by_id)
            raise NotFoundError("record", id, close) from None

    def report(self, key: str | Report) -> Report:
        """The report with this id, title or working group name.

        >>> import mirps
        >>> mirps.load("1.1.0").report("Working Group on Local Governance").id
        'wg-local-governance-2021'
        """
        return self._keys[Report].get(key)  # type: ignore[no-any-return]

    def section(self, key: str | Section) -> Section:
        """The section with this id, slug (``"statistics"``) or title.

        >>> import mirps
        >>> mirps.load("1.1.0").section("statistics").title
        'ON THE HARMONIZED APPROACH TO THE USE OF STATISTICS'
        """
        return self._keys[Section].get(key)  # type: ignore[no-any-return]

    def country(self, key: str | Country) -> Country:
        """The country with this ISO alpha-2 or alpha-3 code, English or Spanish name.

        >>> import mirps
        >>> mirps.load("1.1.0").country("MEX").name
        'Mexico'
        """
        return self._keys[Country].get(key)  # type: ignore[no-any-return]

    def place(self, key: str | Place) -> Place:
        """The place with this id, name or any spelling a report uses.

        >>> import mirps
        >>> mirps.load("1.1.0").place("Cantón San Carlos").subdivision
        'CR-A'
        """
        return self._keys[Place].get(key)  # type: ignore[no-any-return]

    def institution(self, key: str | Institution, *, country: str | Country | None = None) -> Institution:
        """The institution with this id, acronym, name or any spelling a report uses; where
        several countries' bodies share the name, ``country`` says whose.

        >>> import mirps
        >>> ds = mirps.load("1.1.0")
        >>> ds.institution("Mexican Commission for Refugee Aid").acronym
        'COMAR'
        >>> ds.institution("Ministry of Foreign Affairs", country="Guatemala").country.id
        'GT'
        """
        if country is None:
            return self._keys[Institution].get(key)  # type: ignore[no-any-return]
        where = self.country(country)
        return self._keys[Institution].get(key, lambda i: i.country == where)  # type: ignore[no-any-return]

    # -- queries -------------------------------------------------------------------------

    def initiatives(
        self,
        *,
        country: Filter[Country] = None,
        institution: Filter[Institution] = None,
        role: Filter[Role] = None,
        basis: Filter[Basis] = None,
        report: Filter[Report] = None,
        theme: Filter[Section] = None,
        place: Filter[Place] = None,
        text: str | None = None,
    ) -> Results[Initiative]:
        """The initiatives that match every filter given (filters combine with AND; a filter
        given a collection matches any of its members).

        ``institution``, ``role`` and ``basis`` select by involvement: an initiative matches
        when one of its involvements has that institution, in that role (``None``: any part
        at all), on that basis (``"stated"``: the report says it; ``"editorial"``: the
        editors' reading). ``theme`` is a section of a report (a topic such as
        ``"statistics"``); ``place`` matches initiatives in that place or anywhere inside it;
        ``text`` keeps those whose text holds every word of it.

        >>> import mirps
        >>> [i.id for i in mirps.load("1.1.0").initiatives(country="SV")]
        ['sv-characterization-study-update']
        >>> [i.id for i in mirps.load("2.0.0").initiatives(institution="ICRC", role="funder")]
        ['hn-mahe-differentiated-approach']
        """
        wanted: dict[str, Sequence[Hashable]] = {}
        if report is not None:
            wanted["report"] = _each(report, self.report)
        if country is not None:
            wanted["country"] = _each(country, self.country)
        if place is not None:
            wanted["place"] = _each(place, self.place)
        if theme is not None:
            wanted["theme"] = _each(theme, self.section)
        if institution is not None or role is not None or basis is not None:
            institutions = _NONE if institution is None else _each(institution, self.institution)
            roles = _NONE if role is None else _each(role, _role)
            bases = _NONE if basis is None else _each(basis, _basis)
            wanted["involvement"] = [(i, r, b) for i in institutions for r in roles for b in bases]
        return self._match(self._initiatives.select(wanted), text, Initiative)

    def partners(
        self,
        institution: str | Institution,
        *,
        report: Filter[Report] = None,
        country: Filter[Country] = None,
    ) -> Results[Institution]:
        """The institutions that work with ``institution`` on some initiative ("partners by
        institution"), in the dataset's order.

        Exactly: the institutions other than ``institution`` that take part in an initiative
        ``institution`` takes part in, both in one of the working roles
        (:data:`mirps.models.WORKING_ROLES`: ``lead``, ``partner``, ``funder``,
        ``implementer``, ``credited`` and ``member``), whatever the basis (``stated`` or
        ``editorial``). The roles ``presenter``, ``adviser``, ``secretariat``, ``supporter``
        and ``mentioned`` do not count, nor do key considerations, recommendations, sessions or
        reports: only initiatives. ``report`` and ``country`` keep the initiatives of those
        reports and countries. Not to be confused with :attr:`Initiative.partners`, one
        initiative's strategic partners (the role ``partner`` alone). The partner network
        (:meth:`network`) has the same links.

        >>> import mirps
        >>> "children-international" in [p.id for p in mirps.load("1.1.0").partners("UNHCR")]
        True
        """
        this = self.institution(institution)
        if report is None and country is None:
            return self._partner_index().get(this, Results((), Institution))
        shared = self.initiatives(institution=this, role=WORKING_ROLES, report=report, country=country)
        found = {i for initiative in shared for i in _working(initiative)}
        found.discard(this)
        return Results(sorted(found, key=self._positions.sort_key(Institution)), Institution)

    def _partner_index(self) -> dict[Institution, Results[Institution]]:
        """Each institution's partners over every initiative, built on first use."""
        if self._partners is None:
            pairs: dict[Institution, set[Institution]] = {}
            for initiative in self._of(Initiative):
                linked = _working(initiative)
                for one in linked:
                    pairs.setdefault(one, set()).update(linked)
            order = self._positions.sort_key(Institution)
            self._partners = {i: Results(sorted(p - {i}, key=order), Institution) for i, p in pairs.items()}
        return self._partners

    def related(self, record: Record | str) -> Results[Record]:
        """Every record that refers to a record (or the record with this id: "what links
        here"), in the dataset's order: by a link field, an involvement, a parent or a
        correction.

        >>> import mirps
        >>> ds = mirps.load("2.0.0")
        >>> "hn-mahe-differentiated-approach" in [r.id for r in ds.related(ds.institution("ICRC"))]
        True
        """
        record = self._own(record, "related")
        if self._related is None:
            found: dict[str, dict[Record, None]] = {}
            for rs in self._records.values():
                for one in rs:
                    for target in links_of(one):
                        found.setdefault(target.id, {})[one] = None
            self._related = {k: Results(v, Record) for k, v in found.items()}
        return self._related.get(record.id, Results((), Record))

    def recommendations(self, *, report: Filter[Report] = None, text: str | None = None) -> Results[Recommendation]:
        """The recommendations of a report (or all), optionally those holding every word of ``text``.

        >>> import mirps
        >>> [r.number for r in mirps.load("1.1.0").recommendations(text="online platform")]
        [13]
        """
        wanted = {} if report is None else {"report": _each(report, self.report)}
        return self._match(self._recommendations.select(wanted), text, Recommendation)

    def key_considerations(
        self,
        *,
        report: Filter[Report] = None,
        theme: Filter[Section] = None,
        text: str | None = None,
    ) -> Results[KeyConsideration]:
        """The key considerations, by report, topic section and words of text.

        >>> import mirps
        >>> len(mirps.load("1.1.0").key_considerations(report="wg-local-governance-2021"))
        9
        """
        wanted: dict[str, Sequence[Hashable]] = {}
        if report is not None:
            wanted["report"] = _each(report, self.report)
        if theme is not None:
            wanted["theme"] = _each(theme, self.section)
        return self._match(self._key_considerations.select(wanted), text, KeyConsideration)

    def sessions(self, *, report: Filter[Report] = None) -> Results[Session]:
        """The working sessions a report lists.

        >>> import mirps
        >>> [s.number for s in mirps.load("1.1.0").sessions(report="wg-local-governance-2021")]
        [1, 2, 3, 4]
        """
        return self._sessions.select({} if report is None else {"report": _each(report, self.report)})

    def participants(
        self,
        *,
        report: Filter[Report] = None,
        country: Filter[Country] = None,
        institution: Filter[Institution] = None,
    ) -> Results[Participant]:
        """The people a report's annexes list, by report, country and institution
        (an institution includes the bodies inside it).

        >>> import mirps
        >>> [p.name for p in mirps.load("1.1.0").participants(institution="Municipality of São Paulo")]
        ['Fabio Ando Filho']
        """
        wanted: dict[str, Sequence[Hashable]] = {}
        if report is not None:
            wanted["report"] = _each(report, self.report)
        if country is not None:
            wanted["country"] = _each(country, self.country)
        if institution is not None:
            wanted["institution"] = _each(institution, self.institution)
        return self._participants.select(wanted)

    def search(self, text: str) -> Results[Record]:
        """Every record of any kind whose text holds every word of ``text`` (a word matches
        the start of a word: "displac" finds "displaced" and "displacement").

        >>> import mirps
        >>> any(r.id == "hn-community-art-san-pedro-sula" for r in mirps.load("1.1.0").search("arte comunitario"))
        True
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return Results(self._words().find(text), Record)

    def _match(self, records: Results[R], text: str | None, kind: type[R]) -> Results[R]:
        """``records`` (of ``kind``) that hold every word of ``text``, in dataset order."""
        if text is None:
            return records
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        start, stop = self._spans[kind]
        hits = self._words().find(text, start, stop)
        if len(records) == stop - start:  # every record of the kind
            return Results(cast("list[R]", hits), kind)
        chosen = set(hits)
        return Results((r for r in records if r in chosen), kind)

    def _words(self) -> TextIndex:
        """The search index, made on the first search."""
        if self._text_index is None:
            from ._search import TextIndex, texts_of  # a program that never searches never imports it

            every: list[Record] = []
            texts: list[str] = []
            # a correction may name a record a dataset made in memory lacks: it gives no spellings
            corrected = {i: self._corrected_spellings(i) for i in self._corrections if i in self._by_id}
            with collector_off():
                for cls, rs in self._records.items():
                    every += rs
                    texts += texts_of(rs, cls, corrected)
                self._text_index = TextIndex(every, texts)
        return self._text_index

    # -- versions and citation -----------------------------------------------------------

    def diff(self, other: Dataset) -> Diff:
        """The records added, removed and changed from this dataset to ``other``.

        >>> import mirps
        >>> d = mirps.load("1.0.0").diff(mirps.load("1.1.0"))
        >>> len(d.added) > 100, d.removed
        (True, ())
        """
        from ._diff import diff

        if not isinstance(other, Dataset):
            raise TypeError(f"diff() takes a Dataset, not {type(other).__name__}")
        return diff(self, other)

    def cite(self, record: Record | str | None = None) -> str:
        """A citation of this dataset version, or of a record (or the record with this id):
        its report, section and page.

        >>> import mirps
        >>> ds = mirps.load("1.0.0")
        >>> print(ds.cite(ds.get("mx-general-law-internal-displacement")))  # doctest: +ELLIPSIS
        MIRPS Working Group on ... Report 2021, section 1 "ON POLICY ...", from p. 7. In: mirps dataset 1.0.0 (...
        """
        digest = f" (sha256:{self._sha256[:12]})" if self._sha256 else ""
        dataset = f"mirps dataset {self._version}{digest}"
        if record is None:
            titles = "; ".join(f"{r.working_group} ({r.year})" for r in self.reports)
            return f"{dataset}: the reports of the MIRPS {titles}."
        record = self._own(record, "cite")
        section = getattr(record, "section", None)
        if isinstance(record, Section):
            section = record
        if not isinstance(section, Section):
            return f"{dataset}, record {record.id}."
        where = f'section {section.number + " " if section.number else ""}"{section.title}"'
        page = ""
        if section.from_page is not None:  # the page the section starts on, not the record's
            page = f", p. {section.from_page}" if record is section else f", from p. {section.from_page}"
        return f"{_titlecase(section.report.title)}, {where}{page}. In: {dataset}, record {record.id}."

    def to_pandas(self) -> dict[str, Any]:
        """Every record kind and link table as a pandas DataFrame, by table name.

        Needs pandas: ``pip install "mirps[pandas]"``.

        >>> import mirps
        >>> frames = mirps.load().to_pandas()
        >>> frames["initiative_involvements"].columns.tolist()[:4]
        ['initiative', 'institution', 'role', 'basis']
        """
        from .export import to_pandas

        return to_pandas(self)

    def export(self, format: str, out: str | os.PathLike[str]) -> list[Path]:
        """Write the dataset into the folder ``out`` as ``json``, ``csv``, ``datapackage``,
        ``hxl``, ``graphml`` or ``edgelist`` (the partner network) or ``xlsx`` (one sheet per
        table; needs ``mirps[excel]``).

        Returns the paths written.

        >>> import mirps, tempfile
        >>> paths = mirps.load("1.1.0").export("hxl", tempfile.mkdtemp())
        >>> paths[0].name
        'mirps-1.1.0-3w.csv'
        """
        from .export import export

        return export(self, format, out)

    def network(self, *, role: Filter[Role] = WORKING_ROLES, report: Filter[Report] = None) -> Any:
        """The partner network as a ``networkx.Graph``: a node for every institution involved
        in an initiative in ``role`` (by default the working roles, as :meth:`partners`
        counts; ``None``: any part at all), an edge between two that share initiatives.

        A node is keyed by the institution's id and has ``name``, ``acronym``, ``kind`` and
        ``country`` (a country id; "" for no acronym or no country); an edge has ``weight``
        (how many initiatives the two share) and ``initiatives`` (their ids, in dataset order).
        ``report`` keeps the initiatives of a report (or several). A node's neighbours are its
        :meth:`partners`, in the same order. Needs networkx: ``pip install "mirps[network]"``.

        >>> import mirps
        >>> graph = mirps.load("2.1.0").network()
        >>> graph.nodes["unhcr"]["acronym"], graph.edges["unhcr", "mx-segob"]["weight"]
        ('UNHCR', 3)
        >>> list(graph["unhcr"]) == [p.id for p in mirps.load("2.1.0").partners("unhcr")]
        True
        """
        from ._network import network_of, to_networkx

        return to_networkx(network_of(self, role=role, report=report))

    # -- the document --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The dataset as its JSON document: plain dicts, lists and strings, ids for links.

        >>> import mirps
        >>> mirps.load("1.0.0").to_dict()["initiatives"][0]["section"]
        {'id': 'wg-internal-displacement-2021/policy-frameworks'}
        """
        from ._convert import unstructure_document

        kinds = (cls for cls, rs in self._records.items() if rs or cls.collection in self._collections)
        return unstructure_document(self._version, self._records, kinds, self._fields)

    def dumps(self) -> bytes:
        """The canonical bytes of the dataset's JSON document (what the bundled files hold).

        >>> import hashlib, mirps
        >>> ds = mirps.load("1.0.0")
        >>> hashlib.sha256(ds.dumps()).hexdigest() == ds.sha256
        True
        """
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")


def _titlecase(title: str) -> str:
    """A report's capitalised title for a citation: "MIRPS Working Group on ... Report 2021"."""
    if title != title.upper():
        return title
    small = {"on", "of", "the", "and", "in", "for", "to", "a"}
    keep = {"MIRPS", "OAS", "UNHCR"}
    words = [w if w in keep else w.lower() if w.lower() in small else w.capitalize() for w in title.split()]
    return " ".join(words)


def _apply(correction: Correction, value: Any) -> Any:
    if isinstance(value, str):
        return correction.apply(value)
    if isinstance(value, tuple):
        return tuple(_apply(correction, v) for v in value)
    return value


def _role(role: object) -> Role:
    return _member(Role, "role", role)


def _basis(basis: object) -> Basis:
    return _member(Basis, "basis", basis)


E = TypeVar("E", Role, Basis)


def _member(enum_type: type[E], name: str, value: object) -> E:
    if isinstance(value, enum_type):
        return value
    found = enum_type._value2member_map_.get(value)  # as written: the common case
    if found is not None:
        return found  # type: ignore[return-value]
    if not isinstance(value, str):
        allowed = ", ".join(repr(m.value) for m in enum_type)
        raise TypeError(f"{name} must be one of {allowed} or None, not {type(value).__name__}")
    try:
        return enum_type(fold(value))
    except ValueError:
        raise NotFoundError(name, value, suggest(value, [m.value for m in enum_type])) from None


_NONE = (None,)
#: What a filter takes as one value, not as a collection of values.
_ONE = (str, Record)


def _each(value: object, resolve: Callable[[Any], V]) -> tuple[V, ...]:
    """A filter's value resolved: one key or record, or each of a collection of them."""
    if isinstance(value, _ONE) or not isinstance(value, Iterable):
        return (resolve(value),)
    return tuple(dict.fromkeys(resolve(v) for v in value))


def _working(initiative: Initiative) -> tuple[Institution, ...]:
    """The institutions working on an initiative: those in one of the working roles."""
    return tuple(dict.fromkeys(i.institution for i in initiative.involvements if i.role in WORKING_ROLES))
