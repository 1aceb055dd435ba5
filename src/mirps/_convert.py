"""The cattrs converter between the JSON document and the records.

In the document records are flat and point at each other by id; in Python they hold each
other as objects. Structuring is strict: unknown keys, wrong types, missing fields, duplicate
ids and ids that point nowhere are all problems, each reported with its JSON path, and a
document with any problem yields nothing at all. A load reads a valid document the fast way
(``_load``) and comes here only when that way finds something wrong, to name every problem;
writing a dataset (``Dataset.dumps``) always comes here.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import enum
import typing
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception, transform_error

from . import _legacy
from ._load import (
    _JSON_TYPES,
    _VERSION,
    READS,
    _check,
    _json_type,
    _links_any_record,
    _parents_first,
    _structure_date,
    _structure_notes,
)
from .errors import DatasetError
from .models import FieldShape, Notes, Record, field_shapes, record_kinds, singular

__all__ = ["structure_document", "unstructure_document", "unstructure_record"]


class _Registry:
    """The records structured so far in one load, by id, and the ids of broken ones."""

    def __init__(self) -> None:
        self.by_id: dict[str, Record] = {}
        self.broken: set[str] = set()


_REGISTRY: contextvars.ContextVar[_Registry] = contextvars.ContextVar("mirps_registry")


class _UnknownRef(ValueError):
    """A reference to an id that no record of the expected kind has."""


class _BrokenRef(ValueError):
    """A reference to a record that has problems of its own (reported there, not here)."""


def _kind_name(cls: type[Record]) -> str:
    return singular(cls).replace("_", " ")


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _resolve(value: object, cls: type[Record]) -> Record:
    """The record a reference ``{"id": "..."}`` names."""
    if not isinstance(value, dict) or set(value) != {"id"} or not isinstance(value["id"], str):
        raise TypeError(f'expected a reference {{"id": ...}} to {_a(_kind_name(cls))}, got {_json_type(value)}')
    key = value["id"]
    registry = _REGISTRY.get()
    found = registry.by_id.get(key)
    if found is not None and isinstance(found, cls):
        return found
    if key in registry.broken:
        raise _BrokenRef(key)
    raise _UnknownRef(f"unknown {_kind_name(cls)} {key!r}")


def _expected(kind: type) -> str:
    return _JSON_TYPES.get(kind, kind.__name__)


def _moved(problem: str, moved: Mapping[str, str]) -> str:
    path, sep, message = problem.partition(": ")
    for new, old in moved.items():
        if path == new or path.startswith(new + "."):
            return old + path[len(new) :] + sep + message
    return problem


def _ref(record: Record) -> dict[str, str]:
    return {"id": record.id}


def _ref_hooks(shape: FieldShape) -> tuple[Callable[[Any, Any], Any], Callable[[Any], Any]] | None:
    """Structure and unstructure hooks for a field that refers to records, else None."""
    cls = shape.type
    if not (isinstance(cls, type) and issubclass(cls, Record)):
        return None
    if shape.many:
        return (
            (lambda v, t: _tuple_of(v, t, lambda x: _resolve(x, cls))),
            (lambda rs: [_ref(r) for r in rs]),
        )
    if shape.optional:
        return (
            (lambda v, _: None if v is None else _resolve(v, cls)),
            (lambda r: None if r is None else _ref(r)),
        )
    return (lambda v, _: _resolve(v, cls)), _ref


def _tuple_of(value: object, tp: Any, item: Callable[[Any], Any]) -> tuple[Any, ...]:
    """Structure a JSON array into a tuple, collecting each item's error with its index."""
    if not isinstance(value, list):
        raise TypeError(f"expected an array, got {_json_type(value)}")
    with contextlib.suppress(Exception):  # the common case: every item is fine
        return tuple(map(item, value))
    # else again, item by item, to name each problem with its index
    out, errors = [], []
    for index, element in enumerate(value):
        try:
            out.append(item(element))
        except Exception as exc:
            exc.__notes__ = [
                *getattr(exc, "__notes__", []),
                IterableValidationNote(f"Structuring {tp} @ index {index}", index, tp),
            ]
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
    return tuple(out)


