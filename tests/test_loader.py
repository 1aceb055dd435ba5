"""Loading: bundled versions, integrity, canonical dumps, bad files, threads, import cost."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mirps
from mirps import loads

from .conftest import bundled_bytes, document

#: A change made in place to a dataset document.
Change = Callable[[dict[str, Any]], object]

#: Every released dataset version and the sha256 of its file. This list may only grow:
#: a released file never changes, and every released version stays loadable.
RELEASED = {
    "1.0.0": "a9ee6c8b18536c228d0cf5dd6264654a82227118747bc38296cafa1c25115eed",
    "1.1.0": "74a290239f4379878cff9ae1c210625b89e3d8628221e9277db83a0d27114cdd",
}


def test_released_versions_never_change() -> None:
    manifest = {r.version: r.sha256 for r in mirps.releases()}
    for version, digest in RELEASED.items():
        assert manifest.get(version) == digest, f"{version} was changed or removed"
        assert hashlib.sha256(bundled_bytes(version)).hexdigest() == digest
        assert mirps.load(version, sha256=digest).version == version


def test_versions_are_listed_oldest_first() -> None:
    versions = mirps.available_versions()
    assert versions == tuple(sorted(versions, key=lambda v: tuple(map(int, v.split(".")))))
    assert mirps.load().version == versions[-1]


def test_load_is_cached_and_pins_a_version() -> None:
    assert mirps.load() is mirps.load()
    assert mirps.load("1.0.0") is mirps.load("1.0.0")
    assert mirps.load("1.0.0").version == "1.0.0"
    assert len(mirps.load("1.0.0").reports) == 1


def test_a_wrong_sha256_is_refused() -> None:
    with pytest.raises(mirps.DatasetError, match="sha256"):
        mirps.load("1.0.0", sha256="0" * 64)


def test_dump_gives_back_the_bundled_bytes(any_ds: mirps.Dataset) -> None:
    assert any_ds.dumps() == bundled_bytes(any_ds.version)
    assert hashlib.sha256(any_ds.dumps()).hexdigest() == any_ds.sha256


def test_a_file_from_elsewhere_loads_fully_validated(tmp_path: Path) -> None:
    path = tmp_path / "copy.json"
    path.write_bytes(bundled_bytes("1.0.0"))
    loaded = mirps.load(path=path)
    assert loaded.dumps() == mirps.load("1.0.0").dumps()
    assert loaded is not mirps.load(path=path)
    with pytest.raises(mirps.DatasetError):
        mirps.load(path=path, sha256="ab" * 32)
    with pytest.raises(TypeError):
        mirps.load("1.0.0", path=path)


def problems(doc: Any) -> list[str]:
    with pytest.raises(mirps.DatasetError) as info:
        loads(json.dumps(doc).encode())
    return list(info.value.problems)


def test_each_problem_is_named_by_its_json_path() -> None:
    doc = document("1.0.0")
    doc["initiatives"][3]["strategic_partners"][0]["institutions"][0] = {"id": "unchr"}
    doc["initiatives"][2]["budget"] = 10
    doc["countries"][1]["alpha3"] = 3
    del doc["key_considerations"][0]["text"]
    doc["institutions"][0]["kind"] = "agency"
    doc["places"][1]["parent"] = "hn-san-pedro-sula"
    found = problems(doc)
    assert "$.initiatives[3].strategic_partners[0].institutions[0]: unknown institution 'unchr'" in found
    assert "$.initiatives[2]: extra fields found (budget)" in found
    assert "$.countries[1].alpha3: expected string, got integer" in found
    assert "$.key_considerations[0].text: required field missing" in found
    assert any(p.startswith("$.institutions[0].kind: invalid value, expected one of:") for p in found)
    assert any(p.startswith('$.places[1].parent: expected a reference {"id": ...} to a place') for p in found)
    assert len(found) == 6


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["countries"].append(dict(d["countries"][0])), "duplicate id 'SV'"),
        (lambda d: d["institutions"][1]["aliases"].append("UNHCR"), "claimed by 'unhcr' too"),
        (lambda d: d.update(version="3.0.0"), "schema major version 3 is not supported"),
        (lambda d: d.update(version="one"), "expected a version"),
        (lambda d: d.update(extra=[]), "$.extra: unknown key"),
        (lambda d: d.update(initiatives={}), "$.initiatives: expected a JSON array"),
        (lambda d: d["places"][1].update(parent={"id": "hn-sanai"}), "the parents form a cycle"),
        (lambda d: d["places"][0].update(subdivision="MX-GRO"), "is not a subdivision of HN"),
        (lambda d: d["corrections"][0].update(published="nowhere"), "does not stand in"),
        (lambda d: d["corrections"][0].update(field="id"), "has no text field"),
        (lambda d: d["sessions"].append(5), "$.sessions[0]: expected a JSON object"),
    ],
)
def test_rules_across_records_are_enforced(change: Change, message: str) -> None:
    doc = document("1.0.0")
    change(doc)
    assert any(message in p for p in problems(doc)), problems(doc)


def _involvement(doc: dict[str, Any], record_id: str, **change: Any) -> None:
    record = next(r for r in doc["initiatives"] if r["id"] == record_id)
    record["involvements"][0].update(change)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _involvement(d, "hn-mahe-differentiated-approach", evidence="the Red Cross paid"),
            "$.initiatives[3].involvements[0].evidence: 'the Red Cross paid' does not stand in",
        ),
        (
            lambda d: _involvement(d, "hn-mahe-differentiated-approach", evidence=None),
            "$.initiatives[3].involvements[0].evidence: a stated involvement needs its evidence",
        ),
        (
            lambda d: _involvement(d, "hn-mahe-differentiated-approach", basis="editorial", note=None),
            "$.initiatives[3].involvements[0].note: an editorial involvement needs the editors' note",
        ),
        (
            lambda d: _involvement(d, "hn-mahe-differentiated-approach", field="budget"),
            "$.initiatives[3].involvements[0].field: 'hn-mahe-differentiated-approach' has no text field 'budget'",
        ),
        (
            lambda d: _involvement(d, "hn-mahe-differentiated-approach", role="sponsor"),
            "$.initiatives[3].involvements[0].role: invalid value, expected one of: lead, partner",
        ),
        (
            lambda d: d["institutions"][0]["editorial"].update(budget="why"),
            "$.institutions[0].editorial.budget: Institution has no field 'budget'",
        ),
        (
            lambda d: d["institutions"][0]["editorial"].update(name=""),
            "$.institutions[0].editorial: expected each note to be a non-empty string",
        ),
        (
            lambda d: d["initiatives"][5]["headings"][0].update(start=99),
            "$.initiatives[5].headings[0].start: 99 is not a place in objectives",
        ),
    ],
)
def test_the_rules_of_involvements_notes_and_headings_in_2_0_0(change: Change, message: str) -> None:
    doc = document("2.0.0")
    change(doc)
    found = problems(doc)
    assert any(p.startswith(message) for p in found), found


def test_a_schema_1_problem_is_named_where_the_file_has_it() -> None:
    doc = document("1.0.0")
    doc["initiatives"][3]["strategic_partners"][0]["institutions"][1] = {"id": "unchr"}
    doc["reports"][0]["technical_secretariat"][1] = {"id": "sao"}
    found = problems(doc)
    assert "$.initiatives[3].strategic_partners[0].institutions[1]: unknown institution 'unchr'" in found
    assert "$.reports[0].technical_secretariat[1]: unknown institution 'sao'" in found


def test_a_schema_1_file_without_a_report_field_it_may_leave_out_dumps_again() -> None:
    doc = document("1.0.0")
    del doc["reports"][0]["expert_countries"]  # optional: an empty list when left out
    dataset = loads(json.dumps(doc).encode())
    assert [c.id for c in dataset.reports[0].technical_secretariat] == ["unhcr", "oas"]
    assert loads(dataset.dumps()).dumps() == dataset.dumps()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"version": "1.0.0",', "not valid JSON"),
        (b'{"version": "1.0.0", "version": "1.0.0"}', "appears twice"),
        (b'{"version": "1.0.0", "countries": [NaN]}', "not a JSON number"),
        (b"[]", "expected a JSON object"),
        (b"[" * 100000, "not valid JSON"),
    ],
)
def test_bytes_that_are_not_a_json_document(data: bytes, message: str) -> None:
    with pytest.raises(mirps.DatasetError, match=message):
        loads(data)


def test_many_threads_get_one_dataset() -> None:
    code = """
