"""A griffe extension for the API pages: docstrings written for doctest and Sphinx, in Markdown.

The docstrings keep plain ``>>>`` examples, which pytest runs as doctests; this fences each
example so Markdown shows it as Python code instead of reading ``['x']`` as a link, and turns
Sphinx roles (``:class:`Place```) and double backquotes into Markdown code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe


def fence(text: str) -> str:
    """``text`` with each run of doctest lines (up to a blank line) in a ``pycon`` fence."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        starts = line.lstrip().startswith(">>>")
        if starts and not inside:
            out.append(line[: len(line) - len(line.lstrip())] + "```pycon")
            inside = True
        elif inside and not line.strip():
            out.append(_indent_of(out) + "```")
            inside = False
        out.append(line)
    if inside:
        out.append(_indent_of(out) + "```")
    return "\n".join(out)


def _indent_of(lines: list[str]) -> str:
    for line in reversed(lines):
        if line.lstrip().startswith("```pycon"):
            return line[: len(line) - len(line.lstrip())]
    return ""


_ROLE = re.compile(r":(?:func|meth|class|data|attr|mod|exc):`~?([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")


def markdown(text: str) -> str:
    """Sphinx roles and ``literals`` as Markdown code, doctest examples fenced."""
    if "```pycon" in text:
        return text  # already done
    return fence(_LITERAL.sub(r"`\1`", _ROLE.sub(r"`\1`", text)))


class DoctestFences(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)

    on_object = on_instance
