"""Hostile input, one case per test: dataset files that push at the loader, keys and texts that
push at the queries, terminals that cannot show every character, misspelt names under a type
checker, errors sent through pickle, and enumerations asked to take what they do not list.

The tests that check values name the dataset version they check; the others check laws of the
latest version."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import inspect
import json
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import mirps
from mirps.models import field_shapes, record_kinds

from .conftest import bundled_bytes, document
from .test_cli import ENV as CLI_ENV

V2_1_0 = "2.1.0"
DS = mirps.load(V2_1_0)
#: The command's environment (test_cli's: none of the caller's but where Python finds the
#: mirps under test), 100 columns wide.
ENV = {**CLI_ENV, "COLUMNS": "100"}


def problems_of(data: bytes | dict[str, Any]) -> tuple[str, ...]:
    """The problems ``mirps.loads`` names in a file (or a document, written as JSON)."""
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(mirps.DatasetError) as info:
        mirps.loads(raw)
    return info.value.problems


def with_year(text: str) -> bytes:
    """Dataset 2.1.0 with its first report's year written as ``text``."""
    raw = bundled_bytes(V2_1_0)
    assert raw.count(b'"year": 2021,') == 2
    return raw.replace(b'"year": 2021,', b'"year": ' + text.encode() + b",", 1)


def mirps_command(*args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    env = {**ENV, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "mirps", *args], capture_output=True, env=env, timeout=60)


def assert_one_line_mistake(result: subprocess.CompletedProcess[bytes], encoding: str = "utf-8") -> str:
    """A user's mistake: exit 2, one line on stderr starting ``mirps: error:``, no traceback."""
    err = result.stderr.decode(encoding)
    assert result.returncode == 2, err
    assert "Traceback" not in err + result.stdout.decode(encoding, "replace")
    assert err.startswith("mirps: error: ") and err.endswith("\n") and len(err.splitlines()) == 1, err
    return err


# -- the loader --------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", [4301, 5000, 100_000])
def test_an_integer_of_more_digits_than_are_read_is_a_problem_at_its_path_in_2_1_0(digits: int) -> None:
    assert problems_of(with_year("9" * digits)) == (
        f"$.reports[0].year: expected integer, got an integer of {digits} digits, more than are read",
    )


def test_the_longest_integer_read_has_4300_digits_in_2_1_0() -> None:
    dataset = mirps.loads(with_year("9" * 4300))
    assert dataset.reports[0].year == 10**4300 - 1
    assert mirps.loads(dataset.dumps()).dumps() == dataset.dumps()


def test_a_lower_limit_of_digits_set_for_python_is_a_problem_too_in_2_1_0() -> None:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        problems = problems_of(with_year("9" * 1000))
        dataset = mirps.loads(with_year("9" * 640))
    finally:
        sys.set_int_max_str_digits(limit)
    assert problems == ("$.reports[0].year: expected integer, got an integer of 1000 digits, more than are read",)
    assert dataset.reports[0].year == 10**640 - 1


@pytest.mark.parametrize(
    ("written", "got"),
    [
        ("1.0", "number 1.0"),
        ("2021.0", "number 2021.0"),
        ("1e3", "number 1000.0"),
        ("-0.0", "number -0.0"),
        ("1E400", "number inf"),
        ("true", "boolean"),
        ('"2021"', "string"),
    ],
)
def test_an_integer_written_otherwise_is_a_problem_at_its_path_in_2_1_0(written: str, got: str) -> None:
    assert problems_of(with_year(written)) == (f"$.reports[0].year: expected integer, got {got}",)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers_in_2_1_0(constant: str) -> None:
    assert problems_of(with_year(constant)) == (f"$: not valid JSON ({constant} is not a JSON number)",)