def _strict(kind: type) -> Callable[[Any, Any], Any]:
    def hook(value: Any, tp: Any) -> Any:
        if tp is not kind and isinstance(tp, type) and issubclass(tp, enum.Enum):
            return _structure_enum(value, tp)  # an enumeration on ``kind`` (``class PlaceKind(str, Enum)``)
        if type(value) is not kind:
            raise TypeError(f"expected {_expected(kind)}, got {_json_type(value)}")
        return value

    return hook


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    expected = type(next(iter(kind)).value)
    if type(value) is not expected:
        raise TypeError(f"expected {_expected(expected)}, got {_json_type(value)}")
    return kind(value)


_BROKEN = "\0broken"


def _format(exc: BaseException, tp: Any) -> str:
    if isinstance(exc, _BrokenRef):
        return _BROKEN
    if isinstance(exc, _UnknownRef | TypeError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    if isinstance(exc, ValueError) and isinstance(tp, type) and issubclass(tp, enum.Enum):
        allowed = ", ".join(str(m.value) for m in tp)
        return f"invalid value, expected one of: {allowed}"
    return format_exception(exc, tp)


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _tuple_hook(converter: cattrs.Converter, tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    (item, _) = typing.get_args(tp)
    if item is str:  # the most common list: paragraphs and aliases
        strict = _strict(str)

        def texts(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is list and all(type(x) is str for x in value):
                return tuple(value)
            return _tuple_of(value, tp, lambda x: strict(x, str))

        return texts
    hook = converter.get_structure_hook(item)
    return lambda value, _: _tuple_of(value, tp, lambda x: hook(x, item))


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str))
    converter.register_structure_hook(int, _strict(int))
    # Any enumeration: a str- or int-based one reaches the str or int hook first, which hands it on.
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(Notes, _structure_notes)
    converter.register_unstructure_hook(Notes, dict)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook_factory(_is_tuple, lambda t: _tuple_hook(converter, t))
    # One structure and one unstructure function per record class (and class of values held in
    # records, such as Mention), each generated when first needed (a load needs no unstructure
    # functions, a dump no structure ones), so a kind declared later is known too.
    converter.register_structure_hook_factory(
        attrs.has,
        lambda cls: make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_use_linecache=False, **_overrides(cls)
        ),
    )
    converter.register_unstructure_hook_factory(attrs.has, lambda cls: _unstructure_fn(converter, cls))
    return converter


