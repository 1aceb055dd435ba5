"""mirps: the reports of the MIRPS working groups as typed, versioned data.

MIRPS is the Comprehensive Regional Protection and Solutions Framework for Central America
and Mexico. Its working groups' reports list initiatives, recommendations and participants;
mirps ships them as immutable records in a bundled, versioned JSON dataset.

>>> import mirps
>>> [i.id for i in mirps.load("1.1.0").initiatives(country="El Salvador")]
['sv-characterization-study-update']
>>> mirps.initiatives(country="El Salvador") == mirps.load().initiatives(country="El Salvador")
True

The functions below query :func:`load`'s latest bundled dataset; call the same methods on
a :class:`Dataset` from ``mirps.load("1.0.0")`` to pin a version.
"""

from __future__ import annotations

from .errors import AmbiguousKeyError, DatasetError, MirpsError, NotFoundError

# ``import mirps`` stays as cheap as it can: the record classes, the loader and the rest are
# imported on first use (PEP 562), so a script that only imports pays for nothing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._dataset import Counts, Dataset, Filter, Results
    from ._diff import Change, Diff, FieldChange
    from ._versions import Release, available_versions, load, releases, schema
    from .models import (
        Basis,
        Correction,
        Country,
        Heading,
        Initiative,
        InitiativeKind,
        Institution,
        InstitutionKind,
        Involvement,
        KeyConsideration,
        Notes,
        Participant,
        ParticipantRole,
        Place,
        PlaceKind,
        Recommendation,
        Record,
        Report,
        Role,
        Section,
        Session,
        Source,
    )

__version__ = "0.1.0"

__all__ = [
    "AmbiguousKeyError",
    "Basis",
    "Change",
    "Correction",
    "Country",
    "Counts",
    "Dataset",
    "DatasetError",
    "Diff",
    "FieldChange",
    "Heading",
    "Initiative",
    "InitiativeKind",
    "Institution",
    "InstitutionKind",
    "Involvement",
    "KeyConsideration",
    "MirpsError",
    "NotFoundError",
    "Notes",
    "Participant",
    "ParticipantRole",
    "Place",
    "PlaceKind",
    "Recommendation",
    "Record",
    "Release",
    "Report",
    "Results",
    "Role",
    "Section",
    "Session",
    "Source",
    "__version__",
    "available_versions",
    "country",
    "initiatives",
    "institution",
    "key_considerations",
    "load",
    "network",
    "participants",
    "partners",
    "place",
    "recommendations",
    "related",
    "releases",
    "report",
    "schema",
    "search",
    "section",
    "sessions",
]


#: Where the names of ``__all__`` that are not defined here live, looked in on first use.
_HOMES = ("models", "_versions", "_dataset", "_diff")
#: The public submodules, imported on first use too.
_SUBMODULES = ("cli", "errors", "export", "models")