@pytest.mark.parametrize(
    "date",
    [
        "20210706",  # read as a date by Python 3.11's fromisoformat
        "2021-W27-2",  # an ISO week date, likewise
        "2021-07-06T00:00",  # a date and time
        "2021-07-06 ",
        "2021-7-6",
        "\uff12\uff10\uff12\uff11-07-06",  # the year in full-width digits
        "06/07/2021",
        "",
    ],
)
def test_a_date_must_be_written_yyyy_mm_dd_on_every_python_in_2_1_0(date: str) -> None:
    doc = document(V2_1_0)
    doc["sessions"][0]["date"] = date
    assert problems_of(doc) == (f"$.sessions[0].date: expected a date written YYYY-MM-DD, got {date!r}",)


@pytest.mark.parametrize("date", ["2021-02-30", "2021-13-01", "2021-00-10", "0000-01-01"])
def test_a_date_that_is_not_in_the_calendar_is_a_problem_in_2_1_0(date: str) -> None:
    doc = document(V2_1_0)
    doc["sessions"][0]["date"] = date
    assert problems_of(doc) == (f"$.sessions[0].date: {date!r} is not a date of the calendar",)


def test_a_date_that_is_in_the_calendar_loads_in_2_1_0() -> None:
    doc = document(V2_1_0)
    doc["sessions"][0]["date"] = "2020-02-29"
    assert mirps.loads(json.dumps(doc).encode()).sessions()[0].date == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    "field",
    [
        *("label", "source", "report", "leads", "partners"),  # properties of an initiative
        *("id", "editorial", "kind", "section", "countries", "involvements", "headings"),  # fields quoting no report
        *("nonesuch", "", "Title"),
    ],
)
def test_a_correction_of_a_property_or_of_a_field_quoting_no_report_is_a_problem_in_2_1_0(field: str) -> None:
    doc = document(V2_1_0)
    correction = doc["corrections"][0]
    assert correction["record"] == {"id": "sv-characterization-study-update"}
    correction["field"] = field
    assert problems_of(doc) == (
        f"$.corrections[0].field: 'sv-characterization-study-update' has no text field {field!r}",
    )


@pytest.mark.parametrize("field", ["slug", "from_page", "within"])
def test_a_correction_of_a_sections_property_is_a_problem_in_2_1_0(field: str) -> None:
    doc = document(V2_1_0)
    doc["corrections"][0].update(record={"id": "wg-internal-displacement-2021/statistics"}, field=field)
    assert problems_of(doc) == (
        f"$.corrections[0].field: 'wg-internal-displacement-2021/statistics' has no text field {field!r}",
    )


@pytest.mark.parametrize("published", ["", " ", "\t\n", "\u3000", "\u00a0"])
def test_a_correction_with_an_empty_or_blank_published_text_is_a_problem_in_2_1_0(published: str) -> None:
    doc = document(V2_1_0)
    doc["corrections"][3]["published"] = published
    assert problems_of(doc) == ("$.corrections[3].published: empty: a correction names the text it corrects",)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b'{"version": "2.1.0", "version": "2.1.0"}',
            "$: not valid JSON (the key 'version' appears twice in one object)",
        ),
        (
            bundled_bytes(V2_1_0).replace(b'"alpha3": "ABW"', b'"alpha3": "ABW", "alpha3": "ABW"', 1),
            "$: not valid JSON (the key 'alpha3' appears twice in one object)",
        ),
    ],
)
def test_a_key_given_twice_in_one_object_is_a_problem_in_2_1_0(data: bytes, problem: str) -> None:
    assert problems_of(data) == (problem,)


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a": ' * 50_000 + b"1" + b"}" * 50_000],
    ids=["arrays", "objects"],
)
def test_nesting_deeper_than_the_parser_goes_is_a_problem_not_a_recursion_error(data: bytes) -> None:
    assert problems_of(data) == ("$: not valid JSON (nested too deeply)",)
    assert problems_of(bundled_bytes(V2_1_0).replace(b'"year": 2021', b'"year": ' + data, 1)) == (
        "$: not valid JSON (nested too deeply)",
    )


