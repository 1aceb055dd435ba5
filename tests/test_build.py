"""The dataset built from its sources: the releases reproduced, the texts checked, the problems located."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps

from .conftest import ROOT, bundled_bytes, next_patch

SOURCES = ROOT / "sources"
ID = "wg-internal-displacement-2021"


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"mirps_tools_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _tool("build")
authoring = build.authoring
TEXTS = authoring.report_texts()


def released(version: str) -> bool:
    return version in mirps.available_versions()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "build.py"), *args], capture_output=True, text=True)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the sources to break."""
    return Path(shutil.copytree(SOURCES, tmp_path / "sources"))


def set_next_patch(sources: Path) -> str:
    """Set the sources' version to the PATCH after the latest release; that version."""
    version = next_patch(mirps.available_versions()[-1])
    path = sources / "dataset.yaml"
    path.write_text(re.sub(r"(?m)^version: .*$", f"version: {version}", path.read_text(encoding="utf-8")))
    return version


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- the releases, reproduced ------------------------------------------------------------------


def test_the_sources_rebuild_their_version_and_a_released_one_byte_for_byte() -> None:
    data, dataset, _, _ = build.build()
    latest = mirps.available_versions()[-1]
    if released(dataset.version):  # the sources describe the latest release, byte for byte
        assert dataset.version == latest
        assert data == bundled_bytes(latest)
    else:  # or work towards the next one, newer than every release
        assert tuple(map(int, dataset.version.split("."))) > tuple(map(int, latest.split(".")))


def test_the_shorthands_expand_to_items_headings_and_involvements() -> None:
    entry: dict[str, Any] = {
        "objectives": [{"heading": "It has 2 objectives:"}, "One.", {"text": "Two. (COMAR)", "credited": ["mx-comar"]}],
        "institutions_in_charge": [{"text": "SEGOB and COMAR", "institutions": ["mx-segob"]}, "Legislators"],
        "involvements": [{"institution": "icrc", "role": "funder", "field": "objectives", "evidence": "One."}],
    }
    assert build._expand(mirps.Initiative, entry) == []
    assert entry["objectives"] == ["One.", "Two. (COMAR)"]
    assert entry["institutions_in_charge"] == ["SEGOB and COMAR", "Legislators"]
    assert entry["headings"] == [{"field": "objectives", "start": 0, "text": "It has 2 objectives:"}]
    assert [(i["institution"], i["role"], i["evidence"]) for i in entry["involvements"]] == [
        ("mx-segob", "lead", "SEGOB and COMAR"),
        ("mx-comar", "credited", "Two. (COMAR)"),
        ("icrc", "funder", "One."),
    ]
    wrong = {"objectives": [{"text": "x", "sponsor": ["icrc"]}, {"heading": "y", "text": "z"}]}
    found = build._expand(mirps.Initiative, wrong)
    assert any("'sponsor' is no role" in p for p in found) and any("'heading'" in p for p in found)


def _without(ds: mirps.Dataset, **kept: Callable[[mirps.models.Involvement], bool]) -> mirps.Dataset:
    """``ds`` with the involvements of some records filtered (record id -> which to keep)."""

    def filtered(record: mirps.Record) -> mirps.Record:
        if record.id not in kept:
            return record
        assert isinstance(record, mirps.models._Involving), record.id
        return attrs.evolve(record, involvements=tuple(filter(kept[record.id], record.involvements)))

    return mirps.Dataset(
        ds.version, {kind: tuple(map(filtered, ds.records(kind))) for kind in mirps.models.record_kinds()}
    )


def test_a_name_linked_nowhere_and_an_institution_linked_from_nothing_are_found() -> None:
    ds = mirps.load("2.0.0")
    assert list(build.unlinked(ds)) == [] and list(build.orphans(ds)) == [] and list(build.unnamed(ds)) == []
    cammi = ds.institution("CAMMI")
    holders = {r.id for r in ds.related(cammi)}
    broken = _without(ds, **{h: (lambda i, c=cammi: i.institution != c) for h in holders})
    assert any(
        p.startswith("mx-pilot-inclusion-internally-displaced.") and "(mx-cammi)" in p for p in build.unlinked(broken)
    )
    assert "mx-cammi: no record links to it (other than as a parent)" in list(build.orphans(broken))


