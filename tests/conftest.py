from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import mirps

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ds() -> mirps.Dataset:
    return mirps.load()


@pytest.fixture(scope="session", params=mirps.available_versions())
def any_ds(request: pytest.FixtureRequest) -> mirps.Dataset:
    return mirps.load(request.param)


def bundled_bytes(version: str) -> bytes:
    release = next(r for r in mirps.releases() if r.version == version)
    return files("mirps.data").joinpath(release.file).read_bytes()


def document(version: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(bundled_bytes(version or mirps.available_versions()[-1]))
    return doc


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a parsed document, as a tuple of keys and indexes."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths(value, (*prefix, index))
    return out


def at(doc: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` (see :func:`paths`) in a parsed document."""
    for step in path:
        doc = doc[step]
    return doc


def next_patch(version: str) -> str:
    """The PATCH version after ``version`` ("1.1.0" -> "1.1.1")."""
    major, minor, patch = map(int, version.split("."))
    return f"{major}.{minor}.{patch + 1}"
