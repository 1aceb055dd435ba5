"""MkDocs hooks: pages generated from the code and the data at build time, so they cannot drift.

A page asks for generated content with a placeholder on a line of its own:
``{{ data_dictionary }}``, ``{{ corrections }}``, ``{{ cli }}``, ``{{ changelog }}``,
``{{ tables }}``, ``{{ contents }}``, ``{{ roles }}``, ``{{ editorial }}``.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import enum
import inspect
import io
import itertools
import json
import re
import sys
import types
from pathlib import Path
from typing import Any

import attrs

import mirps
from mirps import models
from mirps.export import tables

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

    parser = _parser()
    out = ["```text", parser.format_help().rstrip(), "```", ""]
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sub in subparsers.choices.items():
        out += [f"## mirps {name}", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(out)


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


GENERATORS = {
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
_PLACEHOLDER = re.compile(r"^\{\{ (\w+) \}\}$", re.MULTILINE)


def expand(markdown: str) -> str:
    """``markdown`` with every placeholder replaced by its generated text."""
    return _PLACEHOLDER.sub(lambda m: GENERATORS[m.group(1)](), markdown)


def on_page_markdown(markdown: str, **_: Any) -> str:
    with contextlib.redirect_stdout(io.StringIO()):
        return expand(markdown)
