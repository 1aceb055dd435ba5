"""A record kind is declared once, on its class: the rest of the package follows from it.

Declaring a kind is global, so the throw-away kind of these tests lives in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mirps
from mirps import models

from .conftest import ROOT, document

KINDS = [
    "Country",
    "Place",
    "Institution",
    "Report",
    "Section",
    "Initiative",
    "KeyConsideration",
    "Recommendation",
    "Session",
    "Participant",
    "Correction",
]


def test_the_registry_holds_the_kinds_in_document_order() -> None:
    kinds = models.record_kinds()
    assert [cls.__name__ for cls in kinds] == KINDS
    for version in mirps.available_versions():
        assert [cls.collection for cls in kinds] == [key for key in document(version) if key != "version"]
    assert all("__slots__" in cls.__dict__ for cls in kinds)  # the classes attrs built, not their drafts
    assert [models.singular(cls) for cls in kinds][5:7] == ["initiative", "key_consideration"]
    assert models.Record.columns == ("id", "label")


# The script a fresh interpreter runs: declare a kind in a few lines, then use it everywhere.
SCRIPT = r'''
from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import ClassVar

import attrs
import frictionless
import jsonschema

import mirps
from mirps import _schema, cli, export, models

ROOT = Path(sys.argv[1])
DATA = ROOT / "src" / "mirps" / "data"


@attrs.frozen(kw_only=True, cache_hash=True, repr=False)
class Annex(models._Sourced):
    """An annex of a report: its heading, its paragraphs and the institutions it names."""

    collection: ClassVar[str] = "annexes"
    columns: ClassVar[tuple[str, ...]] = ("id", "title", "named")

    title: str
    """The annex's heading, verbatim."""
    paragraphs: tuple[str, ...] = ()
    """The annex's paragraphs."""
    named: tuple[models.Institution, ...] = ()
    """The institutions the annex names."""


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            status = cli.main(list(args))
        except SystemExit as exc:  # --help
            status = exc.code
    assert status == 0, (args, status, out.getvalue())
    return out.getvalue()


assert models.record_kinds()[-1] is Annex
assert [k.collection for k in models.record_kinds()][-2:] == ["corrections", "annexes"]

# Declaring it once more (a notebook cell run again) keeps one kind; another class may not take its name.
try:
    attrs.frozen(type("Appendix", (models.Record,), {"collection": "annexes", "__annotations__": {}}))
except TypeError as exc:
    assert "'annexes' is taken" in str(exc), exc
else:
    raise AssertionError("a second class took the name 'annexes'")

old_bytes = (DATA / "mirps-2.0.0.json").read_bytes()
doc = json.loads(old_bytes)
doc["version"] = "2.1.0"
section = doc["sections"][-1]["id"]
doc["annexes"] = [
    {
        "id": "annex-1",
        "section": {"id": section},
        "title": "Annex on coordination",
        "paragraphs": ["The zanzibarite roundtable met twice."],
        "named": [{"id": "unhcr"}],
        "involvements": [],
        "editorial": {},
    },
    {
        "id": "annex-2",
        "section": {"id": section},
        "title": "List of delegations",
        "paragraphs": [],
        "named": [{"id": "unhcr"}, {"id": "unicef"}],
        "involvements": [],
        "editorial": {},
    },
]
data = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"

# It loads, links resolved to the records themselves.
ds = mirps.loads(data)
annexes = ds.records(Annex)
assert [a.id for a in annexes] == ["annex-1", "annex-2"], annexes
assert annexes[1].named == (ds.institution("UNHCR"), ds.institution("UNICEF"))
assert annexes[0].report is ds.get(section).report
assert [r.id for r in ds.search("zanzibarite")] == ["annex-1"]
assert "2 annexes" in repr(ds)

# Bad annex data is a DatasetError with the JSON path; unknown top-level keys still are too.
bad = copy.deepcopy(doc)
bad["annexes"][1]["named"][1] = {"id": "nowhere"}
bad["annexes"][1]["title"] = 7
bad["appendices"] = []
try:
    mirps.loads(json.dumps(bad).encode())
except mirps.DatasetError as exc:
    problems = exc.problems
else:
    raise AssertionError("bad annexes loaded")
assert "$.annexes[1].named[1]: unknown institution 'nowhere'" in problems, problems
assert "$.annexes[1].title: expected string, got integer" in problems, problems
assert "$.appendices: unknown key" in problems, problems

# The JSON Schema knows it, and the document validates against it.
schema = _schema.build_schema()
assert schema["$defs"]["Annex"]["required"] == ["id", "section", "title"], schema["$defs"]["Annex"]
assert schema["properties"]["annexes"] == {"type": "array", "items": {"$ref": "#/$defs/Annex"}}
validator = jsonschema.Draft202012Validator(schema)
validator.validate(doc)
assert not validator.is_valid(bad)

