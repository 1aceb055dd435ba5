"""Reading a dataset document into records without cattrs: the rules every load checks, and
the fast way to build the records of a valid document.

:func:`structure_fast` builds the records of a document with nothing wrong in it, checking
every rule the cattrs converter of ``_convert`` checks, and gives up (returns ``None``) at the
first thing wrong: then the converter reads the document again, to name every problem with
its JSON path. So a document loads to the same records, or is refused with the same problems,
whichever way it is read; a differential fuzz test holds the two to that.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from . import _legacy, models
from ._text import fold
from .models import (
    Correction,
    Country,
    FieldShape,
    Institution,
    Notes,
    Record,
    field_shapes,
    keys_of,
    record_kinds,
)

__all__ = ["LONGEST", "READS", "SCHEMA_MAJOR", "LongInteger", "integer", "structure_fast"]

#: The major version of the document schema this package writes (it reads 1 too: see ``_legacy``).
SCHEMA_MAJOR = 2
#: Every major version of the schema this package reads.
READS = (1, 2)
_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


class LongInteger:
    """An integer of the file too long for Python to read: more than :data:`LONGEST` digits
    (or than ``sys.get_int_max_str_digits()``). No field takes it, so the loader names it where
    it stands, the same on every Python version."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


#: The most digits the loader reads as an integer (Python's default limit).
LONGEST = 4300


def integer(text: str) -> int | LongInteger:
    """A JSON integer as the loader reads it (``json.loads``'s ``parse_int``)."""
    digits = len(text) - text.startswith("-")
    if digits > LONGEST:
        return LongInteger(digits)
    try:
        return int(text)
    except ValueError:  # a lower limit set with sys.set_int_max_str_digits
        return LongInteger(digits)


#: A JSON escape of a surrogate, which may stand alone: half a character, not text.
SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def lone_surrogates(value: object, path: str = "$") -> Iterator[str]:
    """A problem for each text (or key) of a parsed document that holds a lone surrogate."""
    if isinstance(value, str):
        if not _is_text(value):
            yield f"{path}: {value!r} holds half a character (a lone surrogate)"
    elif isinstance(value, dict):
        for key, item in value.items():
            if not _is_text(key):
                yield f"{path}: the key {key!r} holds half a character (a lone surrogate)"
            yield from lone_surrogates(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from lone_surrogates(item, f"{path}[{index}]")


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "integer", float: "number", bool: "boolean"}


