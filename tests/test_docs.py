"""The documentation: every public name has an example, generated pages are current."""

from __future__ import annotations

import functools
import html
import importlib.util
import inspect
import logging
import posixpath
import re
import types

import attrs
import pytest

import mirps
from mirps._dataset import Dataset

from .conftest import ROOT
from .test_site import built_site


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
    assert {"mirps.load", "mirps.Dataset.initiatives", "mirps.Initiative.leads", "mirps.Diff.to_text"} <= names


@pytest.mark.parametrize(("name", "obj"), public_objects(), ids=[n for n, _ in public_objects()])
def test_every_public_name_has_a_docstring_with_an_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    if not isinstance(obj, property) and not (inspect.isclass(obj) and issubclass(obj, BaseException)):
        assert ">>>" in doc, f"{name}'s docstring has no example"


def test_dataset_is_the_documented_class() -> None:
    assert mirps.Dataset is Dataset


@functools.cache
def hooks() -> types.ModuleType:
    """``tools/docs_hooks.py``, the MkDocs hooks that generate pages and parts of pages."""
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "tools" / "docs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_field_of_every_record_kind_is_documented() -> None:
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
    assert module.expand("a\n<!-- generated: contents -->\n<!-- end: contents -->\nb").startswith("a\n| dataset |")


def test_the_committed_generated_parts_are_current() -> None:
    stale = hooks().stale_parts()
    assert not stale, f"stale generated parts {stale}: run `{hooks().WRITE_COMMAND}`"


def test_the_pages_hold_their_generated_parts_for_readers_of_the_repository() -> None:
    module = hooks()
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert module.part("roles", module.roles()) in dictionary
    assert "| `funder` | Pays for it, in whole or in part. |" in dictionary
    changelog = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert "](../CHANGELOG.md)" in changelog and (ROOT / "CHANGELOG.md").is_file()
    assert "## Dataset [1.1.0]" in module.expand(changelog), "the site shows the changelog itself"


def test_a_stale_part_fails_the_strict_build_saying_how_to_mend_it(caplog: pytest.LogCaptureFixture) -> None:
    module = hooks()
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="index.md"))
    stale = "<!-- generated: roles -->\n\n| an old table |\n\n<!-- end: roles -->"
    with caplog.at_level(logging.WARNING):
        shown = module.on_page_markdown(f"# Page\n\n{stale}\n", page=page, config=None, files=None)
    assert shown == f"# Page\n\n{module.roles()}\n", "the site shows the current text"
    (record,) = caplog.records
    assert record.name.startswith("mkdocs."), "MkDocs counts the warning: in strict mode the build fails"
    assert "docs/index.md" in record.getMessage() and "python tools/docs_hooks.py --write" in record.getMessage()
    assert module.stale_in(module.written(stale)) == [], "--write mends it"
    assert module.stale_in("<!-- include: changelog -->\nSee CHANGELOG.md.\n<!-- end: changelog -->") == []


NASTY = "*not bold* _nor_ `code` [a](b) <b>tag</b> &amp; | pipe # hash \\ back {x} !x"


@pytest.mark.parametrize("start", ["", "- ", "1. ", "# ", "+ ", "> "])
def test_report_text_shows_verbatim(start: str) -> None:
    markdown = pytest.importorskip("markdown", reason="the docs toolchain (extra 'docs')")
    escape = hooks().escape
    text = start + NASTY
    for layout in ("{}", "- {}", "| a |\n|---|\n| {} |"):
        rendered = markdown.markdown(layout.format(escape(text)), extensions=["tables", "toc", "admonition"])
        shown = " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())
        assert shown.removeprefix("a ") == text, rendered


def test_the_catalogue_has_a_page_for_each_record_linked_both_ways() -> None:
    module = hooks()
    ds = mirps.load()
    pages = module.catalogue(ds)
    records = [*ds.reports, *ds.initiatives(), *ds.institutions]
    assert set(pages) == {module.CATALOGUE, *(module.page_of(r) for r in records)}
    for path, text in pages.items():
        assert text.rstrip().splitlines()[-3].startswith("**Cite**: "), path  # the last lines
        assert f"mirps dataset {ds.version}" in text, path
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", text):  # every link between the pages
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) in pages, (path, target)
    art = ds.get("hn-community-art-san-pedro-sula")
    assert isinstance(art, mirps.Initiative)
    assert "](../institutions/unhcr.md)" in pages[module.page_of(art)]
    assert "](../initiatives/hn-community-art-san-pedro-sula.md)" in pages["catalogue/institutions/unhcr.md"]
    assert "](../initiatives/hn-community-art-san-pedro-sula.md)" in pages[module.page_of(art.report)]


def test_a_record_id_that_is_no_safe_file_name_has_no_page() -> None:
    institution = mirps.load().institution("UNHCR")
    with pytest.raises(ValueError, match="no safe file name"):
        hooks().page_of(attrs.evolve(institution, id="../unhcr"))


@pytest.mark.slow
def test_the_site_builds_strictly(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = built_site(tmp_path_factory)
    assert (site / "data-dictionary" / "index.html").is_file()
    assert (site / "catalogue" / "index.html").is_file() and (site / "example" / "index.html").is_file()
    assert (site / "example.ipynb").is_file(), "the notebook stays downloadable"