def _unstructure_fn(converter: cattrs.Converter, cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """A class's unstructure function: its fields in the order of :func:`field_shapes`."""
    plain = make_dict_unstructure_fn(cls, converter, _cattrs_use_linecache=False, **_overrides(cls))
    names = [f.name for f in attrs.fields(cls)]
    order = [s.name for s in field_shapes(cls)]
    if order == names:
        return plain
    return lambda record: _reorder(plain(record), order)


def _reorder(values: dict[str, Any], order: list[str]) -> dict[str, Any]:
    return {name: values[name] for name in order}


def _overrides(cls: type[Any]) -> dict[str, Any]:
    """How each field that links records is (un)structured: ids in JSON, objects in Python."""
    overrides = {}
    for shape in field_shapes(cls):
        hooks = _ref_hooks(shape)
        if hooks is not None:
            overrides[shape.name] = override(struct_hook=hooks[0], unstruct_hook=hooks[1])
    return overrides


_CONVERTER = _make_converter()


def _problems(exc: BaseException, path: str) -> list[str]:
    lines = []
    for line in transform_error(exc, path=path, format_exception=_format):
        message, _, where = line.rpartition(" @ ")
        if message != _BROKEN:
            lines.append(f"{where}: {message}")
    return lines


def structure_document(doc: object) -> tuple[str, dict[type[Record], tuple[Record, ...]]]:
    """The version and the records of a parsed JSON document, or :class:`DatasetError`."""
    if not isinstance(doc, dict):
        raise DatasetError([f"$: expected a JSON object, got {_json_type(doc)}"])
    kinds = record_kinds()
    known = {"version", *(cls.collection for cls in kinds)}
    problems = [f"$.{key}: unknown key" for key in doc if key not in known]
    moved: dict[str, str] = {}  # for a schema 1 document: where the file has each link moved
    version = doc.get("version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        problems.append(f"$.version: expected a version such as '1.0.0', got {version!r}")
    elif int(version.split(".")[0]) not in READS:
        problems.append(
            f"$.version: schema major version {version.split('.')[0]} is not supported "
            f"(this mirps reads {' and '.join(f'{m}.x.y' for m in READS)}); upgrade mirps"
        )
    elif int(version.split(".")[0]) == 1:
        problems += _legacy.newer_fields(doc)
        doc, moved = _legacy.upgrade(doc)
    registry = _Registry()
    seen: dict[str, str] = {}
    raws: dict[type[Record], list[Any]] = {}
    for cls in kinds:
        raw = doc.get(cls.collection, [])
        if not isinstance(raw, list):
            problems.append(f"$.{cls.collection}: expected a JSON array, got {_json_type(raw)}")
            raw = []
        raws[cls] = raw
        for i, item in enumerate(raw):
            where = f"$.{cls.collection}[{i}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: expected a JSON object, got {_json_type(item)}")
            elif isinstance(item.get("id"), str):
                if item["id"] in seen:
                    problems.append(f"{where}.id: duplicate id {item['id']!r} (also at {seen[item['id']]})")
                else:
                    seen[item["id"]] = where
    records: dict[type[Record], tuple[Record, ...]] = {}
    indexes: dict[type[Record], list[int]] = {}  # each built record's index in its array
    token = _REGISTRY.set(registry)
    try:
        for cls in sorted(kinds, key=_links_any_record):  # stable: else in the document's order
            raw = raws[cls]
            order: Iterator[int] | range = range(len(raw))
            if "parent" in attrs.fields_dict(cast(Any, cls)):
                order = _parents_first(raw, cls.collection, problems, registry.broken)
            built: dict[int, Record] = {}
            for i in order:
                item = raw[i]
                if not isinstance(item, dict):
                    continue
                try:
                    record = _CONVERTER.structure(item, cls)
                except Exception as exc:  # cattrs' validation errors and any other: each a problem
                    problems.extend(_problems(exc, f"$.{cls.collection}[{i}]"))
                    if isinstance(item.get("id"), str):
                        registry.broken.add(item["id"])
                    continue
                built[i] = record
                if seen.get(record.id) == f"$.{cls.collection}[{i}]":
                    registry.by_id[record.id] = record
            indexes[cls] = sorted(built)
            records[cls] = tuple(built[i] for i in indexes[cls])
    finally:
        _REGISTRY.reset(token)
    problems.extend(_check(records, indexes))
    if problems and moved:  # a schema 1 document: each problem where the file has it
        problems = [_moved(p, moved) for p in problems]
    if problems:
        raise DatasetError(problems)
    assert isinstance(version, str)
    return version, records


def unstructure_record(record: Any) -> dict[str, Any]:
    """One record (or a value held in one, such as an :class:`~mirps.Involvement`) as its JSON
    object (links as ``{"id": ...}``)."""
    return _CONVERTER.unstructure(record, type(record))  # type: ignore[no-any-return]


def unstructure_document(
    version: str,
    records: Mapping[type[Record], Sequence[Record]],
    kinds: Iterable[type[Record]] | None = None,
    fields: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Any]:
    """The JSON document (plain dicts and lists) of a dataset's records: an array for each of
    ``kinds`` (default: every record kind), in the document's order. ``fields`` gives, for an
    array, the fields its records had when read: a field added to the kind since is left out
    of a record where it holds nothing (null, an empty list or mapping)."""
    doc: dict[str, Any] = {"version": version}
    for cls in record_kinds() if kinds is None else kinds:
        rows = [_CONVERTER.unstructure(r, cls) for r in records.get(cls, ())]
        had = (fields or {}).get(cls.collection)
        if had is not None and rows:
            added = [name for name in rows[0] if name not in had]
            rows = [{k: v for k, v in row.items() if k not in added or v not in (None, [], {})} for row in rows]
        doc[cls.collection] = rows
    if version.split(".")[0] == "1":
        return _legacy.downgrade(doc)
    return doc
