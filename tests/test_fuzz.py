"""Fuzzing against oracles: hostile dataset files load whole or name every problem; lookups,
filters and queries answer exactly what a brute force over the records answers, or raise the
error the key calls for, naming it; any command line exits 0 or 2, on any terminal encoding."""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import mirps
import mirps.cli
from mirps import loads
from mirps._text import fold, words
from mirps.models import WORKING_ROLES, Heading, Record, items_of, keys_of, lineage, links_of, record_kinds

from .conftest import at, bundled_bytes, document, paths

# -- hostile dataset files -----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


class Raw:
    """JSON text written into a mangled file as it is: what ``json.dumps`` would not write
    (an integer of 5000 digits, ``NaN``, nesting deeper than it recurses)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r}{'...' if len(self.text) > 40 else ''})"


#: Integers longer than Python reads (or than a lower limit allows).
LONG_INTEGERS = [Raw("9" * 4301), Raw("-" + "1" * 5000), Raw("1" * 50_000)]
#: Numbers where integers belong, and what JSON has no word for.
NUMBERS = [Raw(t) for t in ("1.0", "2021.0", "1e3", "-0.0", "0.5", "1E400", "-1e400", "NaN", "Infinity", "-Infinity")]
#: Nesting deeper than any record has, some deeper than a parser recurses.
DEEP = [Raw("[" * n + "]" * n) for n in (50, 900, 5000, 100_000)] + [Raw('{"a": ' * 3000 + "1" + "}" * 3000)]
#: Dates in forms other than YYYY-MM-DD (some that newer Pythons' ``fromisoformat`` takes).
DATES = [
    "20210706",
    "2021-W27-2",
    "2021-07-06T00:00",
    "2021-02-30",
    "2021-7-6",
    "\uff12\uff10\uff12\uff11-07-06",
    "0000-01-01",
]
#: Names a correction's ``field`` must not take: properties, fields that quote no report, nothing.
NOT_TEXT_FIELDS = [
    *("label", "slug", "source", "report", "leads", "partners", "advisory_panel", "alpha2", "from_page"),
    *("id", "editorial", "involvements", "headings", "kind", "section", "countries", "nonesuch", ""),
]
#: Texts that are empty to a reader.
BLANKS = ["", " ", "\t\n", "\u3000", "\u00a0"]
#: Text that is valid JSON but odd: lone surrogates, controls, marks, bidi, case-folding surprises.
ODD_TEXT = [
    *("\ud800", "\udfff", "a\ud83d", "\u0000", "\u202e", "\ufeff", "e\u0301", "İ", "ß", "ﬁ"),
    *("\U0001f1ed\U0001f1f3", "\u2028", "a\nb", "\\", '"', "$", "[0]", "a.b"),
]
HOSTILE = st.sampled_from([*LONG_INTEGERS, *NUMBERS, *DEEP, *DATES, *NOT_TEXT_FIELDS, *BLANKS, *ODD_TEXT])


def linked(node: Any) -> Iterator[str]:
    """The ids a document's links name."""
    if isinstance(node, dict):
        if set(node) == {"id"}:
            yield node["id"]
        for value in node.values():
            yield from linked(value)
    elif isinstance(node, list):
        for value in node:
            yield from linked(value)


def trimmed(doc: dict[str, Any]) -> dict[str, Any]:
    """A document without the countries nothing names but a few (the latest versions hold every
    ISO 3166-1 country): a smaller file of the same schema, for a quicker fuzz."""
    named = set(linked(doc))
    countries = doc["countries"]
    doc["countries"] = [c for c in countries if c["id"] in named] + [c for c in countries if c["id"] not in named][:5]
    return doc


#: The mangled files start from a schema 1 version and the latest schema 2 one, trimmed.
BASES = ("1.0.0", mirps.available_versions()[-1])
DOCUMENTS = {"1.0.0": document("1.0.0"), BASES[1]: trimmed(document(BASES[1]))}
RAW = {version: json.dumps(doc, ensure_ascii=False).encode() for version, doc in DOCUMENTS.items()}


#: Each base's paths by the top-level key they are under, so that a big array (every country
#: of ISO 3166-1) takes no more of the mutations than a small one.
PATHS = {
    version: {key: paths(value, (key,)) for key, value in doc.items() if key == "version" or value}
    for version, doc in DOCUMENTS.items()
}
EVERY_PATH = {version: [p for ps in where.values() for p in ps] for version, where in PATHS.items()}


def placeholder(n: int) -> str:
    return f"\x00mirps-raw-{n}\x00"


