from __future__ import annotations

import json
import re
import unicodedata
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import mirps

ROOT = Path(__file__).resolve().parent.parent
#: The source reports, where the project sits beside the shared material.
SOURCES = ROOT.parent / "shared" / "sources"


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
    return json.loads(bundled_bytes(version or mirps.available_versions()[-1]))


@pytest.fixture(scope="session")
def sources() -> dict[str, str]:
    if not SOURCES.is_dir():
        pytest.skip(f"the source reports are not at {SOURCES}")
    return {p.stem: p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")}


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def fold_source(text: str) -> str:
    """Text as the verbatim checks compare it: case, white space, quotes, dashes,
    bullets and stray markup folded, nothing else."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(?m)^\s*-\s+", " ", text)
    return " ".join(text.split()).casefold()
