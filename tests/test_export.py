"""Exports checked with the real tools on the other side: frictionless, libhxl, pandas."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import mirps
from mirps.export import tables

#: The latest dataset: the tests that use it check laws that hold in every version.
DS = mirps.load()
#: A named version: the tests that check values check those of dataset 1.1.0.
DS_1_1_0 = mirps.load("1.1.0")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("datapackage")
    DS.export("datapackage", out)
    return out


@pytest.fixture(scope="module")
def package_1_1_0(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("datapackage-1.1.0")
    DS_1_1_0.export("datapackage", out)
    return out


def read(package: Path, name: str) -> list[dict[str, str]]:
    with (package / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_data_package_passes_frictionless(package: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == len(tables(DS))


def test_the_descriptor_has_what_a_data_package_needs(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == DS.version
    assert descriptor["licenses"] and descriptor["sources"]
    for resource in descriptor["resources"]:
        data = (package / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"].startswith("sha256:")
    initiatives = next(r for r in descriptor["resources"] if r["name"] == "initiatives")
    assert initiatives["schema"]["primaryKey"] == ["id"]
    assert {"fields": "section", "reference": {"resource": "sections", "fields": "id"}} in initiatives["schema"][
        "foreignKeys"
    ]


def test_frictionless_catches_a_broken_link(package: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    for path in package.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    links = tmp_path / "initiative_countries.csv"
    header, first, rest = links.read_text(encoding="utf-8").split("\n", 2)
    first = first.rpartition(",")[0] + ",XX"  # the first link now points at no country
    links.write_text("\n".join([header, first, rest]), encoding="utf-8")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # the hash is right; the link is not
        if resource["path"] == links.name:
            resource.pop("hash")
            resource.pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_csv_ids_join(package: Path) -> None:
    institutions = {r["id"] for r in read(package, "institutions")}
    links = read(package, "initiative_involvements")
    assert {r["institution"] for r in links} <= institutions
    for initiative in DS.initiatives():
        leads = {r["institution"] for r in links if r["initiative"] == initiative.id and r["role"] == "lead"}
        assert leads == {i.id for i in initiative.leads}
    assert len(read(package, "initiatives")) == len(DS.initiatives())


def test_involvements_carry_their_role_codes(package: Path) -> None:
    from mirps.export import ROLE_CODES

    for kind in mirps.models.record_kinds():
        if not any(s.name == "involvements" for s in mirps.models.field_shapes(kind)):
            continue
        assert issubclass(kind, mirps.models._Involving), kind
        rows = read(package, f"{mirps.models.singular(kind)}_involvements")
        assert len(rows) == sum(len(r.involvements) for r in DS.records(kind))
        for row in rows:
            iati, hxl = ROLE_CODES[mirps.Role(row["role"])]
            assert (row["iati_role"] or None, row["hxl_attribute"]) == (iati, hxl)
            assert row["basis"] in {"stated", "editorial"}


def test_csv_links_of_an_initiative_in_1_1_0(package_1_1_0: Path) -> None:
    links = read(package_1_1_0, "initiative_involvements")
    mine = [r for r in links if r["initiative"] == "hn-community-art-san-pedro-sula"]
    assert {r["institution"] for r in mine if r["role"] == "lead"} == {"hn-san-pedro-sula-municipality"}
    assert {r["basis"] for r in mine} == {"editorial"}  # schema 1 does not say how a link is known
    assert len(read(package_1_1_0, "initiatives")) == 23


def test_the_hxl_table_parses_with_libhxl(tmp_path: Path) -> None:
    hxl = pytest.importorskip("hxl")
    (path,) = DS.export("hxl", tmp_path)
    source = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = [c.display_tag for c in source.columns]
    for tag in (
        "#activity+code",
        "#activity+name",
        "#org+lead+name",
        "#org+partner+name",
        "#org+funder+name",
        "#org+impl+name",
        "#country+code",
        "#adm1+code",
        "#adm2+name",
        "#meta+source",
    ):
        assert tag in tags
    rows = list(source)
    assert {r.get("#activity+code") for r in rows} == {i.id for i in DS.initiatives()}


def test_the_hxl_rows_of_an_initiative_in_1_1_0(tmp_path: Path) -> None:
    hxl = pytest.importorskip("hxl")
    (path,) = DS_1_1_0.export("hxl", tmp_path)
    rows = list(hxl.data(str(path), hxl.InputOptions(allow_local=True)))
    art = [r for r in rows if r.get("#activity+code") == "hn-community-art-san-pedro-sula"]
    assert len(art) == 2  # its two communities
    assert {r.get("#loc+name") for r in art} == {"Llanos de Sula", "Sinaí"}
    assert {r.get("#adm2+name") for r in art} == {"San Pedro Sula"}
    assert {r.get("#adm1+code") for r in art} == {"HN-CR"}
    assert {r.get("#country+code") for r in art} == {"HND"}
    assert all(r.get("#org+lead+name") == "Municipality of San Pedro Sula" for r in art)


def test_json_export_loads_back_identical(tmp_path: Path) -> None:
    (path,) = DS.export("json", tmp_path)
    again = mirps.load(path=path)
    assert again.dumps() == DS.dumps()
    assert again.initiatives() == DS.initiatives()


def test_results_and_the_dataset_as_dataframes() -> None:
    pytest.importorskip("pandas")
    frame = mirps.initiatives(country="Mexico").to_pandas()
    assert list(frame.index) == [i.id for i in mirps.initiatives(country="Mexico")]
    assert list(frame["section"]) == [i.section.id for i in mirps.initiatives(country="Mexico")]
    frames = DS.to_pandas()
    assert set(frames) == set(tables(DS))
    links = frames["initiative_involvements"]
    merged = links.merge(frames["institutions"], left_on="institution", right_on="id")
    assert len(merged) == len(links)  # every link joins
    assert str(frames["recommendations"]["number"].dtype) == "Int64"


def test_dataframes_of_1_1_0() -> None:
    pytest.importorskip("pandas")
    frame = DS_1_1_0.initiatives(country="Mexico").to_pandas()
    assert (
        frame.loc["mx-general-law-internal-displacement", "section"]
        == "wg-internal-displacement-2021/policy-frameworks"
    )
    frames = DS_1_1_0.to_pandas()
    links = frames["initiative_involvements"]
    merged = links.merge(frames["institutions"], left_on="institution", right_on="id")
    assert "UNHCR" in set(merged["acronym"])


def test_without_pandas_the_error_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\nimport mirps\n"
        "try:\n    mirps.initiatives().to_pandas()\nexcept ImportError as e:\n    print(e)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'pip install "mirps[pandas]"' in out.stdout


def test_notebook_views_in_1_1_0() -> None:
    found = DS_1_1_0.initiatives(country="Panama")
    html = found._repr_html_()
    assert "<table>" in html and "pa-onpar-mixed-movements" in html and "2 records" in html
    card = DS_1_1_0.get("unhcr")._repr_html_()
    assert "United Nations High Commissioner for Refugees" in card
    assert len(repr(found)) < 300


def test_an_unknown_export_format_suggests(tmp_path: Path) -> None:
    with pytest.raises(mirps.NotFoundError, match="did you mean csv"):
        DS.export("cvs", tmp_path)