def dumped(doc: Any, raws: list[str], ensure_ascii: bool) -> bytes:
    """``doc`` as JSON bytes, each placeholder (as a value or a key) replaced by its raw text."""
    text = json.dumps(doc, ensure_ascii=ensure_ascii)
    for n, raw in enumerate(raws):
        text = text.replace(json.dumps(placeholder(n)), raw)
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate unescaped: bytes that are not UTF-8


#: What a mutation does ("odd": odd text within a text; "graft": a field from the other base's records
#: of the kind; the last three: a hostile value where it means most).
OPERATIONS = ["drop", "retype", "duplicate", "rename", "splice", "truncate", "hostile", "odd", "odd", "twice"]
OPERATIONS += ["graft", "correction", "published", "date"]


class Mangled(bytes):
    """A mangled file's bytes, shown (when a test fails) as the changes made, not 80 kB of JSON."""

    changes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Mangled({len(self)} bytes: {'; '.join(self.changes)})"


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@st.composite
def hostile_files(draw: st.DrawFn) -> Mangled:
    """A bundled file mangled: parts dropped, retyped, duplicated, renamed, spliced, cut short,
    and values of every hostile class put where fields expect something else."""
    version = draw(st.sampled_from(BASES))
    doc = json.loads(RAW[version])
    raws: list[str] = []
    changes = [version]

    def raw(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(value.text)
            return placeholder(len(raws) - 1)
        return value

    def done(data: bytes) -> Mangled:
        mangled = Mangled(data)
        mangled.changes = tuple(changes)
        return mangled

    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(OPERATIONS))
        if operation in ("correction", "published", "date"):  # where the hostile value means most
            name, field, values = {
                "correction": ("corrections", "field", NOT_TEXT_FIELDS),
                "published": ("corrections", "published", BLANKS),
                "date": ("sessions", "date", DATES),
            }[operation]
            array = doc.get(name)
            if not isinstance(array, list) or not array:
                continue
            index = draw(st.integers(0, len(array) - 1))
            if isinstance(array[index], dict):
                array[index][field] = draw(st.sampled_from(values))
                changes.append(f"$.{name}[{index}].{field} = {short(array[index][field])}")
            continue
        if operation == "graft":  # a field that records of the kind have in the other schema
            other = DOCUMENTS[BASES[1 - BASES.index(version)]]
            name = draw(st.sampled_from(sorted(k for k, v in other.items() if v and isinstance(doc.get(k), list))))
            array, donor = doc[name], draw(st.sampled_from(other[name]))
            if array and isinstance(array[index := draw(st.integers(0, len(array) - 1))], dict):
                field = draw(st.sampled_from(sorted(donor)))
                array[index][field] = json.loads(json.dumps(donor[field]))
                changes.append(f"$.{name}[{index}].{field} = {short(donor[field])}")
            continue
        where = PATHS[version]
        path = draw(st.sampled_from(where[draw(st.sampled_from(sorted(where)))]))
        try:
            parent, last = at(doc, path[:-1]), path[-1]
            parent[last]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed it
        if not isinstance(parent, dict | list):
            continue  # an earlier mutation made it a string, whose characters index too
        change = operation
        if operation == "drop":
            del parent[last]
        elif operation == "retype":
            parent[last] = draw(json_values)
            change = f"= {short(parent[last])}"
        elif operation == "hostile":
            value = draw(HOSTILE)
            parent[last] = raw(value)
            change = f"= {short(value)}"
        elif operation == "odd" and isinstance(parent[last], str):  # odd text within a text
            cut = draw(st.integers(0, len(parent[last])))
            odd = draw(st.sampled_from(ODD_TEXT))
            parent[last] = parent[last][:cut] + odd + parent[last][cut:]
            change = f"{short(odd)} at {cut}"
        elif operation == "twice" and isinstance(parent, dict):  # the same key twice in one object
            parent[raw(Raw(json.dumps(last)))] = json.loads(json.dumps(parent[last]))
        elif operation == "duplicate":
            if isinstance(parent, list):
                parent.append(json.loads(json.dumps(parent[last])))
            else:
                parent[last] = [parent[last], parent[last]]
        elif operation == "rename" and isinstance(parent, dict):
            new = draw(st.text(min_size=1, max_size=12) | st.sampled_from(ODD_TEXT))
            parent[new] = parent.pop(last)
            change = f"renamed {short(new)}"
        elif operation == "splice":
            donor = draw(st.sampled_from(EVERY_PATH[version]))
            parent[last] = json.loads(json.dumps(at(DOCUMENTS[version], donor)))
            change = f"= the value at {donor}"
        elif operation == "truncate":
            data = dumped(doc, raws, ensure_ascii=True)
            cut = draw(st.integers(0, len(data) - 1))
            changes.append(f"cut after byte {cut}")
            return done(data[:cut])
        else:
            continue
        changes.append(f"{path}: {change}")
    ensure_ascii = draw(st.booleans())
    changes.append("ASCII" if ensure_ascii else "UTF-8")
    return done(dumped(doc, raws, ensure_ascii=ensure_ascii))