def test_an_editors_name_without_its_basis_is_found() -> None:
    ds = mirps.load("2.1.0")
    unhcr = ds.institution("ACNUR")
    assert list(build.unsourced(ds)) == []
    bare = attrs.evolve(unhcr, editorial={k: v for k, v in unhcr.editorial.items() if k != "acronym_es"})
    records = {k: tuple(bare if r is unhcr else r for r in ds.records(k)) for k in mirps.models.record_kinds()}
    found = list(build.unsourced(mirps.Dataset(ds.version, records)))
    assert found == ["unhcr.acronym_es: the editors' value needs its basis, a note in 'editorial'"]


def test_every_iso_country_is_built_and_a_written_spanish_name_is_refused(sources: Path) -> None:
    import pycountry

    _, dataset, _, _ = build.build(sources)
    assert {c.id for c in dataset.countries} == {c.alpha_2 for c in pycountry.countries}
    belize = dataset.country("BZ")
    assert (belize.name, belize.name_es, belize.editorial["name"]) == ("Belize", "Belice", build.ISO_NAME)
    edit(sources / "countries.yaml", "- id: SV\n", "- id: SV\n  name_es: El Salvador\n")
    (problem,) = problems(sources)
    assert "'name_es' is derived by the build (from the ISO 3166-1 code)" in problem


def test_evidence_that_does_not_name_its_institution_is_found() -> None:
    ds = mirps.load("2.0.0")
    art = ds.get("hn-community-art-san-pedro-sula")
    assert isinstance(art, mirps.Initiative)
    wrong = attrs.evolve(art.involvements[0], evidence="Municipality")
    records = {
        k: tuple(attrs.evolve(art, involvements=(wrong,)) if r is art else r for r in ds.records(k))
        for k in mirps.models.record_kinds()
    }
    found = list(build.unnamed(mirps.Dataset(ds.version, records)))
    assert found == [
        f"hn-community-art-san-pedro-sula.involvements[0]: the evidence does not name {wrong.institution.id}"
    ]


def test_the_build_command_writes_what_it_builds(tmp_path: Path) -> None:
    out = run("--out", str(tmp_path / "built.json"))
    assert out.returncode == 0, out.stderr
    written = (tmp_path / "built.json").read_bytes()
    assert written == build.build()[0]
    assert re.search(r"verbatim: (\d+)/\1 quoted texts stand in their reports", out.stdout)
    assert f"coverage of {ID}: 1.000" in out.stdout


# -- every bundled version against the texts ---------------------------------------------------


def test_the_report_texts_are_in_the_repository_with_their_digests() -> None:
    assert {r.id for r in mirps.load().reports} <= set(TEXTS)
    for report_id, text in TEXTS.items():
        path = SOURCES / "reports" / f"{report_id}.txt"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == text.sha256
        assert text.language == "en" and text.publisher and text.published_at.startswith("https://")


@pytest.mark.parametrize("version", mirps.available_versions())
def test_every_bundled_version_stands_verbatim_in_its_reports_and_covers_them(version: str) -> None:
    dataset = mirps.load(version)
    texts = {r.id: TEXTS[r.id] for r in dataset.reports}  # a report without its text fails here
    assert authoring.misses(dataset, {k: t.text for k, t in texts.items()}) == []
    assert len(list(authoring.every_quotation(dataset))) > 300  # the check saw the texts
    for report_id, text in texts.items():
        cover = authoring.coverage(dataset, text.text, text.furniture)
        assert cover.gaps == (), report_id
        assert cover.share == 1.0


def test_the_check_command_checks_every_bundled_version() -> None:
    out = run("--check")
    assert out.returncode == 0, out.stdout + out.stderr
    for version in mirps.available_versions():
        assert f"dataset {version}" in out.stdout


