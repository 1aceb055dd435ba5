"""How records show: their main columns and cell text, HTML tables and cards for notebooks."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

from ._results import Results
from .models import Country, Heading, Institution, Involvement, Notes, Record, field_shapes, lines

__all__ = ["card", "cell", "columns_for", "described", "row", "table"]

MAX_ROWS = 50


def cell(value: Any, limit: int | None = 160) -> str:
    """A field's value as short text (at most ``limit`` characters, if given): records by
    acronym, id or label, lists joined."""
    if value is None:
        return ""
    if isinstance(value, Institution):
        text = value.acronym or value.name
    elif isinstance(value, Record):
        text = value.id if isinstance(value, Country) else value.label
    elif isinstance(value, Involvement):
        text = f"{cell(value.institution)} ({value.role}, {value.basis})"
    elif isinstance(value, Heading):
        text = value.text
    elif isinstance(value, Notes):
        text = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, tuple):
        text = ", ".join(cell(v, limit) for v in value)
    else:
        text = str(value)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def columns_for(records: Results[Any]) -> tuple[str, ...]:
    """The columns to show: the kind's main ones (its ``columns``), or ``type``, ``id`` and
    ``label`` for records of several kinds."""
    kind = records.record_type
    return ("type", "id", "label") if kind is Record else kind.columns


def row(record: Record, columns: Sequence[str], limit: int | None = 160) -> list[str]:
    """The record's cells for ``columns``, as text of at most ``limit`` characters."""
    return [type(record).__name__ if c == "type" else cell(getattr(record, c), limit) for c in columns]


def table(records: Results[Any]) -> str:
    """An HTML table of ``records`` with :func:`columns_for` them."""
    import html  # for notebooks only: the command line never pays for it

    columns = columns_for(records)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for record in records[:MAX_ROWS]:
        body.append("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row(record, columns)) + "</tr>")
    more = f"<p>… and {len(records) - MAX_ROWS} more</p>" if len(records) > MAX_ROWS else ""
    count = f"<p>{len(records)} record{'s' if len(records) != 1 else ''}</p>"
    return f"{count}<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def card(record: Record) -> str:
    """An HTML card of one record: every field (a field the editors supplied marked with its
    note), lists as bullets under their headings, each involvement with its evidence."""
    import html

    rows = []
    for field in field_shapes(type(record)):
        value = getattr(record, field.name)
        if value in (None, ()) or field.name in ("editorial", "headings"):
            continue
        if isinstance(value, tuple) and value and isinstance(value[0], str | Involvement):
            items = (
                f"<li><strong>{html.escape(line.text)}</strong></li>"
                if isinstance(line, Heading)
                else f"<li>{html.escape(described(line))}</li>"
                for line in lines(record, field.name)
            )
            content = "<ul>" + "".join(items) + "</ul>"
        else:
            content = html.escape(cell(value, 2000))
        note = record.editorial.get(field.name)
        if note is not None:
            content += f"<br><em>editors': {html.escape(note)}</em>"
        rows.append(f"<tr><th style='text-align:left'>{html.escape(field.name)}</th><td>{content}</td></tr>")
    title = html.escape(f"{type(record).__name__} {record.id}")
    return f"<div><strong>{title}</strong><table>{''.join(rows)}</table></div>"


def described(item: object) -> str:
    """An item of a list as a line of text: an involvement with its part, basis, evidence and note."""
    if not isinstance(item, Involvement):
        return cell(item, 2000)
    said = f" in {item.field}: “{item.evidence}”" if item.evidence else ""
    why = f" (editors': {item.note})" if item.note else ""
    return f"{cell(item.institution)}: {item.role}, {item.basis}{said}{why}"