def assert_names_its_problems(error: mirps.DatasetError, source: str | None = None) -> None:
    """A DatasetError's problems: at least one, each one line starting with its JSON path."""
    assert error.problems, "a DatasetError names its problems"
    for problem in error.problems:
        assert problem.startswith("$") and ": " in problem, problem
        assert len(problem.splitlines()) == 1, f"a problem is one line: {problem!r}"
    assert error.source == source
    assert str(error).startswith(f"{source}: " if source else "invalid mirps dataset")


def assert_whole(dataset: mirps.Dataset, read: bytes) -> None:
    """A dataset that loaded from ``read`` is whole: it holds every record of the file, in the
    file's order; it dumps and reads back byte for byte; and every record answers to its id,
    corrects, cites and knows what links to it."""
    doc = json.loads(read)
    assert dataset.version == doc["version"]
    for cls in record_kinds():
        assert [r.id for r in dataset.records(cls)] == [r["id"] for r in doc.get(cls.collection, [])]
    data = dataset.dumps()
    assert loads(data).dumps() == data
    for cls in record_kinds():
        for record in dataset.records(cls):
            assert dataset.get(record.id) is record
            fixed = dataset.corrected(record)
            assert type(fixed) is cls and fixed.id == record.id
            assert dataset.cite(record).endswith(f"record {record.id}.")
            for other in dataset.related(record):
                assert record.id in {r.id for r in links_of(other)}, (other, record)
            assert all(c.record is record for c in dataset.corrections_of(record))


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_files())
def test_a_hostile_dataset_file_loads_whole_or_raises_dataset_error_with_paths(data: bytes) -> None:
    try:
        dataset = loads(data, source="hostile.json")
    except mirps.DatasetError as exc:
        event("refused")
        assert_names_its_problems(exc, "hostile.json")
    else:
        event("loaded")
        assert_whole(dataset, data)


#: Pieces of JSON (and of what is not JSON), for byte strings that get past the first checks.
TOKENS = [
    *(b"{", b"}", b"[", b"]", b":", b",", b" ", b'"version"', b'"2.1.0"', b'"1.0.0"', b'"3.0.0"', b'"countries"'),
    *(b'"corrections"', b'"id"', b'"MX"', b"null", b"true", b"0", b"-", b"1.5", b"NaN", b"1e400", b'"\\ud800"'),
    *(b"\xff", b"\xef\xbb\xbf", b"\x00", b"9" * 5000),
]


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200) | st.lists(st.sampled_from(TOKENS), max_size=12).map(b"".join))
def test_any_bytes_load_whole_or_raise_dataset_error_with_paths(data: bytes) -> None:
    try:
        dataset = loads(data)
    except mirps.DatasetError as exc:
        assert_names_its_problems(exc)
    else:
        assert_whole(dataset, data)


# -- lookups, filters and queries, against oracles ----------------------------------------------

#: The latest dataset: these tests check laws that hold in every version.
DS = mirps.load()
EVERY = [r for cls in record_kinds() for r in DS.records(cls)]
#: The kinds a lookup method takes, by the method's name.
LOOKUPS: dict[str, type[Record]] = {
    "country": mirps.Country,
    "place": mirps.Place,
    "institution": mirps.Institution,
    "report": mirps.Report,
    "section": mirps.Section,
}


def spellings(record: Record) -> Iterator[str]:
    """What a record answers to: its keys, those of its corrected reading, a section's slug."""
    yield from keys_of(record)
    yield from keys_of(DS.corrected(record))
    if isinstance(record, mirps.Section):
        yield record.slug


#: Each kind's folded spellings, each with the records it names.
SPELLED: dict[type[Record], dict[str, set[Record]]] = {}
for _cls in LOOKUPS.values():
    for _record in DS.records(_cls):
        for _key in spellings(_record):
            SPELLED.setdefault(_cls, {}).setdefault(fold(_key), set()).add(_record)


def record_text(record: Record) -> Iterator[str]:
    """The text search looks in: what the record answers to and every text it holds."""
    yield from spellings(record)
    for item in items_of(record):
        if isinstance(item, str):
            yield item
        elif isinstance(item, Heading):
            yield item.text


WORDS = {r: words("\n".join(record_text(r))) for r in EVERY}