# Tables, with a link table; a Frictionless data package that validates.
tables = export.tables(ds)
assert tables["annexes"].columns == ("id", "section", "report", "title", "paragraphs"), tables["annexes"].columns
assert tables["annex_named"].columns == ("annex", "institution")
assert tables["annex_named"].rows == (("annex-1", "unhcr"), ("annex-2", "unhcr"), ("annex-2", "unicef"))
assert tables["annex_involvements"].rows == () and not any(r[1] == "annexes" for r in tables["editorial"].rows)
frames = ds.to_pandas()
assert frames["annexes"]["title"].tolist() == ["Annex on coordination", "List of delegations"]
folder = Path(tempfile.mkdtemp())
ds.export("datapackage", folder)
package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
assert "annex-named" in [r["name"] for r in package["resources"]]
report = frictionless.validate(folder / "datapackage.json")
assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])

# The data dictionary has a section for it, with its field docs and an example.
spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "tools" / "docs_hooks.py")
hooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hooks)
dictionary = hooks.data_dictionary(ds)
assert "## Annex\n" in dictionary and "JSON array `annexes`" in dictionary, dictionary[-800:]
assert "| `paragraphs` | list of text | no | The annex's paragraphs. |" in dictionary
assert '`[{"id": "unhcr"}]`' in dictionary.split("## Annex\n")[1]

# A results table in a notebook shows its columns.
html = annexes._repr_html_()
assert "<th>id</th><th>title</th><th>named</th>" in html, html
assert "<td>UNHCR, UNICEF</td>" in html, html

# The diff lists the added annexes (and, the other way, the removed ones).
old = mirps.loads(old_bytes)
assert [a for a in old.diff(ds).added if a[0] == "annexes"] == [("annexes", "annex-1"), ("annexes", "annex-2")]
assert ds.diff(old).removed == (("annexes", "annex-1"), ("annexes", "annex-2"))

# The command line: its help, records, show, search and validate on the file.
path = folder / "mirps-2.1.0.json"
path.write_bytes(data)
assert "annexes" in run("records", "--help")
listing = run("--dataset-file", str(path), "records", "annexes")
assert listing.splitlines()[0].split() == ["id", "title", "named"], listing
assert "List of delegations" in listing
shown = run("--dataset-file", str(path), "show", "annex-2")
assert "title: List of delegations" in shown and "named: UNHCR, UNICEF" in shown, shown
assert run("--dataset-file", str(path), "search", "zanzibarite", "--json") != "[]\n"
assert json.loads(run("--dataset-file", str(path), "search", "zanzibarite", "--json"))[0]["id"] == "annex-1"
assert "2 annexes" in run("validate", str(path))

# Dumps: the new document round-trips; the bundled versions keep their bytes, without "annexes": [].
assert ds.dumps() == data
for version in ("1.0.0", "1.1.0"):
    bundled = (DATA / f"mirps-{version}.json").read_bytes()
    assert mirps.load(version).dumps() == bundled, version
    assert mirps.loads(bundled).dumps() == bundled, version
    assert "annexes" not in mirps.load(version).to_dict()
# A dataset made in memory has no document to follow: it writes every kind, empty ones too.
in_memory = mirps.Dataset("2.1.0", {k: old.records(k) for k in models.record_kinds()})
assert in_memory.to_dict()["annexes"] == []

# The sources: annexes written under their section in a report's file build with the rest,
# their texts checked against the report like every other.
sources = Path(tempfile.mkdtemp()) / "sources"
shutil.copytree(ROOT / "sources", sources)
report_file = sources / "reports" / "wg-local-governance-2021.yaml"
text = report_file.read_text(encoding="utf-8")
assert text.count("\n\ncorrections:") == 1
report_file.write_text(
    text.replace(
        "\n\ncorrections:",
        "\n  annexes:\n  - id: annex-1\n    title: INTEGRATION OF THE ADVISORY PANEL\n    paragraphs:\n"
        "    - The Working Group on Local Governance is based on the Work Plan of the Pro-tempore MIRPS 2021"
        " Presidency\n    named: [unhcr]\n\ncorrections:",
    ),
    encoding="utf-8",
)
spec = importlib.util.spec_from_file_location("build_tool", ROOT / "tools" / "build.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)
_, built, origins, texts = build.build(sources)
(annex,) = built.records(Annex)
assert annex.id == "annex-1" and annex.section.id == "wg-local-governance-2021/annex-2", annex
assert annex.named == (built.institution("unhcr"),)
with contextlib.redirect_stdout(io.StringIO()) as said:
    assert build.check(built, texts, origins), said.getvalue()
assert "not verbatim" not in said.getvalue()
print("ok")
'''


def test_a_kind_declared_in_one_class_is_known_everywhere(tmp_path: Path) -> None:
    script = tmp_path / "annex_kind.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(ROOT)], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_a_kind_names_only_columns_it_has() -> None:
    code = (
        "import attrs\nfrom typing import ClassVar\nfrom mirps import models\n"
        "class Note(models.Record):\n"
        "    collection: ClassVar[str] = 'notes'\n"
        "    columns: ClassVar[tuple[str, ...]] = ('id', 'txet')\n"
        "    text: str\n"
        "attrs.frozen(Note)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert "TypeError: Note.columns names what it does not have: txet" in out.stderr, out.stderr
    assert [k.__name__ for k in models.record_kinds()] == KINDS  # this process: untouched
