"""The record classes of a mirps dataset.

Every record is a frozen, slotted attrs class: immutable, equal by value, hashable and
picklable. Records point at each other by object (``initiative.section.report.title``); in
the JSON document the same links are ids. Text that comes from a report is verbatim: the
report's own words, with only white space and bullets tidied.

>>> import mirps
>>> law = mirps.load().get("mx-general-law-internal-displacement")
>>> law.countries[0].name
'Mexico'
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterator
from typing import ClassVar

import attrs

__all__ = [
    "Correction",
    "Country",
    "Initiative",
    "InitiativeKind",
    "Institution",
    "InstitutionKind",
    "KeyConsideration",
    "Mention",
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
]


class _Kind(str, enum.Enum):
    """An enumeration whose members are their JSON strings."""

    def __str__(self) -> str:
        return str(self.value)


class PlaceKind(_Kind):
    """What kind of place a :class:`Place` is.

    >>> import mirps
    >>> mirps.place("Chiriquí").kind
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
    >>> str(mirps.institution("UNICEF").kind)
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
    >>> sorted({str(i.kind) for i in mirps.initiatives()})
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
    """The part an institution plays in an initiative.

    >>> import mirps
    >>> mirps.Role("lead") is mirps.Role.LEAD
    True
    """

    #: One of the report's "institutions in charge".
    LEAD = "lead"
    #: One of the report's "strategic partners".
    PARTNER = "partner"


class ParticipantRole(_Kind):
    """Why a person is listed in a report's annexes.

    >>> import mirps
    >>> [p.role.value for p in mirps.participants(institution="UNICEF")]
    ['adviser']
    """

    MEMBER = "member"
    ADVISER = "adviser"
    GUEST = "guest"


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Record:
    """Base of every record kind: a record has an ``id`` unique in its dataset.

    >>> import mirps
    >>> isinstance(mirps.country("MX"), mirps.Record)
    True
    """

    #: The kind's name in the JSON document (``"countries"`` and so on).
    collection: ClassVar[str] = ""

    id: str

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.label!r}>"

    def _repr_html_(self) -> str:
        from ._display import card

        return card(self)

    @property
    def label(self) -> str:
        """A short human name for the record (its name, title or text, shortened)."""
        for name in ("name", "title", "text", "published"):
            value = getattr(self, name, None)
            if isinstance(value, str):
                return value if len(value) <= 60 else value[:59] + "…"
        return self.id


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Country(Record):
    """A country, keyed by its ISO 3166-1 alpha-2 code.

    >>> import mirps
    >>> mirps.country("México").alpha3
    'MEX'
    """

    collection: ClassVar[str] = "countries"

    alpha3: str
    name: str
    name_es: str
    aliases: tuple[str, ...] = ()

    @property
    def alpha2(self) -> str:
        """The ISO 3166-1 alpha-2 code (the record's id)."""
        return self.id


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Place(Record):
    """A place below the country: a state, province, department, municipality or community.

    >>> import mirps
    >>> mirps.place("San Pedro Sula").subdivision
    'HN-CR'
    """

    collection: ClassVar[str] = "places"

    name: str
    kind: PlaceKind
    country: Country
    #: ISO 3166-2 code of the first-level division the place lies in (or is).
    subdivision: str | None = None
    parent: Place | None = None
    aliases: tuple[str, ...] = ()

    def within(self, other: Place) -> bool:
        """Whether this place is ``other`` or lies inside it.

        >>> import mirps
        >>> mirps.place("Llanos de Sula").within(mirps.place("San Pedro Sula"))
        True
        """
        place: Place | None = self
        while place is not None:
            if place == other:
                return True
            place = place.parent
        return False


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Institution(Record):
    """An organisation a report names: a ministry, a municipality, an agency, an NGO.

    >>> import mirps
    >>> mirps.institution("United Nations High Commissioner for Refugees").acronym
    'UNHCR'
    """

    collection: ClassVar[str] = "institutions"

    name: str
    acronym: str | None = None
    kind: InstitutionKind
    #: The country of a national or local body; ``None`` for international ones.
    country: Country | None = None
    #: The body it belongs to (a directorate's ministry, an office's municipality).
    parent: Institution | None = None
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Report(Record):
    """A source report of a MIRPS working group.

    >>> import mirps
    >>> mirps.report("wg-internal-displacement-2021").year
    2021
    """

    collection: ClassVar[str] = "reports"

    title: str
    subtitle: str | None = None
    working_group: str
    year: int
    pro_tempore_presidency: Country | None = None
    lead_country: Country | None = None
    members: tuple[Country, ...] = ()
    observers: tuple[Country, ...] = ()
    #: Municipalities taking part in the working group.
    member_places: tuple[Place, ...] = ()
    #: Countries of the panel of experts that supported the group.
    expert_countries: tuple[Country, ...] = ()
    advisory_panel: tuple[Institution, ...] = ()
    technical_secretariat: tuple[Institution, ...] = ()
    supported_by: tuple[Institution, ...] = ()
    #: The topics the report says the group addressed, in its words.
    themes: tuple[str, ...] = ()
    introduction: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Section(Record):
    """A heading of a report, with the page the report's index gives for it.

    >>> import mirps
    >>> mirps.load().section("wg-internal-displacement-2021/statistics").page
    9
    """

    collection: ClassVar[str] = "sections"

    report: Report
    number: str | None = None
    title: str
    #: The page the report's index gives; ``None`` where it gives none.
    page: int | None = None
    parent: Section | None = None
    #: The section's own lead-in paragraphs, those no other record holds.
    text: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The id's last part (``"statistics"``)."""
        return self.id.rpartition("/")[2]

    @property
    def index_page(self) -> int | None:
        """The page of this section, or of the nearest enclosing section that has one."""
        section: Section | None = self
        while section is not None:
            if section.page is not None:
                return section.page
            section = section.parent
        return None

    def within(self, other: Section) -> bool:
        """Whether this section is ``other`` or lies inside it.

        >>> import mirps
        >>> ds = mirps.load()
        >>> ds.section("statistics").within(ds.section("wg-internal-displacement-2021/key-considerations"))
        True
        """
        section: Section | None = self
        while section is not None:
            if section == other:
                return True
            section = section.parent
        return False


