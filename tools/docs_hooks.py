"""MkDocs hooks: the parts of the site made from the code and the data, so they cannot drift.

- A committed page holds each generated part between ``<!-- generated: NAME -->`` and
  ``<!-- end: NAME -->``, so that it reads whole in the repository too:
  ``python tools/docs_hooks.py --write`` writes every part as ``GENERATORS[NAME]`` gives it now,
  ``--check`` lists the stale ones. The site shows the current text, and the build warns (under
  ``strict``, fails) when a committed part is stale.
- Between ``<!-- include: NAME -->`` and ``<!-- end: NAME -->`` a page holds a pointer for readers
  of the repository (to ``CHANGELOG.md``, say); the site shows the generated text instead.
- Pages that exist only on the site: the catalogue (a page for each report, initiative and
  institution of the latest bundled dataset) and the example notebook, run at each build and
  shown with its outputs.
"""

from __future__ import annotations

import argparse
import ast
import base64
import contextlib
import datetime as dt
import enum
import inspect
import io
import itertools
import json
import logging
import os
import posixpath
import re
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

import mirps
from mirps import models
from mirps.export import tables

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent


_FIELD_DOCS: dict[str, dict[str, dict[str, str]]] = {}


def field_docs(module: types.ModuleType = models) -> dict[str, dict[str, str]]:
    """The docstring under each field of each class in ``module``: {class: {field: doc}}."""
    found = _FIELD_DOCS.get(module.__name__)
    if found is not None:
        return found
    tree = ast.parse(inspect.getsource(module))
    docs: dict[str, dict[str, str]] = _FIELD_DOCS.setdefault(module.__name__, {})
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        body = node.body
        for stmt, after in itertools.pairwise(body):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs.setdefault(node.name, {})[stmt.target.id] = after.value.value
    return docs


def _doc_of(cls: type, field: str) -> str:
    for klass in cls.__mro__:
        docs = field_docs(sys.modules[klass.__module__]) if klass.__module__ != "builtins" else {}
        if field in docs.get(klass.__name__, {}):
            return docs[klass.__name__][field]
    raise LookupError(f"{cls.__name__}.{field} has no docstring where it is declared")