def _json_type(value: object) -> str:
    """What a JSON value is, in a problem's words: ``integer``, ``number 1.5``, ``string``."""
    if value is None:
        return "null"
    if type(value) is float:
        return f"number {value!r}"
    if isinstance(value, LongInteger):
        return f"an integer of {value.digits} digits, more than are read"
    return _JSON_TYPES.get(type(value), type(value).__name__)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _structure_date(value: Any, _: Any) -> dt.date:
    # the form is checked here, not by the Python in use: fromisoformat takes "20210706" from 3.11
    if type(value) is not str or not _DATE.fullmatch(value):
        shown = repr(value) if type(value) is str else _json_type(value)
        raise TypeError(f"expected a date written YYYY-MM-DD, got {shown}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TypeError(f"{value!r} is not a date of the calendar") from None


def _structure_notes(value: Any, _: Any) -> Notes:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object of notes by field name, got {_json_type(value)}")
    for note in value.values():
        if type(note) is not str or not note.strip():
            raise TypeError(f"expected each note to be a non-empty string, got {_json_type(note)}")
    return Notes(value)


def _parents_first(raw: list[Any], kind: str, problems: list[str], broken: set[str]) -> Iterator[int]:
    """Indexes of a self-referencing kind's records, each record's parent before it."""
    index_of = {r["id"]: i for i, r in enumerate(raw) if isinstance(r, dict) and isinstance(r.get("id"), str)}
    done: set[int] = set()
    for start in range(len(raw)):
        chain: list[int] = []
        i: int | None = start
        while i is not None and i not in done and i not in chain:
            chain.append(i)
            parent = raw[i].get("parent") if isinstance(raw[i], dict) else None
            parent_id = parent.get("id") if isinstance(parent, dict) else None
            i = index_of.get(parent_id) if isinstance(parent_id, str) else None
        if i is not None and i in chain:
            problems.append(f"$.{kind}[{i}].parent: the parents form a cycle")
            done.update(chain)
            broken.update(raw[j]["id"] for j in chain if isinstance(raw[j].get("id"), str))
            continue
        for j in reversed(chain):
            done.add(j)
            yield j


def _links_any_record(cls: type[Record]) -> bool:
    """Whether a kind links to records of any kind (a correction's ``record``): such kinds are
    structured last, so that every record they may name is there."""
    return any(shape.type is Record for shape in field_shapes(cls))


def _check(records: Mapping[type[Record], tuple[Record, ...]], indexes: Mapping[type[Record], list[int]]) -> list[str]:
    """Rules that span records: codes, keys claimed twice, corrections that do not fit."""
    problems = []
    for i, country in zip(indexes[Country], typing.cast("tuple[Country, ...]", records[Country]), strict=True):
        if not re.fullmatch(r"[A-Z]{2}", country.id) or not re.fullmatch(r"[A-Z]{3}", country.alpha3):
            problems.append(f"$.countries[{i}]: id and alpha3 must be ISO 3166-1 codes in capitals")
    for i, place in zip(
        indexes[models.Place], typing.cast("tuple[models.Place, ...]", records[models.Place]), strict=True
    ):
        if place.subdivision is not None and not place.subdivision.startswith(place.country.id + "-"):
            problems.append(
                f"$.places[{i}].subdivision: {place.subdivision!r} is not a subdivision of {place.country.id}"
            )
    for cls in (Country, Institution):
        claimed: dict[tuple[str | None, str], str] = {}
        for i, record in zip(indexes[cls], records[cls], strict=True):
            scope = getattr(record, "country", None)
            scope_id = scope.id if isinstance(scope, Country) else None
            for key in dict.fromkeys(fold(k) for k in keys_of(record)):
                owner = claimed.setdefault((scope_id, key), record.id)
                if owner != record.id:
                    problems.append(f"$.{cls.collection}[{i}]: {key!r} is claimed by {owner!r} too")
    for kind, rs in records.items():
        for i, record in zip(indexes[kind], rs, strict=True):
            problems.extend(f"$.{kind.collection}[{i}]{p}" for p in _evidence(record))
    corrections = typing.cast("tuple[Correction, ...]", records[Correction])
    for i, correction in zip(indexes[Correction], corrections, strict=True):
        if not correction.published.strip():
            problems.append(f"$.corrections[{i}].published: empty: a correction names the text it corrects")
            continue
        if correction.field is None:
            continue
        if _shape(correction.record, correction.field) is None:  # a field of the report's words, not a property
            problems.append(
                f"$.corrections[{i}].field: {correction.record.id!r} has no text field {correction.field!r}"
            )
            continue
        value = getattr(correction.record, correction.field)
        if correction.published not in _texts(value) + "\n" + _heading_texts(correction.record, correction.field):
            problems.append(
                f"$.corrections[{i}].published: {correction.published!r} does not stand in "
                f"{correction.record.id}.{correction.field}"
            )
    return problems


def _evidence(record: Record) -> Iterator[str]:
    """What is wrong with a record's editorial notes, involvements and headings (each a
    JSON path within the record, then the problem)."""
    cls = type(record)
    fields, quoted = _fields_of(cls)
    for name in record.editorial:
        if name not in fields or name in ("id", "editorial"):
            yield f".editorial.{name}: {cls.__name__} has no field {name!r}"
    for j, inv in enumerate(getattr(record, "involvements", ())):
        field, evidence = inv.field, inv.evidence
        if inv.basis is _EDITORIAL and not (inv.note and inv.note.strip()):
            yield f".involvements[{j}].note: an editorial involvement needs the editors' note"
        if inv.basis is _STATED and (evidence is None or field is None):
            yield f".involvements[{j}].evidence: a stated involvement needs its evidence and the field it stands in"
        if field is None:
            if evidence is not None:
                yield f".involvements[{j}].field: evidence needs the field it stands in"
            continue
        shape = quoted.get(field)
        if shape is None:
            yield f".involvements[{j}].field: {record.id!r} has no text field {field!r}"
            continue
        value = getattr(record, field)
        if evidence is None or not (
            evidence in value if type(value) is str else any(evidence in item for item in value)
        ):
            yield f".involvements[{j}].evidence: {evidence!r} does not stand in {record.id}.{field}"
    seen: dict[str, int] = {}
    for j, heading in enumerate(getattr(record, "headings", ())):
        where = f".headings[{j}]"
        shape = quoted.get(heading.field)
        if shape is None or not shape.many:
            yield f"{where}.field: {record.id!r} has no list field {heading.field!r}"
            continue
        size = len(getattr(record, heading.field))
        if not seen.get(heading.field, 0) <= heading.start <= size:
            yield f"{where}.start: {heading.start} is not a place in {heading.field} after the previous heading"
        seen[heading.field] = heading.start


_EDITORIAL = models.Basis.EDITORIAL
_STATED = models.Basis.STATED
_FIELDS: dict[type[Any], tuple[frozenset[str], dict[str, FieldShape]]] = {}


def _fields_of(cls: type[Any]) -> tuple[frozenset[str], dict[str, FieldShape]]:
    """A class's field names, and the shapes of its quoted text fields by name."""
    found = _FIELDS.get(cls)
    if found is None:
        shapes = field_shapes(cls)
        found = _FIELDS[cls] = (frozenset(s.name for s in shapes), {s.name: s for s in shapes if s.quoted})
    return found


def _shape(record: Record, name: str) -> FieldShape | None:
    """The shape of a record's quoted text field ``name``, if it is one."""
    return _fields_of(type(record))[1].get(name)


def _texts(value: object) -> str:
    """All text of a field's value, joined, for finding a published span in it."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return "\n".join(_texts(v) for v in value)
    return ""


def _heading_texts(record: Record, field: str) -> str:
    """The headings of a record's list field, joined: a correction may correct one."""
    return "\n".join(h.text for h in getattr(record, "headings", ()) if h.field == field)


# -- the fast way ------------------------------------------------------------------------------


class _Reject(Exception):
    """Something in the document is wrong: the converter will say what, and where."""


_Build = Callable[[Any, dict[str, Any]], Any]
_BUILDERS: dict[type[Any], _Build] = {}


def _builder(cls: type[Any]) -> _Build:
    """The function that builds a ``cls`` from its JSON object and the records built so far
    (by id), or raises: a check and a conversion per field, made once per class from its
    fields' shapes."""
    found = _BUILDERS.get(cls)
    if found is None:
        found = _BUILDERS[cls] = _make_builder(cls)
    return found


def _make_builder(cls: type[Any]) -> _Build:
    names = _fields_of(cls)[0]
    plan = tuple((s.name, s.required, _value_of(s)) for s in field_shapes(cls))

    def build(item: Any, by_id: dict[str, Any]) -> Any:
        if type(item) is not dict or not names.issuperset(item):
            raise _Reject
        values = {}
        for name, required, value_of in plan:
            if name in item:
                value = item[name]
                if value_of is None:  # text: the most common field
                    if type(value) is not str:
                        raise _Reject
                    values[name] = value
                else:
                    values[name] = value_of(value, by_id)
            elif required:
                raise _Reject
        return cls(**values)

    return build


def _value_of(shape: FieldShape) -> _Build | None:
    """How one field's JSON value becomes its Python value (``None``: it is text as it is)."""
    one = _item_of(shape.type)
    if shape.many:
        if one is None:
            return _text_list
        each = one
        return lambda value, by_id: _many(value, by_id, each)
    if shape.optional:
        if one is None:
            return _optional_text
        maybe = one
        return lambda value, by_id: None if value is None else maybe(value, by_id)
    return one


def _text_list(value: Any, by_id: dict[str, Any]) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Reject
    for item in value:
        if type(item) is not str:
            raise _Reject
    return tuple(value)


def _optional_text(value: Any, by_id: dict[str, Any]) -> str | None:
    if value is not None and type(value) is not str:
        raise _Reject
    return value


def _many(value: Any, by_id: dict[str, Any], one: _Build) -> tuple[Any, ...]:
    if type(value) is not list:
        raise _Reject
    return tuple([one(item, by_id) for item in value])


def _item_of(tp: Any) -> _Build | None:
    """How one JSON value of type ``tp`` becomes its Python value (``None``: text, as it is)."""
    if tp is str:
        return None
    if isinstance(tp, type) and issubclass(tp, Record):
        kind = tp

        def reference(value: Any, by_id: dict[str, Any]) -> Any:
            if type(value) is not dict or len(value) != 1:
                raise _Reject
            found = by_id.get(value["id"])
            if not isinstance(found, kind):
                raise _Reject
            return found

        return reference
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = tp._value2member_map_
        expected = type(next(iter(tp)).value)

        def member(value: Any, by_id: dict[str, Any]) -> Any:
            if type(value) is not expected:
                raise _Reject
            return members[value]  # an unknown value: a KeyError, rejected too

        return member
    if tp is int:

        def whole_number(value: Any, by_id: dict[str, Any]) -> Any:
            if type(value) is not int:
                raise _Reject
            return value

        return whole_number
    if tp is dt.date:
        return lambda value, by_id: _structure_date(value, tp)
    if tp is Notes:
        return lambda value, by_id: _structure_notes(value, tp)
    if attrs.has(tp):
        return _builder(tp)
    raise TypeError(f"no fast way to read {tp!r}")  # a type this reader does not know: the converter reads it


def structure_fast(doc: object) -> tuple[str, dict[type[Record], tuple[Record, ...]]] | None:
    """The version and the records of a parsed JSON document with nothing wrong in it, or
    ``None`` if anything is (the converter then says what)."""
    try:
        return _structure_fast(doc)
    except Exception:  # anything wrong, however it shows: the converter will name it
        return None


def _structure_fast(doc: object) -> tuple[str, dict[type[Record], tuple[Record, ...]]] | None:
    if type(doc) is not dict:
        return None
    kinds = record_kinds()
    version = doc.get("version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        return None
    major = int(version.split(".")[0])
    collections = {cls.collection for cls in kinds}
    if major not in READS or any(key != "version" and key not in collections for key in doc):
        return None
    if major == 1:
        if _legacy.newer_fields(doc):
            return None
        doc, _ = _legacy.upgrade(doc)
    by_id: dict[str, Record] = {}  # every record built so far: what a reference may name
    records: dict[type[Record], tuple[Record, ...]] = {}
    indexes: dict[type[Record], list[int]] = {}
    for cls in sorted(kinds, key=_links_any_record):  # in the converter's order
        raw = doc.get(cls.collection, [])
        if type(raw) is not list:
            return None
        build = _builder(cls)
        order: Iterable[int] = range(len(raw))
        if "parent" in attrs.fields_dict(typing.cast(Any, cls)):  # each parent before its children
            problems: list[str] = []
            order = list(_parents_first(raw, cls.collection, problems, set()))
            if problems or len(order) != len(raw):
                return None
        built: list[Record | None] = [None] * len(raw)
        for i in order:
            record = build(raw[i], by_id)
            if record.id in by_id:  # a duplicate id: the converter names both places
                return None
            by_id[record.id] = built[i] = record
        indexes[cls] = list(range(len(raw)))
        records[cls] = typing.cast("tuple[Record, ...]", tuple(built))
    if _check(records, indexes):
        return None
    return version, records
