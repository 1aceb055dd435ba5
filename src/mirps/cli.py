"""The ``mirps`` command: the query API from a shell.

    mirps initiatives --country Honduras --role lead
    mirps partners UNHCR --format json
    mirps show hn-community-art-san-pedro-sula
    mirps search "community art"
    mirps records sessions
    mirps export --format datapackage --out mirps-data
    mirps diff 1.0.0 1.1.0

Output is an aligned table for people, or ``--format json`` / ``--format csv`` for pipes.
A user's mistake (an unknown name, a bad file, a bad flag) is one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import __version__
from ._display import columns_for, described, row
from ._results import Counts, Results, key_text
from ._versions import load, releases
from .errors import DatasetError, MirpsError, one_line
from .models import Basis, Country, Heading, Institution, Record, Role, field_shapes, lines, record_kinds

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["main"]

_FORMATS = ("table", "json", "csv")


class _Formatter(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal, read by :func:`_columns` (argparse makes a
    formatter for every argument it is given, and its own reads the width through shutil)."""

    def __init__(self, prog: str, **options: Any) -> None:
        if options.get("width") is None:
            options["width"] = _columns(80) - 2  # as argparse sets it
        super().__init__(prog, **options)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **options)

    def error(self, message: str) -> Any:  # one line, no usage dump
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def _columns(fallback: int) -> int:
    """The terminal's width as ``shutil.get_terminal_size`` reads it (``COLUMNS``, then the
    terminal's, then ``fallback``), without importing what shutil imports."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no terminal: none, piped, closed or not known
            columns = 0
    return columns if columns > 0 else fallback


def _width(args: argparse.Namespace) -> int | None:
    """The width a table must fit: none with ``--wide``, else ``COLUMNS``, the terminal's, or 120."""
    return None if args.wide else _columns(120)


