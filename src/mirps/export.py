"""Exports: flat tables as CSV, a Frictionless data package, an HXL 3W table, pandas, an Excel
workbook, and the partner network as GraphML and as Gephi's node and edge tables.

Every record kind becomes a table with stable columns; links between records become ids that
join, and lists of links become link tables (``initiative_countries``, ``report_members``).
Each kind's involvements are a table of their own (``initiative_involvements``: the
institution, its role with the matching IATI organisation role and HXL attribute, the basis,
the evidence and the editors' note), as are list headings (``initiative_headings``); the
``editorial`` table holds every record's editorial notes (record, collection, field, note).
Text lists (paragraphs and bullet items) are joined with newlines.

>>> import mirps
>>> from mirps.export import tables
>>> t = tables(mirps.load())
>>> t["initiative_involvements"].columns
('initiative', 'institution', 'role', 'basis', 'evidence', 'field', 'note', 'iati_role', 'hxl_attribute')
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import models
from ._extras import optional
from ._formats import FORMATS
from ._network import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, Network, network_of
from .models import (
    WORKING_ROLES,
    Initiative,
    Involvement,
    Notes,
    Record,
    Report,
    Role,
    full_label,
    record_kinds,
    singular,
)

if TYPE_CHECKING:
    from ._dataset import Dataset, Filter

__all__ = [
    "FORMATS",
    "ROLE_CODES",
    "Table",
    "about_table",
    "datapackage",
    "export",
    "frame",
    "graphml",
    "hxl_rows",
    "network_tables",
    "record_columns",
    "table_of",
    "tables",
    "to_pandas",
    "write_xlsx",
]

Cell = str | int | None

#: Each role's IATI organisation role code (1 Funding, 2 Accountable, 4 Implementing; none
#: where IATI has no match) and HXL ``#org`` attribute (the standard ones where they fit, else
#: the role's own name, as HXL allows).
ROLE_CODES: dict[Role, tuple[str | None, str]] = {
    Role.LEAD: ("2", "+lead"),
    Role.PARTNER: (None, "+partner"),
    Role.FUNDER: ("1", "+funder"),
    Role.IMPLEMENTER: ("4", "+impl"),
    Role.CREDITED: (None, "+credited"),
    Role.PRESENTER: (None, "+presenter"),
    Role.MEMBER: (None, "+member"),
    Role.ADVISER: (None, "+adviser"),
    Role.SECRETARIAT: (None, "+secretariat"),
    Role.SUPPORTER: (None, "+supporter"),
    Role.MENTIONED: (None, "+mentioned"),
}


@attrs.frozen
class Column:
    """A column of a table: its name, Frictionless type and, for links, the table it points to."""

    name: str
    type: str = "string"
    required: bool = False
    points_to: str | None = None
    allowed: tuple[str, ...] = ()


@attrs.frozen
class Table:
    """A flat table: columns and rows of cells (str, int or None)."""

    name: str
    columns_spec: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    primary_key: tuple[str, ...] = ("id",)

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names."""
        return tuple(c.name for c in self.columns_spec)

    def csv(self) -> bytes:
        """The table as UTF-8 CSV with a header row."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue().encode("utf-8")


def _column(name: str, tp: Any, optional: bool, has_default: bool) -> Column:
    if isinstance(tp, type) and issubclass(tp, Record):
        target = None if tp is Record else tp.collection
        return Column(name, "string", not optional, target)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return Column(name, "string", not optional, allowed=tuple(m.value for m in tp))
    kind = {int: "integer", dt.date: "date"}.get(tp, "string")
    return Column(name, kind, not optional and not has_default)


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Record):
        return value.id
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "\n".join(value) if value else None
    return str(value)


def _tables_of(cls: type[Record], records: Sequence[Record]) -> list[Table]:
    name = cls.collection
    owner = singular(cls)
    columns: list[Column] = []
    getters: list[Any] = []
    links: list[Table] = []
    for field in models.field_shapes(cls):
        if field.type is Notes:  # the editors' notes of every kind: one table, see tables()
            continue
        if not field.many or field.type is str:  # a value, or paragraphs joined in one cell
            columns.append(_column(field.name, field.type, field.optional, not field.required))
            getters.append(field.name)
            if field.name == "section":  # sourced records: the report too, for easy joins
                columns.append(Column("report", "string", True, "reports"))
                getters.append(lambda r: r.section.report)
        elif issubclass(field.type, Record):  # a list of links: a link table
            link = Column(singular(field.type), "string", True, field.type.collection or None)
            pairs = tuple((r.id, target.id) for r in records for target in getattr(r, field.name))
            links.append(
                Table(f"{owner}_{field.name}", (Column(owner, "string", True, name), link), pairs, (owner, link.name))
            )
        elif attrs.has(field.type):  # values held in the record (involvements, headings): a table of them
            links.append(_values_table(cls, field.name, field.type, records))
        else:
            raise TypeError(f"{cls.__name__}.{field.name}: no table layout for a list of {field.type.__name__}")
    body = tuple(tuple(_cell(g(r) if callable(g) else getattr(r, g)) for g in getters) for r in records)
    return [Table(name, tuple(columns), body), *links]


def _values_table(cls: type[Record], name: str, value_class: type[Any], records: Sequence[Record]) -> Table:
    """The table of the values a list field holds (``initiative_involvements``): the owner's
    id, then a column per field of the value class; involvements add their role's codes."""
    owner = singular(cls)
    shapes = models.field_shapes(value_class)
    columns = [Column(owner, "string", True, cls.collection)]
    columns += [_column(s.name, s.type, s.optional, not s.required) for s in shapes]
    coded = value_class is Involvement
    if coded:
        columns += [Column("iati_role", "string"), Column("hxl_attribute", "string", True)]
    rows = []
    for record in records:
        for value in getattr(record, name):
            cells = [record.id, *(_cell(getattr(value, s.name)) for s in shapes)]
            if coded:
                cells += list(ROLE_CODES[value.role])
            rows.append(tuple(cells))
    return Table(f"{owner}_{name}", tuple(columns), tuple(rows), ())


