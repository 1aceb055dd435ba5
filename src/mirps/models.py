"""The record classes of a mirps dataset.

Every record is a frozen, slotted attrs class: immutable, equal by value, hashable and
picklable. Records point at each other by object (``initiative.section.report.title``); in
the JSON document the same links are ids. Text that comes from a report is verbatim: the
report's own words, with only white space and bullets tidied.

>>> import mirps
>>> law = mirps.load("1.1.0").get("mx-general-law-internal-displacement")
>>> law.countries[0].name
'Mexico'
"""

from __future__ import annotations

import datetime as _dt
import enum
import inspect
import re
import sys
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar

import attrs

__all__ = [
    "WORKING_ROLES",
    "Basis",
    "Correction",
    "Country",
    "FieldShape",
    "Heading",
    "Initiative",
    "InitiativeKind",
    "Institution",
    "InstitutionKind",
    "Involvement",
    "KeyConsideration",
    "Notes",
    "Participant",
    "ParticipantRole",
    "Place",
    "PlaceKind",
    "Recommendation",
    "Record",
    "Report",
    "Role",
    "Section",
    "Session",
    "Source",
    "field_shapes",
    "items_of",
    "keys_of",
    "lineage",
    "lines",
    "links_of",
    "record_kinds",
    "singular",
]


class _Kind(str, enum.Enum):
    """An enumeration whose members are their JSON strings."""

    def __str__(self) -> str:
        return str(self.value)


class PlaceKind(_Kind):
    """What kind of place a :class:`Place` is.

    >>> import mirps
    >>> mirps.load("1.1.0").place("Chiriquí").kind
    <PlaceKind.PROVINCE: 'province'>
    """

    STATE = "state"
    PROVINCE = "province"
    DEPARTMENT = "department"
    MUNICIPALITY = "municipality"
    CITY = "city"
    SECTOR = "sector"
    COMMUNITY = "community"


class InstitutionKind(_Kind):
    """What kind of organisation an :class:`Institution` is.

    >>> import mirps
    >>> str(mirps.load("1.1.0").institution("UNICEF").kind)
    'un_agency'
    """

    NATIONAL_GOVERNMENT = "national_government"
    LOCAL_GOVERNMENT = "local_government"
    LEGISLATURE = "legislature"
    JUDICIARY = "judiciary"
    UN_AGENCY = "un_agency"
    INTERGOVERNMENTAL = "intergovernmental"
    NGO = "ngo"
    RED_CROSS = "red_cross"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIA = "academia"
    OTHER = "other"


class InitiativeKind(_Kind):
    """Where an :class:`Initiative` comes from in its report.

    >>> import mirps
    >>> sorted({str(i.kind) for i in mirps.load("1.1.0").initiatives()})
    ['country_experience', 'good_practice', 'initiative', 'regional_initiative']
    """

    #: An "initiative underway" block with its own headings.
    INITIATIVE = "initiative"
    #: An experience a member country presented.
    COUNTRY_EXPERIENCE = "country_experience"
    #: A good practice from elsewhere in the region.
    GOOD_PRACTICE = "good_practice"
    #: An initiative across several countries.
    REGIONAL_INITIATIVE = "regional_initiative"


class Role(_Kind):
    """The part an institution plays in a record (see :class:`Involvement`).

    Exports map the roles to IATI organisation roles and HXL attributes where those have one
    (see :data:`mirps.export.ROLE_CODES`).

    >>> import mirps
    >>> mirps.Role("lead") is mirps.Role.LEAD
    True
    """

    #: Leads the record's work or is in charge of it (a report's "institutions in charge").
    LEAD = "lead"
    #: Works on it with the lead, as a partner or in collaboration (a report's "strategic partners").
    PARTNER = "partner"
    #: Pays for it, in whole or in part.
    FUNDER = "funder"
    #: Carries it out, or a part of it.
    IMPLEMENTER = "implementer"
    #: A result or action of the record that the report credits to it ("... (COMAR)").
    CREDITED = "credited"
    #: Presented it to the working group.
    PRESENTER = "presenter"
    #: Is a member of a body, group or panel the record is about.
    MEMBER = "member"
    #: Advises the working group, on its panel of advisers.
    ADVISER = "adviser"
    #: Serves the working group as its technical secretariat.
    SECRETARIAT = "secretariat"
    #: Supports the working group or the report in another way.
    SUPPORTER = "supporter"
    #: Named in the record's text, with no part in it.
    MENTIONED = "mentioned"