def test_nesting_where_a_text_belongs_is_a_problem_at_its_path_in_2_1_0() -> None:
    doc = document(V2_1_0)
    deep: Any = "text"
    for _ in range(200):
        deep = [deep]
    doc["initiatives"][0]["summary"] = [deep]
    assert problems_of(doc) == ("$.initiatives[0].summary[0]: expected string, got array",)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xef\xbb\xbf" + bundled_bytes(V2_1_0), "$: not valid JSON (Unexpected UTF-8 BOM"),
        (bundled_bytes(V2_1_0).replace(b"M\xc3\xa9xico", b"M\xe9xico", 1), "$: not UTF-8 text (invalid continuation"),
        (b"", "$: not valid JSON (Expecting value"),
    ],
    ids=["a byte order mark", "latin-1", "nothing"],
)
def test_bytes_that_are_not_a_utf8_json_document_are_a_problem_in_2_1_0(data: bytes, problem: str) -> None:
    (found,) = problems_of(data)
    assert found.startswith(problem), found


@pytest.mark.parametrize("data", ["{}", None, memoryview(b"{}"), [123]])
def test_loads_takes_bytes_and_nothing_else(data: Any) -> None:
    with pytest.raises(TypeError, match="data must be bytes"):
        mirps.loads(data)


#: Text that is valid and odd: combining marks, bidi controls, a line separator, a flag, a NUL
#: character, a byte order mark inside the text, case folding that changes length.
ODD = ["e\u0301", "\u202eevil", "a\u2028b", "\U0001f1ed\U0001f1f3", "nul\x00", "\ufeffbom", "İß", "ﬁ"]


def test_odd_unicode_in_texts_loads_whole_and_dumps_again_in_2_1_0() -> None:
    doc = document(V2_1_0)
    doc["initiatives"][0]["title"] = "".join(ODD)
    doc["initiatives"][0]["next_steps"] += ODD
    doc["institutions"][0]["aliases"] = [*doc["institutions"][0]["aliases"], "ﬁnance İstanbul"]
    for ensure_ascii in (True, False):
        dataset = mirps.loads(json.dumps(doc, ensure_ascii=ensure_ascii).encode())
        initiative = dataset.initiatives()[0]
        assert initiative.title == "".join(ODD) and initiative.next_steps[-len(ODD) :] == tuple(ODD)
        assert mirps.loads(dataset.dumps()).dumps() == dataset.dumps()
        assert dataset.institution("FINANCE istanbul") == dataset.institutions[0]
        assert initiative in dataset.search("evil")


@pytest.mark.parametrize("where", ["title", "list", "key"])
def test_a_lone_surrogate_is_a_problem_not_a_dataset_that_cannot_be_dumped_in_2_1_0(where: str) -> None:
    # JSON escapes may spell half of a UTF-16 pair ("\ud800"): no UTF-8 text holds it, so a
    # dataset holding it cannot be written again. Either the loader names it, or it is kept so
    # that the dataset dumps and reads back.
    doc = document(V2_1_0)
    if where == "title":
        doc["initiatives"][0]["title"] = "half \ud800 a pair"
    elif where == "list":
        doc["initiatives"][0]["next_steps"] += ["\udfff"]
    else:
        doc["countries"][0]["editorial"] = {"name": "a note \ud83d"}
    data = json.dumps(doc).encode()  # escaped: valid UTF-8 bytes
    try:
        dataset = mirps.loads(data)
    except mirps.DatasetError as exc:
        assert all(p.startswith("$") for p in exc.problems), exc.problems
    else:
        assert mirps.loads(dataset.dumps()).dumps() == dataset.dumps()


@pytest.mark.parametrize(
    ("collection", "field", "value"),
    [
        ("countries", "editorial", {"name": "The editors' name."}),
        ("institutions", "editorial", {"acronym": "An acronym no report prints."}),
        ("key_considerations", "heading", "A lead-in:"),
        ("initiatives", "headings", [{"field": "summary", "start": 0, "text": "A lead-in:"}]),
    ],
)
def test_a_schema_1_file_with_a_field_only_schema_2_has_is_a_problem_in_1_0_0(
    collection: str, field: str, value: Any
) -> None:
    # Schema 1 has no such field (see mirps.schema(1)): a file of version 1.x holding one is not
    # valid, and a dataset read from it could not be written as version 1.x again.
    doc = document("1.0.0")
    doc[collection][0][field] = value
    problems = problems_of(doc)
    assert any(p.startswith(f"$.{collection}[0]") for p in problems), problems


