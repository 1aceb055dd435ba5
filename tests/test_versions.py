"""Versions as researchers use them: schema, diff, citation, and the built package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import jsonschema
import pytest

import mirps
from mirps._schema import build_schema

from .conftest import ROOT, document


def test_the_shipped_schema_is_the_one_the_models_give() -> None:
    assert mirps.schema() == build_schema(), "regenerate: python -m mirps._schema > src/mirps/data/schema.json"


@pytest.mark.parametrize("version", mirps.available_versions())
def test_every_bundled_version_validates_against_the_schema(version: str) -> None:
    jsonschema.Draft202012Validator.check_schema(mirps.schema())
    jsonschema.Draft202012Validator(mirps.schema()).validate(document(version))


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(mirps.schema())
    doc = document("1.0.0")
    doc["initiatives"][0]["budget"] = 1
    doc["places"][0]["kind"] = "village"
    doc["countries"][0]["aliases"] = "Salvador"
    doc["version"] = "2.0.0"
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
    assert d.report().splitlines()[0].startswith("mirps dataset 1.0.0 -> 1.1.0: ")


def test_diff_of_a_corrected_value(tmp_path: Path) -> None:
    doc = document("1.1.0")
    doc["version"] = "1.1.1"
    doc["places"][0]["aliases"] = ["San Pedro"]
    path = tmp_path / "patch.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    d = mirps.load("1.1.0").diff(mirps.load(path=path))
    assert d.added == d.removed == ()
    assert [(c.kind, c.id, c.fields[0].old, c.fields[0].new) for c in d.changed] == [
        ("places", doc["places"][0]["id"], [], ["San Pedro"])
    ]


def test_a_citation_names_report_section_page_and_version() -> None:
    ds = mirps.load("1.1.0")
    text = ds.cite(ds.get("wglg21-rec-03"))
    assert "Report of the MIRPS Working Group on Local Governance" in text
    assert 'section 6 "RECOMMENDATIONS", p. 11' in text
    assert "mirps dataset 1.1.0" in text and ds.sha256[:12] in text
    assert ds.cite().startswith("mirps dataset 1.1.0")


def test_cli_diff_and_cite() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mirps", "diff", "1.0.0", "1.1.0", "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0 and json.loads(out.stdout)["old"] == "1.0.0"
    out = subprocess.run([sys.executable, "-m", "mirps", "cite", "nowhere-id"], capture_output=True, text=True)
    assert out.returncode == 2 and "unknown record 'nowhere-id'" in out.stderr


@pytest.mark.slow
def test_the_built_wheel_installs_and_answers(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("*.whl"))
    sdist = next(dist.glob("*.tar.gz"))
    names = zipfile.ZipFile(wheel).namelist()
    for release in mirps.releases():
        assert f"mirps/data/{release.file}" in names
    assert {"mirps/data/manifest.json", "mirps/data/schema.json", "mirps/py.typed"} <= set(names)
    assert not any(n.startswith("tests/") for n in names)
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert any(m.endswith("/tests/test_versions.py") for m in members)
    assert any(m.endswith("/docs/index.md") for m in members)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "import mirps; print(mirps.load().version, [i.id for i in mirps.load('1.1.0').initiatives(country='SV')])"
    out = subprocess.run([str(python), "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == mirps.available_versions()[-1]
    assert "sv-characterization-study-update" in out.stdout
