"""The Excel workbook, read back with pandas and openpyxl."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps
from mirps.export import CELL_LENGTH, SHEET_NAME_LENGTH, Column, Table, about_table, tables, write_xlsx

openpyxl = pytest.importorskip("openpyxl")

#: A named version: the workbook of dataset 2.1.0.
DS = mirps.load("2.1.0")
TABLES = tables(DS)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    (path,) = DS.export("xlsx", tmp_path_factory.mktemp("xlsx"))
    return path


@pytest.fixture(scope="module")
def book(workbook: Path) -> Any:
    return openpyxl.load_workbook(workbook)


def values(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_workbook_is_named_after_the_version_and_its_sheets_after_the_tables(workbook: Path, book: Any) -> None:
    assert workbook.name == "mirps-2.1.0.xlsx"
    assert book.sheetnames == ["about", *TABLES]


def test_every_table_reads_back_cell_for_cell_with_pandas(workbook: Path) -> None:
    pd = pytest.importorskip("pandas")
    frames = pd.read_excel(workbook, sheet_name=None, dtype=object, keep_default_na=False)
    for name, table in TABLES.items():
        frame = frames[name]
        assert list(frame.columns) == list(table.columns), name
        want = [tuple("" if v is None else v for v in row) for row in table.rows]
        assert [tuple(row) for row in frame.itertuples(index=False)] == want, name


def test_every_cell_keeps_its_type_and_empty_cells_stay_empty(book: Any) -> None:
    for name, table in TABLES.items():
        assert values(book[name])[1:] == [tuple(v or None if isinstance(v, str) else v for v in r) for r in table.rows]
    integers = [
        cell
        for name, table in TABLES.items()
        for k, column in enumerate(table.columns_spec, 1)
        if column.type == "integer"
        for (cell,) in book[name].iter_rows(min_row=2, min_col=k, max_col=k)
        if cell.value is not None
    ]
    assert integers and all(c.data_type == "n" and isinstance(c.value, int) for c in integers)


def test_the_about_sheet_says_which_dataset_and_how_to_cite_it(book: Any) -> None:
    rows = values(book["about"])
    assert rows[0] == ("about", "value")
    about = dict(rows[1:6])
    assert about["version"] == "2.1.0"
    assert about["sha256"] == DS.sha256
    assert about["citation"] == DS.cite()
    assert ".cite(record)" in about["citing a record"]
    assert DS.cite(DS.initiatives()[0]) in about["citing a record"]
    assert [v for k, v in rows[6:]] == list(TABLES) and {k for k, _ in rows[6:]} == {"sheet"}


def test_every_sheet_has_a_bold_frozen_header_and_fitting_widths(book: Any) -> None:
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        rows = values(sheet)
        for k, header in enumerate(rows[0], 1):
            assert sheet.cell(1, k).font.b, (sheet.title, header)
            longest = max(len(line) for v in (r[k - 1] for r in rows) if v is not None for line in str(v).split("\n"))
            width = sheet.column_dimensions[sheet.cell(1, k).column_letter].width
            assert 10 <= width <= 60
            assert width == min(max(longest + 1, 10), 60), (sheet.title, header)


def test_cells_of_several_lines_wrap_and_others_do_not(book: Any) -> None:
    sheet = book["initiatives"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert any("\n" in c.value for c in cells)
    assert all(bool(c.alignment.wrap_text) == ("\n" in c.value) for c in cells)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, book: Any) -> None:
    texts = ["=1+1", '=HYPERLINK("http://example.org","x")', "+lead", "-2", "@SUM(A1)", "#N/A", "=", "plain"]
    table = Table("t", (Column("text"),), tuple((t,) for t in texts), ())
    sheet = openpyxl.load_workbook(write_xlsx([table], tmp_path / "t.xlsx"))["t"]
    cells = [c for (c,) in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == texts
    assert all(c.data_type == "s" for c in cells)
    assert [bool(c.quotePrefix) for c in cells] == [t[0] in "=+-@" for t in texts]
    hxl = [c for row in book["initiative_involvements"].iter_rows(min_row=2) for c in row if str(c.value)[:1] == "+"]
    assert hxl and all(c.data_type == "s" and c.quotePrefix for c in hxl)  # "+lead", "+impl": HXL attributes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a\x01b", "sheet 't', cell B3: the text holds U\\+0001"),
        ("x" * (CELL_LENGTH + 1), "sheet 't', cell B3: 32768 characters"),
        (2**53 + 1, "sheet 't', cell B3: Excel holds no integer over 2\\*\\*53"),
    ],
)
def test_a_value_excel_cannot_hold_is_an_error_naming_the_cell(tmp_path: Path, value: Any, message: str) -> None:
    table = Table("t", (Column("id"), Column("text")), (("a", "fine"), ("b", value)), ())
    with pytest.raises(ValueError, match=message):
        write_xlsx([table], tmp_path / "t.xlsx")


@pytest.mark.parametrize(
    ("names", "message"),
    [(["x" * (SHEET_NAME_LENGTH + 1)], "cannot name an Excel sheet"), (["a/b"], "cannot name"), (["t", "T"], "two")],
)
def test_a_name_excel_cannot_take_is_an_error(tmp_path: Path, names: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_xlsx([Table(n, (Column("id"),), (), ()) for n in names], tmp_path / "t.xlsx")


@pytest.mark.parametrize("version", mirps.available_versions())
def test_every_table_of_every_version_fits_a_sheet_name(version: str) -> None:
    names = ["about", *tables(mirps.load(version))]
    assert all(len(n) <= SHEET_NAME_LENGTH for n in names), names
    assert about_table(mirps.load(version)).rows[1] == ("version", version)


#: Any text an Excel file holds but a carriage return (XML reads it back as a line feed).
TEXT = st.text(
    st.characters(codec="utf-8", exclude_characters="\r\ufffe\uffff", exclude_categories=["Cc"]) | st.just("\n"),
    max_size=20,
)
CELLS = st.none() | st.integers(-(2**53), 2**53) | TEXT


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS, CELLS), max_size=6))
def test_any_table_reads_back_from_its_sheet(tmp_path_factory: pytest.TempPathFactory, rows: list[Any]) -> None:
    table = Table("t", (Column("a"), Column("b", "integer"), Column("c")), tuple(rows), ())
    path = write_xlsx([table], tmp_path_factory.mktemp("any") / "t.xlsx")
    sheet = openpyxl.load_workbook(path)["t"]
    for r, row in enumerate(rows, 2):
        for k, value in enumerate(row, 1):
            cell = sheet.cell(r, k)
            assert cell.value == (None if value == "" else value)
            assert cell.value is None or cell.data_type == ("n" if isinstance(value, int) else "s")


def test_without_openpyxl_the_error_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['openpyxl'] = None\nimport mirps\n"
        f"try:\n    mirps.load().export('xlsx', {str(tmp_path)!r})\nexcept ImportError as e:\n    print(e)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'pip install "mirps[excel]"' in out.stdout
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("format", mirps.export.FORMATS)
def test_every_format_writes_its_files_into_the_folder(tmp_path: Path, format: str) -> None:
    paths = DS.export(format, tmp_path / "out")
    assert paths and sorted(paths) == sorted((tmp_path / "out").iterdir())
    assert all(p.stat().st_size > 0 for p in paths)