class Refused(Exception):
    """What the oracle expects instead of an answer: one of ``(error, key)``, each an error
    type and the key its message must name."""

    def __init__(self, *alternatives: tuple[type[Exception], object]) -> None:
        super().__init__(*alternatives)
        self.alternatives = alternatives


def expect_record(cls: type[Record], key: object, within: Callable[[Any], bool] | None = None) -> Any:
    """The record of kind ``cls`` that ``key`` names, or Refused."""
    if isinstance(key, Record):
        if not isinstance(key, cls):
            raise Refused((TypeError, key))
        if key in SPELLED[cls].get(fold(key.id), set()):
            return key
        same = [r for r in DS.records(cls) if r.id == key.id]
        if not same:
            raise Refused((mirps.NotFoundError, key))
        return same[0]
    if not isinstance(key, str):
        raise Refused((TypeError, key))
    found = sorted(SPELLED[cls].get(fold(key), set()), key=EVERY.index)
    if within is not None and len(found) > 1:
        found = [r for r in found if within(r)] or found
    if len(found) == 1:
        return found[0]
    raise Refused((mirps.AmbiguousKeyError if found else mirps.NotFoundError, key))


def expect_by_id(key: object) -> Record:
    if not isinstance(key, str):
        raise Refused((TypeError, key))
    found = [r for r in EVERY if r.id == key]
    if not found:
        raise Refused((mirps.NotFoundError, key))
    (record,) = found
    return record


def expect_member(enum_type: type[mirps.Role] | type[mirps.Basis]) -> Callable[[object], object]:
    def member(key: object) -> object:
        if isinstance(key, enum_type):
            return key
        if not isinstance(key, str):
            raise Refused((TypeError, key))
        if fold(key) not in {m.value for m in enum_type}:
            raise Refused((mirps.NotFoundError, key))
        return enum_type(fold(key))

    return member


def expect_words(text: object) -> list[str]:
    if not isinstance(text, str):
        raise Refused((TypeError, text))
    found = words(text)
    if not found:
        raise Refused((ValueError, text))
    return found


def expect_each(value: object, resolve: Callable[[object], object]) -> set[object]:
    """A filter's value as the oracle reads it: one key or record, or a collection of them."""
    if isinstance(value, str | Record) or not isinstance(value, Iterable):
        return {resolve(value)}
    return {resolve(v) for v in value}


RESOLVE: dict[str, Callable[[object], object]] = {
    "country": lambda k: expect_record(mirps.Country, k),
    "institution": lambda k: expect_record(mirps.Institution, k),
    "place": lambda k: expect_record(mirps.Place, k),
    "report": lambda k: expect_record(mirps.Report, k),
    "theme": lambda k: expect_record(mirps.Section, k),
    "role": expect_member(mirps.Role),
    "basis": expect_member(mirps.Basis),
}


def countries_in(record: Any) -> set[Any]:
    """The countries a filter by country finds a record by: its own, and its places'."""
    places = getattr(record, "places", ())
    return {*getattr(record, "countries", ()), *(p.country for p in places), getattr(record, "country", None)}


#: How each filter matches a record, given the records or values its key resolved to.
MATCHES: dict[str, Callable[[Any, set[Any]], bool]] = {
    "report": lambda r, wanted: r.section.report in wanted,
    "country": lambda r, wanted: bool(countries_in(r) & wanted),
    "place": lambda r, wanted: any(around in wanted for p in r.places for around in lineage(p)),
    "theme": lambda r, wanted: any(s in wanted for s in lineage(r.section)),
    "institution": lambda r, wanted: any(i in wanted for i in lineage(r.institution)),
}


def involved(record: Any, wanted: Mapping[str, set[Any]]) -> bool:
    """Whether one of an initiative's involvements has a wanted institution, role and basis."""
    return any(
        all(name not in wanted or getattr(inv, name) in wanted[name] for name in ("institution", "role", "basis"))
        for inv in record.involvements
    )


def holds(record: Record, query: list[str]) -> bool:
    return all(any(w.startswith(q) for w in WORDS[record]) for q in query)


def expect_query(records: Iterable[Any], filters: Mapping[str, object]) -> list[Any]:
    """The records that match every filter given (None: no filter), by brute force, or Refused
    with every error one of the filters calls for."""
    wanted: dict[str, set[Any]] = {}
    query: list[str] | None = None
    failed: list[tuple[type[Exception], object]] = []
    for name, value in filters.items():
        try:
            if name == "text":
                query = None if value is None else expect_words(value)
            elif value is not None:
                wanted[name] = expect_each(value, RESOLVE[name])
        except Refused as refused:
            failed += refused.alternatives
    if failed:
        raise Refused(*failed)
    by_involvement = {k: v for k, v in wanted.items() if k in ("institution", "role", "basis")}
    found = []
    for record in records:
        if isinstance(record, mirps.Initiative):
            if by_involvement and not involved(record, by_involvement):
                continue
            rest = {k: v for k, v in wanted.items() if k not in by_involvement}
        else:
            rest = wanted
        if all(MATCHES[k](record, v) for k, v in rest.items()) and (query is None or holds(record, query)):
            found.append(record)
    return found