#: The roles that count as working on a record together, for :meth:`mirps.Dataset.partners`:
#: every part in the work itself, not presenting it, advising or being named.
WORKING_ROLES = frozenset({Role.LEAD, Role.PARTNER, Role.FUNDER, Role.IMPLEMENTER, Role.CREDITED, Role.MEMBER})


class Basis(_Kind):
    """How the dataset knows an :class:`Involvement`.

    >>> import mirps
    >>> str(mirps.Basis.STATED)
    'stated'
    """

    #: The report says it, under its own heading or in a sentence: the involvement quotes it.
    STATED = "stated"
    #: The editors' reading, explained in the involvement's note.
    EDITORIAL = "editorial"


class ParticipantRole(_Kind):
    """Why a person is listed in a report's annexes.

    >>> import mirps
    >>> [p.role.value for p in mirps.load("1.1.0").participants(institution="UNICEF")]
    ['adviser']
    """

    MEMBER = "member"
    ADVISER = "adviser"
    GUEST = "guest"


class Notes(Mapping[str, str]):
    """The editors' notes of a record, by field name: an immutable, hashable mapping.

    >>> n = Notes({"acronym": "The body's usual acronym; the report prints none."})
    >>> n["acronym"][:15], dict(n) == n, hash(n) == hash(Notes(dict(n)))
    ("The body's usua", True, True)
    """

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._items: dict[str, str] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and self._items == dict(other.items())

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Notes, (self._items,))


def _notes(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> Notes:
    return value if isinstance(value, Notes) else Notes(value)


#: The record kinds by JSON array name, in the order declared (see :func:`record_kinds`).
_KINDS: dict[str, type[Record]] = {}


#: The metadata of a text field that the editors write (an id, a code, a note), which quotes no report.
_EDITORS = {"editorial": True}


def _register(cls: type[Record]) -> None:
    taken = _KINDS.get(cls.collection)
    if cls.collection == "version" or (
        taken is not None and (taken.__module__, taken.__qualname__) != (cls.__module__, cls.__qualname__)
    ):
        raise TypeError(f"{cls.__qualname__}: the JSON array name {cls.collection!r} is taken")
    missing = [name for name in cls.columns if name not in attrs.fields_dict(cls) and not hasattr(cls, name)]
    if missing:
        raise TypeError(f"{cls.__qualname__}.columns names what it does not have: {', '.join(missing)}")
    _KINDS[cls.collection] = cls  # a class declared again (a reloaded cell) keeps its place


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Record:
    """Base of every record kind: a record has an ``id`` unique in its dataset.

    >>> import mirps
    >>> isinstance(mirps.load("1.1.0").country("MX"), mirps.Record)
    True
    """

    #: The kind's name in the JSON document (``"countries"`` and so on). A class that sets it
    #: in its own body is a record kind: declaring it is all it takes for the converter, the
    #: JSON Schema, the exports, the displays, the diff and the command line to know it.
    collection: ClassVar[str] = ""
    #: The fields (or properties) a results table shows for the kind; a card shows every field.
    columns: ClassVar[tuple[str, ...]] = ("id", "label")

    id: str = attrs.field(metadata=_EDITORS)
    """The record's id, unique across the whole dataset (countries: the ISO 3166-1 alpha-2 code)."""
    editorial: Notes = attrs.field(factory=Notes, converter=_notes)
    """The editors' note for each field whose value no report prints (an acronym the
    organisation uses, a parent the report does not state, a title that is no heading), by
    field name. Every other quoted field is the report's own words."""

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        # attrs calls this once a subclass is built (for a slotted class: the final class, not
        # the one the class statement made), so the registry holds the classes records are of.
        if "collection" in cls.__dict__:
            _register(cls)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.label!r}>"

    def _repr_html_(self) -> str:
        from ._display import card

        return card(self)

    @property
    def label(self) -> str:
        """A short human name for the record (its name, title or text, shortened)."""
        value = full_label(self)
        return value if len(value) <= 60 else value[:59] + "…"