def tables(dataset: Dataset) -> dict[str, Table]:
    """Every record kind and every link as a :class:`Table`, by name, in a stable order."""
    out: dict[str, Table] = {}
    notes: list[tuple[Cell, ...]] = []
    for cls in record_kinds():
        for table in _tables_of(cls, dataset.records(cls)):
            out[table.name] = table
        notes += [(r.id, cls.collection, k, v) for r in dataset.records(cls) for k, v in r.editorial.items()]
    columns = ("record", "collection", "field", "note")
    out["editorial"] = Table(
        "editorial", tuple(Column(c, "string", True) for c in columns), tuple(notes), ("record", "field")
    )
    return out


def to_pandas(dataset: Dataset) -> dict[str, Any]:
    """Every table of ``dataset`` as a pandas DataFrame, by name (record kinds and link tables).

    Needs pandas: ``pip install "mirps[pandas]"``.
    """
    pd = optional("pandas")
    return {name: _frame(pd, t) for name, t in tables(dataset).items()}


#: How a record shows in a cell of a record table: by id or by name.
_Name = Callable[[Record], str]


def _ids(record: Record) -> str:
    return record.id


def _labels(record: Record) -> str:
    return full_label(record)


def record_columns(cls: type[Record]) -> tuple[tuple[str, Callable[[Any, _Name], Any]], ...]:
    """The columns of a table of ``cls`` records, each with a function from a record (and how
    to show a linked record) to its cell: every field, a link as the linked record shown, a
    list as a tuple, ``involvements`` as one column per :class:`~mirps.Role` (the institutions
    in that part, any basis), a section's ``report`` beside it. Records of several kinds
    (``cls`` is :class:`~mirps.Record`) get ``type``, ``id`` and ``label``."""
    if cls is Record:
        return (("type", lambda r, _: type(r).__name__), ("id", lambda r, _: r.id), ("label", lambda r, _: r.label))
    columns: list[tuple[str, Callable[[Any, _Name], Any]]] = []
    for field in models.field_shapes(cls):
        name = field.name
        if name == "involvements":
            columns += [(role.value, _in_role(role)) for role in Role]
        elif field.type is Notes:
            columns.append((name, _value(name, dict)))
        elif isinstance(field.type, type) and issubclass(field.type, Record):
            columns.append((name, _link(name, field.many)))
            if name == "section":
                columns.append(("report", lambda r, show: show(r.section.report)))
        else:
            columns.append((name, _value(name, _plain)))
    return tuple(columns)


def _value(name: str, convert: Callable[[Any], Any]) -> Callable[[Any, _Name], Any]:
    return lambda r, _: convert(getattr(r, name))