def names(error: BaseException, key: object) -> bool:
    """Whether an error's message names the key it was given."""
    message = str(error)
    if isinstance(error, mirps.NotFoundError):
        if isinstance(key, Record):
            return error.key == key.id and repr(key.id) in message and "a record of another dataset" in message
        return error.key == key and repr(key) in message
    if isinstance(error, TypeError):
        return type(key).__name__ in message
    return repr(key) in message


def is_a(error: BaseException, expected: type[Exception]) -> bool:
    """Whether an error is of the type expected: a NotFoundError is not an AmbiguousKeyError."""
    ambiguous = isinstance(error, mirps.AmbiguousKeyError)
    return isinstance(error, expected) and ambiguous == (expected is mirps.AmbiguousKeyError)


def check(oracle: Callable[[], Any], query: Callable[[], Any]) -> None:
    """``query`` answers what ``oracle`` does, or raises an error the oracle expects, naming its key."""
    try:
        expected = oracle()
    except Refused as refused:
        with pytest.raises(Exception) as info:
            query()
        event(f"refused: {type(info.value).__name__}")
        assert any(is_a(info.value, error) and names(info.value, key) for error, key in refused.alternatives), (
            info.value,
            refused.alternatives,
        )
    else:
        found = query()
        event("answered: nothing" if isinstance(expected, list) and not expected else "answered")
        if isinstance(expected, list):
            assert list(found) == expected  # the same records, in the dataset's order
        else:
            assert found == expected and type(found) is type(expected)


def perturbed(text: str) -> st.SearchStrategy[str]:
    """The same key as people type it: other case, spaces around, accents decomposed."""
    return st.sampled_from(
        [text, text.upper(), text.lower(), f"  {text}\t", unicodedata.normalize("NFD", text), text.replace(" ", "  ")]
    )


def spelled(records: Iterable[Record]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted({k for r in records for k in spellings(r)})).flatmap(perturbed)