def full_label(record: Record) -> str:
    """A record's name, title or text, whole (its id if it has none): what tables show for a
    linked record when names are asked for."""
    for name in ("name", "title", "text", "published"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Country(Record):
    """A country, keyed by its ISO 3166-1 alpha-2 code.

    >>> import mirps
    >>> mirps.load("1.1.0").country("México").alpha3
    'MEX'
    """

    collection: ClassVar[str] = "countries"
    columns: ClassVar[tuple[str, ...]] = ("id", "alpha3", "name", "name_es")

    alpha3: str = attrs.field(metadata=_EDITORS)
    """The ISO 3166-1 alpha-3 code."""
    name: str
    """The English name, as the reports give it (for a country no report names: its ISO 3166-1 name)."""
    name_es: str = attrs.field(metadata=_EDITORS)
    """The Spanish name (ISO 3166-1's, as the iso-codes project translates it)."""
    aliases: tuple[str, ...] = ()
    """Other names the reports use for the country, verbatim."""
    known_as: tuple[str, ...] = attrs.field(default=(), metadata=_EDITORS)
    """Its other names in ISO 3166-1, in English and Spanish (its formal name among them)."""

    @property
    def alpha2(self) -> str:
        """The ISO 3166-1 alpha-2 code (the record's id)."""
        return self.id


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Place(Record):
    """A place below the country: a state, province, department, municipality or community.

    >>> import mirps
    >>> mirps.load("1.1.0").place("San Pedro Sula").subdivision
    'HN-CR'
    """

    collection: ClassVar[str] = "places"
    columns: ClassVar[tuple[str, ...]] = ("id", "name", "name_es", "kind", "country", "subdivision", "parent")

    name: str
    """The name as the reports give it."""
    kind: PlaceKind = attrs.field(metadata=_EDITORS)
    """What kind of place it is: the editors' classification."""
    country: Country
    """The country it lies in."""
    subdivision: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The ISO 3166-2 code of the province, state or department it lies in (or is)."""
    parent: Place | None = None
    """The place it lies in: a community's sector, a sector's municipality."""
    aliases: tuple[str, ...] = ()
    """Other spellings the reports use, verbatim."""
    name_es: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The Spanish name, where it differs from ``name`` (its basis in ``editorial``)."""
    known_as: tuple[str, ...] = attrs.field(default=(), metadata=_EDITORS)
    """Other names in use that no report prints: short forms, names in the place's language."""
    iso_name: str | None = attrs.field(default=None, metadata=_EDITORS)
    """For a state, province or department: its name in ISO 3166-2."""

    def within(self, other: Place) -> bool:
        """Whether this place is ``other`` or lies inside it.

        >>> import mirps
        >>> ds = mirps.load("1.1.0")
        >>> ds.place("Llanos de Sula").within(ds.place("San Pedro Sula"))
        True
        """
        return other in lineage(self)


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Institution(Record):
    """An organisation a report names: a ministry, a municipality, an agency, an NGO.

    >>> import mirps
    >>> mirps.load("1.1.0").institution("United Nations High Commissioner for Refugees").acronym
    'UNHCR'
    """

    collection: ClassVar[str] = "institutions"
    columns: ClassVar[tuple[str, ...]] = ("id", "acronym", "name", "name_es", "kind", "country")

    name: str
    """The name, as the reports spell it at its fullest; where they garble it, the
    organisation's own name (marked in ``editorial``, the printed forms kept as aliases)."""
    acronym: str | None = None
    """The acronym, as the reports give it or (marked in ``editorial``) as the organisation uses it."""
    kind: InstitutionKind = attrs.field(metadata=_EDITORS)
    """What kind of organisation it is: the editors' classification."""
    country: Country | None = None
    """The country of a national or local body; none for international ones."""
    parent: Institution | None = None
    """The body it belongs to (a directorate's ministry, an office's municipality)."""
    aliases: tuple[str, ...] = ()
    """Every other spelling the reports use, misspellings included, verbatim."""
    name_es: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The official Spanish name (its basis in ``editorial``)."""
    acronym_es: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The Spanish acronym, where it differs from ``acronym`` (ACNUR, PNUD, OIM)."""
    known_as: tuple[str, ...] = attrs.field(default=(), metadata=_EDITORS)
    """Other names the organisation uses for itself that no report prints."""


@attrs.frozen
class Involvement:
    """An institution's part in a record, how the dataset knows it, and where the report says so.

    ``basis`` is :attr:`Basis.STATED` when the report says it: ``evidence`` then quotes the
    report's words verbatim, as they stand in the record's ``field``. It is
    :attr:`Basis.EDITORIAL` when it is the editors' reading: ``note`` says why, and
    ``evidence``, if any, quotes the words the reading rests on.

    >>> import mirps
    >>> law = mirps.load("2.0.0").get("mx-general-law-internal-displacement")
    >>> inv = law.involvements[0]
    >>> inv.institution.acronym, str(inv.role), str(inv.basis), inv.field
    ('SEGOB', 'lead', 'stated', 'institutions_in_charge')
    """

    institution: Institution
    """The institution."""
    role: Role
    """The part it plays."""
    basis: Basis = Basis.STATED
    """Whether the report says it (``stated``) or the editors read it (``editorial``)."""
    evidence: str | None = None
    """The report's words that say it, verbatim (required when stated)."""
    field: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The field of the record where the evidence stands."""
    note: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The editors' reason (required when editorial)."""


@attrs.frozen
class Heading:
    """A line of a list field that is not an item, kept verbatim as structure: a lead-in or
    group heading stands before the item at ``start`` and heads the items up to the next
    heading; a closing line ("More information ...") stands after the last item (``start`` is
    the list's length) and heads nothing.

    >>> import mirps
    >>> pndh = mirps.load("2.0.0").get("mx-national-human-rights-programme")
    >>> len(pndh.objectives), pndh.heading("objectives", 0)
    (5, 'The PNDH has 5 objectives:')
    """

    field: str = attrs.field(metadata=_EDITORS)
    """The list field it stands in."""
    start: int
    """The index of the item it stands before (the list's length: after the last)."""
    text: str
    """The heading, verbatim."""


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class _Involving(Record):
    """A record that names institutions: each link says what part, on what basis."""

    involvements: tuple[Involvement, ...] = ()
    """Every institution the record names, with the part it plays and the report's words."""

    def institutions(self, role: Role | str | None = None) -> tuple[Institution, ...]:
        """The institutions involved in ``role`` (any role when ``None``), each once, in order.

        >>> import mirps
        >>> art = mirps.load("2.0.0").get("hn-community-art-san-pedro-sula")
        >>> [i.id for i in art.institutions("partner")]
        ['children-international', 'unhcr']
        """
        wanted = None if role is None else Role(role)
        return tuple(dict.fromkeys(i.institution for i in self.involvements if wanted in (None, i.role)))


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Report(_Involving):
    """A source report of a MIRPS working group.

    >>> import mirps
    >>> mirps.load("1.1.0").report("wg-internal-displacement-2021").year
    2021
    """

    collection: ClassVar[str] = "reports"
    columns: ClassVar[tuple[str, ...]] = ("id", "title", "working_group", "year")

    title: str
    """The title as published."""
    subtitle: str | None = None
    """The subtitle as published, if any."""
    working_group: str
    """The working group that wrote the report."""
    year: int
    """The year of the report."""
    pro_tempore_presidency: Country | None = None
    """The country holding the MIRPS pro tempore presidency."""
    lead_country: Country | None = None
    """The country leading the working group, if the report names one."""
    members: tuple[Country, ...] = ()
    """The member countries of the working group."""
    observers: tuple[Country, ...] = ()
    """The observer countries."""
    member_places: tuple[Place, ...] = ()
    """The municipalities taking part in the working group."""
    expert_countries: tuple[Country, ...] = ()
    """The countries of the panel of experts that supported the group."""
    themes: tuple[str, ...] = ()
    """The topics the report says the group addressed, in its words."""
    introduction: tuple[str, ...] = ()
    """The introduction's paragraphs."""

    @property
    def advisory_panel(self) -> tuple[Institution, ...]:
        """The institutions of the group's panel of advisers (role ``adviser``)."""
        return self.institutions(Role.ADVISER)

    @property
    def technical_secretariat(self) -> tuple[Institution, ...]:
        """The institutions of the MIRPS technical secretariat (role ``secretariat``)."""
        return self.institutions(Role.SECRETARIAT)

    @property
    def supported_by(self) -> tuple[Institution, ...]:
        """The institutions the report names as supporting the group otherwise (role ``supporter``)."""
        return self.institutions(Role.SUPPORTER)


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Section(_Involving):
    """A heading of a report, with the page the report's index gives for it.

    >>> import mirps
    >>> mirps.load("1.1.0").section("wg-internal-displacement-2021/statistics").page
    9
    """

    collection: ClassVar[str] = "sections"
    columns: ClassVar[tuple[str, ...]] = ("id", "number", "title", "page")

    report: Report
    """The report the section belongs to."""
    number: str | None = None
    """The section's number as the report gives it ("2", "ANNEX 1")."""
    title: str
    """The heading, verbatim."""
    page: int | None = None
    """The page the report's index gives; none where it gives none."""
    parent: Section | None = None
    """The section it is part of."""
    text: tuple[str, ...] = ()
    """The section's own paragraphs, those no record in it holds: lead-ins, and sentences the
    report does not attribute to any one record."""

    @property
    def slug(self) -> str:
        """The id's last part (``"statistics"``)."""
        return self.id.rpartition("/")[2]

    @property
    def from_page(self) -> int | None:
        """The page the section's text is read from: its own :attr:`page`, or else that of the
        nearest enclosing section the report's index gives a page for (none where no enclosing
        section has one).

        >>> import mirps
        >>> ds = mirps.load("1.1.0")
        >>> [(s.page, s.from_page) for s in ds.sections if s.page is None and s.from_page is not None][:1]
        [(None, 10)]
        """
        return next((s.page for s in lineage(self) if s.page is not None), None)

    def within(self, other: Section) -> bool:
        """Whether this section is ``other`` or lies inside it.

        >>> import mirps
        >>> ds = mirps.load("1.1.0")
        >>> ds.section("statistics").within(ds.section("wg-internal-displacement-2021/key-considerations"))
        True
        """
        return other in lineage(self)


@attrs.frozen
class Source:
    """Where a record comes from: report, section and the page its section is read from.

    >>> import mirps
    >>> source = mirps.load("1.1.0").get("mx-general-law-internal-displacement").source
    >>> source.report.id, source.from_page
    ('wg-internal-displacement-2021', 7)
    """

    section: Section
    """The section the record stands in."""

    @property
    def report(self) -> Report:
        """The source report."""
        return self.section.report

    @property
    def from_page(self) -> int | None:
        """The page the record's section is read from (:attr:`Section.from_page`): the report's
        index gives the page a section starts on, not a record's."""
        return self.section.from_page


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class _Sourced(_Involving):
    """A record that stands in one section of a report."""

    section: Section
    """The section of the report the record stands in."""

    @property
    def report(self) -> Report:
        """The report the record comes from."""
        return self.section.report

    @property
    def source(self) -> Source:
        """Provenance: report, section and page."""
        return Source(self.section)


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Initiative(_Sourced):
    """An initiative, country experience or good practice, with every heading the report gives.

    >>> import mirps
    >>> art = mirps.load("2.0.0").get("hn-community-art-san-pedro-sula")
    >>> [i.acronym for i in art.partners]
    [None, 'UNHCR']
    """

    collection: ClassVar[str] = "initiatives"
    columns: ClassVar[tuple[str, ...]] = ("id", "kind", "countries", "title", "leads", "partners")

    kind: InitiativeKind = attrs.field(metadata=_EDITORS)
    """Where the initiative comes from in its report: the editors' classification."""
    title: str
    """The heading, or for a report without one a verbatim phrase naming the initiative."""
    countries: tuple[Country, ...] = ()
    """The countries where it takes place."""
    places: tuple[Place, ...] = ()
    """The places where it takes place."""
    summary: tuple[str, ...] = ()
    """The paragraphs right under the title."""
    institutions_in_charge: tuple[str, ...] = ()
    """The report's "institutions in charge", entry by entry; the institutions each names are
    ``lead`` involvements quoting it."""
    strategic_partners: tuple[str, ...] = ()
    """The report's "strategic partners", entry by entry; the institutions each names are
    ``partner`` involvements quoting it."""
    objectives: tuple[str, ...] = ()
    """The objectives, paragraph by paragraph and bullet by bullet."""
    target_population: tuple[str, ...] = ()
    """The target population."""
    geographic_coverage: tuple[str, ...] = ()
    """The geographic coverage, as the report words it."""
    length: tuple[str, ...] = ()
    """How long it runs."""
    description: tuple[str, ...] = ()
    """The descriptive paragraphs, in the report's order."""
    challenges: tuple[str, ...] = ()
    """The report's "potential challenges"."""
    next_steps: tuple[str, ...] = ()
    """The next steps."""
    results_to_date: tuple[str, ...] = ()
    """The results to date."""
    enabling_elements: tuple[str, ...] = ()
    """The report's "elements that enable implementation"."""
    headings: tuple[Heading, ...] = ()
    """The lead-ins and group headings of the list fields, verbatim, where they stand."""

    @property
    def leads(self) -> tuple[Institution, ...]:
        """The institutions in the ``lead`` role, each once, in the record's order."""
        return self.institutions(Role.LEAD)

    @property
    def partners(self) -> tuple[Institution, ...]:
        """The institutions in the ``partner`` role, each once, in the record's order."""
        return self.institutions(Role.PARTNER)

    def heading(self, field: str, index: int) -> str | None:
        """The heading the item ``index`` of the list ``field`` stands under, if any.

        >>> import mirps
        >>> pndh = mirps.load("2.0.0").get("mx-national-human-rights-programme")
        >>> pndh.heading("results_to_date", 25)
        'Training and awareness-raising actions:'
        """
        found = None
        for heading in self.headings:
            if heading.field == field and heading.start <= index:
                found = heading.text
        return found


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class KeyConsideration(_Sourced):
    """A key consideration the working group drew from its sessions, under its topic section.

    >>> import mirps
    >>> mirps.load("1.1.0").key_considerations(theme="statistics")[0].text[:42]
    'The use of the harmonized approach respond'
    """

    collection: ClassVar[str] = "key_considerations"
    columns: ClassVar[tuple[str, ...]] = ("id", "section", "text")

    heading: str | None = None
    """The lead-in it stands under, verbatim ("... consists of:"), if any."""
    text: str
    """The paragraph or bullet, verbatim."""


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Recommendation(_Sourced):
    """A recommendation of a report, with its number where the report numbers them.

    >>> import mirps
    >>> mirps.load("1.1.0").recommendations(report="wg-local-governance-2021")[0].number
    1
    """

    collection: ClassVar[str] = "recommendations"
    columns: ClassVar[tuple[str, ...]] = ("id", "number", "text")

    number: int | None = None
    """The number the report gives it, if any."""
    text: str
    """The recommendation, verbatim, without its number."""


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Session(_Sourced):
    """A working session of a group: its number, date and what it addressed.

    >>> import mirps
    >>> mirps.load("1.1.0").sessions()[1].topics
    ('coordination', 'partners', 'services')
    """

    collection: ClassVar[str] = "sessions"
    columns: ClassVar[tuple[str, ...]] = ("id", "number", "date", "text")

    number: int
    """The session's number."""
    date: _dt.date | None = None
    """The date it was held."""
    text: str
    """The report's words about the session."""
    topics: tuple[str, ...] = ()
    """What it addressed, in the report's words."""


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Participant(_Sourced):
    """A person a report's annexes list: a member of a delegation, an adviser or a guest.

    >>> import mirps
    >>> [p.name for p in mirps.load("1.1.0").participants(country="Panama")][:2]
    ['Maite Cisneros', 'Hussein Pitty']
    """

    collection: ClassVar[str] = "participants"
    columns: ClassVar[tuple[str, ...]] = ("id", "name", "role", "country", "institution")

    role: ParticipantRole
    """Why the person is listed: member of a delegation, adviser or guest."""
    honorific: str | None = None
    """The honorific as printed ("Mrs.", "Mr.")."""
    name: str
    """The name as printed."""
    country: Country | None = None
    """The country whose delegation the person belongs to."""
    institution: Institution | None = None
    """The institution the annex gives for the person."""
    position: str | None = None
    """The position the annex gives, verbatim."""
    listed_under: str
    """The annex heading the person is listed under, verbatim."""
    published: str
    """The annex line as printed."""


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Correction(Record):
    """A correction of a report's text, kept beside the published text as data.

    ``published`` is the wrong span exactly as printed; it stands in ``record``'s ``field``
    (``field`` is ``None`` when the wrong text is in the report's page furniture, such as its
    index). ``corrected`` is what is meant, or ``None`` where that is not known.

    >>> import mirps
    >>> [c.corrected for c in mirps.load("1.1.0").corrections if c.published == "CIPPOV"]
    ['CIPPDV']
    """

    collection: ClassVar[str] = "corrections"
    columns: ClassVar[tuple[str, ...]] = ("id", "record", "field", "published", "corrected")

    record: Record
    """The record whose text is corrected."""
    field: str | None = attrs.field(default=None, metadata=_EDITORS)
    """The field holding the wrong text; none when it is in the report's page furniture."""
    published: str
    """The wrong span exactly as printed."""
    corrected: str | None = attrs.field(default=None, metadata=_EDITORS)
    """What is meant; none where that is not known."""
    note: str = attrs.field(metadata=_EDITORS)
    """Why: the editors' explanation."""

    def apply(self, text: str) -> str:
        """``text`` with the published span replaced by the corrected one (if known).

        >>> import mirps
        >>> c = mirps.load("1.1.0").get("wglg21-c-04")
        >>> c.apply("Inaki by Francisco Prieto")
        'Iñaki de Francisco Prieto'
        """
        if self.corrected is None:
            return text
        return text.replace(self.published, self.corrected)


_Nested = TypeVar("_Nested", Place, Section, Institution)


def lineage(record: _Nested | None) -> Iterator[_Nested]:
    """``record`` and each record it lies in, outward: its parent, its parent's parent, ...

    >>> import mirps
    >>> [p.name for p in lineage(mirps.load("1.1.0").place("Llanos de Sula"))]
    ['Llanos de Sula', 'Rivera Hernández', 'San Pedro Sula']
    """
    while record is not None:
        yield record
        record = record.parent


@attrs.frozen
class FieldShape:
    """How a record class's field is typed, unwrapped: the type of its value (of each item,
    for a list), whether it holds a list, may be null, and must be given; and whether its
    text quotes a report (every text field does but those the editors write: ids, codes,
    acronyms, Spanish names, notes).

    >>> [(f.name, f.type.__name__, f.many, f.quoted) for f in field_shapes(Heading)]
    [('field', 'str', False, False), ('start', 'int', False, False), ('text', 'str', False, True)]
    >>> [f.name for f in field_shapes(Country) if f.quoted]
    ['name', 'aliases']
    """

    name: str
    type: Any
    many: bool
    optional: bool
    required: bool
    quoted: bool


_SHAPES: dict[type[Any], tuple[FieldShape, ...]] = {}
_SHARED = ("involvements", "editorial")


def field_shapes(cls: type[Any]) -> tuple[FieldShape, ...]:
    """The shape of every field of a record class (or of a value class held in records, such
    as :class:`Involvement`), in order: the class's own fields as declared, then
    ``involvements`` and ``editorial``, which come from its bases.

    The one place that reads the classes' annotations, for the converter, the JSON Schema,
    the exports and the data dictionary alike; each class is read once.
    """
    found = _SHAPES.get(cls)
    if found is not None:
        return found
    annotations = _annotations(cls)
    shapes = []
    for field in attrs.fields(cls):
        tp, optional = annotations.get(field.name, field.type), False
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            (tp,) = (a for a in typing.get_args(tp) if a is not type(None))
            optional = True
        many = typing.get_origin(tp) is tuple
        if many:
            tp = typing.get_args(tp)[0]
        quoted = tp is str and not field.metadata.get("editorial", False)
        shapes.append(FieldShape(field.name, tp, many, optional, field.default is attrs.NOTHING, quoted))
    # the fields every record has (or every record naming institutions) come last, after its own
    shapes.sort(key=lambda shape: _SHARED.index(shape.name) if shape.name in _SHARED else -1)
    found = _SHAPES[cls] = tuple(shapes)
    return found


_TYPES: dict[tuple[str, str], Any] = {}


def _annotations(cls: type[Any]) -> dict[str, Any]:
    """The type of each annotated attribute of ``cls``, each annotation read in the module of
    the class that declares it (what ``typing.get_type_hints`` does, for the few forms record
    classes use, and each distinct annotation evaluated once)."""
    found: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        module = sys.modules.get(base.__module__)
        for name, annotation in inspect.get_annotations(base).items():
            if isinstance(annotation, str) and module is not None:
                key = (module.__name__, annotation)
                if key not in _TYPES:
                    _TYPES[key] = eval(annotation, vars(module))  # the source's annotation, as get_type_hints does
                annotation = _TYPES[key]
            found[name] = annotation
    return found


def keys_of(record: Record) -> Iterator[str]:
    """The spellings a record answers to: id, codes, names in English and Spanish, aliases and
    the other names it is known by."""
    yield record.id
    for name in ("alpha3", "acronym", "acronym_es", "name", "name_es", "iso_name", "title", "working_group"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield value
    yield from getattr(record, "aliases", ())
    yield from getattr(record, "known_as", ())


def lines(record: Record, field: str) -> Iterator[Any]:
    """A list field's lines in the report's order: its items, and each :class:`Heading` where
    it stands (before the items it heads; a closing line last).

    >>> import mirps
    >>> pndh = mirps.load("2.0.0").get("mx-national-human-rights-programme")
    >>> [getattr(line, "text", line)[:24] for line in lines(pndh, "objectives")][:2]
    ['The PNDH has 5 objective', 'Ensure an articulated AP']
    """
    headings = [h for h in getattr(record, "headings", ()) if h.field == field]
    value = getattr(record, field)
    for index, item in enumerate(value):
        yield from (h for h in headings if h.start == index)
        yield item
    yield from (h for h in headings if h.start == len(value))


def items_of(record: Record) -> Iterator[Any]:
    """Every value a record holds, field by field, each item of a list on its own.

    >>> import mirps
    >>> list(items_of(mirps.load("2.0.0").country("MX")))[:3]
    ['MX', {}, 'MEX']
    """
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        yield from value if isinstance(value, tuple) else (value,)


def links_of(record: Record) -> Iterator[Record]:
    """Every record ``record`` links to: by a link field (a parent, a section, a correction's
    record, ...) or an involvement.

    >>> import mirps
    >>> ds = mirps.load("2.0.0")
    >>> ds.institution("ICRC") in set(links_of(ds.get("hn-mahe-differentiated-approach")))
    True
    """
    for item in items_of(record):
        if isinstance(item, Record):
            yield item
        elif isinstance(item, Involvement):
            yield item.institution


def record_kinds() -> tuple[type[Record], ...]:
    """Every record kind, in the order declared, which is the order of the JSON document:
    declare a kind after the kinds it links to (a link to any record, as a correction's, is
    resolved after every kind).

    >>> [cls.__name__ for cls in record_kinds()][:3]
    ['Country', 'Place', 'Institution']
    """
    return tuple(_KINDS.values())


def singular(kind: type[Record]) -> str:
    """A record kind's name in the singular, for link tables and their columns.

    >>> singular(KeyConsideration), singular(Record)
    ('key_consideration', 'record')
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", kind.__name__).lower()