@pytest.mark.parametrize("key", ["a\nb", "a\rb", "x\x85y", "x\u2028y"])
def test_every_problem_is_one_line_even_for_a_key_holding_a_line_break_in_2_1_0(key: str) -> None:
    top = document(V2_1_0)
    top[key] = 1
    inner = document(V2_1_0)
    inner["countries"][0][key] = 1
    notes = document(V2_1_0)
    notes["countries"][0]["editorial"] = {key: "A note on a field the country does not have."}
    for doc in (top, inner, notes):
        (problem,) = problems_of(doc)
        assert problem.startswith("$") and len(problem.splitlines()) == 1, problem


def bad_files() -> Iterator[tuple[str, bytes]]:
    """Files ``mirps validate`` must refuse, each with one problem, by what is wrong."""
    yield "integer of 5000 digits", with_year("9" * 5000)
    yield "integer written 1.0", with_year("1.0")
    yield "NaN", with_year("NaN")
    for date in ("20210706", "2021-02-30"):
        doc = document(V2_1_0)
        doc["sessions"][0]["date"] = date
        yield f"date {date}", json.dumps(doc).encode()
    doc = document(V2_1_0)
    doc["corrections"][0]["field"] = "label"
    yield "correction of a property", json.dumps(doc).encode()
    doc = document(V2_1_0)
    doc["corrections"][0]["published"] = " "
    yield "blank published text", json.dumps(doc).encode()
    yield "key given twice", b'{"version": "2.1.0", "version": "2.1.0"}'
    yield "deep nesting", b"[" * 100_000 + b"]" * 100_000
    yield "not UTF-8", b"\xff\xfe{}"
    yield "empty", b""


BAD_FILES = dict(bad_files())


@pytest.mark.parametrize("name", BAD_FILES)
def test_validate_prints_the_problems_and_exits_2_with_one_line_on_stderr(tmp_path: Path, name: str) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(BAD_FILES[name])
    result = mirps_command("validate", str(path))
    err = assert_one_line_mistake(result)
    assert err.startswith(f"mirps: error: {path}: not a valid mirps dataset: $")
    problems = result.stdout.decode().splitlines()
    assert problems and all(p.startswith("$") for p in problems), problems
    assert problems[0] in err


# -- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: DS.search("*"),
        lambda: DS.search("🇭🇳"),
        lambda: DS.search(""),
        lambda: DS.search(" \t "),
        lambda: DS.initiatives(text="!!!"),
        lambda: DS.initiatives(country="HN", text="--"),
        lambda: DS.recommendations(text="?"),
        lambda: DS.key_considerations(text="..."),
    ],
)
def test_a_text_with_no_letter_or_digit_is_a_value_error_in_2_1_0(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="has no word to look for"):
        call()


@pytest.mark.parametrize(
    "args", [["search", "*"], ["initiatives", "--text", "!!!"], ["recommendations", "--text", "??"], ["search", ""]]
)
def test_a_text_with_no_word_is_a_users_mistake_on_the_command_line(args: list[str]) -> None:
    assert "no word to look for" in assert_one_line_mistake(mirps_command("--dataset-version", V2_1_0, *args))


@pytest.mark.parametrize(
    "args",
    [
        ["versions", "stray\nline"],  # an argument no command takes
        ["initiatives", "--role", "lead\nfunder"],
        ["--dataset-version", V2_1_0, "show", "no\nsuch id"],
        ["--dataset-version", "2.1\n0", "initiatives"],
    ],
)
def test_a_users_mistake_is_one_line_even_for_an_argument_holding_a_line_break(args: list[str]) -> None:
    out = mirps_command(*args)
    err = out.stderr.decode()
    assert out.returncode == 2 and "Traceback" not in err
    assert err.startswith("mirps") and ": error: " in err and len(err.splitlines()) == 1, err