def _type_name(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in tp)
    if isinstance(tp, type) and issubclass(tp, models.Record):
        return "any record" if tp is models.Record else f"[{tp.__name__}](#{tp.__name__.lower()})"
    if attrs.has(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    if tp is models.Notes:
        return "object: field name → the editors' note"
    return {str: "text", int: "integer", dt.date: "date"}[tp]


def _holders(value_class: type) -> list[tuple[type[models.Record], str]]:
    """The record kinds and fields that hold values of ``value_class`` (a Mention)."""
    kinds = models.record_kinds()
    return [(k, f.name) for k in kinds for f in models.field_shapes(k) if f.type is value_class]


def _example(ds: mirps.Dataset, cls: type, field: str) -> str:
    from mirps._convert import unstructure_record

    if issubclass(cls, models.Record):
        records: list[Any] = list(ds.records(cls))
    else:  # values held in records (mentions), from every field that holds them
        records = [v for kind, name in _holders(cls) for r in ds.records(kind) for v in getattr(r, name)]
    for record in records:
        value = unstructure_record(record)[field]
        if value not in (None, [], "", {}):
            text = json.dumps(value[:1] if isinstance(value, list) else value, ensure_ascii=False)
            if isinstance(value, list) and len(value) > 1:
                text = text[:-1] + ", …]"
            return "`" + (text if len(text) <= 70 else text[:69] + "…") + "`"
    return ""


def data_dictionary(ds: mirps.Dataset | None = None) -> str:
    """A section for every record kind and every kind of value held in records, with examples
    from ``ds`` (default: the latest bundled dataset)."""
    ds = ds or mirps.load()
    kinds = models.record_kinds()
    values = dict.fromkeys(
        f.type
        for k in kinds
        for f in models.field_shapes(k)
        if attrs.has(f.type) and not issubclass(f.type, models.Record)
    )
    out = []
    for cls in (*kinds, *values):
        summary = (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")
        if issubclass(cls, models.Record):
            where = f"JSON array `{cls.collection}`"
        else:
            where = "inside " + " and ".join(dict.fromkeys(k.collection for k, _ in _holders(cls)))
        out += [f"## {cls.__name__}", "", f"{summary} ({where}.)", ""]
        out += ["| field | type | required | meaning | example |", "|---|---|---|---|---|"]
        for field in models.field_shapes(cls):
            kind = ("list of " if field.many else "") + _type_name(field.type) + (" or null" if field.optional else "")
            required = "yes" if field.required else "no"
            meaning = " ".join(_doc_of(cls, field.name).split()).replace("|", "\\|")
            out.append(f"| `{field.name}` | {kind} | {required} | {meaning} | {_example(ds, cls, field.name)} |")
        out.append("")
    return "\n".join(out)


def member_docs(kind: type[enum.Enum]) -> dict[str, str]:
    """The ``#:`` comment above each member of an enumeration: {value: meaning}."""
    lines, _ = inspect.getsourcelines(kind)
    found, comment = {}, []
    for line in lines:
        text = line.strip()
        if text.startswith("#:"):
            comment.append(text[2:].strip())
        elif comment and "=" in text:
            name = text.split("=")[0].strip()
            found[getattr(kind, name).value] = " ".join(comment)
            comment = []
    return found


def roles() -> str:
    """The roles an institution plays in a record, with their IATI and HXL matches."""
    from mirps.export import ROLE_CODES

    meaning = member_docs(models.Role)
    working = models.WORKING_ROLES
    out = [
        "| role | meaning | counts in `partners()` | IATI organisation role | HXL attribute |",
        "|---|---|---|---|---|",
    ]
    for role in models.Role:
        iati, hxl = ROLE_CODES[role]
        iati_name = {"1": "1 (Funding)", "2": "2 (Accountable)", "4": "4 (Implementing)"}.get(iati or "", "—")
        counts = "yes" if role in working else "no"
        out.append(f"| `{role.value}` | {meaning[role.value]} | {counts} | {iati_name} | `#org{hxl}` |")
    return "\n".join(out)


def editorial() -> str:
    """Every value of the latest dataset that no report prints, record by record, with the
    editors' note: the fields in ``editorial`` and the editorial involvements."""
    ds = mirps.load()
    out = []
    count = 0
    for kind in models.record_kinds():
        rows = []
        for record in ds.records(kind):
            for field, note in record.editorial.items():
                rows.append((record.id, f"`{field}`", note))
            for inv in getattr(record, "involvements", ()):
                if inv.basis is models.Basis.EDITORIAL:
                    rows.append((record.id, f"{inv.institution.id} as `{inv.role}`", inv.note or ""))
        if rows:
            count += len(rows)
            out += [f"## {kind.collection.replace('_', ' ').capitalize()}", "", "| record | value | editors' note |"]
            out += ["|---|---|---|"]
            out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
            out.append("")
    return "\n".join([f"Dataset {ds.version} holds {count} values that no report prints.", "", *out])


def corrections() -> str:
    ds = mirps.load()
    out = [
        f"Dataset {ds.version} records {len(ds.corrections)} corrections.",
        "",
        "| id | record | field | published | corrected | why |",
        "|---|---|---|---|---|---|",
    ]
    for c in ds.corrections:
        cells = [c.id, c.record.id, c.field or "(page furniture)", c.published, c.corrected or "(not known)", c.note]
        out.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(out)


def cli() -> str:
    from mirps.cli import _parser

    with _columns(80):  # argparse wraps help to the terminal: the same width wherever it is made
        parser = _parser()
        out = ["```text", parser.format_help().rstrip(), "```", ""]
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert isinstance(subparsers.choices, dict)
        for name, sub in subparsers.choices.items():
            out += [f"## mirps {name}", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(out)


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def changelog() -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.sub(r"\A# Changelog\n", "", text)


def tables_page() -> str:
    out = ["| table | columns | primary key |", "|---|---|---|"]
    for table in tables(mirps.load()).values():
        columns = ", ".join(f"`{c}`" for c in table.columns)
        out.append(f"| `{table.name}.csv` | {columns} | {', '.join(table.primary_key) or '—'} |")
    return "\n".join(out)


def contents() -> str:
    kinds = models.record_kinds()
    heads = ["dataset", "released", *(k.collection.replace("_", " ") for k in kinds)]
    out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for release in mirps.releases():
        ds = mirps.load(release.version)
        counts = [len(ds.records(k)) for k in kinds]
        out.append(f"| {release.version} | {release.released} | " + " | ".join(map(str, counts)) + " |")
    return "\n".join(out)


def sources_readme() -> str:
    """``sources/README.md``, one heading level down, so the docs say what the repository says."""
    text = (ROOT / "sources" / "README.md").read_text(encoding="utf-8")
    return re.sub(r"\A# .*\n", "", text)


GENERATORS: dict[str, Callable[[], str]] = {
    "data_dictionary": data_dictionary,
    "corrections": corrections,
    "cli": cli,
    "changelog": changelog,
    "tables": tables_page,
    "contents": contents,
    "sources_readme": sources_readme,
    "roles": roles,
    "editorial": editorial,
}

# -- generated parts of the committed pages ----------------------------------------------------

DOCS = ROOT / "docs"
WRITE_COMMAND = "python tools/docs_hooks.py --write"
_PART = re.compile(r"^<!-- (generated|include): (\w+) -->\n.*?^<!-- end: \2 -->$", re.MULTILINE | re.DOTALL)

log = logging.getLogger("mkdocs.hooks.docs_hooks")  # under "mkdocs": strict mode counts its warnings


def generate(name: str) -> str:
    """The text of the generated part ``name``, without blank lines around it."""
    if name not in GENERATORS:
        raise KeyError(f"no generated part {name!r}; the parts are {', '.join(GENERATORS)}")
    with contextlib.redirect_stdout(io.StringIO()):
        return GENERATORS[name]().strip()


def part(name: str, text: str) -> str:
    """A generated part as a committed page holds it, between its markers."""
    return f"<!-- generated: {name} -->\n\n{text}\n\n<!-- end: {name} -->"


def written(markdown: str) -> str:
    """``markdown`` with each generated part as it is now: what ``--write`` writes."""
    return _PART.sub(lambda m: part(m[2], generate(m[2])) if m[1] == "generated" else m[0], markdown)


def expand(markdown: str, stale: Callable[[str], None] | None = None) -> str:
    """``markdown`` as the site shows it: every generated and included part replaced by its
    text now; ``stale(name)`` is called for each generated part
    whose committed text differs."""

    def replace(match: re.Match[str]) -> str:
        text = generate(match[2])
        if match[1] == "generated" and match[0] != part(match[2], text) and stale is not None:
            stale(match[2])
        return text

    return _PART.sub(replace, markdown)


def stale_in(markdown: str) -> list[str]:
    """The names of the generated parts of ``markdown`` that are out of date."""
    found: list[str] = []
    expand(markdown, found.append)
    return found


def stale_parts() -> list[str]:
    """Every generated part of the committed pages that is out of date, as ``page: name``."""
    pages = {path.relative_to(DOCS).as_posix(): path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}
    return [f"{page}: {name}" for page, text in pages.items() for name in stale_in(text)]


# -- Markdown from report text -----------------------------------------------------------------

_MARKUP = re.compile(r"([\\`*_{}\[\]#|!])")
_LINE_START = re.compile(r"\A([-+]|\d+[.)])(?=\s)")


def escape(text: str) -> str:
    """``text`` as Markdown that shows it verbatim, on one line, in a paragraph, list item or
    table cell: every character Markdown could read as markup escaped."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m[1][:-1] + "\\" + m[1][-1], text)


def table(heads: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A Markdown table; the cells are Markdown already."""
    heads = list(heads)
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    return lines + ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]


def facts(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """A list of ``name: value`` lines, leaving out the empty values."""
    return [f"- **{name}**: {value}" for name, value in pairs if value]


# -- the catalogue -----------------------------------------------------------------------------

CATALOGUE = "catalogue/index.md"
_FOLDERS: dict[type[models.Record], str] = {
    models.Report: "reports",
    models.Initiative: "initiatives",
    models.Institution: "institutions",
}
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")


def page_of(record: models.Record) -> str:
    """The catalogue page of a report, initiative or institution: a path under ``docs/``."""
    if not _SAFE_ID.match(record.id):
        raise ValueError(f"the id {record.id!r} is no safe file name for its catalogue page")
    return f"catalogue/{_FOLDERS[type(record)]}/{record.id}.md"


def name_of(record: models.Record) -> str:
    """A record's full name or title (an institution's with its acronym)."""
    if isinstance(record, models.Institution):
        known = record.acronym and record.acronym != record.name
        return f"{record.name} ({record.acronym})" if known else record.name
    return str(getattr(record, "title", None) or getattr(record, "name", None) or record.id)


def link(record: models.Record, here: str, anchor: str = "", label: str | None = None) -> str:
    """A Markdown link from the page ``here`` to ``record``'s catalogue page."""
    target = posixpath.relpath(page_of(record), posixpath.dirname(here))
    return f"[{escape(label or name_of(record))}]({target}{anchor})"


def names(records: Iterable[models.Record]) -> str:
    return ", ".join(escape(name_of(r)) for r in records)


def part_in(record: models.Record, institution: models.Institution) -> str:
    """The roles ``institution`` plays in ``record``, each once; without one, the fields that link to it."""
    found = [str(i.role) for i in getattr(record, "involvements", ()) if i.institution == institution]
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if not found and (value == institution or (isinstance(value, tuple) and institution in value)):
            found.append(f"`{field.name}`")
    return ", ".join(dict.fromkeys(found))


def counted(records: Iterable[models.Record]) -> str:
    """How many records of each kind: "15 key considerations, 1 session"."""
    kinds = dict.fromkeys(type(r) for r in records)
    counts = [(kind, sum(type(r) is kind for r in records)) for kind in kinds]
    return ", ".join(
        f"{n} {(kind.collection if n > 1 else models.singular(kind)).replace('_', ' ')}" for kind, n in counts
    )


def section_anchor(section: models.Section) -> str:
    return "section-" + section.id.removeprefix(section.report.id + "/").replace("/", "-")


def section_name(section: models.Section) -> str:
    page = f", p. {section.from_page}" if section.from_page is not None else ""
    return f"{section.number + ' ' if section.number else ''}{section.title}{page}"


def humane(field: str) -> str:
    return field.replace("_", " ").capitalize()


def involvements(record: models.Record, here: str) -> list[str]:
    """A table of a record's involvements: institution, role, basis, the report's words, the
    editors' note."""
    rows = []
    for inv in getattr(record, "involvements", ()):
        words = f"“{escape(inv.evidence)}” (in {humane(inv.field or '')})" if inv.evidence else ""
        rows.append([link(inv.institution, here), str(inv.role), str(inv.basis), words, escape(inv.note or "")])
    heads = ["institution", "role", "basis", "the report's words", "editors' note"]
    return table(heads, rows) if rows else ["No institution is named."]


def text_fields(record: models.Record) -> list[str]:
    """Every list of text of a record, under its field's name, with the headings the record
    keeps among its items."""
    out = []
    for shape in models.field_shapes(type(record)):
        if not (shape.many and shape.type is str and shape.quoted and getattr(record, shape.name)):
            continue
        out += [f"## {humane(shape.name)}", ""]
        for line in models.lines(record, shape.name):
            out += ["", f"**{escape(line.text)}**", ""] if isinstance(line, models.Heading) else [f"- {escape(line)}"]
        out.append("")
    return out


def notes_and_corrections(ds: mirps.Dataset, record: models.Record) -> list[str]:
    """The editors' notes of a record's fields, and the corrections of its text."""
    out = []
    if record.editorial:
        out += ["## Editors' notes", "", "Values no report prints, and why they are as they are:", ""]
        out += [f"- **{humane(field)}**: {escape(note)}" for field, note in record.editorial.items()]
        out.append("")
    fixes = ds.corrections_of(record)
    if fixes:
        rows = [[humane(c.field or ""), escape(c.published), escape(c.corrected or ""), escape(c.note)] for c in fixes]
        out += ["## Corrections", "", *table(["field", "published", "meant", "why"], rows), ""]
    return out


def ending(ds: mirps.Dataset, record: models.Record | None, here: str) -> list[str]:
    """The citation of ``record`` (of the dataset for none) and the dataset version a page shows."""
    shows = f"From mirps dataset {ds.version}."
    if here != CATALOGUE:
        catalogue = posixpath.relpath(CATALOGUE, posixpath.dirname(here))
        shows += f" The [catalogue]({catalogue}) lists every report, initiative and institution."
    return ["---", "", f"**Cite**: {escape(ds.cite(record))}", "", shows, ""]


def published(report: models.Report) -> dict[str, str]:
    """What the sources say of a report's published text: ``publisher``, ``published_at``."""
    import yaml  # MkDocs depends on PyYAML

    path = ROOT / "sources" / "reports" / f"{report.id}.yaml"
    about = yaml.safe_load(path.read_text(encoding="utf-8")).get("text", {}) if path.is_file() else {}
    return {k: str(about[k]) for k in ("publisher", "published_at") if k in about}


#: What a section holds besides initiatives, counted on its report's page.
_SECTION_HOLDS = (models.KeyConsideration, models.Recommendation, models.Session, models.Participant)


def report_page(ds: mirps.Dataset, report: models.Report) -> str:
    here = page_of(report)
    text = published(report)
    out = [f"# {escape(report.title)}", ""]
    if report.subtitle:
        out += [f"*{escape(report.subtitle)}*", ""]
    out += facts(
        [
            ("Working group", escape(report.working_group)),
            ("Year", str(report.year)),
            ("Publisher", escape(text.get("publisher", ""))),
            ("Published at", f"<{text['published_at']}>" if "published_at" in text else ""),
            ("Pro tempore presidency", names(filter(None, [report.pro_tempore_presidency]))),
            ("Lead country", names(filter(None, [report.lead_country]))),
            ("Members", names(report.members)),
            ("Observers", names(report.observers)),
            ("Member places", names(report.member_places)),
            ("Expert countries", names(report.expert_countries)),
            ("Initiatives", str(len(ds.initiatives(report=report)))),
            ("Key considerations", str(len(ds.key_considerations(report=report)))),
            ("Recommendations", str(len(ds.recommendations(report=report)))),
        ]
    )
    out += ["", "## Sections", ""]
    for section in (s for s in ds.sections if s.report == report):
        depth = len(list(models.lineage(section)))
        out += [f'{"#" * (2 + depth)} <a id="{section_anchor(section)}"></a>{escape(section_name(section))}', ""]
        found = [i for i in ds.initiatives(report=report) if i.section == section]
        out += [f"- {link(i, here)} (`{i.kind}`; {names(i.countries)})" for i in found] + ([""] if found else [])
        others = [r for r in ds.related(section) if isinstance(r, _SECTION_HOLDS)]
        out += [f"It holds {counted(others)}.", ""] if others else []
    out += ["## Institutions", "", *involvements(report, here), ""]
    return "\n".join(out + notes_and_corrections(ds, report) + ending(ds, report, here))


def initiative_page(ds: mirps.Dataset, initiative: models.Initiative) -> str:
    here = page_of(initiative)
    section = initiative.section
    out = [f"# {escape(initiative.title)}", ""]
    out += facts(
        [
            ("Kind", f"`{initiative.kind}`"),
            ("Report", link(section.report, here)),
            ("Section", link(section.report, here, "#" + section_anchor(section), section_name(section))),
            ("Countries", names(initiative.countries)),
            ("Places", ", ".join(f"{escape(p.name)} ({p.kind})" for p in initiative.places)),
        ]
    )
    out += ["", "## Institutions", "", *involvements(initiative, here), ""]
    out += text_fields(initiative)
    return "\n".join(out + notes_and_corrections(ds, initiative) + ending(ds, initiative, here))


def institution_page(ds: mirps.Dataset, institution: models.Institution) -> str:
    here = page_of(institution)
    related = ds.related(institution)
    parts = [r for r in related if isinstance(r, models.Institution) and r.parent == institution]
    out = [f"# {escape(institution.name)}", ""]
    out += facts(
        [
            ("Acronym", escape(institution.acronym or "")),
            ("Spanish name", escape(institution.name_es or "")),
            ("Spanish acronym", escape(institution.acronym_es or "")),
            ("Also known as", "; ".join(map(escape, institution.known_as))),
            ("Other spellings in the reports", "; ".join(map(escape, institution.aliases))),
            ("Kind", f"`{institution.kind}`"),
            ("Country", names(filter(None, [institution.country]))),
            ("Part of", link(institution.parent, here) if institution.parent else ""),
            ("Bodies within it", ", ".join(link(p, here) for p in parts)),
        ]
    )
    initiatives = [r for r in related if isinstance(r, models.Initiative)]
    rows = [[link(i, here), names(i.countries), part_in(i, institution)] for i in initiatives]
    out += ["", "## Initiatives", ""]
    out += table(["initiative", "countries", "its part"], rows) if rows else ["It takes part in no initiative."]
    others = [r for r in related if not isinstance(r, models.Initiative | models.Institution)]
    if others:
        rows = [[record_cell(r, here), humane(models.singular(type(r))), part_in(r, institution)] for r in others]
        out += ["", "## Other records that name it", "", *table(["record", "kind", "its part"], rows)]
    partners = ds.partners(institution)
    out += ["", "## Partners", ""]
    if partners:
        out += ["The institutions that work with it on an initiative:", ""]
        out += [f"- {link(p, here)}" for p in partners]
    else:
        out.append("It works with no other institution on an initiative.")
    out.append("")
    return "\n".join(out + notes_and_corrections(ds, institution) + ending(ds, institution, here))


def record_cell(record: models.Record, here: str) -> str:
    """A record in a table: a link where it has a page, else its id and label."""
    if type(record) in _FOLDERS:
        return link(record, here)
    return f"{escape(record.id)}: {escape(record.label)}"


def catalogue_index(ds: mirps.Dataset) -> str:
    here = CATALOGUE
    out = [
        "# Catalogue",
        "",
        f"Every report, initiative and institution of mirps dataset {ds.version}, a page each, made from "
        "the dataset when this site is built. Each page links the records it names and gives its citation.",
        "",
        "## Reports",
        "",
    ]
    rows = [
        [link(r, here), escape(r.working_group), str(r.year), str(len(ds.initiatives(report=r)))] for r in ds.reports
    ]
    out += table(["report", "working group", "year", "initiatives"], rows)
    out += ["", "## Initiatives", ""]
    rows = [
        [link(i, here), f"`{i.kind}`", names(i.countries), escape(i.report.working_group)] for i in ds.initiatives()
    ]
    out += table(["initiative", "kind", "countries", "report"], rows)
    out += ["", "## Institutions", ""]
    listed = sorted(ds.institutions, key=lambda i: i.name.casefold())
    rows = [
        [link(i, here), f"`{i.kind}`", names(filter(None, [i.country])), str(len(ds.initiatives(institution=i)))]
        for i in listed
    ]
    out += table(["institution", "kind", "country", "initiatives"], rows)
    return "\n".join([*out, "", *ending(ds, None, here)])


def catalogue(ds: mirps.Dataset | None = None) -> dict[str, str]:
    """Every page of the catalogue of ``ds`` (default: the latest bundled dataset), by path under
    ``docs/``: the index, and a page for each report, initiative and institution."""
    ds = ds or mirps.load()
    pages = {CATALOGUE: catalogue_index(ds)}
    pages.update((page_of(r), report_page(ds, r)) for r in ds.reports)
    pages.update((page_of(i), initiative_page(ds, i)) for i in ds.initiatives())
    pages.update((page_of(i), institution_page(ds, i)) for i in ds.institutions)
    return pages


# -- the example notebook, run -----------------------------------------------------------------

NOTEBOOK = "example.ipynb"
NOTEBOOK_PAGE = "example.md"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def run_notebook(path: Path) -> Any:
    """The notebook at ``path``, run top to bottom on a ``python3`` kernel in the repository."""
    try:
        import nbclient
        import nbformat
    except ImportError as exc:
        raise RuntimeError(f"the site shows {path.name} run: install the docs extra ({exc})") from exc
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    return notebook


def fenced(text: str, language: str) -> str:
    """``text`` as a fenced code block, with a fence longer than any run of backticks in it."""
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", text))])
    return f"{fence}{language}\n{_ANSI.sub('', text).rstrip()}\n{fence}"


def output_markdown(output: Any, image: str, files: dict[str, bytes]) -> str:
    """A cell's output as Markdown: text fenced, HTML as it is, a PNG as an image file (added to ``files``)."""
    if output.output_type == "stream":
        return fenced(output.text, "text")
    data = output.get("data", {})
    if "image/png" in data:
        files[image] = base64.b64decode(data["image/png"])
        return f"![The figure the cell above draws]({posixpath.relpath(image, posixpath.dirname(NOTEBOOK_PAGE))})"
    if "text/html" in data:  # a block of raw HTML: no blank line inside, none missing around
        body = "\n".join(line for line in data["text/html"].splitlines() if line.strip())
        return f'<div class="notebook-output">\n{body}\n</div>'
    if "text/plain" in data:
        return fenced(data["text/plain"], "text")
    return ""


def notebook_page(notebook: Any) -> tuple[str, dict[str, bytes]]:
    """A run notebook as a Markdown page, and the images it shows by path under ``docs/``."""
    out: list[str] = []
    files: dict[str, bytes] = {}
    download = (
        f"*This page is the notebook [{NOTEBOOK}]({NOTEBOOK}), run when the site was built: download it to "
        "run it yourself.*"
    )
    for number, cell in enumerate(notebook.cells, 1):
        if cell.cell_type == "markdown":
            out += [cell.source, ""]
        elif cell.cell_type == "code":
            out += [fenced(cell.source, "python"), ""]
            for index, output in enumerate(cell.outputs, 1):
                image = f"{NOTEBOOK_PAGE.removesuffix('.md')}/cell-{number}-{index}.png"
                out += [output_markdown(output, image, files), ""]
        if number == 1:
            out += [download, ""]
    return "\n".join(out), files


# -- the hooks ---------------------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the catalogue, and the example notebook as a page with its outputs."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File, InclusionLevel

    def add(src_uri: str, content: str | bytes, in_nav: bool = False) -> None:
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

    for src_uri, markdown in catalogue().items():
        add(src_uri, markdown, in_nav=src_uri == CATALOGUE)
    try:
        notebook = run_notebook(DOCS / NOTEBOOK)
    except Exception as exc:  # a cell that fails, or no kernel: the build fails, saying why
        raise PluginError(f"docs/{NOTEBOOK} does not run: {exc}") from exc
    markdown, images = notebook_page(notebook)
    add(NOTEBOOK_PAGE, markdown, in_nav=True)
    for src_uri, png in images.items():
        add(src_uri, png)
    return files


def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    def stale(name: str) -> None:
        where = f"{DOCS.name}/{page.file.src_uri}"
        log.warning(f"{where}: its generated part '{name}' is out of date; run `{WRITE_COMMAND}` to write it anew")

    return expand(markdown, stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The generated parts of the pages in docs/.")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="write each generated part as it is now")
    action.add_argument("--check", action="store_true", help="list the stale parts; exit 1 if there are any")
    args = parser.parse_args(argv)
    if args.check:
        found = stale_parts()
        print("\n".join(f"stale: docs/{where}" for where in found) or "every generated part is current")
        return 1 if found else 0
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        fresh = written(text)
        if fresh != text:
            path.write_text(fresh, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
