"""mirps: the reports of the MIRPS working groups as typed, versioned data.

MIRPS is the Comprehensive Regional Protection and Solutions Framework for Central America
and Mexico. Its working groups' reports list initiatives, recommendations and participants;
mirps ships them as immutable records in a bundled, versioned JSON dataset.

>>> import mirps
>>> [i.id for i in mirps.load("1.1.0").initiatives(country="El Salvador")]
['sv-characterization-study-update']
>>> mirps.initiatives(country="El Salvador") == mirps.load().initiatives(country="El Salvador")
True

The module-level queries (``mirps.initiatives``, ``mirps.partners``, ... : see
:data:`SHORTCUTS`) are the methods of :func:`load`'s latest bundled dataset; call the same
methods on a :class:`Dataset` from ``mirps.load("1.0.0")`` to pin a version.
"""

from __future__ import annotations

from .errors import AmbiguousKeyError, DatasetError, MirpsError, NotFoundError, UsageError

# ``import mirps`` stays as cheap as it can: the record classes, the loader and the rest are
# imported on first use (PEP 562), so a script that only imports pays for nothing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._dataset import Counts, Dataset, Results
    from ._diff import Change, Diff, FieldChange
    from ._versions import Release, available_versions, load, loads, releases, schema
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
    "UsageError",
    "__version__",
    "available_versions",
    "country",
    "initiatives",
    "institution",
    "key_considerations",
    "load",
    "loads",
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
#: The module-level queries: each is the method of the same name of the latest bundled
#: dataset, ``mirps.load()``, bound to it on first use (``mirps.initiatives`` is
#: ``mirps.load().initiatives``), so it has the method's signature, documentation and speed.
SHORTCUTS = (
    "country",
    "initiatives",
    "institution",
    "key_considerations",
    "network",
    "participants",
    "partners",
    "place",
    "recommendations",
    "related",
    "report",
    "search",
    "section",
    "sessions",
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Concatenate, ParamSpec, TypeVar

    _P = ParamSpec("_P")
    _T = TypeVar("_T")

    def _bound(method: Callable[Concatenate[Dataset, _P], _T]) -> Callable[_P, _T]:
        """What a type checker sees of a shortcut: the method without its ``self``."""
        raise NotImplementedError

    country = _bound(Dataset.country)
    initiatives = _bound(Dataset.initiatives)
    institution = _bound(Dataset.institution)
    key_considerations = _bound(Dataset.key_considerations)
    network = _bound(Dataset.network)
    participants = _bound(Dataset.participants)
    partners = _bound(Dataset.partners)
    place = _bound(Dataset.place)
    recommendations = _bound(Dataset.recommendations)
    related = _bound(Dataset.related)
    report = _bound(Dataset.report)
    search = _bound(Dataset.search)
    section = _bound(Dataset.section)
    sessions = _bound(Dataset.sessions)
else:  # hidden from type checkers, so that a misspelt name is an error to them too

    def __getattr__(name: str) -> Any:
        import importlib

        if name in _SUBMODULES:
            return importlib.import_module(f".{name}", __name__)
        value = None
        if name in SHORTCUTS:
            value = getattr(importlib.import_module("._versions", __name__).load(), name)
        elif name in __all__:
            homes = (importlib.import_module(f".{home}", __name__) for home in _HOMES)
            value = next((found for home in homes if (found := getattr(home, name, None)) is not None), None)
        if value is None:
            import sys  # name and obj: the traceback suggests the nearest name

            raise AttributeError(f"module 'mirps' has no attribute {name!r}", name=name, obj=sys.modules[__name__])
        globals()[name] = value  # later look-ups skip this function
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