def test_an_empty_version_is_not_found_and_the_message_lists_the_bundled_versions() -> None:
    with pytest.raises(mirps.NotFoundError) as info:
        mirps.load("")
    assert (info.value.what, info.value.key) == ("dataset version", "")
    assert all(v in str(info.value) for v in mirps.available_versions()), str(info.value)


@pytest.mark.parametrize("name", ["x.json", "data/mirps.json", "X.JSON"])
def test_a_file_name_given_as_a_version_is_not_found_and_the_message_hints_at_path(name: str) -> None:
    with pytest.raises(mirps.NotFoundError) as info:
        mirps.load(name)
    assert f"path={name!r}" in str(info.value)


METHODS = ["cite", "corrected", "corrections_of", "related"]


@pytest.mark.parametrize("method", METHODS)
def test_the_record_methods_take_a_record_or_its_id_in_1_1_0(method: str) -> None:
    ds = mirps.load("1.1.0")
    call = getattr(ds, method)
    nrc = ds.institution("nrc")
    assert call("nrc") == call(nrc)
    assert (
        call("nrc")
        == {
            "cite": f"mirps dataset 1.1.0 (sha256:{(ds.sha256 or '')[:12]}), record nrc.",
            "corrected": attrs.evolve(nrc, name="Norwegian Refugee Council"),
            "corrections_of": (ds.get("wgid21-c-09"),),
            "related": (ds.institution("idmc"), ds.get("wgid21-c-09")),  # the body inside it, its correction
        }[method]
    )
    assert ds.corrected(nrc).name == "Norwegian Refugee Council" != nrc.name
    with pytest.raises(mirps.NotFoundError, match="unknown record 'no-such-id'"):
        call("no-such-id")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("bad", [3, 2.5, b"nrc", ["nrc"], mirps.Dataset, object()])
def test_the_record_methods_refuse_what_is_neither_a_record_nor_an_id(method: str, bad: object) -> None:
    with pytest.raises(TypeError, match=rf"{method}\(\) takes a record or a record's id, not {type(bad).__name__}"):
        getattr(DS, method)(bad)


def test_a_record_of_another_version_is_taken_by_its_id_in_2_1_0() -> None:
    old = mirps.load("1.0.0")
    assert old.country("HN") != DS.country("HN")  # not the same record: another version's
    assert DS.initiatives(country=old.country("HN")) == DS.initiatives(country="HN")
    assert DS.initiatives(institution=[old.institution("unhcr")], role="partner") == DS.initiatives(
        institution="unhcr", role="partner"
    )
    assert DS.partners(old.institution("unhcr")) == DS.partners("unhcr")
    assert DS.participants(country=old.country("MX")) == DS.participants(country="MX")
    record = old.get("mx-general-law-internal-displacement")
    for method in METHODS:
        assert getattr(DS, method)(record) == getattr(DS, method)(record.id)


def test_a_corrected_copy_is_taken_by_its_id_in_1_1_0() -> None:
    ds = mirps.load("1.1.0")
    nrc, sanai = ds.corrected(ds.institution("nrc")), ds.corrected(ds.place("hn-sanai"))
    assert (nrc.name, sanai.name) == ("Norwegian Refugee Council", "Sinaí")  # not the records' names
    assert ds.institution(nrc) is ds.institution("nrc") and ds.place(sanai) is ds.place("hn-sanai")
    assert ds.initiatives(place=sanai) == ds.initiatives(place="hn-sanai") != ()
    assert ds.participants(institution=nrc) == ds.participants(institution="nrc")
    assert ds.partners(nrc) == ds.partners("nrc")
    for method in METHODS:
        assert getattr(ds, method)(nrc) == getattr(ds, method)("nrc")
        assert getattr(ds, method)(sanai) == getattr(ds, method)("hn-sanai")


def foreign_calls(ds: mirps.Dataset, record: Any) -> Iterator[Callable[[], object]]:
    """Every way to hand a dataset a record."""
    kind = type(record).__name__.lower()
    one: dict[str, Any] = {kind: record}
    many: dict[str, Any] = {kind: [record]}
    yield functools.partial(getattr(ds, kind), record)
    yield functools.partial(ds.initiatives, **one)
    yield functools.partial(ds.initiatives, **many)
    for method in METHODS:
        yield functools.partial(getattr(ds, method), record)


