"""Analysis without glue: results as tables with every relation, results that stay results,
counts by a field, and the command's counts and tables that fit the terminal."""

from __future__ import annotations

import io
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps
from mirps import cli
from mirps.export import record_columns
from mirps.models import Record, field_shapes, record_kinds

from .test_cli import ENV, run

pd = pytest.importorskip("pandas")

DS = mirps.load()
#: Every query method with a filter that finds nothing: its empty answer keeps its kind.
EMPTY: dict[type[Record], Callable[[], mirps.Results[Any]]] = {
    mirps.Initiative: lambda: DS.initiatives(text="zzzz qqqq"),
    mirps.Recommendation: lambda: DS.recommendations(text="zzzz qqqq"),
    mirps.KeyConsideration: lambda: DS.key_considerations(text="zzzz qqqq"),
    mirps.Participant: lambda: DS.participants(country="Italy"),
    mirps.Institution: lambda: DS.partners("unhcr", country="Italy"),
    mirps.Record: lambda: DS.search("zzzz qqqq"),
}


# -- tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", record_kinds(), ids=lambda k: k.__name__)
def test_a_table_has_a_column_for_every_field(kind: type[Record]) -> None:
    frame = DS.records(kind).to_pandas()
    fields = {f.name for f in field_shapes(kind)} - {"id", "involvements"}
    assert fields <= set(frame.columns)
    if hasattr(kind, "involvements"):
        assert {r.value for r in mirps.Role} <= set(frame.columns)
    assert frame.index.name == "id"
    assert list(frame.columns) == _columns(kind)


def _columns(kind: type[Record]) -> list[str]:
    return [c for c, _ in record_columns(kind) if c != "id"]


def test_relations_are_ids_or_names_in_list_cells() -> None:
    found = DS.initiatives()
    by_id, by_name = found.to_pandas(), found.to_pandas(names=True)
    for i in found:
        assert by_id.loc[i.id, "countries"] == tuple(c.id for c in i.countries)
        assert by_id.loc[i.id, "places"] == tuple(p.id for p in i.places)
        assert by_id.loc[i.id, "lead"] == tuple(x.id for x in i.leads)
        assert by_id.loc[i.id, "partner"] == tuple(x.id for x in i.partners)
        assert by_id.loc[i.id, "report"] == i.report.id
        assert by_name.loc[i.id, "lead"] == tuple(x.name for x in i.leads)
        assert by_name.loc[i.id, "section"] == i.section.title
        assert by_id.loc[i.id, "editorial"] == dict(i.editorial)


def test_one_row_per_link() -> None:
    found = DS.initiatives()
    countries = found.to_pandas(explode="countries")
    assert len(countries) == sum(max(1, len(i.countries)) for i in found)
    pairs = {(k, v) for k, v in countries["countries"].items() if isinstance(v, str)}
    assert pairs == {(i.id, c.id) for i in found for c in i.countries}


def test_one_row_per_involvement() -> None:
    found = DS.initiatives(country="MX")
    rows = found.to_pandas(explode="involvements")
    assert {"institution", "role", "basis", "evidence", "field", "note"} <= set(rows.columns)
    assert not {r.value for r in mirps.Role} & set(rows.columns)
    got = list(zip(rows.index, rows["institution"], rows["role"], rows["basis"], rows["evidence"], strict=True))
    want = [(i.id, v.institution.id, v.role.value, v.basis.value, v.evidence) for i in found for v in i.involvements]
    assert got == want


def test_exploding_a_column_that_holds_no_list_is_refused_with_suggestions() -> None:
    with pytest.raises(mirps.NotFoundError, match="did you mean countries"):
        DS.initiatives().to_pandas(explode="countrie")
    with pytest.raises(mirps.NotFoundError):
        DS.initiatives().to_pandas(explode="title")