def test_a_missing_report_text_fails_the_check_rather_than_skipping(sources: Path) -> None:
    (sources / "reports" / f"{ID}.txt").unlink()
    with pytest.raises(authoring.SourceError, match=f"the report's text .*{ID}.txt is missing"):
        authoring.report_texts(sources)


# -- what a maintainer does --------------------------------------------------------------------


def test_fixing_a_note_is_one_edit_and_one_command(sources: Path, tmp_path: Path) -> None:
    version = set_next_patch(sources)
    edit(sources / "reports" / f"{ID}.yaml", "'IOATA' misspells Iota.", "'IOATA' misspells Iota (Eta and Iota).")
    out = run("--sources", str(sources), "--out", str(tmp_path / "patch.json"))
    assert out.returncode == 0, out.stderr
    patched = mirps.load(path=tmp_path / "patch.json")
    assert patched.version == version
    change = build.build()[1].diff(patched)
    assert change.added == change.removed == ()
    assert [(c.id, [f.field for f in c.fields]) for c in change.changed] == [("wgid21-c-04", ["note"])]


def test_a_release_from_the_sources_is_listed_and_never_rewritten(sources: Path, tmp_path: Path) -> None:
    data = Path(
        shutil.copytree(
            ROOT / "src" / "mirps" / "data", tmp_path / "data", ignore=shutil.ignore_patterns("__pycache__")
        )
    )
    version = set_next_patch(sources)
    args: tuple[str, ...] = ("--sources", str(sources), "--release", "--summary", "no change", "--date", "2030-01-01")
    args += ("--data", str(data))
    out = run(*args)
    assert out.returncode == 0, out.stderr
    entry = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["versions"][-1]
    written = (data / f"mirps-{version}.json").read_bytes()
    assert entry == {
        "version": version,
        "file": f"mirps-{version}.json",
        "sha256": hashlib.sha256(written).hexdigest(),
        "released": "2030-01-01",
        "summary": "no change",
    }
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    again = run(*args)
    assert again.returncode == 1 and "refused" in again.stderr
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


# -- problems, each located in the sources -----------------------------------------------------


def problems(folder: Path) -> list[str]:
    with pytest.raises(authoring.SourceError) as caught:
        build.build(folder)
    return list(caught.value.problems)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_text_that_is_not_the_reports_fails_the_build_and_names_its_record(sources: Path, tmp_path: Path) -> None:
    report = sources / "reports" / f"{ID}.yaml"
    edit(report, "- Continuation of presentations of the", "- Continuation of presentation of the")
    out = run("--sources", str(sources), "--out", str(tmp_path / "x.json"))
    assert out.returncode == 1
    where = line_of(report, "id: mx-general-law-internal-displacement")
    assert f"{ID}.yaml:{where}: mx-general-law-internal-displacement.next_steps:" in out.stdout
    assert "nothing written" in out.stderr and not (tmp_path / "x.json").exists()


def test_an_unknown_field_is_located(sources: Path) -> None:
    report = sources / "reports" / f"{ID}.yaml"
    edit(report, "\n    title: GENERAL LAW", "\n    budget: 1\n    title: GENERAL LAW")
    (problem,) = problems(sources)
    where = line_of(report, "id: mx-general-law-internal-displacement")
    assert problem.startswith(f"{report}:{where}: initiatives 'mx-general-law-internal-displacement'")
    assert "budget" in problem


def test_a_link_to_nothing_is_located(sources: Path) -> None:
    edit(sources / "places.yaml", "parent: hn-san-pedro-sula\n", "parent: hn-san-pedro\n")
    found = problems(sources)
    assert any("places.yaml:" in p and "'hn-rivera-hernandez'.parent" in p and "unknown place" in p for p in found)


def test_a_key_given_twice_is_an_error_with_its_line(sources: Path) -> None:
    registry = sources / "countries.yaml"
    edit(registry, "  name: Honduras\n", "  name: Honduras\n  name: Hondura\n")
    (problem,) = problems(sources)
    assert problem == f"{registry}:{line_of(registry, 'name: Hondura') + 1}: the key 'name' is given twice"


