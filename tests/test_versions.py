"""Versions as researchers use them: schema, diff, citation, and the built package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import mirps
from mirps._schema import build_schema

from .conftest import document


def test_the_shipped_schema_is_the_one_the_models_give() -> None:
    assert mirps.schema() == build_schema(), "regenerate: python -m mirps._schema > src/mirps/data/schema-2.json"
    assert mirps.schema(2) == mirps.schema()
    with pytest.raises(ValueError, match="no schema 3"):
        mirps.schema(3)


@pytest.mark.parametrize("version", mirps.available_versions())
def test_every_bundled_version_validates_against_the_schema_of_its_major(version: str) -> None:
    major = int(version.split(".")[0])
    jsonschema.Draft202012Validator.check_schema(mirps.schema(major))
    jsonschema.Draft202012Validator(mirps.schema(major)).validate(document(version))
    other = 3 - major  # and not against the other one
    assert not jsonschema.Draft202012Validator(mirps.schema(other)).is_valid(document(version))


@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_the_schema_rejects_what_the_loader_rejects(version: str) -> None:
    major = int(version.split(".")[0])
    validator = jsonschema.Draft202012Validator(mirps.schema(major))
    doc = document(version)
    doc["initiatives"][0]["budget"] = 1
    doc["places"][0]["kind"] = "village"
    doc["countries"][0]["aliases"] = "Salvador"
    doc["version"] = "3.0.0"
    assert len(list(validator.iter_errors(doc))) == 4


def test_diff_lists_what_each_version_added_removed_and_changed() -> None:
    old, new = mirps.load("1.0.0"), mirps.load("1.1.0")
    d = old.diff(new)
    assert ("reports", "wg-local-governance-2021") in d.added
    assert d.removed == ()
    unhcr = next(c for c in d.changed if c.id == "unhcr")
    assert [f.field for f in unhcr.fields] == ["aliases"]
    assert "Office of the United Nations High Commissioner for Refugees" in unhcr.fields[0].new
    back = new.diff(old)
    assert set(back.removed) == set(d.added) and back.added == ()
    assert not old.diff(old)
    assert json.loads(json.dumps(d.to_dict()))["new"] == "1.1.0"
    assert d.to_text().splitlines()[0].startswith("mirps dataset 1.0.0 -> 1.1.0: ")


def test_diff_of_a_corrected_value(tmp_path: Path) -> None:
    doc = document("1.1.0")
    doc["version"] = "1.1.1"
    doc["places"][0]["aliases"] = ["San Pedro"]
    path = tmp_path / "patch.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    d = mirps.load("1.1.0").diff(mirps.load(path=path))
    assert d.added == d.removed == ()
    assert [(c.collection, c.id, c.fields[0].old, c.fields[0].new) for c in d.changed] == [
        ("places", doc["places"][0]["id"], [], ["San Pedro"])
    ]


def test_a_citation_names_report_section_page_and_version() -> None:
    ds = mirps.load("1.1.0")
    text = ds.cite(ds.get("wglg21-rec-03"))
    assert "Report of the MIRPS Working Group on Local Governance" in text
    assert 'section 6 "RECOMMENDATIONS", from p. 11' in text  # the page the section starts on
    assert ds.sha256 is not None  # loaded from its file
    assert "mirps dataset 1.1.0" in text and ds.sha256[:12] in text
    assert ds.cite().startswith("mirps dataset 1.1.0")
    section = ds.section("wg-local-governance-2021/recommendations")
    assert 'section 6 "RECOMMENDATIONS", p. 11.' in ds.cite(section)


def test_diff_from_1_1_0_to_2_0_0_reports_the_new_facts() -> None:
    d = mirps.load("1.1.0").diff(mirps.load("2.0.0"))
    removed = {i for kind, i in d.removed if kind == "key_considerations"}
    assert {"wgid21-kc-01", "wgid21-kc-08", "wgid21-kc-10", "wgid21-kc-12"} <= removed  # lead-ins, now headings
    pndh = next(c for c in d.changed if c.id == "mx-national-human-rights-programme")
    fields = {f.field: f for f in pndh.fields}
    assert {"objectives", "results_to_date", "headings", "involvements"} <= set(fields)
    assert len(fields["objectives"].old) == 6 and len(fields["objectives"].new) == 5
    nrc = next(c for c in d.changed if c.id == "nrc")
    assert {f.field: f.new for f in nrc.fields}["name"] == "Norwegian Refugee Council"


def test_cli_diff_and_cite() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mirps", "diff", "1.0.0", "1.1.0", "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0 and json.loads(out.stdout)["old"] == "1.0.0"
    out = subprocess.run([sys.executable, "-m", "mirps", "cite", "nowhere-id"], capture_output=True, text=True)
    assert out.returncode == 2 and "unknown record 'nowhere-id'" in out.stderr