def test_a_record_whose_id_the_dataset_lacks_is_not_found_as_a_record_of_another_dataset_in_1_1_0() -> None:
    ds = mirps.load("1.1.0")
    zimbabwe = DS.country("ZW")  # 2.1.0 holds every ISO 3166-1 country; 1.1.0 does not
    renamed = attrs.evolve(ds.institution("unhcr"), id="unhcr-elsewhere")
    for record in (zimbabwe, renamed):
        for call in foreign_calls(ds, record):
            with pytest.raises(mirps.NotFoundError) as info:
                call()
            assert info.value.key == record.id
            assert "a record of another dataset" in str(info.value), str(info.value)


SHA256 = mirps.releases()[-1].sha256


@pytest.mark.parametrize(
    "sha256", [SHA256, SHA256.upper(), f"sha256:{SHA256}", f"SHA256:{SHA256.upper()}", f" {SHA256}\n"]
)
def test_a_sha256_is_taken_as_64_hex_digits_in_any_case_and_with_its_prefix(sha256: str) -> None:
    assert mirps.load(mirps.releases()[-1].version, sha256=sha256) is mirps.load(mirps.releases()[-1].version)


@pytest.mark.parametrize("sha256", [SHA256[:12], f"sha256:{SHA256[:7]}", SHA256[:63]])
def test_a_shortened_sha256_is_a_value_error_asking_for_all_64_digits(sha256: str) -> None:
    with pytest.raises(ValueError, match="the check needs the full 64"):
        mirps.load(mirps.releases()[-1].version, sha256=sha256)


@pytest.mark.parametrize(
    "sha256", ["z" * 64, SHA256 + "0", "", "sha256:", f"md5:{SHA256}", f"{SHA256[:32]} {SHA256[33:]}"]
)
def test_a_sha256_that_is_not_64_hex_digits_is_a_value_error(sha256: str) -> None:
    with pytest.raises(ValueError, match="sha256 must be 64 hex digits") as info:
        mirps.load(mirps.releases()[-1].version, sha256=sha256)
    assert not isinstance(info.value, mirps.DatasetError)


@pytest.mark.parametrize("sha256", [SHA256.encode(), 123, [SHA256]])
def test_a_sha256_that_is_not_a_str_is_a_type_error(sha256: Any) -> None:
    with pytest.raises(TypeError, match=f"sha256 must be a str of 64 hex digits, not {type(sha256).__name__}"):
        mirps.load(mirps.releases()[-1].version, sha256=sha256)


def test_the_sha256_of_another_file_is_a_dataset_error() -> None:
    with pytest.raises(mirps.DatasetError, match="differs from the"):
        mirps.load(mirps.releases()[-1].version, sha256=mirps.releases()[0].sha256)


# -- the command line on a terminal that is not UTF-8 ------------------------------------------