@pytest.mark.parametrize("kind", EMPTY, ids=lambda k: k.__name__)
def test_an_empty_result_has_the_columns_of_its_kind(kind: type[Record]) -> None:
    empty = EMPTY[kind]()
    assert len(empty) == 0 and empty.record_type is kind
    frame = empty.to_pandas()
    assert frame.empty
    assert list(frame.columns) == _columns(kind)


def test_records_of_several_kinds_are_typed_and_labelled() -> None:
    found = DS.search("UNHCR")
    assert found.record_type is mirps.Record
    frame = found.to_pandas()
    assert list(frame.columns) == ["type", "label"]
    assert list(frame["type"]) == [type(r).__name__ for r in found]
    assert list(frame.index) == [r.id for r in found]


def test_the_command_writes_every_field_as_csv() -> None:
    out = run("initiatives", "--country", "MX", "--format", "csv")
    assert out.returncode == 0, out.stderr
    frame = pd.read_csv(io.StringIO(out.stdout), index_col="id", keep_default_na=False)
    assert list(frame.columns) == _columns(mirps.Initiative)
    for i in DS.initiatives(country="MX"):
        assert _items(frame.loc[i.id, "lead"]) == [x.id for x in i.leads]
        assert _items(frame.loc[i.id, "countries"]) == [c.id for c in i.countries]


def _items(cell: str) -> list[str]:
    return cell.split("\n") if cell else []


# -- results stay results ----------------------------------------------------------------

SLICES = st.builds(
    slice, st.none() | st.integers(-30, 30), st.none() | st.integers(-30, 30), st.none() | st.sampled_from([1, 2, -1])
)


@given(SLICES)
def test_a_slice_is_a_result_of_the_same_kind(part: slice) -> None:
    found = DS.initiatives()
    sliced = found[part]
    assert isinstance(sliced, mirps.Results)
    assert sliced == tuple(found)[part]
    assert sliced.record_type is mirps.Initiative


def test_sums_are_results() -> None:
    mx, hn = DS.initiatives(country="MX"), DS.initiatives(country="HN")
    assert isinstance(mx + hn, mirps.Results) and (mx + hn).record_type is mirps.Initiative
    assert mx + hn == tuple(mx) + tuple(hn)
    assert isinstance(() + mx, mirps.Results)  # noqa: RUF005 (the sum is what is tested) and isinstance(tuple(mx) + hn, mirps.Results)
    mixed = mx + DS.institutions
    assert isinstance(mixed, mirps.Results) and mixed.record_type is mirps.Record
    assert list(mixed.to_pandas()["type"]).count("Institution") == len(DS.institutions)
    assert type(mx + (1, 2)) is tuple  # noqa: RUF005
    empty = DS.initiatives(text="zzzz qqqq")
    assert (empty + empty).record_type is mirps.Initiative


def test_a_result_pickles_with_its_kind() -> None:
    empty = DS.recommendations(text="zzzz qqqq")
    again = pickle.loads(pickle.dumps(empty))
    assert again == empty and again.record_type is mirps.Recommendation


# -- counting ----------------------------------------------------------------------------

FILTERED = ("country", "place", "institution", "role", "basis", "report")


@pytest.mark.parametrize("field", FILTERED)
def test_a_count_is_the_size_of_the_filtered_answer(field: str) -> None:
    counts = DS.initiatives().count_by(field)
    assert counts, field
    for value, n in counts.items():
        assert n == len(DS.initiatives(**{field: value})), (field, value)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(FILTERED), st.sampled_from(["displacement", "children", "municipal", "women", "protection"]))
def test_counts_of_a_filtered_answer(field: str, word: str) -> None:
    found = DS.initiatives(text=word)
    for value, n in found.count_by(field).items():
        assert n == len(DS.initiatives(text=word, **{field: value}))


@pytest.mark.parametrize("role", list(mirps.Role), ids=str)
def test_a_count_by_role_is_the_size_of_the_answer_for_the_institution_in_it(role: mirps.Role) -> None:
    counts = DS.initiatives().count_by(role.value)
    for institution, n in counts.items():
        assert n == len(DS.initiatives(institution=institution, role=role))
    assert set(counts) == {i for r in DS.initiatives() for i in r.institutions(role)}