@attrs.frozen
class Source:
    """Where a record comes from: report, section and the page the report's index gives.

    >>> import mirps
    >>> source = mirps.load().get("mx-general-law-internal-displacement").source
    >>> source.report.id, source.page
    ('wg-internal-displacement-2021', 7)
    """

    section: Section

    @property
    def report(self) -> Report:
        """The source report."""
        return self.section.report

    @property
    def page(self) -> int | None:
        """The page the report's index gives for the section."""
        return self.section.index_page


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class _Sourced(Record):
    """A record that stands in one section of a report."""

    section: Section

    @property
    def report(self) -> Report:
        """The report the record comes from."""
        return self.section.report

    @property
    def source(self) -> Source:
        """Provenance: report, section and page."""
        return Source(self.section)


@attrs.frozen
class Mention:
    """An entry of a report's "institutions in charge" or "strategic partners", verbatim,
    with the institutions it names (none for a generic group such as "Legislators").

    >>> from mirps.models import Mention
    >>> Mention(text="Legislators").institutions
    ()
    """

    text: str
    institutions: tuple[Institution, ...] = ()


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Initiative(_Sourced):
    """An initiative, country experience or good practice, with every heading the report gives.

    >>> import mirps
    >>> art = mirps.load().get("hn-community-art-san-pedro-sula")
    >>> [i.acronym for i in art.partners]
    [None, 'UNHCR']
    """

    collection: ClassVar[str] = "initiatives"

    kind: InitiativeKind
    title: str
    countries: tuple[Country, ...] = ()
    places: tuple[Place, ...] = ()
    summary: tuple[str, ...] = ()
    institutions_in_charge: tuple[Mention, ...] = ()
    strategic_partners: tuple[Mention, ...] = ()
    objectives: tuple[str, ...] = ()
    target_population: tuple[str, ...] = ()
    geographic_coverage: tuple[str, ...] = ()
    length: tuple[str, ...] = ()
    description: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    results_to_date: tuple[str, ...] = ()
    enabling_elements: tuple[str, ...] = ()

    @property
    def leads(self) -> tuple[Institution, ...]:
        """The institutions in charge, each once, in the report's order."""
        return _distinct(self.institutions_in_charge)

    @property
    def partners(self) -> tuple[Institution, ...]:
        """The strategic partners, each once, in the report's order."""
        return _distinct(self.strategic_partners)

    def institutions(self, role: Role | str | None = None) -> tuple[Institution, ...]:
        """The institutions in ``role`` (``"lead"`` or ``"partner"``), or in either.

        >>> import mirps
        >>> art = mirps.load().get("hn-community-art-san-pedro-sula")
        >>> [i.id for i in art.institutions("partner")]
        ['children-international', 'unhcr']
        """
        if role is None:
            return tuple(dict.fromkeys(self.leads + self.partners))
        return self.leads if Role(role) is Role.LEAD else self.partners