LISTINGS = [
    ["initiatives", "--country", "HN"],  # cells cut short with "…"
    ["countries", "--all", "--wide"],
    ["show", "hn-community-art-san-pedro-sula"],
    ["search", "México"],
    ["institutions", "--country", "MX", "--format", "csv"],
    ["participants", "--country", "CR", "--json"],
    ["initiatives", "--count-by", "place"],
    ["show", "wgid21-c-06"],
]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", LISTINGS, ids=[" ".join(a) for a in LISTINGS])
def test_a_listing_on_a_terminal_that_is_not_utf8_shows_escapes_not_a_traceback(args: list[str], encoding: str) -> None:
    command = ["--dataset-version", V2_1_0, *args]
    wide = mirps_command(*command)
    narrow = mirps_command(*command, encoding=encoding)
    assert wide.returncode == narrow.returncode == 0, narrow.stderr
    assert narrow.stderr == b""
    text = wide.stdout.decode("utf-8")
    assert not text.isascii(), "the listing has characters an ASCII terminal cannot show"
    if "--json" in args:  # JSON escapes the JSON way: the same JSON, in ASCII
        assert narrow.stdout.isascii() and json.loads(narrow.stdout) == json.loads(text)
    else:  # what the terminal can show, as it is; what it cannot, as its escape; nothing else changes
        assert narrow.stdout == text.encode(encoding, "backslashreplace")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["initiatives", "--country", "Méxco…"], "unknown country 'Méxco…'"),
        (["show", "niño…"], "unknown record 'niño…'"),
        (["initiatives", "--role", "jefé…"], "invalid choice: 'jefé…'"),
    ],
)
def test_a_mistake_on_a_terminal_that_is_not_utf8_is_one_line_with_escapes(
    args: list[str], message: str, encoding: str
) -> None:
    result = mirps_command("--dataset-version", V2_1_0, *args, encoding=encoding)
    assert result.returncode == 2
    err = result.stderr.decode(encoding)
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith("mirps: error: " if "--role" not in args else "mirps initiatives: error: ")
    assert message.encode(encoding, "backslashreplace").decode(encoding) in err


# -- types -------------------------------------------------------------------------------------

PROBE = """\
import mirps

reveal_type(mirps.initiatives(country="HN"))
reveal_type(mirps.country("HN"))
reveal_type(mirps.search("refugees"))
reveal_type(mirps.partners("unhcr", report=None))
mirps.intitiatives(country="HN")
mirps.get("unhcr")
mirps.initiatives(contry="HN")
"""