def test_counts_by_a_field_of_the_records() -> None:
    kinds = DS.initiatives().count_by("kind")
    assert sum(kinds.values()) == len(DS.initiatives())
    assert set(kinds) <= set(mirps.InitiativeKind)
    roles = DS.participants().count_by("role")  # a participant's own role, not an involvement's
    assert set(roles) <= set(mirps.ParticipantRole)
    assert sum(roles.values()) == len(DS.participants())
    types = DS.search("UNHCR").count_by("type")
    assert sum(types.values()) == len(DS.search("UNHCR"))


def test_counting_by_an_unknown_field_suggests_one() -> None:
    with pytest.raises(mirps.NotFoundError, match="did you mean country"):
        DS.initiatives().count_by("contry")


def test_counts_as_a_series_and_as_a_mapping() -> None:
    counts = DS.initiatives().count_by("institution")
    series = counts.to_pandas()
    assert series.name == "count" and series.index.name == "institution"
    assert dict(series) == {i.id: n for i, n in counts.items()}
    named = counts.to_pandas(names=True)
    assert list(named.index) == [i.name for i in counts]
    assert pickle.loads(pickle.dumps(counts)) == counts
    assert "<table>" in counts._repr_html_()
    assert DS.initiatives(text="zzzz qqqq").count_by("country") == mirps.Counts("country", {})


def test_the_command_counts() -> None:
    out = run("initiatives", "--count-by", "country", "--json")
    assert out.returncode == 0, out.stderr
    got = [(c["country"], c["count"]) for c in json.loads(out.stdout)]
    assert got == [(c.id, n) for c, n in DS.initiatives().count_by("country").items()]
    out = run("search", "UNHCR", "--count-by", "type", "--format", "csv")
    assert out.stdout.splitlines()[0] == "type,count"
    out = run("initiatives", "--count-by", "contry")
    assert out.returncode == 2 and "did you mean country" in out.stderr and "Traceback" not in out.stderr


# -- the command's table fits the terminal -----------------------------------------------

CELLS = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=80)


@given(
    st.lists(st.sampled_from(["id", "title", "kind", "leads"]), min_size=1, max_size=4, unique=True),
    st.data(),
    st.integers(20, 250),
)
def test_a_table_fits_its_width_and_keeps_ids_whole(headers: list[str], data: Any, width: int) -> None:
    rows = data.draw(st.lists(st.lists(CELLS, min_size=len(headers), max_size=len(headers)), min_size=1, max_size=5))
    rows = [[" ".join(c.split()) for c in r] for r in rows]
    widths = {i: max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)}
    need = sum(w for i, w in widths.items() if headers[i] == "id") + 10 * 2
    printed = cli._table(rows, headers, width).split("\n")
    if need <= width:
        assert all(len(line) <= width for line in printed), (width, printed)
    if "id" in headers:
        k = headers.index("id")
        assert all(r[k] in line for r, line in zip(rows, printed[2:], strict=True))
    wide = cli._table(rows, headers, None).split("\n")
    assert all(all(c in line for c in r) for r, line in zip(rows, wide[2:], strict=True))


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_command_fits_the_terminal(width: int) -> None:
    out = subprocess_run(width, "initiatives")
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines), max(len(line) for line in lines)
    assert {line.split()[0] for line in lines[2:]} == {i.id for i in DS.initiatives()}
    wide = subprocess_run(width, "initiatives", "--wide")
    assert any(len(line) > width for line in wide.splitlines())
    assert all(i.title in wide for i in DS.initiatives())


def subprocess_run(width: int, *args: str) -> str:
    import subprocess
    import sys

    env = {**ENV, "COLUMNS": str(width)}
    out = subprocess.run([sys.executable, "-m", "mirps", *args], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout
