"""The ``mirps`` command: query the bundled dataset from a shell.

mirps initiatives --country Honduras
mirps partners UNHCR --json
mirps versions
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import __version__
from ._versions import load, releases
from .errors import MirpsError
from .models import RECORD_TYPES, Initiative, Institution, Record

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, no usage dump
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Rows as aligned columns, the last column cut to the terminal's width."""
    if not rows:
        return "(nothing found)"
    widths = [min(40, max(len(h), *(len(r[i]) for r in rows))) for i, h in enumerate(headers)]
    widths[-1] = max(len(r[-1]) for r in rows)
    room = shutil.get_terminal_size((120, 24)).columns - sum(w + 2 for w in widths[:-1])
    widths[-1] = max(20, min(widths[-1], room))

    def line(cells: Sequence[str]) -> str:
        cut = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
        return "  ".join(c.ljust(w) for c, w in zip(cut, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _initiative_row(i: Initiative) -> list[str]:
    leads = ", ".join(x.acronym or x.name for x in i.leads)
    return [i.id, ",".join(c.id for c in i.countries), i.title, leads]


def _institution_row(i: Institution) -> list[str]:
    return [i.id, i.acronym or "", i.country.id if i.country else "", i.name]


def _emit(
    records: Sequence[Record], args: argparse.Namespace, headers: list[str], row: Callable[[Any], list[str]]
) -> None:
    if args.json:
        from ._convert import unstructure_record

        json.dump([unstructure_record(r) for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_table([row(r) for r in records], headers))


def _initiatives(args: argparse.Namespace) -> None:
    found = load(args.dataset_version).initiatives(
        country=args.country,
        institution=args.institution,
        role=args.role,
        report=args.report,
        theme=args.theme,
        place=args.place,
        text=args.text,
    )
    _emit(found, args, ["id", "country", "title", "in charge"], _initiative_row)


def _partners(args: argparse.Namespace) -> None:
    found = load(args.dataset_version).partners(args.institution, report=args.report, country=args.country)
    _emit(found, args, ["id", "acronym", "country", "name"], _institution_row)


def _versions(args: argparse.Namespace) -> None:
    if args.json:
        json.dump([attrs.asdict(r) for r in releases()], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        rows = [[r.version, r.released, r.sha256[:12], r.summary] for r in releases()]
        print(_table(rows, ["version", "released", "sha256", "summary"]))


def _dataset(ref: str) -> Dataset:
    """A bundled version ("1.0.0") or a dataset file's path."""
    if ref.endswith(".json") or os.path.sep in ref or os.path.exists(ref):
        try:
            return load(path=ref)
        except OSError as exc:
            raise MirpsError(f"cannot read {ref}: {exc.strerror}") from None
    return load(ref)


def _diff(args: argparse.Namespace) -> None:
    result = _dataset(args.old).diff(_dataset(args.new))
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(result.report())


def _validate(args: argparse.Namespace) -> None:
    dataset = _dataset(args.file)
    counts = ", ".join(f"{len(dataset.records(cls))} {cls.collection}" for cls in RECORD_TYPES)
    print(f"{args.file}: a valid mirps dataset {dataset.version} (sha256 {dataset.sha256}): {counts}")


def _cite(args: argparse.Namespace) -> None:
    dataset = load(args.dataset_version)
    print(dataset.cite(dataset.get(args.id) if args.id else None))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mirps",
        description="Query the reports of the MIRPS working groups.",
        epilog="example: mirps initiatives --country Honduras --role lead",
    )
    parser.add_argument("--version", action="version", version=f"mirps {__version__}")
    parser.add_argument("--dataset-version", metavar="V", help="a bundled dataset version to pin (default: latest)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, help: str, example: str, run: Callable[[argparse.Namespace], None]
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, epilog=f"example: {example}")
        sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
        sub.set_defaults(run=run)
        return sub

    sub = command(
        "initiatives",
        "initiatives matching every filter given",
        "mirps initiatives --country MX --institution UNHCR --role partner",
        _initiatives,
    )
    sub.add_argument("--country", help="ISO code or name, English or Spanish")
    sub.add_argument("--institution", help="id, acronym, name or any spelling the reports use")
    sub.add_argument("--role", choices=["lead", "partner"], help="the part the institution plays")
    sub.add_argument("--report", help="report id or title")
    sub.add_argument("--theme", help="a report section, such as 'statistics'")
    sub.add_argument("--place", help="a municipality, community, state or province")
    sub.add_argument("--text", help="words the initiative's text must hold")

    sub = command("partners", "institutions sharing an initiative with INSTITUTION", "mirps partners UNHCR", _partners)
    sub.add_argument("institution", metavar="INSTITUTION", help="id, acronym, name or any spelling the reports use")
    sub.add_argument("--report", help="only initiatives of this report")
    sub.add_argument("--country", help="only initiatives in this country")

    command("versions", "the bundled dataset versions", "mirps versions", _versions)

    sub = command("diff", "records added, removed and changed between two versions", "mirps diff 1.0.0 1.1.0", _diff)
    sub.add_argument("old", metavar="A", help="a bundled version or a dataset file")
    sub.add_argument("new", metavar="B", help="a bundled version or a dataset file")

    sub = command(
        "validate", "check a dataset file; every problem with its JSON path", "mirps validate x.json", _validate
    )
    sub.add_argument("file", metavar="FILE")

    sub = command("cite", "a citation of the dataset version, or of one record", "mirps cite wglg21-rec-03", _cite)
    sub.add_argument("id", metavar="ID", nargs="?", help="a record id")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for a user's mistake)."""
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except MirpsError as exc:
        print(f"mirps: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        sys.stderr.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
