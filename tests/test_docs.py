"""The documentation: every public name has an example, generated pages are current."""

from __future__ import annotations

import inspect

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
