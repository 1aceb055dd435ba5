"""The documentation: every public name has an example, generated pages are current."""

from __future__ import annotations

import inspect
import re

import pytest

import mirps
from mirps._dataset import Dataset


def public_objects() -> list[tuple[str, object]]:
    found = []
    for name in mirps.__all__:
        if name == "__version__":
            continue
        obj = getattr(mirps, name)
        found.append((f"mirps.{name}", obj))
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not (inspect.isfunction(member) or isinstance(member, property)):
                    continue
                found.append((f"mirps.{name}.{attr}", member))
    return found


def test_the_public_names_were_found() -> None:
    names = {n for n, _ in public_objects()}
    assert {"mirps.load", "mirps.Dataset.initiatives", "mirps.Initiative.leads", "mirps.Diff.report"} <= names


@pytest.mark.parametrize(("name", "obj"), public_objects(), ids=[n for n, _ in public_objects()])
def test_every_public_name_has_a_docstring_with_an_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    if not isinstance(obj, property) and not (inspect.isclass(obj) and issubclass(obj, BaseException)):
        assert ">>>" in doc, f"{name}'s docstring has no example"


def test_dataset_is_the_documented_class() -> None:
    assert mirps.Dataset is Dataset


def hooks():  # type: ignore[no-untyped-def]
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "tools" / "docs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_field_of_every_record_kind_is_documented() -> None:
    import attrs

    docs = hooks().field_docs()
    for cls in (*mirps.models.record_kinds(), mirps.Involvement, mirps.Heading):
        for field in attrs.fields(cls):
            assert any(field.name in docs.get(k.__name__, {}) for k in cls.__mro__), f"{cls.__name__}.{field.name}"


def test_generated_pages_hold_the_data() -> None:
    module = hooks()
    dictionary = module.data_dictionary()
    assert "## Initiative" in dictionary and "| `institutions_in_charge` |" in dictionary
    rows = [line for line in dictionary.splitlines() if line.startswith("| `")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in rows)  # one line, five cells each
    rows = module.corrections().splitlines()[4:]  # after the sentence and the table's head
    assert [row.split(" | ")[0] for row in rows] == [f"| {c.id}" for c in mirps.load().corrections]
    assert "## mirps export" in module.cli()
    assert "## Dataset [1.1.0]" in module.changelog()
    assert "`initiative_involvements.csv`" in module.tables_page()
    roles = module.roles()
    assert all(f"| `{role.value}` |" in roles for role in mirps.Role)
    assert "| `funder` | Pays for it, in whole or in part. | yes | 1 (Funding) | `#org+funder` |" in roles
    editorial = module.editorial()
    assert editorial.startswith(f"Dataset {mirps.load().version} holds ")
    assert all(f"| {r.id} | `{f}` |" in editorial for r in mirps.load().institutions for f in r.editorial)
    assert module.expand("a\n{{ contents }}\nb").startswith("a\n| dataset |")


@pytest.mark.slow
def test_the_site_builds_strictly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from .conftest import ROOT

    pytest.importorskip("mkdocstrings", reason="the docs toolchain (extra 'docs') needs Python 3.11 or newer")
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "data-dictionary" / "index.html").is_file()
