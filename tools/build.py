"""Build the dataset from its sources (format 2, with name_es, acronym_es and known_as), check it, write it.

    python tools/build.py --out FILE
    python tools/build.py --release --summary "what changed" [--date YYYY-MM-DD]
    python tools/build.py --version 1.0.0 --reports wg-internal-displacement-2021 --out FILE
    python tools/build.py --check [FILE ...]

The build reads ``sources/`` (see ``sources/README.md``), assembles the dataset document,
loads it with the library's own strict loader, checks that every text quoting a report stands
verbatim in that report (white space, bullets and stray markup aside), prints each report's
coverage, and writes the canonical bytes (``Dataset.dumps()``). ``--release`` writes them as
the next bundled version instead (a released version is never rewritten). ``--check`` checks
dataset files already built, by default every bundled version, against the report texts.

Exit status: 0 when everything holds, 1 when a check fails, 2 when the sources have problems
(each printed as ``file:line: what is wrong``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import authoring
import release as releasing
from authoring import SOURCES, SourceError, SourceFile, read_yaml, report_text

from mirps import DatasetError, loads, models, releases
from mirps._dataset import Dataset

#: The registries the reports share: a YAML file each, named after the kind's collection.
REGISTRIES = (models.Country, models.Place, models.Institution)
#: Keys of a registry entry that the build reads and does not pass on.
_NAMED_IN = "named_in"


# -- reading the sources -----------------------------------------------------------------------


class _Sources:
    """What the build learns of each record it reads: the file it is written in, and the
    reports it comes from (the one it stands in, or those of a build that name it)."""

    def __init__(self) -> None:
        self.origin: dict[str, tuple[SourceFile, tuple[str, ...]]] = {}

    def where(self, record_id: str) -> str:
        found = self.origin.get(record_id)
        return found[0].where(record_id) if found else "sources"


def _entries(source: SourceFile, key: str, problems: list[str]) -> list[dict[str, Any]]:
    """The list of records under ``key`` of a source file (checked to be a list of mappings)."""
    value = source.data.get(key, []) if isinstance(source.data, dict) else None
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        problems.append(f"{source.where()}: '{key}' must be a list of records")
        return []
    return value


# -- what the build derives --------------------------------------------------------------------


def _links(cls: type[Any], entry: dict[str, Any], section_of: str | None = None) -> dict[str, Any]:
    """``entry`` with every link written as an id made ``{"id": ...}``, as the document has
    them; in a report's file a section is named by its last part (``statistics``)."""
    out = dict(entry)
    for shape in models.field_shapes(cls):
        if shape.name not in out or out[shape.name] is None:
            continue
        value = out[shape.name]
        if isinstance(shape.type, type) and issubclass(shape.type, models.Record):

            def ref(v: Any, target: type[Any] = shape.type) -> Any:
                if not isinstance(v, str):
                    return v  # the loader says what is wrong with it
                if target is models.Section and section_of and "/" not in v:
                    v = f"{section_of}/{v}"
                return {"id": v}

            out[shape.name] = [ref(v) for v in value] if shape.many and isinstance(value, list) else ref(value)
        elif _attrs_class(shape.type) and shape.many and isinstance(value, list):
            out[shape.name] = [_links(shape.type, v, section_of) if isinstance(v, dict) else v for v in value]
    return out


def _attrs_class(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__attrs_attrs__")


@functools.cache
def _spanish() -> Callable[[str], str]:
    """The iso-codes Spanish translation of ISO 3166-1 names."""
    import gettext

    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"]).gettext


def _iso_country(code: str) -> dict[str, Any] | None:
    """What ISO 3166-1 gives for a country: its alpha-3 code, its English name, its Spanish
    name and its other names in both (pycountry's data and the iso-codes translations)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    spanish = _spanish()
    name = getattr(country, "common_name", None) or country.name
    others = [country.name, getattr(country, "official_name", country.name)]
    known = dict.fromkeys([*others, *map(spanish, others)])
    return {
        "alpha3": str(country.alpha_3),
        "name": name,
        "name_es": spanish(name),
        "known_as": [n for n in known if n not in (name, spanish(name))],
    }


def _iso_subdivision_name(code: str) -> str | None:
    import pycountry

    subdivision = pycountry.subdivisions.get(code=code)
    return None if subdivision is None else str(subdivision.name)


#: The note on the English name of a country no report names.
ISO_NAME = "No report names the country: this is its name in ISO 3166-1."
#: The note on a country's other names, which come from ISO data too.
ISO_KNOWN = (
    "Its other names in ISO 3166-1 (the formal one among them), and their Spanish in the iso-codes translations."
)


def _other_countries(named: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every ISO 3166-1 country that no report names, by alpha-2 code, as a registry entry."""
    import pycountry

    for code in sorted(c.alpha_2 for c in pycountry.countries):
        if code in named:
            continue
        iso = _iso_country(code)
        assert iso is not None
        notes = {"name": ISO_NAME, **({"known_as": ISO_KNOWN} if iso["known_as"] else {})}
        yield {"id": code, **iso, "editorial": notes}


def _derive(cls: type[models.Record], entry: dict[str, Any], built: Mapping[str, dict[str, Any]]) -> list[str]:
    """Fill in what the build derives for a registry record; the problems, if any."""
    problems = []
    derived: dict[str, Any] = {}
    if cls is models.Country and isinstance(entry.get("id"), str):
        iso = _iso_country(entry["id"])
        if iso is None:
            problems.append(f"{entry['id']!r} is not an ISO 3166-1 alpha-2 code")
        else:
            derived["alpha3"], derived["name_es"] = iso["alpha3"], iso["name_es"]
            printed = {entry.get("name"), *entry.get("aliases", [])}
            derived["known_as"] = [n for n in iso["known_as"] if n not in printed]
            if derived["known_as"] and isinstance(entry.setdefault("editorial", {}), dict):
                entry["editorial"]["known_as"] = ISO_KNOWN
    link = entry.get("parent")
    parent = built.get(link["id"]) if isinstance(link, dict) else None
    if cls is models.Place:
        if parent is not None:
            derived["country"], derived["subdivision"] = parent.get("country"), parent.get("subdivision")
        elif isinstance(entry.get("subdivision"), str):
            derived["country"] = {"id": entry["subdivision"].partition("-")[0]}
    if cls is models.Institution and parent is not None:
        derived["country"] = parent.get("country")
    if cls is models.Place and entry.get("kind") in _SUBDIVISIONS and isinstance(entry.get("subdivision"), str):
        derived["iso_name"] = _iso_subdivision_name(entry["subdivision"])
    for name, value in derived.items():
        if name in entry:
            problems.append(f"'{name}' is derived by the build (from {_derived_from(cls, name)}): leave it out")
        entry[name] = value
    return problems


#: The kinds of place that are an ISO 3166-2 subdivision (the one their ``subdivision`` names).
_SUBDIVISIONS = {"state", "province", "department"}


def _derived_from(cls: type[Any], name: str) -> str:
    if cls is models.Country:
        return "the ISO 3166-1 code"
    if name == "iso_name":
        return "the ISO 3166-2 code"
    if cls is models.Place and name == "country":
        return "the parent, or the subdivision's code"
    return "the parent"


#: The shorthand entry fields of an initiative, and the role of the institutions each entry names.
_ENTRIES = {"institutions_in_charge": models.Role.LEAD, "strategic_partners": models.Role.PARTNER}


def _expand(cls: type[Any], entry: dict[str, Any]) -> list[str]:
    """Expand the shorthands of a record written in a report's file, in place (see
    sources/README.md): entries that name institutions, list items that credit them, and
    headings among a list's items. The problems, if any."""
    problems: list[str] = []
    if not any(s.name == "involvements" for s in models.field_shapes(cls)):
        return problems
    derived: list[dict[str, Any]] = []
    headings: list[dict[str, Any]] = []
    for shape in models.field_shapes(cls):
        value = entry.get(shape.name)
        if not (shape.quoted and shape.many and isinstance(value, list)):
            continue
        items = []
        for item in value:
            if not isinstance(item, dict):
                items.append(item)
                continue
            if set(item) == {"heading"}:
                headings.append({"field": shape.name, "start": len(items), "text": item["heading"]})
                continue
            text, roles = item.get("text"), {k: v for k, v in item.items() if k not in ("text", "institutions")}
            if not isinstance(text, str):
                problems.append(f"{shape.name}: an item written as a mapping needs its 'text' (or is a 'heading')")
                continue
            if shape.name in _ENTRIES and "institutions" in item:
                roles = {str(_ENTRIES[shape.name]): item["institutions"], **roles}
            elif "institutions" in item:
                problems.append(f"{shape.name}: 'institutions' belongs to {' and '.join(_ENTRIES)}; name the role")
            for role, ids in roles.items():
                if role not in {str(r) for r in models.Role}:
                    problems.append(f"{shape.name}: {role!r} is no role ({', '.join(str(r) for r in models.Role)})")
                elif not isinstance(ids, list):
                    problems.append(f"{shape.name}: the {role}s of an item are a list of institution ids")
                else:
                    derived += [{"institution": i, "role": role, "field": shape.name, "evidence": text} for i in ids]
            items.append(text)
        entry[shape.name] = items
    if headings:
        if "headings" in entry:
            problems.append("'headings' is derived by the build from the lists' {heading: ...} items: leave it out")
        entry["headings"] = headings
    if derived:
        given = entry.get("involvements", [])
        entry["involvements"] = derived + (given if isinstance(given, list) else [given])
    return problems


# -- the document ------------------------------------------------------------------------------


def _dataset_file(folder: Path) -> tuple[str, list[str]]:
    source = read_yaml(folder / "dataset.yaml")
    data = source.data if isinstance(source.data, dict) else {}
    version, reports = data.get("version"), data.get("reports")
    if not isinstance(version, str) or not isinstance(reports, list) or not all(isinstance(r, str) for r in reports):
        raise SourceError([f"{source.where()}: needs 'version' (text) and 'reports' (a list of report ids)"])
    return version, reports


def assemble(
    folder: Path = SOURCES, version: str | None = None, reports: Sequence[str] | None = None
) -> tuple[dict[str, Any], _Sources, dict[str, authoring.ReportText]]:
    """The dataset document that ``folder`` describes (or the one of ``version`` holding only
    ``reports``), the sources it came from, and the texts of its reports."""
    default_version, default_reports = _dataset_file(folder)
    version = version or default_version
    chosen = list(reports or default_reports)
    sources = _Sources()
    problems: list[str] = []
    doc: dict[str, Any] = {"version": version}
    for cls in models.record_kinds():
        doc[cls.collection] = []

    every_file = {path.stem: read_yaml(path) for path in sorted((folder / "reports").glob("*.yaml"))}
    every_text: dict[str, str] = {}  # each report's text, folded, for finding spellings in it
    texts: dict[str, authoring.ReportText] = {}
    for report_id, source in every_file.items():
        about = source.data.get("text", {}) if isinstance(source.data, dict) else None
        if about is None:
            problems.append(f"{source.where()}: must be a mapping with 'text', 'report', 'sections'")
            continue
        try:
            text = report_text(report_id, about, source.where(), folder)
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        every_text[report_id] = authoring.fold(text.text)
        if report_id in chosen:
            texts[report_id] = text
    report_files = {r: every_file[r] for r in chosen if r in every_file}
    problems += [f"{folder / 'dataset.yaml'}: no source file reports/{r}.yaml" for r in chosen if r not in every_file]
    if problems:
        raise SourceError(problems)

    # the registries: the records the chosen reports name, with the spellings their texts use
    named: dict[str, tuple[str, list[Any]]] = {}  # registry record id -> where, spellings
    for cls in REGISTRIES:
        source = read_yaml(folder / f"{cls.collection}.yaml")
        built: dict[str, dict[str, Any]] = {}
        for entry in _entries(source, cls.collection, problems):
            record_id = entry.get("id")
            named_in = entry.pop(_NAMED_IN, None)
            where = source.where(record_id if isinstance(record_id, str) else None)
            if not isinstance(named_in, list) or not named_in or not all(isinstance(r, str) for r in named_in):
                problems.append(f"{where}: '{_NAMED_IN}' must list the reports that name the record")
                continue
            unknown = [r for r in named_in if r not in every_text]
            if unknown:
                problems.append(f"{where}: '{_NAMED_IN}' names unknown reports {', '.join(unknown)}")
                continue
            spellings = entry.get("aliases", [])
            if isinstance(spellings, list):
                nowhere = [a for a in spellings if not _stands_in(a, [every_text[r] for r in named_in])]
                problems += [f"{where}: the alias {a!r} stands in no report that names the record" for a in nowhere]
            included = tuple(r for r in chosen if r in named_in)
            if not included:
                continue
            entry = _links(cls, entry)
            problems.extend(f"{where}: {p}" for p in _derive(cls, entry, built))
            if isinstance(spellings, list):
                entry["aliases"] = [a for a in spellings if _stands_in(a, [every_text[r] for r in included])]
            if isinstance(record_id, str):
                built[record_id] = entry
                sources.origin[record_id] = (source, included)
                named[record_id] = (where, [entry.get("name"), entry.get("acronym"), *entry.get("aliases", [])])
            doc[cls.collection].append(entry)
        if cls is models.Country:  # then every other ISO 3166-1 country: a key, with no records
            for entry in _other_countries(built):
                sources.origin[entry["id"]] = (source, ())
                doc[cls.collection].append(entry)

    # the reports: the report, its sections with the records standing in them, its corrections
    linked: dict[str, set[str]] = {}  # report id -> the ids its records link to
    sourced = [cls for cls in models.record_kinds() if "section" in {s.name for s in models.field_shapes(cls)}]
    for report_id, source in report_files.items():
        data = source.data
        allowed = {"text", "report", "sections", *(c.collection for c in _top_level(sourced))}
        for key in data:
            if key not in allowed:
                problems.append(f"{source.where()}: unknown key {key!r} (expected one of {', '.join(sorted(allowed))})")
        report = data.get("report")
        if not isinstance(report, dict) or report.get("id") != report_id:
            problems.append(f"{source.where()}: 'report' must be the report's record, with id {report_id!r}")
            continue
        sources.origin[report_id] = (source, (report_id,))
        links = linked[report_id] = set()
        problems += [f"{source.where(report_id)}: {p}" for p in _expand(models.Report, report)]
        doc[models.Report.collection].append(_ids(_links(models.Report, report), links))
        for section in _entries(source, "sections", problems):
            slug = section.get("id")
            if not isinstance(slug, str) or "/" in slug:
                problems.append(f"{source.where()}: a section's id is its last part, such as 'statistics'")
                continue
            nested = {cls: section.pop(cls.collection, []) for cls in sourced}
            section_id = f"{report_id}/{slug}"
            problems += [f"{source.where(slug)}: {p}" for p in _expand(models.Section, section)]
            entry = _links(models.Section, {**section, "id": section_id, "report": report_id}, report_id)
            if "report" in section:
                problems.append(f"{source.where(slug)}: 'report' is derived by the build: leave it out")
            doc[models.Section.collection].append(_ids(entry, links))
            sources.origin[section_id] = (source, (report_id,))
            for cls, items in nested.items():
                if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                    problems.append(f"{source.where(slug)}: '{cls.collection}' must be a list of records")
                    continue
                for item in items:
                    if "section" in item:
                        problems.append(f"{source.where(item.get('id'))}: 'section' is derived by the build")
                    problems += [f"{source.where(item.get('id'))}: {p}" for p in _expand(cls, item)]
                    doc[cls.collection].append(_ids(_links(cls, {**item, "section": section_id}, report_id), links))
                    if isinstance(item.get("id"), str):
                        sources.origin[item["id"]] = (source, (report_id,))
        for cls in _top_level(sourced):
            for item in _entries(source, cls.collection, problems):
                doc[cls.collection].append(_ids(_links(cls, item, report_id), links))
                if isinstance(item.get("id"), str):
                    sources.origin[item["id"]] = (source, (report_id,))
    # a report that a registry record says names it does: by a spelling in its text, or a link
    for record_id, (where, spellings) in named.items():
        for report_id in sources.origin[record_id][1]:
            if record_id not in linked.get(report_id, ()) and not any(
                _stands_in(s, [every_text[report_id]]) for s in spellings if isinstance(s, str)
            ):
                problems.append(f"{where}: {report_id} neither spells the record's name nor links to it")
    if problems:
        raise SourceError(problems)
    return doc, sources, texts


def _ids(entry: Any, found: set[str]) -> Any:
    """``entry``, after adding to ``found`` every id it links to (``{"id": ...}``)."""
    if isinstance(entry, dict):
        if set(entry) == {"id"} and isinstance(entry["id"], str):
            found.add(entry["id"])
        for value in entry.values():
            _ids(value, found)
    elif isinstance(entry, list):
        for value in entry:
            _ids(value, found)
    return entry


def _top_level(sourced: Sequence[type[models.Record]]) -> list[type[models.Record]]:
    """The kinds a report's file lists at its top level (corrections): neither shared in a
    registry nor standing in a section."""
    inside = {*REGISTRIES, *sourced, models.Report, models.Section}
    return [cls for cls in models.record_kinds() if cls not in inside]


def _stands_in(text: object, folded_texts: Sequence[str]) -> bool:
    """Whether ``text`` stands in one of the (folded) texts as whole words."""
    if not isinstance(text, str):
        return True  # not a spelling: the loader says what is wrong with it
    pattern = re.compile(r"(?<!\w)" + re.escape(authoring.fold(text)) + r"(?!\w)")
    return any(pattern.search(t) for t in folded_texts)


_PATH = re.compile(r"^\$\.(\w+)\[(\d+)\](.*)$")


def _locate(problem: str, doc: Mapping[str, Any], sources: _Sources) -> str:
    """A loader problem (``$.initiatives[3].objectives: ...``) with the source file and line."""
    match = _PATH.match(problem)
    if not match:
        return problem
    kind, index, rest = match.group(1), int(match.group(2)), match.group(3)
    items = doc.get(kind, [])
    record = items[index] if index < len(items) and isinstance(items[index], dict) else {}
    record_id = record.get("id")
    if not isinstance(record_id, str):
        return problem
    return f"{sources.where(record_id)}: {kind} {record_id!r}{rest}"


def build(
    folder: Path = SOURCES, version: str | None = None, reports: Sequence[str] | None = None
) -> tuple[bytes, Dataset, _Sources, dict[str, authoring.ReportText]]:
    """The canonical bytes and the dataset the sources build, loaded strictly; raises
    :class:`SourceError` with each problem located in the sources."""
    doc, sources, texts = assemble(folder, version, reports)
    try:
        dataset = loads(json.dumps(doc, ensure_ascii=False).encode("utf-8"), source="the built document")
    except DatasetError as exc:
        raise SourceError([_locate(p, doc, sources) for p in exc.problems]) from None
    data = dataset.dumps()
    return data, loads(data), sources, texts


# -- checks ------------------------------------------------------------------------------------


def check(dataset: Dataset, texts: Mapping[str, authoring.ReportText], sources: _Sources | None = None) -> bool:
    """Print the verbatim check and each report's coverage; whether both hold in full."""
    reports_of = None
    if sources is not None:

        def reports_of(record: models.Record) -> tuple[str, ...]:
            return sources.origin[record.id][1]

    missing = [r.id for r in dataset.reports if r.id not in texts]
    if missing:
        print(f"  no text for the reports {', '.join(missing)}")
        return False
    misses = authoring.misses(dataset, {k: t.text for k, t in texts.items()}, reports_of)
    count = sum(1 for _ in authoring.every_quotation(dataset))
    for miss in misses:
        where = f"{sources.where(miss.partition('.')[0])}: " if sources else ""
        print(f"  not verbatim: {where}{miss}")
    print(f"  verbatim: {count - len(misses)}/{count} quoted texts stand in their reports")
    whole = not misses
    if int(dataset.version.split(".")[0]) >= 2:  # schema 1 did not link every name
        problems = [*unlinked(dataset), *unnamed(dataset), *orphans(dataset), *unsourced(dataset)]
        for problem in problems:
            where = f"{sources.where(problem.partition('.')[0].partition(':')[0])}: " if sources else ""
            print(f"  {where}{problem}")
        links = sum(
            len(getattr(r, "involvements", ())) for rs in map(dataset.records, models.record_kinds()) for r in rs
        )
        print(
            f"  links: {links} involvements; {len(problems)} unlinked names, unnamed evidence or unlinked institutions"
        )
        whole = whole and not problems
    for report in dataset.reports:
        text = texts[report.id]
        cover = authoring.coverage(dataset, text.text, text.furniture)
        print(f"  coverage of {report.id}: {cover.share:.3f}")
        for gap in cover.gaps:
            print(f"    not held: {gap[:120]!r}")
        whole = whole and not cover.gaps
    return whole


def _spellings(institution: models.Institution) -> Iterator[str]:
    """The spellings of an institution the link check looks for: single words that are not
    all capitals ("Education") are too generic to tell a name from a word."""
    for key in (institution.name, institution.acronym, *institution.aliases):
        if key and (" " in key.strip() or key.isupper()):
            yield key


def unlinked(dataset: Dataset) -> Iterator[str]:
    """Each name of a registry institution that stands in a record's text while the record
    links neither it nor another institution of that spelling (``record.field: ...``). A
    name inside a longer one ("Social Development" in "National Institute of Social
    Development") is that longer name's part, not a name of its own."""
    by_spelling: dict[str, set[models.Institution]] = {}
    for institution in dataset.institutions:
        for key in _spellings(institution):
            by_spelling.setdefault(key, set()).add(institution)
    patterns = {k: re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)") for k in by_spelling}
    for kind in models.record_kinds():
        if kind in REGISTRIES or kind is models.Correction:
            continue
        for record in dataset.records(kind):
            links = set(models.links_of(record))
            for field, text in authoring.quotations(record):
                if field == "involvements":
                    continue
                spans = [
                    (m.start(), m.end(), key)
                    for key in by_spelling
                    if key in text
                    for m in patterns[key].finditer(text)
                ]
                for start, end, key in spans:
                    if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans):
                        continue
                    owners = by_spelling[key]
                    if not owners & links:
                        names = ", ".join(sorted(o.id for o in owners))
                        yield f"{record.id}.{field}: names {key!r} ({names}) but links none of them"
                        links |= owners  # once per record