def _in_role(role: Role) -> Callable[[Any, _Name], Any]:
    return lambda r, show: tuple(show(i) for i in r.institutions(role))


def _link(name: str, many: bool) -> Callable[[Any, _Name], Any]:
    if many:
        return lambda r, show: tuple(show(t) for t in getattr(r, name))
    return lambda r, show: None if getattr(r, name) is None else show(getattr(r, name))


def _plain(value: Any) -> Any:
    return str(value.value) if isinstance(value, enum.Enum) else value


def _record_rows(records: Sequence[Record], cls: type[Record], names: bool) -> tuple[list[str], list[list[Any]]]:
    kinds = {type(r) for r in records}
    if kinds - {cls} and cls is not Record:
        raise TypeError(f"a table of {cls.__name__} records holds {', '.join(sorted(k.__name__ for k in kinds))}")
    columns = record_columns(cls)
    show = _labels if names else _ids
    return [c for c, _ in columns], [[get(r, show) for _, get in columns] for r in records]


def table_of(records: Iterable[Record], record_type: type[Record] | None = None, *, names: bool = False) -> Table:
    """``records`` as one flat table with :func:`record_columns` (of ``record_type``, by
    default the records' one kind, else :class:`~mirps.Record`): a list's items joined with
    newlines, structured values (notes, headings) as JSON."""
    chosen = list(records)
    cls = record_type or _one_kind(chosen)
    header, rows = _record_rows(chosen, cls, names)
    spec = tuple(Column(c) for c in header)
    return Table(cls.collection or "records", spec, tuple(tuple(_flat(v) for v in row) for row in rows))


def _one_kind(records: Sequence[Record]) -> type[Record]:
    kinds = {type(r) for r in records}
    return kinds.pop() if len(kinds) == 1 else Record


