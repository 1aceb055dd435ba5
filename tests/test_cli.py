"""The mirps command, driven as a user drives it: a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mirps", *args], capture_output=True, text=True, env={"COLUMNS": "200", "PATH": ""}
    )


def test_initiatives_prints_a_table() -> None:
    out = run("initiatives", "--country", "Honduras")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["id", "country", "title", "in", "charge"]
    assert any(line.startswith("hn-community-art-san-pedro-sula ") for line in lines)
    assert all(" HN " in line for line in lines[2:])


def test_initiatives_filters_combine_and_print_json() -> None:
    out = run("initiatives", "--institution", "UNHCR", "--role", "partner", "--country", "MX", "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert {i["id"] for i in found} == {
        "mx-general-law-internal-displacement",
        "mx-pilot-inclusion-internally-displaced",
        "mx-local-integration-women-gbv",
    }
    assert all({"id": "MX"} in i["countries"] for i in found)


def test_partners_of_an_institution() -> None:
    out = run("partners", "Municipality of San Pedro Sula", "--json")
    assert out.returncode == 0, out.stderr
    assert {"unhcr", "children-international"} <= {i["id"] for i in json.loads(out.stdout)}


def test_an_empty_answer_is_not_an_error() -> None:
    out = run("initiatives", "--country", "Italy")
    assert out.returncode == 0
    assert out.stdout.strip() == "(nothing found)"


def test_a_pinned_dataset_version() -> None:
    old = run("--dataset-version", "1.0.0", "initiatives", "--json")
    new = run("initiatives", "--json")
    assert len(json.loads(old.stdout)) == 7 < len(json.loads(new.stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["initiatives", "--country", "Mexco"], "did you mean Mexico (MX)?"),
        (["partners", "unchr"], "did you mean United Nations High Commissioner for Refugees (unhcr)?"),
        (["initiatives", "--role", "boss"], "invalid choice"),
        (["--dataset-version", "0.9", "initiatives"], "unknown dataset version '0.9'"),
        (["frobnicate"], "invalid choice"),
        (["partners"], "required"),
    ],
)
def test_a_users_mistake_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("command", ["initiatives", "partners", "versions"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    out = run(command, "--help")
    assert out.returncode == 0
    assert "example: mirps " + command in out.stdout


def test_versions_lists_the_bundled_versions() -> None:
    out = run("versions", "--json")
    assert [r["version"] for r in json.loads(out.stdout)][:2] == ["1.0.0", "1.1.0"]
