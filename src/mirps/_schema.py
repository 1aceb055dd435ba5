"""The JSON Schema (draft 2020-12) of the dataset document, derived from the record classes.

The package ships it as ``mirps/data/schema-2.json`` (see :func:`mirps.schema`); a test
checks that the shipped file is what this module derives, so the two cannot drift.
Regenerate it with ``python -m mirps._schema > src/mirps/data/schema-2.json``. The schema of
major version 1 (``schema-1.json``) was derived from the classes of that time and is kept as
it shipped: the documents of versions 1.x never change.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
from typing import Any

import attrs

from ._load import SCHEMA_MAJOR
from .models import FieldShape, Notes, Record, field_shapes, record_kinds

__all__ = ["build_schema"]

_REF = {"$ref": "#/$defs/ref"}


def _type(tp: Any) -> dict[str, Any]:
    if isinstance(tp, type) and issubclass(tp, Record):
        return _REF
    if tp is Notes:
        return {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}}
    if attrs.has(tp):  # a value held in records, such as an Involvement
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    return {"type": {str: "string", int: "integer"}[tp]}


def _property(shape: FieldShape) -> dict[str, Any]:
    schema = _type(shape.type)
    if shape.many:
        schema = {"type": "array", "items": schema}
    return {"anyOf": [schema, {"type": "null"}]} if shape.optional else schema


def _object(cls: type[Any]) -> dict[str, Any]:
    shapes = field_shapes(cls)
    return {
        "type": "object",
        "description": " ".join(inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].split()),
        "properties": {f.name: _property(f) for f in shapes},
        "required": [f.name for f in shapes if f.required],
        "additionalProperties": False,
    }


def build_schema() -> dict[str, Any]:
    """The schema of the dataset document, as plain data."""
    kinds = record_kinds()
    defs: dict[str, Any] = {
        "ref": {
            "type": "object",
            "description": "A link to another record, by its id.",
            "properties": {"id": {"type": "string"}},
            "required": ["id"],
            "additionalProperties": False,
        },
    }
    for value in dict.fromkeys(
        f.type for cls in kinds for f in field_shapes(cls) if attrs.has(f.type) and not issubclass(f.type, Record)
    ):  # the values held in records (Involvement, Heading)
        defs[value.__name__] = _object(value)
    for cls in kinds:
        defs[cls.__name__] = _object(cls)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"mirps dataset document, schema {SCHEMA_MAJOR}",
        "description": "One version of the mirps dataset: the reports of the MIRPS working groups as records.",
        "type": "object",
        "properties": {
            "version": {"type": "string", "pattern": rf"^{SCHEMA_MAJOR}\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"},
            **{cls.collection: {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}} for cls in kinds},
        },
        "required": ["version"],
        "additionalProperties": False,
        "$defs": defs,
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(build_schema(), ensure_ascii=False, indent=2))