def _flat(value: Any) -> Cell:
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "\n".join(value) if value else None
    if isinstance(value, dict | tuple):
        return json.dumps(_jsonable(value), ensure_ascii=False) if value else None
    return _cell(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    return [attrs.asdict(v) for v in value]


def frame(
    records: Iterable[Record],
    record_type: type[Record] | None = None,
    *,
    names: bool = False,
    explode: str | None = None,
) -> Any:
    """``records`` as a pandas DataFrame indexed by id, with :func:`record_columns` (see
    :meth:`mirps.Results.to_pandas` for ``names`` and ``explode``)."""
    pd = optional("pandas")
    chosen = list(records)
    cls = record_type or _one_kind(chosen)
    header, rows = _record_rows(chosen, cls, names)
    if explode == "involvements" and cls is not Record:
        return _involvement_frame(pd, chosen, header, rows, names)
    df = pd.DataFrame(rows, columns=header, dtype=object)
    for field in models.field_shapes(cls) if cls is not Record else ():
        if field.type is int:
            df[field.name] = df[field.name].astype("Int64")
        elif field.type is dt.date:
            df[field.name] = pd.to_datetime(df[field.name])
    df = df.set_index("id")
    if explode is not None:
        listed = [c for c in df.columns if all(isinstance(v, tuple) for v in df[c])]
        if explode not in listed:
            from ._text import suggest
            from .errors import NotFoundError

            options = [*listed, "involvements"] if cls is not Record else listed
            raise NotFoundError("list column", explode, suggest(explode, options))
        df = df.explode(explode)
    return df


def _involvement_frame(pd: Any, records: list[Record], header: list[str], rows: list[list[Any]], names: bool) -> Any:
    """One row per involvement: the record's columns but the role ones, then the involvement's."""
    roles = {r.value for r in Role}
    keep = [k for k, c in enumerate(header) if c not in roles]
    show = _labels if names else _ids
    parts = ("institution", "role", "basis", "evidence", "field", "note")
    out = []
    for record, row in zip(records, rows, strict=True):
        mine = [row[k] for k in keep]
        involvements = getattr(record, "involvements", ())
        for inv in involvements:
            out.append(
                [*mine, show(inv.institution), inv.role.value, inv.basis.value, inv.evidence, inv.field, inv.note]
            )
        if not involvements:
            out.append([*mine, *(None for _ in parts)])
    return pd.DataFrame(out, columns=[header[k] for k in keep] + list(parts), dtype=object).set_index("id")


def _frame(pd: Any, table: Table) -> Any:
    frame = pd.DataFrame(list(table.rows), columns=list(table.columns))
    for column in table.columns_spec:
        if column.type == "integer":
            frame[column.name] = frame[column.name].astype("Int64")
    return frame


# -- HXL ---------------------------------------------------------------------------------

HXL_COLUMNS = (
    ("Initiative id", "#activity+code"),
    ("Initiative", "#activity+name"),
    ("Kind", "#activity+type"),
    ("Leads", "#org+lead+name"),
    ("Leads, ids", "#org+lead+code"),
    ("Partners", "#org+partner+name"),
    ("Partners, ids", "#org+partner+code"),
    ("Funders", "#org+funder+name"),
    ("Funders, ids", "#org+funder+code"),
    ("Implementers", "#org+impl+name"),
    ("Implementers, ids", "#org+impl+code"),
    ("Country", "#country+name"),
    ("Country code", "#country+code"),
    ("Province, state or department", "#adm1+code"),
    ("Municipality", "#adm2+name"),
    ("Community", "#loc+name"),
    ("Source", "#meta+source"),
)


def hxl_rows(dataset: Dataset) -> list[list[str]]:
    """A 3W table (who does what where) of the initiatives: header, hashtags, one row per place.

    An initiative without places has one row per country. The "who" columns are the
    institutions in the roles ``lead``, ``partner``, ``funder`` and ``implementer``, whatever
    the basis. Names are as corrected (see :meth:`mirps.Dataset.corrected`): a 3W table is for
    finding who works where.
    """
    rows = [[h for h, _ in HXL_COLUMNS], [t for _, t in HXL_COLUMNS]]
    for initiative in dataset.initiatives():
        who = []
        for role in (Role.LEAD, Role.PARTNER, Role.FUNDER, Role.IMPLEMENTER):
            found = initiative.institutions(role)
            who += [" | ".join(dataset.corrected(i).name for i in found), " | ".join(i.id for i in found)]
        for country, place in _where(initiative):
            municipality = community = None
            for p in models.lineage(place):
                if p.kind is models.PlaceKind.MUNICIPALITY or p.kind is models.PlaceKind.CITY:
                    municipality = municipality or p
                elif p.kind in (models.PlaceKind.COMMUNITY, models.PlaceKind.SECTOR):
                    community = community or p
            rows.append(
                [
                    initiative.id,
                    initiative.title,
                    initiative.kind.value,
                    *who,
                    country.name,
                    country.alpha3,
                    (place.subdivision or "") if place else "",
                    dataset.corrected(municipality).name if municipality else "",
                    dataset.corrected(community).name if community else "",
                    dataset.cite(initiative),
                ]
            )
    return rows


def _where(initiative: Initiative) -> list[tuple[models.Country, models.Place | None]]:
    places = [p for p in initiative.places if not any(q != p and q.within(p) for q in initiative.places)]
    pairs: list[tuple[models.Country, models.Place | None]] = [(p.country, p) for p in places]
    covered = {p.country for p in places}
    pairs += [(c, None) for c in initiative.countries if c not in covered]
    return pairs


# -- writing -------------------------------------------------------------------------------


def export(dataset: Dataset, format: str, out: str | os.PathLike[str]) -> list[Path]:
    """Write ``dataset`` in ``format`` (one of :data:`FORMATS`) into the directory ``out``.

    Returns the paths written. ``json`` writes the dataset document itself (canonical bytes);
    ``csv`` one file per table; ``datapackage`` the CSV files and a ``datapackage.json``;
    ``hxl`` one 3W CSV of the initiatives; ``graphml`` the partner network (see
    :func:`graphml`); ``edgelist`` its node and edge tables for Gephi (see
    :func:`network_tables`); ``xlsx`` one Excel workbook of every table (see :func:`write_xlsx`).

    >>> import mirps, tempfile
    >>> [p.name for p in export(mirps.load("2.1.0"), "edgelist", tempfile.mkdtemp())]
    ['mirps-2.1.0-network-nodes.csv', 'mirps-2.1.0-network-edges.csv']
    """
    writer = _WRITERS.get(format)
    if writer is None:
        from ._text import suggest
        from .errors import NotFoundError

        raise NotFoundError("export format", format, suggest(format, FORMATS))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    return writer(dataset, folder)


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _json_files(dataset: Dataset, folder: Path) -> list[Path]:
    return [_written(folder / f"mirps-{dataset.version}.json", dataset.dumps())]


def _hxl_files(dataset: Dataset, folder: Path) -> list[Path]:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(hxl_rows(dataset))
    return [_written(folder / f"mirps-{dataset.version}-3w.csv", buffer.getvalue().encode("utf-8"))]


def _csv_files(dataset: Dataset, folder: Path) -> list[Path]:
    return [_written(folder / f"{table.name}.csv", table.csv()) for table in tables(dataset).values()]


def _datapackage_files(dataset: Dataset, folder: Path) -> list[Path]:
    descriptor = json.dumps(datapackage(dataset), ensure_ascii=False, indent=2) + "\n"
    return [*_csv_files(dataset, folder), _written(folder / "datapackage.json", descriptor.encode("utf-8"))]


def _graphml_files(dataset: Dataset, folder: Path) -> list[Path]:
    return [_written(folder / f"mirps-{dataset.version}-network.graphml", graphml(dataset))]


def _edgelist_files(dataset: Dataset, folder: Path) -> list[Path]:
    nodes, edges = network_tables(dataset)
    return [_written(folder / f"mirps-{dataset.version}-{table.name}.csv", table.csv()) for table in (nodes, edges)]


def _xlsx_files(dataset: Dataset, folder: Path) -> list[Path]:
    sheets = [about_table(dataset), *tables(dataset).values()]
    return [write_xlsx(sheets, folder / f"mirps-{dataset.version}.xlsx")]


#: How :func:`export` writes each of :data:`FORMATS` into a folder.
_WRITERS: dict[str, Callable[[Dataset, Path], list[Path]]] = {
    "json": _json_files,
    "csv": _csv_files,
    "datapackage": _datapackage_files,
    "hxl": _hxl_files,
    "graphml": _graphml_files,
    "edgelist": _edgelist_files,
    "xlsx": _xlsx_files,
}


# -- the partner network ---------------------------------------------------------------------

_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
_GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Each network attribute's GraphML type (``initiatives``: the ids joined by a space).
_GRAPHML_TYPES = {**dict.fromkeys(NODE_ATTRIBUTES, "string"), "weight": "int", "initiatives": "string"}


def graphml(dataset: Dataset, *, role: Filter[Role] = WORKING_ROLES, report: Filter[Report] = None) -> bytes:
    """The partner network (see :meth:`mirps.Dataset.network` for ``role`` and ``report``)
    as a GraphML document: an undirected graph, a node per institution (keyed by its id) with
    ``name``, ``acronym``, ``kind`` and ``country``, an edge per pair with ``weight`` (an
    ``int``) and ``initiatives`` (the ids joined by a space). Gephi, yEd and
    ``networkx.read_graphml`` read it.

    >>> import mirps
    >>> graphml(mirps.load("2.1.0")).startswith(b"<?xml")
    True
    """
    return _graphml(network_of(dataset, role=role, report=report), f"mirps-{dataset.version}")


def _graphml(network: Network, name: str) -> bytes:
    root = ET.Element(
        "graphml", {"xmlns": _GRAPHML, "xmlns:xsi": _XSI, "xsi:schemaLocation": f"{_GRAPHML} {_GRAPHML_XSD}"}
    )
    keys: dict[str, str] = {}
    for owner, names in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        for attribute in names:
            keys[attribute] = f"d{len(keys)}"
            spec = {"id": keys[attribute], "for": owner, "attr.name": attribute, "attr.type": _GRAPHML_TYPES[attribute]}
            ET.SubElement(root, "key", spec)
    graph = ET.SubElement(root, "graph", {"id": name, "edgedefault": "undirected"})
    for node in network.nodes:
        _graphml_element(graph, "node", {"id": node.id}, {keys[k]: v for k, v in node.attributes().items()})
    for edge in network.edges:
        data = {keys["weight"]: str(edge.weight), keys["initiatives"]: " ".join(edge.initiatives)}
        _graphml_element(graph, "edge", {"source": edge.source, "target": edge.target}, data)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _graphml_element(parent: ET.Element, tag: str, ends: dict[str, str], data: dict[str, str]) -> None:
    """A node or edge (``ends``: its id, or its source and target) and its ``data``, by key."""
    for text in (*ends.values(), *data.values()):
        _check_xml(text, lambda: f"the network's {tag} {' - '.join(ends.values())}")
    element = ET.SubElement(parent, tag, ends)
    for key, value in data.items():
        ET.SubElement(element, "data", {"key": key}).text = value


def network_tables(
    dataset: Dataset, *, role: Filter[Role] = WORKING_ROLES, report: Filter[Report] = None
) -> tuple[Table, Table]:
    """The partner network (see :meth:`mirps.Dataset.network` for ``role`` and ``report``)
    as the node and edge tables of Gephi's spreadsheet import: ``network-nodes`` (``Id``,
    ``Label``: the name, ``Acronym``, ``Kind``, ``Country``) and ``network-edges``
    (``Source``, ``Target``, ``Type``: always ``Undirected``, ``Weight``, ``Initiatives``: the
    ids joined by a space).

    >>> import mirps
    >>> nodes, edges = network_tables(mirps.load("2.1.0"))
    >>> edges.columns
    ('Source', 'Target', 'Type', 'Weight', 'Initiatives')
    """
    network = network_of(dataset, role=role, report=report)
    node_rows = tuple((n.id, n.name, n.acronym or None, n.kind, n.country or None) for n in network.nodes)
    edge_rows = tuple((e.source, e.target, "Undirected", e.weight, " ".join(e.initiatives)) for e in network.edges)
    node_columns = (
        Column("Id", required=True),
        Column("Label", required=True),
        Column("Acronym"),
        Column("Kind", required=True),
        Column("Country"),
    )
    edge_columns = (
        *(Column(c, required=True) for c in ("Source", "Target", "Type")),
        Column("Weight", "integer", True),
        Column("Initiatives", required=True),
    )
    return (
        Table("network-nodes", node_columns, node_rows, ("Id",)),
        Table("network-edges", edge_columns, edge_rows, ("Source", "Target")),
    )


# -- Excel -------------------------------------------------------------------------------------

#: The longest sheet name, the longest text in a cell and the most rows a sheet holds in Excel.
SHEET_NAME_LENGTH, CELL_LENGTH, SHEET_ROWS = 31, 32_767, 1_048_576
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
#: The characters XML 1.0 cannot hold: most control characters, lone surrogates, U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: The largest integer Excel's numbers (doubles) hold exactly.
_EXACT = 2**53
#: The first characters that make a spreadsheet read typed text as a formula.
_FORMULA_START = ("=", "+", "-", "@")
#: A column's width in characters: its longest line, within these bounds.
_WIDTHS = (10, 60)


def about_table(dataset: Dataset) -> Table:
    """The first sheet of the workbook: the dataset version, its sha256, its citation, how to
    cite a record, and the names of the other sheets (each table of :func:`tables`).

    >>> import mirps
    >>> dict(about_table(mirps.load("2.1.0")).rows)["version"]
    '2.1.0'
    """
    example = next(iter(dataset.initiatives()), None)
    how = f'mirps.load("{dataset.version}").cite(record) gives a record\'s own citation: its report, section and page'
    rows: list[tuple[Cell, ...]] = [
        ("dataset", "mirps: the reports of the MIRPS working groups"),
        ("version", dataset.version),
        ("sha256", dataset.sha256),
        ("citation", dataset.cite()),
        ("citing a record", f"{how}, such as: {dataset.cite(example)}" if example else how),
    ]
    rows += [("sheet", name) for name in tables(dataset)]
    return Table("about", (Column("about", required=True), Column("value")), tuple(rows), ())


def write_xlsx(sheets: Iterable[Table], path: str | os.PathLike[str]) -> Path:
    """Write each table of ``sheets`` as a sheet of one Excel workbook at ``path``, in order,
    named after the table: a bold header row that stays in view, columns as wide as their
    content (10 to 60 characters), wrapped text where a cell holds several lines. Integers
    stay numbers and empty cells stay empty; text stays text, even where it starts like a
    formula (``=``, ``+``, ``-``, ``@``). A name Excel cannot take, or a value an Excel file
    cannot hold (a control character, a text over 32,767 characters, an integer over 2**53),
    raises :class:`ValueError` naming the sheet and the cell. Needs openpyxl: ``pip install "mirps[excel]"``.

    >>> import mirps, tempfile
    >>> from pathlib import Path
    >>> write_xlsx([about_table(mirps.load("2.1.0"))], Path(tempfile.mkdtemp()) / "about.xlsx").name
    'about.xlsx'
    """
    openpyxl = optional("openpyxl")
    chosen = list(sheets)
    _check_sheet_names([table.name for table in chosen])
    book = openpyxl.Workbook()
    book.remove(book.active)
    bold, wrap = openpyxl.styles.Font(bold=True), openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    for table in chosen:
        _write_sheet(book.create_sheet(table.name), table, bold, wrap)
    book.save(path)
    return Path(path)


def _check_sheet_names(names: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not name or len(name) > SHEET_NAME_LENGTH or _NOT_IN_SHEET_NAMES.search(name):
            raise ValueError(
                f"the table {name!r} cannot name an Excel sheet: a sheet's name has 1 to "
                f"{SHEET_NAME_LENGTH} characters, none of []:*?/\\"
            )
        if name.casefold() in seen:
            raise ValueError(f"two tables are named {name!r}: Excel's sheet names differ in more than case")
        seen.add(name.casefold())


def _write_sheet(sheet: Any, table: Table, bold: Any, wrap: Any) -> None:
    if len(table.rows) >= SHEET_ROWS:
        raise ValueError(f"the table {table.name!r} has {len(table.rows)} rows; an Excel sheet holds {SHEET_ROWS - 1}")
    widths = [0] * len(table.columns)
    for r, row in enumerate((table.columns, *table.rows), 1):
        for k, value in enumerate(row, 1):
            if value is None or value == "":
                continue
            cell = sheet.cell(r, k)
            _set(cell, value, table.name)
            if r == 1:
                cell.font = bold
            elif isinstance(value, str) and "\n" in value:
                cell.alignment = wrap
            widths[k - 1] = max(widths[k - 1], _width(value))
    sheet.freeze_panes = "A2"
    low, high = _WIDTHS
    for k, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(1, k).column_letter].width = min(max(width + 1, low), high)


def _set(cell: Any, value: str | int, sheet: str) -> None:
    """Put ``value`` in ``cell``: a number as a number, text as text (never a formula)."""
    if not isinstance(value, str):
        if abs(value) > _EXACT:
            raise ValueError(f"sheet {sheet!r}, cell {cell.coordinate}: Excel holds no integer over 2**53 exactly")
        cell.value = value
        return
    _check_xml(value, lambda: f"sheet {sheet!r}, cell {cell.coordinate}")
    if len(value) > CELL_LENGTH:
        raise ValueError(f"sheet {sheet!r}, cell {cell.coordinate}: {len(value)} characters; Excel holds {CELL_LENGTH}")
    cell.value = value
    cell.data_type = "s"  # openpyxl would read "=..." as a formula and "#N/A" as an error
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True  # and Excel would on editing the cell


def _width(value: str | int) -> int:
    return max(len(line) for line in str(value).split("\n"))


def _check_xml(text: str, where: Callable[[], str]) -> None:
    """Raise :class:`ValueError` naming ``where()`` if ``text`` holds a character XML cannot hold."""
    found = _NOT_XML.search(text)
    if found:
        raise ValueError(f"{where()}: the text holds U+{ord(found[0]):04X}, which an XML file cannot hold")


def _resource(table: str, within: str | None = None) -> str:
    """A table's resource name in the data package ("" for a link within the same table)."""
    return "" if table == within else table.replace("_", "-")


def datapackage(dataset: Dataset) -> dict[str, Any]:
    """The Frictionless ``datapackage.json`` descriptor of the CSV tables."""
    resources: list[dict[str, Any]] = []
    for table in tables(dataset).values():
        data = table.csv()
        fields = []
        for column in table.columns_spec:
            field: dict[str, Any] = {"name": column.name, "type": column.type}
            constraints: dict[str, Any] = {}
            if column.required:
                constraints["required"] = True
            if column.allowed:
                constraints["enum"] = list(column.allowed)
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict[str, Any] = {"fields": fields}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        foreign = [
            {
                "fields": c.name,
                "reference": {"resource": _resource(c.points_to, table.name), "fields": "id"},
            }
            for c in table.columns_spec
            if c.points_to
        ]
        if foreign:
            schema["foreignKeys"] = foreign
        resources.append(
            {
                "name": _resource(table.name),
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "schema": schema,
            }
        )
    return {
        "name": "mirps",
        "title": "The reports of the MIRPS working groups",
        "version": dataset.version,
        "description": dataset.cite(),
        "licenses": [
            {
                "name": "other-at",
                "title": "The texts are quotations of the MIRPS working groups' reports, attributed to each "
                "report; they remain their publishers'.",
            }
        ],
        "sources": [{"title": f"{r.title} ({r.working_group}, {r.year})"} for r in dataset.reports],
        "resources": resources,
    }