#: The editors' names of a registry record that the record's ``editorial`` must give a basis for.
SOURCED: dict[type[models.Record], tuple[str, ...]] = {
    models.Institution: ("name_es", "acronym_es", "known_as"),
    models.Place: ("name_es", "known_as"),
}


def unsourced(dataset: Dataset) -> Iterator[str]:
    """Each name the editors give a registry record (a Spanish name or acronym, another name
    in use) without the note in its ``editorial`` that says where the name comes from."""
    for kind, names in SOURCED.items():
        for record in dataset.records(kind):
            for name in names:
                if getattr(record, name) and name not in record.editorial:
                    yield f"{record.id}.{name}: the editors' value needs its basis, a note in 'editorial'"


def unnamed(dataset: Dataset) -> Iterator[str]:
    """Each stated involvement whose evidence does not name its institution (by any of its
    names, case aside): the words that say an institution's part name it."""
    for kind in models.record_kinds():
        for record in dataset.records(kind):
            for j, inv in enumerate(getattr(record, "involvements", ())):
                if inv.basis is not models.Basis.STATED or inv.evidence is None:
                    continue
                names = (dataset.corrected(inv.institution).name, *models.keys_of(inv.institution))
                if not any(n.casefold() in inv.evidence.casefold() for n in names):
                    yield f"{record.id}.involvements[{j}]: the evidence does not name {inv.institution.id}"