def _csv_writer() -> Any:
    """A CSV writer on standard output (the module imported only when a command writes CSV)."""
    import csv

    return csv.writer(sys.stdout, lineterminator="\n")


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str], width: int | None) -> str:
    """Rows as aligned columns within ``width`` characters (see :func:`_fit`). No ``width``:
    every cell whole."""
    if not rows:
        return "(nothing found)"
    rows = [[" ".join(c.split()) for c in r] for r in rows]
    widths = {i: max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)}
    if width is not None:
        widths = _fit(widths, headers, width)

    def line(cells: Sequence[str]) -> str:
        cut = [cells[i] if len(cells[i]) <= w else cells[i][: w - 1] + "…" for i, w in widths.items()]
        return "  ".join(c.ljust(w) for c, w in zip(cut, widths.values(), strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths.values())
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


#: The narrowest a column is cut to: a table that cannot fit so loses columns.
_NARROWEST = 10
#: The columns that name a record: with ``id``, the last to be left out of a narrow table.
_NAMING = ("title", "name", "text", "label")


def _fit(widths: dict[int, int], headers: Sequence[str], room: int) -> dict[int, int]:
    """The columns shown within ``room`` characters, by position, with their widths: every
    column wider than a common cap is cut to it, the largest cap that fits; the ``id`` column
    is never cut. Where even the narrowest cap does not fit, columns are left out from the
    right (``--wide`` shows them) but for ``id`` and the one that names the record."""
    keep = {i for i, h in enumerate(headers) if h == "id"}
    keep |= set([i for i, h in enumerate(headers) if h in _NAMING][:1])
    shown = dict(widths)
    while True:
        fixed = sum(w for i, w in shown.items() if headers[i] == "id")
        free = room - 2 * (len(shown) - 1) - fixed
        cuttable = [w for i, w in shown.items() if headers[i] != "id"]
        cap = max(cuttable, default=0)
        while cap > _NARROWEST and sum(min(w, cap) for w in cuttable) > free:
            cap -= 1
        droppable = [i for i in shown if i not in keep]
        if sum(min(w, cap) for w in cuttable) <= free or not droppable:
            return {i: w if headers[i] == "id" else min(w, cap) for i, w in shown.items()}
        del shown[droppable[-1]]


def _write_json(data: Any) -> None:
    # JSON escapes what an output that is not UTF-8 cannot show, so that it stays valid JSON
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    json.dump(data, sys.stdout, ensure_ascii=not encoding.startswith("utf"), indent=2)
    sys.stdout.write("\n")


def _emit(records: Results[Any], args: argparse.Namespace) -> None:
    """Records (or, with ``--count-by``, their counts) as a table, as JSON objects (links as
    ids) or as CSV with every field."""
    if getattr(args, "count_by", None):
        _emit_counts(records.count_by(args.count_by), args)
    elif args.format == "json":
        from ._convert import unstructure_record

        _write_json([unstructure_record(r) for r in records])
    elif args.format == "csv":
        from .export import table_of

        sys.stdout.write(table_of(records, records.record_type).csv().decode("utf-8"))
    else:
        columns = columns_for(records)
        print(_table([row(r, columns, None if args.wide else 160) for r in records], columns, _width(args)))


def _emit_counts(counts: Counts[Any], args: argparse.Namespace) -> None:
    named = any(isinstance(k, Record) for k in counts)
    header = [counts.field, "name", "count"] if named else [counts.field, "count"]
    rows = [[key_text(k), *([key_text(k, True)] if named else []), n] for k, n in counts.items()]
    if args.format == "json":
        _write_json([dict(zip(header, r, strict=True)) for r in rows])
    elif args.format == "csv":
        _csv_writer().writerows([header, *rows])
    else:
        print(_table([[str(c) for c in r] for r in rows], header, _width(args)))


def _dataset(args: argparse.Namespace) -> Dataset:
    if args.dataset_file is not None:
        return _open(args.dataset_file)
    return load(args.dataset_version)


def _open(ref: str) -> Dataset:
    """A bundled version ("1.0.0") or a dataset file's path."""
    if ref.endswith(".json") or os.path.sep in ref or os.path.exists(ref):
        try:
            return load(path=ref)
        except OSError as exc:
            raise MirpsError(f"cannot read {ref}: {exc.strerror}") from None
    return load(ref)


# -- the commands ---------------------------------------------------------------------------


#: The filters of ``mirps initiatives``: each may be given again, meaning any of the values.
_FILTERS = ("country", "institution", "role", "basis", "report", "theme", "place")


def _any_of(values: list[str] | None) -> str | list[str] | None:
    """A filter given once as its value, given again as the list of values (any matches)."""
    return values[0] if values and len(values) == 1 else values


def _initiatives(args: argparse.Namespace) -> None:
    filters = {k: _any_of(getattr(args, k)) for k in _FILTERS}
    _emit(_dataset(args).initiatives(**filters, text=args.text), args)


def _partners(args: argparse.Namespace) -> None:
    found = _dataset(args).partners(args.institution, report=_any_of(args.report), country=_any_of(args.country))
    _emit(found, args)


def _show(args: argparse.Namespace) -> None:
    ds = _dataset(args)
    record = ds.get(args.id)
    if args.format != "table":
        _emit(Results([record]), args)
        return
    for field in field_shapes(type(record)):
        value = getattr(record, field.name)
        if value in (None, ()) or field.name in ("editorial", "headings"):
            continue
        if isinstance(value, tuple) and not isinstance(value[0], Record):
            print(f"{field.name}:")
            for line in lines(record, field.name):
                print(f"  {line.text}" if isinstance(line, Heading) else f"  - {described(line)}")
        else:
            print(f"{field.name}: {row(record, (field.name,))[0] if isinstance(value, Record | tuple) else value}")
        if field.name in record.editorial:
            print(f"  (editors': {record.editorial[field.name]})")
    for correction in ds.corrections_of(record):
        print(f"correction: {correction.published!r} -> {correction.corrected!r} ({correction.note})")
    print(f"cite: {ds.cite(record)}")


def _search(args: argparse.Namespace) -> None:
    _emit(_dataset(args).search(args.text), args)


def _records(args: argparse.Namespace) -> None:
    record_type = next(cls for cls in record_kinds() if cls.collection == args.collection)
    _emit(_dataset(args).records(record_type), args)


def _countries(args: argparse.Namespace) -> None:
    ds = _dataset(args)
    _emit(ds.countries if args.all else Results((c for c in ds.countries if ds.related(c)), Country), args)


def _institutions(args: argparse.Namespace) -> None:
    ds = _dataset(args)
    found = ds.institutions
    if args.country:
        country = ds.country(args.country)
        found = Results((i for i in found if i.country == country), Institution)
    _emit(found, args)


def _recommendations(args: argparse.Namespace) -> None:
    _emit(_dataset(args).recommendations(report=args.report, text=args.text), args)


def _participants(args: argparse.Namespace) -> None:
    _emit(_dataset(args).participants(report=args.report, country=args.country, institution=args.institution), args)


def _versions(args: argparse.Namespace) -> None:
    if args.format == "json":
        _write_json([attrs.asdict(r) for r in releases()])
    elif args.format == "csv":
        writer = _csv_writer()
        writer.writerow(["version", "released", "sha256", "summary"])
        writer.writerows([r.version, r.released, r.sha256, r.summary] for r in releases())
    else:
        rows = [[r.version, r.released, r.sha256 if args.wide else r.sha256[:12], r.summary] for r in releases()]
        print(_table(rows, ["version", "released", "sha256", "summary"], _width(args)))


def _validate(args: argparse.Namespace) -> None:
    try:
        dataset = _open(args.file)
    except DatasetError as exc:
        for problem in exc.problems:
            print(problem)
        raise
    counts = ", ".join(f"{len(dataset.records(cls))} {cls.collection}" for cls in record_kinds())
    print(f"{args.file}: a valid mirps dataset {dataset.version} (sha256 {dataset.sha256}): {counts}")


def _diff(args: argparse.Namespace) -> None:
    result = _open(args.old).diff(_open(args.new))
    if args.format == "json":
        _write_json(result.to_dict())
    else:
        print(result.to_text())


def _cite(args: argparse.Namespace) -> None:
    ds = _dataset(args)
    print(ds.cite(ds.get(args.id) if args.id else None))


def _export(args: argparse.Namespace) -> None:
    for path in _dataset(args).export(args.to, args.out):
        print(path)


# -- the parser ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mirps",
        description="Query the reports of the MIRPS working groups.",
        epilog="example: mirps initiatives --country Honduras --role lead",
    )
    parser.add_argument("--version", action="version", version=f"mirps {__version__}")
    pinned = parser.add_mutually_exclusive_group()
    pinned.add_argument("--dataset-version", metavar="V", help="a bundled dataset version to pin (default: latest)")
    pinned.add_argument("--dataset-file", metavar="FILE", help="query a dataset file instead of a bundled version")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str,
        help: str,
        example: str,
        run: Callable[[argparse.Namespace], None],
        formats: Sequence[str] = _FORMATS,
        listing: bool = False,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, epilog=f"example: {example}")
        if formats:
            sub.add_argument("--format", choices=formats, default=formats[0], help="how to print the answer")
            sub.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
        if "table" in formats:
            sub.add_argument("--wide", action="store_true", help="every cell whole, however wide the terminal")
        if listing:
            sub.add_argument(
                "--count-by",
                metavar="FIELD",
                help="count the records by a field instead: country, place, institution, role, basis, report, "
                "type, a role (lead, partner, ...) or any field of the records",
            )
        sub.set_defaults(run=run)
        return sub

    sub = command(
        "initiatives",
        "initiatives matching every filter given",
        "mirps initiatives --country MX --role lead",
        _initiatives,
        listing=True,
    )
    sub.description = (sub.description or "") + " (a filter given twice matches either value)"
    sub.add_argument("--country", action="append", help="ISO code or name, English or Spanish")
    sub.add_argument("--institution", action="append", help="id, acronym, name or any spelling the reports use")
    sub.add_argument(
        "--role", action="append", choices=[r.value for r in Role], help="the part it plays (any if not given)"
    )
    sub.add_argument(
        "--basis",
        action="append",
        choices=[b.value for b in Basis],
        help="stated by the report, or the editors' reading",
    )
    sub.add_argument("--report", action="append", help="report id or title")
    sub.add_argument("--theme", action="append", help="a report section, such as 'statistics'")
    sub.add_argument("--place", action="append", help="a municipality, community, state or province")
    sub.add_argument("--text", help="words the initiative's text must hold")

    sub = command(
        "partners",
        "institutions working with INSTITUTION on an initiative (lead, partner, funder, implementer, credited, member)",
        "mirps partners UNHCR",
        _partners,
        listing=True,
    )
    sub.add_argument("institution", metavar="INSTITUTION", help="id, acronym, name or any spelling the reports use")
    sub.add_argument("--report", action="append", help="only initiatives of this report")
    sub.add_argument("--country", action="append", help="only initiatives in this country")

    sub = command("show", "one record, every field, with its corrections and citation", "mirps show unhcr", _show)
    sub.add_argument("id", metavar="ID", help="a record id (see the id column of any listing)")

    sub = command(
        "search", "every record holding every word of TEXT", 'mirps search "community art"', _search, listing=True
    )
    sub.add_argument("text", metavar="TEXT")

    sub = command(
        "records", "every record of one kind, in the dataset's order", "mirps records sessions", _records, listing=True
    )
    sub.add_argument(
        "collection", metavar="COLLECTION", choices=[cls.collection for cls in record_kinds()], help="%(choices)s"
    )

    sub = command("countries", "the countries the reports name", "mirps countries", _countries, listing=True)
    sub.add_argument("--all", action="store_true", help="every country the dataset holds (every ISO 3166-1 country)")

    sub = command(
        "institutions",
        "the institutions the reports name",
        "mirps institutions --country HN",
        _institutions,
        listing=True,
    )
    sub.add_argument("--country", help="only national and local bodies of this country")

    sub = command(
        "recommendations",
        "the reports' recommendations",
        "mirps recommendations --text children",
        _recommendations,
        listing=True,
    )
    sub.add_argument("--report", help="report id or title")
    sub.add_argument("--text", help="words the recommendation must hold")

    sub = command(
        "participants",
        "the people the reports' annexes list",
        "mirps participants --country PA",
        _participants,
        listing=True,
    )
    sub.add_argument("--report", help="report id or title")
    sub.add_argument("--country", help="ISO code or name")
    sub.add_argument("--institution", help="id, acronym, name or spelling (includes bodies inside it)")

    command("versions", "the bundled dataset versions", "mirps versions", _versions)

    sub = command(
        "validate", "check a dataset file; each problem with its JSON path", "mirps validate x.json", _validate, ()
    )
    sub.add_argument("file", metavar="FILE")

    sub = command(
        "diff",
        "records added, removed and changed between two versions",
        "mirps diff 1.0.0 1.1.0",
        _diff,
        ("table", "json"),
    )
    sub.add_argument("old", metavar="A", help="a bundled version or a dataset file")
    sub.add_argument("new", metavar="B", help="a bundled version or a dataset file")

    sub = command("cite", "a citation of the dataset version, or of one record", "mirps cite wglg21-rec-03", _cite, ())
    sub.add_argument("id", metavar="ID", nargs="?", help="a record id")

    from ._formats import FORMATS

    sub = command("export", "write the dataset as files", "mirps export --format datapackage --out data", _export, ())
    sub.add_argument("--format", dest="to", choices=FORMATS, required=True, help="what to write")
    sub.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for a user's mistake)."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character shows its escape
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except DatasetError as exc:
        where = f"{exc.source}: " if exc.source else ""
        count = len(exc.problems)
        first = exc.problems[0] if count == 1 else f"{count} problems, the first: {exc.problems[0]}"
        print(f"mirps: error: {where}not a valid mirps dataset: {first}", file=sys.stderr)
        return 2
    except MirpsError as exc:
        print(f"mirps: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # piped into head: not an error
            sys.stderr.close()
            return 0
        print(one_line(f"mirps: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