def test_a_misspelt_module_name_is_a_type_error_and_the_shortcuts_are_typed(tmp_path: Path) -> None:
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "m"),
            "probe.py",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    lines = [line.split(": ", 1)[1] for line in result.stdout.splitlines()]
    assert lines == [
        'note: Revealed type is "mirps._results.Results[mirps.models.Initiative]"',
        'note: Revealed type is "mirps.models.Country"',
        'note: Revealed type is "mirps._results.Results[mirps.models.Record]"',
        'note: Revealed type is "mirps._results.Results[mirps.models.Institution]"',
        'error: Module has no attribute "intitiatives"; maybe "initiatives" or "Initiative"?  [attr-defined]',
        'error: Module has no attribute "get"  [attr-defined]',
        'error: Unexpected keyword argument "contry"; did you mean "country"?  [call-arg]',
    ], result.stdout + result.stderr
    assert [int(line.split(":")[1]) for line in result.stdout.splitlines()] == [3, 4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize("name", mirps.SHORTCUTS)
def test_each_shortcut_is_the_latest_datasets_bound_method(name: str) -> None:
    shortcut = getattr(mirps, name)
    assert shortcut.__self__ is mirps.load()
    assert shortcut.__func__ is getattr(mirps.Dataset, name)
    assert inspect.signature(shortcut) == inspect.signature(getattr(mirps.load(), name))
    assert name in dir(mirps)


@pytest.mark.parametrize(("name", "nearest"), [("intitiatives", "initiatives"), ("get", None), ("Dataset_", None)])
def test_a_misspelt_module_name_is_an_attribute_error_naming_it(name: str, nearest: str | None) -> None:
    with pytest.raises(AttributeError, match=f"module 'mirps' has no attribute '{name}'") as info:
        getattr(mirps, name)
    assert info.value.name == name and info.value.obj is mirps
    if nearest:
        assert nearest in dir(mirps)


# -- errors through pickle ---------------------------------------------------------------------


def raised(call: Callable[[], object]) -> Exception:
    with pytest.raises(mirps.MirpsError) as info:
        call()
    return info.value


ERRORS = {
    "not found, with suggestions": lambda: raised(lambda: mirps.load("1.1.0").country("Mexco")),
    "not found, with a hint": lambda: raised(lambda: mirps.load("x.json")),
    "a record of another dataset": lambda: raised(lambda: mirps.load("1.1.0").country(DS.country("ZW"))),
    "ambiguous": lambda: raised(lambda: mirps.load("1.1.0").institution("Ministry of Foreign Relations")),
    "a dataset error with a source": lambda: raised(lambda: mirps.loads(b"{", source="mine.json")),
    "a dataset error of many problems": lambda: raised(lambda: mirps.loads(b'{"version": 1, "a": 2, "b": 3}')),
}
ATTRIBUTES = {
    mirps.NotFoundError: ("what", "key", "suggestions", "hint"),
    mirps.AmbiguousKeyError: ("what", "key", "suggestions", "hint"),
    mirps.DatasetError: ("problems", "source"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_an_error_pickles_with_its_type_message_and_attributes(name: str) -> None:
    error = ERRORS[name]()
    attributes = ATTRIBUTES[type(error)]
    assert all(getattr(error, a) for a in attributes if a not in ("hint", "source", "suggestions")), error
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        for again in (pickle.loads(pickle.dumps(error, protocol)), copy.deepcopy(error)):
            assert type(again) is type(error)
            assert str(again) == str(error) and again.args == error.args
            assert [getattr(again, a) for a in attributes] == [getattr(error, a) for a in attributes]


# -- enumerations ------------------------------------------------------------------------------


def enum_fields() -> Iterator[tuple[str, str, type[enum.Enum], str]]:
    """Every enumeration field of every record kind, and of the values records hold (an
    involvement's role and basis): the kind, the field, its enumeration and a JSON path to a
    record of dataset 2.1.0 that has it."""
    doc = document(V2_1_0)
    for kind in record_kinds():
        for shape in field_shapes(kind):
            if isinstance(shape.type, type) and issubclass(shape.type, enum.Enum):
                yield kind.__name__, shape.name, shape.type, f"$.{kind.collection}[0].{shape.name}"
            elif attrs.has(shape.type) and not issubclass(shape.type, mirps.Record):
                # the first record holding such a value (a kind none of whose records does is
                # left to the others: the value's class is the same)
                index = next((i for i, r in enumerate(doc[kind.collection]) if r.get(shape.name)), None)
                for inner in field_shapes(shape.type):
                    if index is not None and isinstance(inner.type, type) and issubclass(inner.type, enum.Enum):
                        where = f"$.{kind.collection}[{index}].{shape.name}[0].{inner.name}"
                        yield f"{kind.__name__}.{shape.name}", inner.name, inner.type, where


ENUM_FIELDS = list(enum_fields())


def test_the_enumeration_fields_are_all_found() -> None:
    found = {(kind, field) for kind, field, _, _ in ENUM_FIELDS}
    assert {("Place", "kind"), ("Institution", "kind"), ("Initiative", "kind"), ("Participant", "role")} <= found
    assert {("Initiative.involvements", "role"), ("Initiative.involvements", "basis")} <= found


def set_at(doc: Any, path: str, value: Any) -> None:
    """Set the value at a JSON path such as ``$.places[0].kind``."""
    steps = [int(s) if s.isdigit() else s for s in path[2:].replace("[", ".").replace("]", "").split(".")]
    for step in steps[:-1]:
        doc = doc[step]
    doc[steps[-1]] = value


@pytest.mark.parametrize(
    ("kind", "field", "enum_type", "path"), ENUM_FIELDS, ids=[f"{k}.{f}" for k, f, _, _ in ENUM_FIELDS]
)
@pytest.mark.parametrize("wrong", ["no-such-value", "upper", "padded", "", 7, None])
def test_every_enumeration_field_refuses_a_value_it_does_not_list_in_2_1_0(
    kind: str, field: str, enum_type: type[enum.Enum], path: str, wrong: object
) -> None:
    member = str(next(iter(enum_type)).value)
    value = {"upper": member.upper(), "padded": f" {member}"}.get(str(wrong), wrong)
    doc = document(V2_1_0)
    set_at(doc, path, value)
    allowed = ", ".join(str(m.value) for m in enum_type)
    if isinstance(value, str):
        assert problems_of(doc) == (f"{path}: invalid value, expected one of: {allowed}",)
    else:
        assert problems_of(doc) == (f"{path}: expected string, got {'null' if value is None else 'integer'}",)
