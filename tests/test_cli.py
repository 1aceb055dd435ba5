"""The mirps command, driven as a user drives it: a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mirps
from mirps import cli

#: A bare environment, but for where Python finds mirps: the command runs the mirps under test.
ENV = {"COLUMNS": "200", "PATH": "", **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
#: The tests that check values ask for a named dataset version; the others use the latest.
V1_1_0 = ("--dataset-version", "1.1.0")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mirps", *args], capture_output=True, text=True, env=ENV)


def test_the_command_runs_the_mirps_under_test() -> None:
    code = "import mirps; print(mirps.__file__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)
    assert out.stdout.strip() == mirps.__file__


def test_initiatives_prints_a_table() -> None:
    out = run(*V1_1_0, "initiatives", "--country", "Honduras")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["id", "kind", "countries", "title", "leads", "partners"]
    assert any(line.startswith("hn-community-art-san-pedro-sula ") for line in lines)
    assert all(" HN " in line for line in lines[2:])
    assert len(lines) == 2 + 3


def test_initiatives_filters_combine_and_print_json() -> None:
    out = run(*V1_1_0, "initiatives", "--institution", "UNHCR", "--role", "partner", "--country", "MX", "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert {i["id"] for i in found} == {
        "mx-general-law-internal-displacement",
        "mx-pilot-inclusion-internally-displaced",
        "mx-local-integration-women-gbv",
    }
    assert all({"id": "MX"} in i["countries"] for i in found)


def test_partners_of_an_institution() -> None:
    out = run(*V1_1_0, "partners", "Municipality of San Pedro Sula", "--json")
    assert out.returncode == 0, out.stderr
    assert {"unhcr", "children-international"} <= {i["id"] for i in json.loads(out.stdout)}


def test_an_empty_answer_is_not_an_error() -> None:
    out = run(*V1_1_0, "initiatives", "--country", "Italy")
    assert out.returncode == 0
    assert out.stdout.strip() == "(nothing found)"


def test_a_pinned_dataset_version() -> None:
    old = run("--dataset-version", "1.0.0", "initiatives", "--json")
    new = run(*V1_1_0, "initiatives", "--json")
    latest = run("initiatives", "--json")
    assert len(json.loads(old.stdout)) == 7 < len(json.loads(new.stdout)) == 23
    assert [i["id"] for i in json.loads(latest.stdout)] == [i.id for i in mirps.initiatives()]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*V1_1_0, "initiatives", "--country", "Mexco"], "did you mean Mexico (MX)?"),
        ([*V1_1_0, "partners", "unchr"], "did you mean United Nations High Commissioner for Refugees (unhcr)?"),
        (["initiatives", "--role", "boss"], "invalid choice"),
        (["--dataset-version", "0.9", "initiatives"], "unknown dataset version '0.9'"),
        (["frobnicate"], "invalid choice"),
        (["partners"], "required"),
        ([*V1_1_0, "show", "unhcrr"], "did you mean"),
        (["diff", "1.0.0", "missing.json"], "No such file"),
        (["export", "--format", "xls", "--out", "x"], "invalid choice"),
        ([*V1_1_0, "institutions", "--country", "Narnia"], "unknown country 'Narnia'"),
    ],
)
def test_a_users_mistake_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


COMMANDS = [
    "initiatives",
    "partners",
    "show",
    "search",
    "countries",
    "institutions",
    "recommendations",
    "participants",
    "versions",
    "validate",
    "diff",
    "cite",
    "export",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    out = run(command, "--help")
    assert out.returncode == 0
    assert "example: mirps " + command in out.stdout


def test_versions_lists_the_bundled_versions() -> None:
    out = run("versions", "--json")
    versions = [r["version"] for r in json.loads(out.stdout)]
    assert versions == list(mirps.available_versions())
    assert versions[:2] == ["1.0.0", "1.1.0"]


def test_show_prints_every_field_its_corrections_and_a_citation() -> None:
    out = run(*V1_1_0, "show", "wglg21-p-33")
    assert out.returncode == 0, out.stderr
    assert "name: Inaki by Francisco Prieto" in out.stdout
    assert "correction: 'Inaki by' -> 'Iñaki de'" in out.stdout
    assert "cite: Report of the MIRPS Working Group on Local Governance" in out.stdout


def test_search_lists_records_of_every_kind() -> None:
    out = run(*V1_1_0, "search", "focal point", "--format", "csv")
    assert out.returncode == 0
    rows = out.stdout.splitlines()
    assert rows[0] == "type,id,label"
    assert any(r.startswith("Recommendation,wglg21-rec-01,") for r in rows)


def test_listings_as_csv_have_every_field() -> None:
    out = run(*V1_1_0, "participants", "--country", "Panama", "--format", "csv")
    header, *rows = out.stdout.splitlines()
    assert header.startswith("id,section,report,role,honorific,name,country,institution")
    assert len(rows) == 4
    out = run(*V1_1_0, "institutions", "--country", "HN", "--json")
    assert all(i["country"] == {"id": "HN"} for i in json.loads(out.stdout))
    out = run(*V1_1_0, "countries", "--format", "csv")
    assert "MX,MEX,Mexico,México," in out.stdout
    out = run(*V1_1_0, "recommendations", "--text", "children", "--json")
    assert [r["number"] for r in json.loads(out.stdout)] == [6, 14]


def test_validate_names_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": "1.0.0", "countries": [{"id": "MX"}], "extra": 1}', encoding="utf-8")
    out = run("validate", str(bad))
    assert out.returncode == 2
    assert "$.extra: unknown key" in out.stdout
    assert "$.countries[0].alpha3: required field missing" in out.stdout.splitlines()
    assert "$.countries[0].name: required field missing" in out.stdout.splitlines()
    assert len(out.stderr.strip().splitlines()) == 1
    good = run("validate", "src/mirps/data/mirps-1.0.0.json")
    assert good.returncode == 0 and "a valid mirps dataset 1.0.0" in good.stdout


def test_export_writes_files(tmp_path: Path) -> None:
    out = run("export", "--format", "csv", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "initiatives.csv").is_file()
    assert len(out.stdout.splitlines()) == len(list(tmp_path.glob("*.csv")))


def test_a_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_bytes(b"\xff")
    out = run("diff", "1.0.0", str(bad))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "not a valid mirps dataset" in out.stderr


V2_0_0 = ("--dataset-version", "2.0.0")


def test_filters_given_again_match_either_and_roles_and_bases_filter_in_2_0_0() -> None:
    both = run(*V2_0_0, "initiatives", "--country", "HN", "--country", "SV", "--json")
    assert both.returncode == 0, both.stderr
    ids = [r["id"] for r in json.loads(both.stdout)]
    assert ids == [i.id for i in mirps.load("2.0.0").initiatives(country=["HN", "SV"])]
    funded = run(*V2_0_0, "initiatives", "--institution", "ICRC", "--role", "funder", "--basis", "stated", "--json")
    assert [r["id"] for r in json.loads(funded.stdout)] == ["hn-mahe-differentiated-approach"]
    wrong = run(*V2_0_0, "initiatives", "--role", "sponsor")
    assert wrong.returncode == 2 and "invalid choice: 'sponsor'" in wrong.stderr and "Traceback" not in wrong.stderr


def test_show_prints_involvements_headings_and_editorial_notes_in_2_0_0() -> None:
    out = run(*V2_0_0, "show", "mx-national-human-rights-programme")
    assert out.returncode == 0, out.stderr
    assert "  The PNDH has 5 objectives:\n  - Ensure an articulated APF response" in out.stdout
    assert "  - CEAV: credited, stated in results_to_date: “Elaboration of the protocol" in out.stdout
    assert out.stdout.index("  More information about the PNDH") < out.stdout.index("enabling_elements:")
    nrc = run(*V2_0_0, "show", "nrc")
    assert "acronym: NRC\n  (editors': The report never prints an acronym" in nrc.stdout


def test_a_terminal_that_cannot_show_a_character_gets_its_escape() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mirps", *V2_0_0, "show", "hn-mahe-differentiated-approach"],
        capture_output=True,
        text=True,
        env={**ENV, "PYTHONIOENCODING": "ascii"},
    )
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert "\\u201cThis was complemented by technical and financial support" in out.stdout


def test_a_query_imports_only_what_it_uses() -> None:
    code = (
        "import sys\nfrom mirps.cli import main\n"
        "main(['initiatives', '--country', 'MX'])\n"
        "print(sorted(m for m in ('shutil', 'csv', 'html', 'cattrs') if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)
    assert out.stderr.strip() == "[]"


@pytest.mark.parametrize("columns", ["77", "abc", "0", "-3", None])
@pytest.mark.parametrize("terminal", [91, 0, None])
def test_the_width_is_read_as_shutil_reads_it(
    monkeypatch: pytest.MonkeyPatch, columns: str | None, terminal: int | None
) -> None:
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)

    def size(fd: int = 1) -> os.terminal_size:
        if terminal is None:
            raise OSError("not a terminal")
        return os.terminal_size((terminal, 30))

    monkeypatch.setattr(os, "get_terminal_size", size)
    expected = shutil.get_terminal_size((120, 24)).columns
    assert cli._columns(120) == expected
    assert expected == (77 if columns == "77" else terminal or 120)


def test_no_standard_output_at_all_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "__stdout__", None)
    assert cli._columns(80) == 80


def test_help_wraps_to_the_width_of_the_terminal() -> None:
    narrow = subprocess.run(
        [sys.executable, "-m", "mirps", "initiatives", "--help"],
        capture_output=True,
        text=True,
        env={**ENV, "COLUMNS": "60"},
        check=True,
    ).stdout
    wrapped = [line for line in narrow.splitlines() if "{" not in line]  # a list of choices cannot break
    assert wrapped and max(len(line) for line in wrapped) <= 58
    assert max(len(line) for line in run("initiatives", "--help").stdout.splitlines()) > 60
