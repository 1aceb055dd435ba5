"""The sources the dataset is built from, and the checks of a dataset against the report texts.

Used by ``tools/build.py`` and by the tests. It needs the ``authoring`` extra (PyYAML for the
sources, pycountry for ISO codes), never anything at the library's run time.

The sources live in ``sources/`` (see ``sources/README.md``):

- ``reports/ID.txt``: the plain text of each published report, and ``reports/ID.yaml``: its
  records (the report, its sections with the records that stand in them, its corrections)
  and ``text:``, what the text file is (publisher, language, sha256, where it is published);
- ``countries.yaml``, ``places.yaml``, ``institutions.yaml``: the registries the reports share;
- ``dataset.yaml``: the version the sources describe and the reports it holds, in order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from mirps import models
from mirps._dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


class SourceError(Exception):
    """The sources have problems: each a line naming the file (and line) and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- YAML, read strictly ----------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML as people mean it in these files: a value changes type only for whole numbers and
    null; ``NO``, ``on``, ``1.10`` and ``2021-07-06`` stay text. A key given twice is an error.
    Each mapping with an ``id`` remembers the line it starts on, for error messages."""

    lines: dict[str, int]


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:null")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice", key_node.start_mark)
        seen[key] = loader.construct_object(value_node, deep=True)
    if isinstance(seen.get("id"), str):
        loader.lines.setdefault(seen["id"], node.start_mark.line + 1)
    return seen


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@attrs.frozen
class SourceFile:
    """One YAML source: its path, its content, and the line each record (by id) starts on."""

    path: Path
    data: Any
    lines: Mapping[str, int]

    def where(self, record_id: str | None = None) -> str:
        """``file:line`` of a record (or of the file), relative to the repository."""
        try:
            name = str(self.path.relative_to(ROOT))
        except ValueError:
            name = str(self.path)
        line = self.lines.get(record_id) if record_id else None
        return f"{name}:{line}" if line else name


def read_yaml(path: Path) -> SourceFile:
    """A YAML source file, read strictly (see :class:`_Loader`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError([f"{path}: cannot read: {exc.strerror}"]) from None
    loader = _Loader(text)
    loader.lines = {}
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError([f"{where}: {problem}"]) from None
    finally:
        loader.dispose()
    return SourceFile(path, data, loader.lines)


# -- the report texts -------------------------------------------------------------------------


@attrs.frozen
class ReportText:
    """A published report's plain text and what the sources say of it."""

    id: str
    text: str
    sha256: str
    publisher: str
    language: str
    published_at: str
    furniture: tuple[str, ...] = ()
    """Lines of the text that are page furniture (a logo's words), not the report's content."""


#: What a report file's ``text:`` block says of its text file (and, optionally, ``furniture``).
TEXT_FIELDS = ("sha256", "publisher", "language", "published_at")


def report_text(report_id: str, about: Mapping[str, Any], where: str, sources: Path = SOURCES) -> ReportText:
    """The text of ``report_id`` from ``sources/reports/``, checked against its recorded sha256."""
    problems = []
    if not isinstance(about, Mapping):
        raise SourceError([f"{where}: 'text' must say {', '.join(TEXT_FIELDS)} of the report's text file"])
    missing = [k for k in TEXT_FIELDS if not isinstance(about.get(k), str)]
    unknown = [k for k in about if k not in (*TEXT_FIELDS, "furniture")]
    furniture = about.get("furniture", [])
    if not isinstance(furniture, list) or not all(isinstance(f, str) for f in furniture):
        problems.append(f"{where}: 'furniture' must be a list of the text's lines")
        furniture = []
    if missing:
        problems.append(f"{where}: 'text' needs {', '.join(missing)}")
    if unknown:
        problems.append(f"{where}: 'text' has unknown keys {', '.join(map(str, unknown))}")
    path = sources / "reports" / f"{report_id}.txt"
    try:
        data = path.read_bytes()
    except OSError:
        raise SourceError([*problems, f"{where}: the report's text {path} is missing"]) from None
    digest = hashlib.sha256(data).hexdigest()
    if not missing and digest != about["sha256"]:
        problems.append(f"{where}: {path.name} has sha256 {digest}, not the {about['sha256']} recorded")
    text = data.decode("utf-8")
    lines = {line.strip() for line in text.splitlines()}
    problems += [f"{where}: the furniture {f!r} is no line of {path.name}" for f in furniture if f not in lines]
    if problems:
        raise SourceError(problems)
    return ReportText(
        report_id,
        text,
        digest,
        publisher=about["publisher"],
        language=about["language"],
        published_at=about["published_at"],
        furniture=tuple(furniture),
    )


def report_texts(sources: Path = SOURCES) -> dict[str, ReportText]:
    """Every report text in ``sources/reports/``, by report id, each checked against its sha256."""
    found = {}
    for path in sorted((sources / "reports").glob("*.yaml")):
        source = read_yaml(path)
        about = source.data.get("text") if isinstance(source.data, dict) else None
        found[path.stem] = report_text(path.stem, about or {}, source.where(), sources)
    return found


# -- verbatim and coverage --------------------------------------------------------------------

_BULLET = re.compile(r"(?m)^[ \t]*[-*\u2022][ \t]+")
_MARKUP = re.compile(r"</?[a-z]+>")


def fold(text: str) -> str:
    """Text as the verbatim check compares it: white space, line-start bullets and the stray
    ``<u>`` markup of the texts folded away; nothing else (case, quotes and dashes count)."""
    return " ".join(_MARKUP.sub("", _BULLET.sub(" ", text)).split())


def quotations(record: Any) -> Iterator[tuple[str, str]]:
    """``(field, text)`` for every text of ``record`` that quotes a report (see
    ``FieldShape.quoted``), including those of the values it holds (an involvement's evidence,
    a heading), less the fields its ``editorial`` notes say no report prints."""
    marked = getattr(record, "editorial", {})
    for shape in models.field_shapes(type(record)):
        if shape.name in marked:
            continue
        value = getattr(record, shape.name)
        items = value if isinstance(value, tuple) else (value,)
        if shape.quoted:
            yield from ((shape.name, item) for item in items if isinstance(item, str))
        elif attrs.has(shape.type) and not issubclass(shape.type, models.Record):
            for item in items:
                yield from ((shape.name, text) for _, text in quotations(item))


def every_quotation(dataset: Dataset) -> Iterator[tuple[models.Record, str, str]]:
    """``(record, field, text)`` for every text of ``dataset`` that quotes a report."""
    for kind in models.record_kinds():
        for record in dataset.records(kind):
            for field, text in quotations(record):
                yield record, field, text


def report_of(record: models.Record) -> str | None:
    """The report a record stands in, where the record says it (``None``: a shared record)."""
    if isinstance(record, models.Report):
        return record.id
    if isinstance(record, models.Section):
        return record.report.id
    section = getattr(record, "section", None)
    if isinstance(section, models.Section):
        return section.report.id
    if isinstance(record, models.Correction):
        return report_of(record.record)
    return None


def misses(
    dataset: Dataset,
    texts: Mapping[str, str],
    reports_of: Callable[[models.Record], Collection[str]] | None = None,
) -> list[str]:
    """Every quoted text of ``dataset`` that does not stand verbatim in its report, as
    ``record.field: text``. ``reports_of`` gives the reports a record may quote; by default
    the one it stands in, or any report of the dataset for a shared record."""
    folded = {report: fold(text) for report, text in texts.items()}
    every = tuple(r.id for r in dataset.reports)
    found = []
    for record, field, text in every_quotation(dataset):
        if reports_of is not None:
            where = tuple(reports_of(record))
        else:
            own = report_of(record)
            where = (own,) if own else every
        needle = fold(text)
        if not any(needle in folded.get(report, "") for report in where):
            found.append(f"{record.id}.{field}: {text[:100]!r} is not in {' or '.join(where)}")
    return found


def units(text: str, furniture: Collection[str] = ()) -> Iterator[str]:
    """A report's paragraphs and bullet items: its lines of 30 characters or more, less the
    headings in capitals and the lines named as page furniture (page numbers and most logos
    are shorter)."""
    for line in text.splitlines():
        line = line.strip()
        if len(line) >= 30 and not line.isupper() and line not in furniture:
            yield line


def _sentences(unit: str) -> Iterator[str]:
    for sentence in re.split(r"(?<=[.;:])\s+", fold(unit)):
        sentence = sentence.strip(" .;:")
        if len(sentence) >= 12:
            yield sentence


@attrs.frozen
class Coverage:
    """How much of a report's text a dataset holds: the share of the characters of its units'
    sentences, and the units not wholly held."""

    share: float
    gaps: tuple[str, ...]


def coverage(dataset: Dataset, text: str, furniture: Collection[str] = ()) -> Coverage:
    """How much of ``text`` (a report's, less its ``furniture``) the quoted texts of ``dataset`` hold."""
    blob = "\n".join(fold(text) for _, _, text in every_quotation(dataset))
    total = held = 0
    gaps = []
    for unit in units(text, furniture):
        sentences = list(_sentences(unit))
        size = sum(map(len, sentences))
        got = sum(len(s) for s in sentences if s in blob)
        total, held = total + size, held + got
        if got < size:
            gaps.append(unit)
    return Coverage(held / total if total else 1.0, tuple(gaps))
