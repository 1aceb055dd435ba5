"""Fuzzing: mangled dataset files and arbitrary keys never escape as anything but our errors."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mirps
from mirps import loads
from mirps._text import words

from .conftest import bundled_bytes, document

BASE = document("1.0.0")
RAW = bundled_bytes("1.0.0")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the document, as a tuple of keys and indexes."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths(value, (*prefix, index))
    return out


PATHS = paths(BASE)[1:]


def at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    doc = json.loads(RAW)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        try:
            parent, last = at(doc, path[:-1]), path[-1]
            parent[last]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed it
        if not isinstance(parent, dict | list):
            continue  # an earlier mutation made it a string, whose characters index too
        operation = draw(st.sampled_from(["drop", "retype", "duplicate", "rename", "splice", "truncate"]))
        if operation == "drop":
            del parent[last]
        elif operation == "retype":
            parent[last] = draw(json_values)
        elif operation == "duplicate":
            if isinstance(parent, list):
                parent.append(json.loads(json.dumps(parent[last])))
            else:
                parent[last] = [parent[last], parent[last]]
        elif operation == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(last)
        elif operation == "splice":
            donor = draw(st.sampled_from(PATHS))
            parent[last] = json.loads(json.dumps(at(BASE, donor)))
        elif operation == "truncate":
            data = json.dumps(doc).encode()
            return data[: draw(st.integers(0, len(data) - 1))]
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_a_mutated_dataset_loads_or_raises_dataset_error(data: bytes) -> None:
    try:
        dataset = loads(data)
    except mirps.DatasetError as exc:
        assert exc.problems, "a DatasetError names its problems"
        assert all(p.startswith("$") for p in exc.problems), exc.problems
    else:
        assert loads(dataset.dumps()).dumps() == dataset.dumps()


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_dataset_error(data: bytes) -> None:
    with contextlib.suppress(mirps.DatasetError):
        loads(data)


DS = mirps.load()
keys = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["MX", "unhcr", "San Pedro Sula", "lead", "1.0.0", "", " "]),
    st.integers(),
    st.floats(),
    st.none(),
    st.binary(max_size=5),
    st.lists(st.text(max_size=3), max_size=2),
    st.sampled_from([*DS.countries[:2], *DS.institutions[:2], *DS.places[:2], *DS.sections[:2], *DS.reports]),
)
LOOKUPS = ["country", "institution", "place", "report", "section", "get"]
FILTERS = ["country", "institution", "role", "report", "theme", "place", "text"]


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(LOOKUPS), keys)
def test_lookups_raise_only_not_found_or_type_error(name: str, key: Any) -> None:
    with contextlib.suppress(mirps.NotFoundError, TypeError):
        getattr(DS, name)(key)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.sampled_from(FILTERS), keys, max_size=3))
def test_filters_raise_only_not_found_or_type_error(filters: dict[str, Any]) -> None:
    try:
        found = DS.initiatives(**filters)
    except (mirps.NotFoundError, TypeError):
        return
    except ValueError:  # only a text with nothing to look for
        assert isinstance(filters.get("text"), str) and not words(filters["text"])
        return
    assert all(isinstance(i, mirps.Initiative) for i in found)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["partners", "recommendations", "participants", "key_considerations", "search"]), keys, keys)
def test_other_queries_raise_only_not_found_or_type_error(name: str, first: Any, second: Any) -> None:
    query = getattr(DS, name)
    try:
        if name == "partners":
            query(first, country=second)
        elif name == "search":
            query(first)
        else:
            query(report=first)
    except (mirps.NotFoundError, TypeError):
        pass
    except ValueError:  # only a text with nothing to look for
        assert name == "search" and isinstance(first, str) and not words(first)