def _distinct(mentions: tuple[Mention, ...]) -> tuple[Institution, ...]:
    return tuple(dict.fromkeys(i for m in mentions for i in m.institutions))


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class KeyConsideration(_Sourced):
    """A key consideration the working group drew from its sessions, under its topic section.

    >>> import mirps
    >>> mirps.key_considerations(theme="statistics")[0].text[:42]
    'The use of the harmonized approach respond'
    """

    collection: ClassVar[str] = "key_considerations"

    text: str


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Recommendation(_Sourced):
    """A recommendation of a report, with its number where the report numbers them.

    >>> import mirps
    >>> mirps.recommendations(report="wg-local-governance-2021")[0].number
    1
    """

    collection: ClassVar[str] = "recommendations"

    number: int | None = None
    text: str


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Session(_Sourced):
    """A working session of a group: its number, date and what it addressed.

    >>> import mirps
    >>> mirps.sessions()[1].topics
    ('coordination', 'partners', 'services')
    """

    collection: ClassVar[str] = "sessions"

    number: int
    date: _dt.date | None = None
    text: str
    topics: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Participant(_Sourced):
    """A person a report's annexes list: a member of a delegation, an adviser or a guest.

    >>> import mirps
    >>> [p.name for p in mirps.participants(country="Panama")][:2]
    ['Maite Cisneros', 'Hussein Pitty']
    """

    collection: ClassVar[str] = "participants"

    role: ParticipantRole
    honorific: str | None = None
    name: str
    country: Country | None = None
    institution: Institution | None = None
    position: str | None = None
    #: The annex heading the person is listed under, verbatim.
    listed_under: str
    #: The annex line as printed.
    published: str


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Correction(Record):
    """A correction of a report's text, kept beside the published text as data.

    ``published`` is the wrong span exactly as printed; it stands in ``record``'s ``field``
    (``field`` is ``None`` when the wrong text is in the report's page furniture, such as its
    index). ``corrected`` is what is meant, or ``None`` where that is not known.

    >>> import mirps
    >>> [c.corrected for c in mirps.load().corrections if c.published == "CIPPOV"]
    ['CIPPDV']
    """

    collection: ClassVar[str] = "corrections"

    record: Record
    field: str | None = None
    published: str
    corrected: str | None = None
    note: str

    def apply(self, text: str) -> str:
        """``text`` with the published span replaced by the corrected one (if known).

        >>> import mirps
        >>> c = mirps.load().get("wglg21-c-04")
        >>> c.apply("Inaki by Francisco Prieto")
        'Iñaki de Francisco Prieto'
        """
        if self.corrected is None:
            return text
        return text.replace(self.published, self.corrected)


def keys_of(record: Record) -> Iterator[str]:
    """The spellings a record answers to: id, codes, names and aliases."""
    yield record.id
    for name in ("alpha3", "acronym", "name", "name_es", "title", "working_group"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield value
    yield from getattr(record, "aliases", ())


#: Every record kind, in the order of the JSON document (referenced kinds first).
RECORD_TYPES: tuple[type[Record], ...] = (
    Country,
    Place,
    Institution,
    Report,
    Section,
    Initiative,
    KeyConsideration,
    Recommendation,
    Session,
    Participant,
    Correction,
)
