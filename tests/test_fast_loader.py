"""The loader's two ways of reading a document agree: the fast way (no cattrs), which reads a
valid document, and the converter, which names every problem. Differential: on the bundled
versions and on documents mutated every which way, the fast way gives the converter's records
exactly, or gives up exactly where the converter finds a problem."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import mirps
from mirps import _convert, _load

from .conftest import at, bundled_bytes, paths

Read = tuple[str, dict[type[mirps.Record], tuple[mirps.Record, ...]]] | None


def parsed(data: bytes) -> Any:
    return json.loads(data, parse_int=_load.integer)


def both_ways(doc: Any) -> tuple[Read, Read]:
    """(the fast way's reading, the converter's), each ``None`` for a refusal."""
    fast = _load.structure_fast(copy.deepcopy(doc))
    try:
        slow: Read = _convert.structure_document(copy.deepcopy(doc))
    except mirps.DatasetError as exc:
        assert exc.problems
        slow = None
    return fast, slow


@pytest.mark.parametrize("version", mirps.available_versions())
def test_each_bundled_version_reads_the_same_both_ways(version: str) -> None:
    fast, slow = both_ways(parsed(bundled_bytes(version)))
    assert fast is not None and slow is not None, f"{version} is valid: both ways must read it"
    assert fast == slow
    assert {cls: len(rs) for cls, rs in fast[1].items()} == {cls: len(rs) for cls, rs in slow[1].items()}


FILE = Path(mirps.__file__).parent / "data" / mirps.releases()[-1].file


def test_a_load_of_a_valid_document_imports_no_cattrs() -> None:
    code = (
        "import sys, mirps; mirps.country('MX'); mirps.load('1.0.0').initiatives(country='HN');"
        f"mirps.load(path={str(FILE)!r}); print('cattrs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_problem_still_gets_the_converters_words() -> None:
    doc = parsed(bundled_bytes("2.1.0"))
    doc["initiatives"][0]["countries"] = [{"id": "XX"}]
    with pytest.raises(mirps.DatasetError) as found:
        mirps.loads(json.dumps(doc).encode())
    assert found.value.problems == ("$.initiatives[0].countries[0]: unknown country 'XX'",)


# -- mutations -------------------------------------------------------------------------------

BASES = {version: parsed(bundled_bytes(version)) for version in ("1.1.0", "2.1.0")}


PATHS = {version: [p for p in paths(doc) if p] for version, doc in BASES.items()}


#: The paths by what they end in (a field's name, or an index), so that a rare field (a
#: page, a year) is changed as often as a common one.
def end(path: tuple[Any, ...]) -> str:
    return "[]" if isinstance(path[-1], int) else str(path[-1])


BY_END = {
    version: {e: [p for p in found if end(p) == e] for e in sorted({end(p) for p in found})}
    for version, found in PATHS.items()
}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3000) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2),
    max_leaves=4,
)


def near(value: Any) -> list[Any]:
    """Values of a type near ``value``'s: what a loose check would let through."""
    if isinstance(value, bool):
        return [int(value), str(value).lower(), None]
    if isinstance(value, int):
        return [bool(value % 2), float(value), str(value), None, -value]
    if isinstance(value, str):
        return [None, 1, True, [value], {"id": value}, value.encode("ascii", "replace").decode()]
    if isinstance(value, list):
        return [None, {}, "x", value[:1] * 2, [None], value[0] if value else 0]
    if isinstance(value, dict):
        return [None, [value], "x", {**value, "id": 1}, {**value, "extra": None}]
    return ["x", 0, False]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A bundled document with a few changes: each keeps it valid or breaks it in one way."""
    version = draw(st.sampled_from(sorted(BASES)))
    doc = copy.deepcopy(BASES[version])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(BY_END[version][draw(st.sampled_from(sorted(BY_END[version])))]))
        try:
            parent, last, old = at(doc, path[:-1]), path[-1], at(doc, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change moved it
        same_kind = [
            at(BASES[version], p) for p in PATHS[version] if len(p) == len(path) and p[-1] == last and p != path
        ][:50]
        operation = draw(st.sampled_from(["drop", "any", "retype", "another", "twice", "reference", "text"]))
        if operation == "drop":
            del parent[last]
        elif operation == "any":
            parent[last] = draw(JSON)
        elif operation == "retype":  # a value of a near type: where a check might be loose
            parent[last] = draw(st.sampled_from(near(old)))
        elif operation == "another" and same_kind:  # a value the same field has elsewhere: often valid
            parent[last] = copy.deepcopy(draw(st.sampled_from(same_kind)))
        elif operation == "twice" and isinstance(parent, list):
            parent.append(copy.deepcopy(old))
        elif operation == "reference" and isinstance(old, dict) and set(old) == {"id"}:
            ids = [r["id"] for rs in doc.values() if isinstance(rs, list) for r in rs if isinstance(r, dict)]
            parent[last] = {"id": draw(st.sampled_from([*ids[:200], "nowhere"]))}
        elif operation == "text" and isinstance(old, str):
            parent[last] = draw(st.sampled_from(["", " ", old + "!", old.upper(), "2021-07-06", "lead", "x"]))
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_a_mutated_document_reads_the_same_both_ways(doc: Any) -> None:
    fast, slow = both_ways(doc)
    event("refused" if slow is None else "valid")
    assert fast == slow, "the fast way read it" if slow is None else "the fast way refused a valid document"


def first_paths(version: str) -> list[tuple[Any, ...]]:
    """For each field (and for a list's items), the first path to it."""
    return [found[0] for found in BY_END[version].values()]


@pytest.mark.slow
@pytest.mark.parametrize("path", first_paths("2.1.0"), ids=lambda p: ".".join(map(str, p)))
def test_every_field_given_a_value_of_a_near_type_reads_the_same_both_ways(path: tuple[Any, ...]) -> None:
    doc = BASES["2.1.0"]
    parent, last = at(doc, path[:-1]), path[-1]
    old = parent[last]
    try:
        for value in near(old):
            parent[last] = value
            fast, slow = both_ways(doc)
            assert fast == slow, (value, "the fast way read it" if slow is None else "the fast way refused it")
    finally:
        parent[last] = old


def test_a_first_answer_imports_neither_search_nor_the_converter() -> None:
    code = (
        "import sys, mirps; mirps.country('MX'); mirps.institution('UNHCR'); mirps.initiatives(country='HN');"
        "print(sorted(m for m in ('mirps._search', 'mirps._convert', 'cattrs') if m in sys.modules));"
        "mirps.search('refugees'); print('mirps._search' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True"]