OLD = mirps.load("1.0.0")
#: Records that are not the latest dataset's own: another version's, corrected copies, and
#: records whose ids no dataset has.
STRANGERS = [
    *(r for cls in record_kinds() for r in OLD.records(cls)[:3]),
    *(DS.corrected(r) for r in EVERY if DS.corrected(r) != r),
    *(attrs.evolve(r, id=f"{r.id}-elsewhere") for cls in LOOKUPS.values() for r in DS.records(cls)[:1]),
]
WORDLESS = ["", " ", "*", "!!!", "🇭🇳", "--", "\udcff"]
junk = st.text(max_size=12) | st.sampled_from(["MX", "lead", "unhcr", "İ", "ß", *WORDLESS])
#: What is not a key: numbers, nothing, bytes, a list in a list, a set (one value is a str: an enum member).
not_str = st.sampled_from([0, -1, 2**70, 2.5, float("nan"), float("inf"), None, b"", b"MX", ("MX",), mirps.Role.LEAD])
not_str |= st.sampled_from([[["MX"]], frozenset({"MX"}), object(), mirps.Dataset])
records = st.sampled_from([*EVERY[:: max(1, len(EVERY) // 60)], *STRANGERS])


def mostly(good: st.SearchStrategy[Any], *bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Values of ``good`` about three times in four, else of one of ``bad``: most keys name
    something. (A die, since ``one_of`` weighs its strategies by how many values each has.)"""
    return st.tuples(st.integers(0, 3), good, st.one_of(*bad)).map(lambda t: t[2] if t[0] == 0 else t[1])


#: The records others lie in (a ministry and its directorates, a report section and its
#: subsections): the keys a filter must match by what lies inside them.
PARENTS = [r for r in EVERY if any(getattr(other, "parent", None) == r for other in EVERY)]


def good_keys(cls: type[Record]) -> st.SearchStrategy[Any]:
    """Keys that name records of a kind: their spellings, as typed, and the records, with those
    that others lie in as often again."""
    parents = [r for r in PARENTS if isinstance(r, cls)]
    within = spelled(parents) | st.sampled_from(parents) if parents else st.nothing()
    return st.one_of(spelled(DS.records(cls)) | st.sampled_from(DS.records(cls)), within)


#: Keys that name nothing, or nothing of the kind: records of other datasets and kinds, text
#: that names nothing, and what is not text.
BAD_KEYS = (records, junk, not_str)


def keys_for(cls: type[Record]) -> st.SearchStrategy[Any]:
    return mostly(good_keys(cls), *BAD_KEYS)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from([*LOOKUPS, "get"]), st.data())
def test_lookups_answer_exactly_what_the_keys_name(name: str, data: st.DataObject) -> None:
    if name == "get":
        key: Any = data.draw(spelled(EVERY[::7]) | st.sampled_from([r.id for r in EVERY]) | records | junk | not_str)
        check(lambda: expect_by_id(key), lambda: DS.get(key))
    else:
        key = data.draw(keys_for(LOOKUPS[name]))
        check(lambda: expect_record(LOOKUPS[name], key), lambda: getattr(DS, name)(key))


#: The spellings several institutions share (a ministry's name, say), and those institutions' countries.
SHARED = sorted(k for k, rs in SPELLED[mirps.Institution].items() if len(rs) > 1)
HOMES = sorted(
    {i.country.id for k in SHARED for i in DS.institutions if i in SPELLED[mirps.Institution][k] and i.country}
)


@settings(max_examples=300, deadline=None)
@given(
    mostly(st.sampled_from(SHARED) | good_keys(mirps.Institution), *BAD_KEYS),
    mostly(st.sampled_from(HOMES) | good_keys(mirps.Country), *BAD_KEYS),
)
def test_an_institution_in_a_country_is_the_one_of_that_country_among_its_namesakes(key: Any, country: Any) -> None:
    def oracle() -> Any:
        if country is None:
            return expect_record(mirps.Institution, key)
        where = expect_record(mirps.Country, country)
        return expect_record(mirps.Institution, key, lambda i: i.country == where)

    check(oracle, lambda: DS.institution(key, country=country))


def filter_values(good: st.SearchStrategy[Any], *bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A filter's values: mostly a key that names something, or a list or tuple of such keys;
    else no filter (None), or keys (or lists of keys) among which some name nothing."""
    many = good | st.lists(good, max_size=3) | st.lists(good, max_size=2).map(tuple)

    def choose(drawn: tuple[int, Any, Any, list[Any]]) -> Any:
        dice, value, wrong, more = drawn
        return [None, wrong, [*more, wrong]][dice] if dice < 3 else value

    return st.tuples(st.integers(0, 11), many, st.one_of(*bad), st.lists(good, max_size=2)).map(choose)


ROLES = st.sampled_from([*mirps.Role, *(r.value.upper() for r in mirps.Role), " Lead "])
BASES_ = st.sampled_from([*mirps.Basis, "STATED", "editorial"])
#: Words of the records' text, whole and cut to their first letters.
PREFIXES = st.sampled_from(sorted({w[:n] for ws in WORDS.values() for w in ws for n in (2, len(w))}))
TEXTS = PREFIXES | st.lists(PREFIXES, min_size=2, max_size=3).map(" ".join)
FILTERS = {
    "country": filter_values(good_keys(mirps.Country), *BAD_KEYS),
    "institution": filter_values(good_keys(mirps.Institution), *BAD_KEYS),
    "role": filter_values(ROLES, junk, not_str),
    "basis": filter_values(BASES_, junk, not_str),
    "report": filter_values(good_keys(mirps.Report), *BAD_KEYS),
    "theme": filter_values(good_keys(mirps.Section), *BAD_KEYS),
    "place": filter_values(good_keys(mirps.Place), *BAD_KEYS),
    "text": mostly(TEXTS, st.none(), junk, not_str),
}


@settings(max_examples=700, deadline=None)
@given(st.fixed_dictionaries({}, optional=FILTERS))
def test_initiative_filters_answer_what_a_brute_force_filter_does(filters: dict[str, Any]) -> None:
    check(lambda: expect_query(DS.initiatives(), filters), lambda: DS.initiatives(**filters))


def expect_partners(institution: object, filters: dict[str, Any]) -> list[Any]:
    failed: list[tuple[type[Exception], object]] = []
    this = None
    try:
        this = expect_record(mirps.Institution, institution)
    except Refused as refused:
        failed += refused.alternatives
    try:
        shared = expect_query(DS.initiatives(), filters)
    except Refused as refused:
        failed += refused.alternatives
    if failed:
        raise Refused(*failed)

    def working(initiative: mirps.Initiative) -> set[mirps.Institution]:
        return {i.institution for i in initiative.involvements if i.role in WORKING_ROLES}

    found = {p for i in shared if this in working(i) for p in working(i)} - {this}
    return [i for i in DS.institutions if i in found]


#: The kind of record each query answers with.
KINDS: dict[str, type[Record]] = {
    "recommendations": mirps.Recommendation,
    "key_considerations": mirps.KeyConsideration,
    "sessions": mirps.Session,
    "participants": mirps.Participant,
}
#: Each query's filters.
QUERIES: dict[str, tuple[str, ...]] = {
    "partners": ("report", "country"),
    "recommendations": ("report", "text"),
    "key_considerations": ("report", "theme", "text"),
    "sessions": ("report",),
    "participants": ("report", "country", "institution"),
    "search": ("text",),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
@settings(max_examples=250, deadline=None)
@given(data=st.data())
def test_other_queries_answer_what_a_brute_force_query_does(name: str, data: st.DataObject) -> None:
    filters = data.draw(st.fixed_dictionaries({}, optional={k: FILTERS[k] for k in QUERIES[name]}))
    query = getattr(DS, name)
    if name == "partners":
        institution = data.draw(keys_for(mirps.Institution))
        check(lambda: expect_partners(institution, filters), lambda: query(institution, **filters))
    elif name == "search":
        text = data.draw(FILTERS["text"])
        check(lambda: [r for r in EVERY if holds(r, expect_words(text))], lambda: query(text))
    else:
        check(lambda: expect_query(DS.records(KINDS[name]), filters), lambda: query(**filters))


# -- the command line ----------------------------------------------------------------------------

#: Text a person may type for a key: the records' own spellings (many not ASCII), words of
#: their text, text with no word, and anything else a command line can carry (no NUL byte;
#: "\udcff" is how Python passes a byte that is not UTF-8).
cli_text = mostly(
    spelled(EVERY[::5]) | st.sampled_from([r.id for r in EVERY[::3]]) | PREFIXES,
    st.sampled_from(WORDLESS),
    st.text(st.characters(exclude_characters="\x00"), max_size=10).filter(
        lambda t: not (t.startswith("-") and ("--help".startswith(t) or "--version".startswith(t) or t == "-h"))
    ),
)
PLACEHOLDERS = ["{valid}", "{invalid}", "{not-json}", "{missing}", "{folder}"]
#: Versions that are not bundled, and names of files that are not there.
BAD = ["0.9", "", "x.json", "1.0.0 "]
datasets = mostly(st.sampled_from([*mirps.available_versions(), "{valid}"]), st.sampled_from(PLACEHOLDERS[1:] + BAD))
LISTINGS = ["initiatives", "partners", "search", "records", "countries", "institutions", "recommendations"]
LISTINGS += ["participants"]
COUNT_BY = mostly(
    st.sampled_from(["country", "place", "institution", "role", "basis", "report", "type", "lead", "kind", "section"]),
    st.sampled_from(["number", "date", "title", "editorial", "nonesuch", "published"]),
    cli_text,
)


def options(pairs: dict[str, st.SearchStrategy[str]], most: int = 4) -> st.SearchStrategy[list[str]]:
    """Some of the options ``pairs`` names (each maybe given twice), with their values."""
    return st.lists(
        st.sampled_from(sorted(pairs)).flatmap(lambda o: pairs[o].map(lambda v: [o, v])), max_size=most
    ).map(lambda chosen: [part for pair in chosen for part in pair])


ARGUMENTS: dict[str, st.SearchStrategy[list[str]]] = {
    "initiatives": options(
        {
            **dict.fromkeys(["--country", "--institution", "--report", "--theme", "--place", "--text"], cli_text),
            "--role": mostly(st.sampled_from([r.value for r in mirps.Role]), cli_text),
            "--basis": mostly(st.sampled_from([b.value for b in mirps.Basis]), cli_text),
        }
    ),
    "partners": st.tuples(cli_text, options({"--report": cli_text, "--country": cli_text})).map(
        lambda t: [t[0], *t[1]]
    ),
    "show": cli_text.map(lambda t: [t]),
    "search": cli_text.map(lambda t: [t]),
    "records": st.sampled_from([cls.collection for cls in record_kinds()] + ["nope"]).map(lambda c: [c]),
    "countries": st.sampled_from([[], ["--all"]]),
    "institutions": options({"--country": cli_text}, 1),
    "recommendations": options({"--report": cli_text, "--text": cli_text}, 2),
    "participants": options({"--report": cli_text, "--country": cli_text, "--institution": cli_text}, 3),
    "versions": st.just([]),
    "validate": datasets.map(lambda d: [d]),
    "diff": st.lists(datasets, min_size=2, max_size=2),
    "cite": st.lists(cli_text, max_size=1),
}
FORMATS: dict[str, tuple[str, ...]] = {"validate": (), "cite": (), "diff": ("table", "json")}


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    argv: list[str] = []
    pin = draw(st.sampled_from([None, "--dataset-version", "--dataset-file"]))
    if pin is not None:
        argv += [pin, draw(datasets)]
    command = draw(st.sampled_from(sorted(ARGUMENTS)))
    argv += [command, *draw(ARGUMENTS[command])]
    formats = FORMATS.get(command, ("table", "json", "csv"))
    if len(formats) > 0 and draw(st.booleans()):
        argv += draw(st.sampled_from([["--json"], *(["--format", f] for f in (*formats, "xml"))]))
    if "table" in formats and draw(st.booleans()):
        argv.append("--wide")
    if command in LISTINGS and draw(st.booleans()):
        argv += ["--count-by", draw(COUNT_BY)]
    if draw(st.integers(0, 9)) == 4:  # now and then an option or an argument no command has
        argv.insert(
            draw(st.integers(0, len(argv))),
            draw(st.sampled_from(["--bogus", "-x", "--country", "stray", "stray\nline"])),
        )
    return argv


@pytest.fixture(scope="session")
def cli_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The files a fuzzed command line may name, by placeholder."""
    folder = tmp_path_factory.mktemp("cli")
    broken = document("1.1.0")
    broken["reports"][0]["year"] = 2021.0
    (folder / "valid.json").write_bytes(bundled_bytes("1.1.0"))
    (folder / "invalid.json").write_text(json.dumps(broken), encoding="utf-8")
    (folder / "not-json.json").write_bytes(b"\xff{")
    (folder / "folder").mkdir()
    return {f"{{{name}}}": str(folder / f"{name}.json") for name in ("valid", "invalid", "not-json", "missing")} | {
        "{folder}": str(folder / "folder"),
        "{cwd}": str(folder / "folder"),
    }


def run(argv: list[str], encoding: str, cwd: str) -> tuple[int, bytes, bytes, bool]:
    """``mirps.cli.main(argv)`` on a stdout and stderr of ``encoding``: its exit status, what it
    wrote to each, and whether the argument parser exited."""
    written, problems = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(written, encoding=encoding, newline="\n")
    err = io.TextIOWrapper(problems, encoding=encoding, newline="\n")
    parser = False
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        patch.setenv("COLUMNS", "100")
        patch.chdir(cwd)  # what a random name may name: an empty folder
        try:
            status = mirps.cli.main(argv)
        except SystemExit as exit:
            status, parser = (exit.code if isinstance(exit.code, int) else -1), True
        out.flush()
        err.flush()
    return status, written.getvalue(), problems.getvalue(), parser


def output_format(argv: list[str]) -> str:
    """The format a command line asks for: the last ``--json`` or ``--format`` wins."""
    chosen = "table"
    for option, value in zip(argv, [*argv[1:], ""], strict=True):
        if option == "--json":
            chosen = "json"
        elif option == "--format":
            chosen = value
    return chosen


PARSER_ERROR = re.compile(r"mirps( [a-z_]+)?: error: .+ \(see mirps( [a-z_]+)? --help\)")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command_lines(), st.sampled_from(["ascii", "latin-1"]))
def test_any_command_line_exits_0_or_2_with_a_one_line_error_on_any_encoding(
    cli_files: dict[str, str], argv: list[str], encoding: str
) -> None:
    argv = [cli_files.get(a, a) for a in argv]
    status, out, err, parser = run(argv, "utf-8", cli_files["{cwd}"])
    event(f"exit status {status}{' from the argument parser' if parser else ''}")
    assert status in (0, 2), (status, err)
    text, problem = out.decode("utf-8"), err.decode("utf-8")
    assert "Traceback" not in text + problem
    if status == 0:
        assert not parser and problem == ""
        if output_format(argv) == "json":
            json.loads(text)
    else:
        assert problem.endswith("\n") and len(problem.splitlines()) == 1, problem
        assert PARSER_ERROR.fullmatch(problem[:-1]) if parser else problem.startswith("mirps: error: "), problem
    # A terminal that cannot show a character shows its escape; nothing else changes. JSON
    # escapes it the JSON way, so that it stays the same JSON.
    narrow = run(argv, encoding, cli_files["{cwd}"])
    assert (narrow[0], narrow[2], narrow[3]) == (status, problem.encode(encoding, "backslashreplace"), parser)
    if status == 0 and output_format(argv) == "json":
        assert narrow[1].isascii() and json.loads(narrow[1]) == json.loads(text)
    else:
        assert narrow[1] == text.encode(encoding, "backslashreplace")