def orphans(dataset: Dataset) -> Iterator[str]:
    """Each institution that no record links to, other than as a parent."""
    for institution in dataset.institutions:
        if all(isinstance(r, models.Institution) for r in dataset.related(institution)):
            yield f"{institution.id}: no record links to it (other than as a parent)"


def _check_files(files: Sequence[Path]) -> int:
    texts = authoring.report_texts()
    status = 0
    for path in files:
        dataset = loads(path.read_bytes(), source=str(path))
        print(f"{path.name}: dataset {dataset.version}")
        if not check(dataset, texts):
            status = 1
    return status


def _counts(dataset: Dataset) -> Iterator[str]:
    for cls in models.record_kinds():
        if dataset.records(cls):
            yield f"{len(dataset.records(cls))} {cls.collection}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the built dataset document here")
    parser.add_argument("--sources", type=Path, default=SOURCES, help="the sources folder (default: sources/)")
    parser.add_argument("--version", help="the version to build (default: sources/dataset.yaml's)")
    parser.add_argument("--reports", nargs="+", metavar="ID", help="only these reports (default: dataset.yaml's)")
    parser.add_argument("--release", action="store_true", help="write it as the next bundled version")
    parser.add_argument("--summary", help="with --release: what the version changes, for the manifest")
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="with --release: the release date")
    parser.add_argument("--data", type=Path, default=releasing.DATA, help="with --release: the package's data folder")
    parser.add_argument("--check", nargs="*", type=Path, metavar="FILE", help="check dataset files (default: bundled)")
    args = parser.parse_args(argv)

    if args.check is not None:
        files = args.check or [releasing.DATA / r.file for r in releases()]
        try:
            return _check_files(files)
        except (SourceError, DatasetError) as exc:
            print(f"build: error: {exc}", file=sys.stderr)
            return 2
    if not args.out and not args.release:
        parser.error("say where the dataset goes: --out FILE, or --release")
    if args.release and not args.summary:
        parser.error("--release needs --summary")
    try:
        data, dataset, sources, texts = build(args.sources, args.version, args.reports)
    except SourceError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"build: {len(exc.problems)} problem(s) in the sources", file=sys.stderr)
        return 2
    print(f"built dataset {dataset.version}: {', '.join(_counts(dataset))}")
    if not check(dataset, texts, sources):
        print("build: the checks failed; nothing written", file=sys.stderr)
        return 1
    if args.out:
        args.out.write_bytes(data)
        print(f"wrote {args.out} ({len(data)} bytes)")
    if args.release:
        try:
            path = releasing.release(data, args.summary, args.date, args.data)
        except releasing.Refused as exc:
            print(f"build: refused: {exc}", file=sys.stderr)
            return 1
        print(f"released {dataset.version}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