import threading, mirps
seen, barrier = [], threading.Barrier(16)
def first():
    barrier.wait()
    seen.append(mirps.load())
threads = [threading.Thread(target=first) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
assert len(seen) == 16 and len({id(d) for d in seen}) == 1, seen
print("one", len(seen))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "one 16"


def test_import_reads_no_data_and_no_cattrs() -> None:
    code = (
        "import sys, mirps, mirps._versions as v; "
        "print('cattrs' in sys.modules, v._cache == {}, v._manifest is None, 'json' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[:3] == ["False", "True", "True"]


def test_records_of_one_version_are_not_those_of_another() -> None:
    old, new = mirps.load("1.0.0"), mirps.load("1.1.0")
    assert old.get("unhcr") is not new.get("unhcr")
    assert {r.id for r in old.initiatives()} < {r.id for r in new.initiatives()}


KINDS = [cls.collection for cls in mirps.models.record_kinds()]
DOC = document()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([k for k in KINDS if DOC[k]]), st.data())
def test_any_record_with_new_text_round_trips(kind: str, data: st.DataObject) -> None:
    doc = json.loads(json.dumps(DOC))
    corrected = {c["record"]["id"] for c in doc["corrections"]}
    # a corrected record's published text must keep the span its corrections quote
    free = [i for i, r in enumerate(doc[kind]) if r["id"] not in corrected]
    assume(free)
    record = doc[kind][data.draw(st.sampled_from(free))]
    for quoting in ("involvements", "headings"):  # their evidence and headings stand in the text replaced
        if quoting in record:
            record[quoting] = []
    texts = [
        k
        for k, v in record.items()
        if isinstance(v, str) and k not in ("id", "kind", "role", "date", "field", "published", "subdivision")
    ]
    for key in texts:
        if kind in ("countries", "institutions") and key in ("name", "acronym", "name_es", "alpha3"):
            continue  # spellings must stay unique: covered by the alias rules
        record[key] = data.draw(st.text(min_size=1, max_size=40), label=key)
    dumped = loads(json.dumps(doc).encode()).dumps()
    assert json.loads(dumped) == doc
    assert loads(dumped).dumps() == dumped
