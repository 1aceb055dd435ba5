"""Documents of schema 1 (dataset versions 1.x), read into and written from today's records.

Schema 1 linked an initiative's institutions through its "institutions in charge" and
"strategic partners" entries (``{"text": ..., "institutions": [...]}``) and a report's through
three lists (``advisory_panel``, ``technical_secretariat``, ``supported_by``). Read today,
each link becomes an :class:`~mirps.Involvement`: ``lead``, ``partner``, ``adviser``,
``secretariat`` or ``supporter``, with basis ``editorial`` (schema 1 does not record whether
the report states the link) and, for an entry, the entry's text as its evidence. Schema 1 held
acronyms as the editors' field: read today, an institution's acronym is named in its
``editorial`` notes, as one no report is known to print. Written back,
the same document comes out byte for byte. Both directions work on the plain JSON document,
before structuring and after unstructuring, and leave anything malformed as it is, for the
strict loader to report with its JSON path.
"""

from __future__ import annotations

from typing import Any

__all__ = ["NOTE", "downgrade", "newer_fields", "upgrade"]

#: The note of every involvement read from a schema 1 document.
NOTE = "Linked in a dataset of schema 1 (versions 1.x), which does not record whether the report states the link."
#: The note on every acronym read from a schema 1 document, which held acronyms as the editors'.
ACRONYM_NOTE = "Schema 1 (versions 1.x) does not record whether the report prints the acronym."

#: An initiative's entry fields in schema 1, and the role each entry's institutions play.
_ENTRIES = {"institutions_in_charge": "lead", "strategic_partners": "partner"}
#: A report's link lists in schema 1, in their order there (after ``expert_countries``), and their roles.
_REPORT_LISTS = {"advisory_panel": "adviser", "technical_secretariat": "secretariat", "supported_by": "supporter"}
#: The fields schema 2 added, with the value a schema 1 record has for each.
_ADDED: dict[str, Any] = {"editorial": {}, "involvements": [], "headings": [], "heading": None}


def newer_fields(doc: dict[str, Any]) -> list[str]:
    """The problems of a schema 1 document that holds fields only schema 2 has (it could not
    be written back as it was read)."""
    return [
        f"$.{name}[{i}].{key}: not a field of schema 1 (versions 1.x)"
        for name, records in doc.items()
        if isinstance(records, list)
        for i, record in enumerate(records)
        if isinstance(record, dict)
        for key in _ADDED
        if key in record
    ]


def upgrade(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A schema 1 document (parsed JSON) as a schema 2 one (a new document, ``doc``
    unchanged), and the JSON path in ``doc`` of each link moved (``$.initiatives[3]
    .involvements[1].institution`` -> ``$.initiatives[3].strategic_partners[0].institutions[0]``),
    so that a problem is named where the file has it."""
    out = dict(doc)
    paths: dict[str, str] = {}
    institutions = doc.get("institutions")
    if isinstance(institutions, list):
        out["institutions"] = [_mark_acronym(r) for r in institutions]
    for name, role_of in (("initiatives", _ENTRIES), ("reports", _REPORT_LISTS)):
        records = doc.get(name)
        if isinstance(records, list):
            out[name] = [
                _upgrade(r, role_of, f"$.{name}[{i}]", paths, entries=name == "initiatives")
                for i, r in enumerate(records)
            ]
    return out, paths


def _upgrade(record: Any, role_of: dict[str, str], where: str, paths: dict[str, str], *, entries: bool) -> Any:
    if not isinstance(record, dict):
        return record
    record = dict(record)
    involvements: list[dict[str, Any]] = []
    for field, role in role_of.items():
        value = record.get(field)
        if not isinstance(value, list):
            continue
        if entries:
            if not all(isinstance(e, dict) and isinstance(e.get("text"), str) for e in value):
                continue  # malformed: the loader reports it where it is
            record[field] = [e["text"] for e in value]
            for i, entry in enumerate(value):
                refs = entry.get("institutions", [])
                for j, ref in enumerate(refs if isinstance(refs, list) else [refs]):
                    paths[f"{where}.involvements[{len(involvements)}].institution"] = (
                        f"{where}.{field}[{i}].institutions[{j}]"
                    )
                    involvements.append(_involvement(ref, role, entry["text"], field))
        else:
            del record[field]
            for i, ref in enumerate(value):
                paths[f"{where}.involvements[{len(involvements)}].institution"] = f"{where}.{field}[{i}]"
                involvements.append(_involvement(ref, role, None, None))
    if involvements:
        record["involvements"] = involvements
    return record


def _mark_acronym(record: Any) -> Any:
    if not isinstance(record, dict) or not isinstance(record.get("acronym"), str) or "editorial" in record:
        return record
    return {**record, "editorial": {"acronym": ACRONYM_NOTE}}


def _involvement(ref: Any, role: str, evidence: str | None, field: str | None) -> dict[str, Any]:
    return {
        "institution": ref,
        "role": role,
        "basis": "editorial",
        "evidence": evidence,
        "field": field,
        "note": NOTE,
    }


def downgrade(doc: dict[str, Any]) -> dict[str, Any]:
    """A schema 2 document (as unstructured) as the schema 1 one it was read from.

    Raises ValueError if it holds what schema 1 cannot say (an involvement that no schema 1
    link gives, an editorial note, a heading).
    """
    out = dict(doc)
    for name, records in doc.items():
        if not isinstance(records, list):
            continue
        out[name] = [_downgrade(name, r) for r in records]
    return out


def _downgrade(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    involvements = list(record.get("involvements", []))
    if kind == "institutions" and record.get("editorial") == {"acronym": ACRONYM_NOTE}:
        record = {**record, "editorial": {}}
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key in _ADDED:
            continue
        if kind == "initiatives" and key in _ENTRIES:
            value = [{"text": text, "institutions": _take(involvements, _ENTRIES[key], key, text)} for text in value]
        out[key] = value
        if kind == "reports" and key == "expert_countries":
            out.update(_report_lists(involvements))
    if kind == "reports" and "expert_countries" not in record:  # a file that left the field out
        out.update(_report_lists(involvements))
    for key, empty in _ADDED.items():
        left = involvements if key == "involvements" else record.get(key, empty)
        if left != empty:
            raise ValueError(f"{kind} {record.get('id')!r}: schema 1 cannot hold its {key} {left!r}")
    return out


def _report_lists(involvements: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """A report's schema 1 lists of institutions, taken from ``involvements``."""
    return {field: _take(involvements, role, None, None) for field, role in _REPORT_LISTS.items()}


def _take(involvements: list[dict[str, Any]], role: str, field: str | None, evidence: str | None) -> list[Any]:
    """The institutions of the schema 1 links among ``involvements``, removed from it."""
    taken = [
        i
        for i in involvements
        if (i["role"], i["basis"], i["field"], i["evidence"], i["note"]) == (role, "editorial", field, evidence, NOTE)
    ]
    for i in taken:
        involvements.remove(i)
    return [i["institution"] for i in taken]