def __getattr__(name: str) -> Any:
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in __all__:
        for home in _HOMES:
            value = getattr(importlib.import_module(f".{home}", __name__), name, None)
            if value is not None:
                globals()[name] = value  # later look-ups skip this function
                return value
    raise AttributeError(f"module 'mirps' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _latest() -> Dataset:
    from ._versions import load

    return load()


def report(key: str | Report) -> Report:
    """The report with this id, title or working group name (see :meth:`Dataset.report`).

    >>> import mirps
    >>> mirps.load("1.1.0").report("wg-local-governance-2021").working_group
    'Working Group on Local Governance'
    >>> mirps.report("wg-local-governance-2021") == mirps.load().report("wg-local-governance-2021")
    True
    """
    return _latest().report(key)


def section(key: str | Section) -> Section:
    """The section with this id, slug or title (see :meth:`Dataset.section`).

    >>> import mirps
    >>> key = "wg-internal-displacement-2021/statistics"
    >>> mirps.load("1.1.0").section(key).number
    '2'
    >>> mirps.section(key) == mirps.load().section(key)
    True
    """
    return _latest().section(key)


def country(key: str | Country) -> Country:
    """The country with this code or name, English or Spanish (see :meth:`Dataset.country`).

    >>> import mirps
    >>> mirps.load("1.1.0").country("mexico").id
    'MX'
    >>> mirps.country("mexico") == mirps.load().country("mexico")
    True
    """
    return _latest().country(key)


def place(key: str | Place) -> Place:
    """The place with this id, name or spelling (see :meth:`Dataset.place`).

    >>> import mirps
    >>> mirps.load("1.1.0").place("Esquipulas").subdivision
    'GT-20'
    >>> mirps.place("gt-esquipulas") == mirps.load().place("gt-esquipulas")
    True
    """
    return _latest().place(key)


def institution(key: str | Institution, *, country: str | Country | None = None) -> Institution:
    """The institution with this id, acronym, name or spelling (see :meth:`Dataset.institution`).

    >>> import mirps
    >>> mirps.load("1.1.0").institution("unhcr").name
    'United Nations High Commissioner for Refugees'
    >>> mirps.institution("unhcr") == mirps.load().institution("unhcr")
    True
    """
    return _latest().institution(key, country=country)


def initiatives(
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
    """The initiatives matching every filter given (see :meth:`Dataset.initiatives`).

    >>> import mirps
    >>> [i.id for i in mirps.load("1.1.0").initiatives(institution="SEGOB", role="lead")][:1]
    ['mx-general-law-internal-displacement']
    >>> mirps.initiatives(country="MX", role="lead") == mirps.load().initiatives(country="MX", role="lead")
    True
    """
    return _latest().initiatives(
        country=country,
        institution=institution,
        role=role,
        basis=basis,
        report=report,
        theme=theme,
        place=place,
        text=text,
    )


def partners(
    institution: str | Institution,
    *,
    report: Filter[Report] = None,
    country: Filter[Country] = None,
) -> Results[Institution]:
    """The institutions sharing an initiative with ``institution`` (see :meth:`Dataset.partners`).

    >>> import mirps
    >>> "unhcr" in [i.id for i in mirps.load("1.1.0").partners("Municipality of San Pedro Sula")]
    True
    >>> mirps.partners("unhcr") == mirps.load().partners("unhcr")
    True
    """
    return _latest().partners(institution, report=report, country=country)


#: The working roles (:data:`mirps.models.WORKING_ROLES`) by name: :func:`network`'s default,
#: which costs no import.
_WORKING_ROLES = ("lead", "partner", "funder", "implementer", "credited", "member")


def network(*, role: Filter[Role] = _WORKING_ROLES, report: Filter[Report] = None) -> Any:
    """The partner network as a ``networkx.Graph`` (see :meth:`Dataset.network`).

    >>> import mirps
    >>> graph = mirps.load("2.1.0").network(role="lead")
    >>> sorted(graph.nodes["unhcr"])
    ['acronym', 'country', 'kind', 'name']
    >>> list(mirps.network().edges(data=True)) == list(mirps.load().network().edges(data=True))
    True
    """
    return _latest().network(role=role, report=report)


def related(record: Record) -> Results[Record]:
    """Every record that refers to ``record`` (see :meth:`Dataset.related`).

    >>> import mirps
    >>> unhcr = mirps.institution("unhcr")
    >>> mirps.related(unhcr) == mirps.load().related(unhcr)
    True
    """
    return _latest().related(record)


def recommendations(*, report: Filter[Report] = None, text: str | None = None) -> Results[Recommendation]:
    """The recommendations (see :meth:`Dataset.recommendations`).

    >>> import mirps
    >>> len(mirps.load("1.1.0").recommendations(report="wg-local-governance-2021"))
    15
    >>> mirps.recommendations() == mirps.load().recommendations()
    True
    """
    return _latest().recommendations(report=report, text=text)


def key_considerations(
    *,
    report: Filter[Report] = None,
    theme: Filter[Section] = None,
    text: str | None = None,
) -> Results[KeyConsideration]:
    """The key considerations (see :meth:`Dataset.key_considerations`).

    >>> import mirps
    >>> len(mirps.load("1.1.0").key_considerations(theme="statistics"))
    2
    >>> mirps.key_considerations() == mirps.load().key_considerations()
    True
    """
    return _latest().key_considerations(report=report, theme=theme, text=text)


def sessions(*, report: Filter[Report] = None) -> Results[Session]:
    """The working sessions (see :meth:`Dataset.sessions`).

    >>> import mirps
    >>> [s.date.isoformat() for s in mirps.load("1.1.0").sessions()][:1]
    ['2021-07-06']
    >>> mirps.sessions() == mirps.load().sessions()
    True
    """
    return _latest().sessions(report=report)


def participants(
    *,
    report: Filter[Report] = None,
    country: Filter[Country] = None,
    institution: Filter[Institution] = None,
) -> Results[Participant]:
    """The people the reports' annexes list (see :meth:`Dataset.participants`).

    >>> import mirps
    >>> [p.name for p in mirps.load("1.1.0").participants(institution="UNICEF")]
    ['Roberto Rodríguez Meléndez']
    >>> mirps.participants() == mirps.load().participants()
    True
    """
    return _latest().participants(report=report, country=country, institution=institution)


def search(text: str) -> Results[Record]:
    """Every record holding every word of ``text`` (see :meth:`Dataset.search`).

    >>> import mirps
    >>> any(r.id == "unhcr" for r in mirps.load("1.1.0").search("high commissioner refugees"))
    True
    >>> mirps.search("high commissioner refugees") == mirps.load().search("high commissioner refugees")
    True
    """
    return _latest().search(text)