def test_an_alias_that_no_report_uses_is_an_error_not_dropped(sources: Path) -> None:
    registry = sources / "institutions.yaml"
    edit(registry, "  - The UN Refugee Agency\n", "  - The UN Refugee Agencyy\n")
    (problem,) = problems(sources)
    where = f"{registry}:{line_of(registry, 'id: unhcr')}"
    assert problem == f"{where}: the alias 'The UN Refugee Agencyy' stands in no report that names the record"


def test_a_report_said_to_name_a_record_must_spell_or_link_it(sources: Path) -> None:
    registry = sources / "institutions.yaml"
    old = "  name: Children International\n  kind: ngo\n  named_in: [wg-internal-displacement-2021"
    edit(registry, old + "]\n", old + ", wg-local-governance-2021]\n")
    (problem,) = problems(sources)
    where = f"{registry}:{line_of(registry, 'id: children-international')}"
    assert problem == f"{where}: wg-local-governance-2021 neither spells the record's name nor links to it"


def test_what_the_build_derives_is_not_written(sources: Path) -> None:
    edit(sources / "countries.yaml", "- id: SV\n", "- id: SV\n  alpha3: SLV\n")
    (problem,) = problems(sources)
    assert "'alpha3' is derived by the build" in problem and "countries.yaml:" in problem


def test_a_changed_report_text_is_refused(sources: Path) -> None:
    path = sources / "reports" / f"{ID}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    (problem,) = problems(sources)
    assert "has sha256" in problem and "not the" in problem


def test_a_record_named_in_no_report_of_the_build_is_left_out() -> None:
    _, dataset, _, _ = build.build(reports=[ID])
    assert "br-sao-paulo" not in {p.id for p in dataset.places}  # named in the Local Governance report only
    unhcr = dataset.institution("unhcr")
    assert "Office of the United Nations High Commissioner for Refugees" not in unhcr.aliases  # not in this text


# -- laws of the pieces ------------------------------------------------------------------------

REPORT = TEXTS[ID].text
#: The report's paragraphs and items, without their bullets (a bullet is layout, never quoted).
LINES = [re.sub(r"^\s*[-*\u2022]\s+", "", line) for line in REPORT.splitlines() if len(line.strip()) > 40]


@settings(max_examples=300)
@given(st.data())
def test_any_passage_of_a_report_stands_in_it_however_its_white_space_falls(data: st.DataObject) -> None:
    line = data.draw(st.sampled_from(LINES))
    start = data.draw(st.integers(0, len(line) - 20))
    passage = line[start : data.draw(st.integers(start + 20, len(line)))]

    def space(match: re.Match[str]) -> str:  # a line break anywhere but before a dash, which would make a bullet
        before_dash = match.group(1) is not None
        return data.draw(st.sampled_from([" ", "  ", "\t"] if before_dash else [" ", "  ", "\n", " \n  "]))

    respaced = re.sub(r"\s+(?=([-*\u2022])?)", space, passage)
    assert authoring.fold(respaced) in authoring.fold(REPORT)
    changed = respaced[: len(respaced) // 2] + "§" + respaced[len(respaced) // 2 :]
    assert authoring.fold(changed) not in authoring.fold(REPORT)


@settings(max_examples=200)
@given(
    value=st.one_of(
        st.text(),
        st.dates().map(str),
        st.floats(allow_nan=False).map(repr),
        st.sampled_from(["NO", "no", "yes", "On", "off", "y", "True", "~", "null", "1_000", "0x1F", "1e3", ".inf"]),
    )
)
def test_the_sources_read_back_any_string_a_yaml_writer_wrote(
    value: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("yaml") / "x.yaml"
    path.write_text(yaml.safe_dump({"text": value}), encoding="utf-8")
    assert authoring.read_yaml(path).data["text"] == value


@pytest.mark.parametrize("plain", ["NO", "on", "yes", "2021-07-06", "1.10", "1e3", ".nan"])
def test_plain_words_stay_text_in_the_sources(plain: str, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"value: {plain}\ncount: 7\nnothing: null\n", encoding="utf-8")
    assert authoring.read_yaml(path).data == {"value": plain, "count": 7, "nothing": None}
