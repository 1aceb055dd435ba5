"""The bundled dataset versions: the manifest, integrity checks and :func:`load`."""

from __future__ import annotations

import _thread
import hashlib
import json
import os
from typing import TYPE_CHECKING, Any

import attrs

from .errors import DatasetError, NotFoundError, UsageError

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["Release", "available_versions", "load", "loads", "releases", "schema"]

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
_lock = _thread.allocate_lock()
_cache: dict[str, Dataset] = {}
_manifest: tuple[Release, ...] | None = None
_latest: Dataset | None = None


def _read(name: str) -> bytes:
    """A bundled data file's bytes: from the package's folder, or its archive if zipped."""
    try:
        with open(os.path.join(_DATA, name), "rb") as f:
            return f.read()
    except FileNotFoundError:  # pragma: no cover - installed as a zip archive
        from importlib.resources import files

        return files("mirps.data").joinpath(name).read_bytes()


@attrs.frozen
class Release:
    """One bundled dataset version, as the manifest lists it.

    >>> import mirps
    >>> mirps.releases()[0].file
    'mirps-1.0.0.json'
    """

    version: str
    file: str
    sha256: str
    released: str
    summary: str


def releases() -> tuple[Release, ...]:
    """Every bundled dataset version, oldest first, from the package's manifest.

    >>> import mirps
    >>> mirps.releases()[0].version
    '1.0.0'
    """
    global _manifest
    if _manifest is None:
        raw = json.loads(_read("manifest.json"))
        _manifest = tuple(Release(**entry) for entry in raw["versions"])
    return _manifest


def schema(major: int | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the dataset document of schema ``major`` (default:
    the one this package writes; it reads every major version in ``mirps._load.READS``).

    >>> import mirps
    >>> mirps.schema()["title"], mirps.schema(1)["title"]
    ('mirps dataset document, schema 2', 'mirps dataset document, schema 1')
    """
    from ._load import READS, SCHEMA_MAJOR

    major = SCHEMA_MAJOR if major is None else major
    if major not in READS or isinstance(major, bool):
        raise ValueError(f"no schema {major!r}: this mirps reads schemas {', '.join(map(str, READS))}")
    result: dict[str, Any] = json.loads(_read(f"schema-{major}.json"))
    return result


def available_versions() -> tuple[str, ...]:
    """The bundled dataset versions, oldest first.

    >>> import mirps
    >>> mirps.available_versions()[0]
    '1.0.0'
    """
    return tuple(r.version for r in releases())


def load(
    version: str | None = None,
    *,
    sha256: str | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Dataset:
    """A dataset: the latest bundled version, a pinned one, or a file from elsewhere.

    A bundled version is loaded once and cached: every call returns the same object, also
    under threads. Its bytes are checked against the manifest's sha256; pass ``sha256`` to
    also require a digest of your own (say the one your paper cites). A ``path`` is read
    and validated in full each call.

    >>> import mirps
    >>> mirps.load("1.0.0").version
    '1.0.0'
    >>> mirps.load() is mirps.load()
    True
    """
    global _latest
    if version is None and path is None and sha256 is None and _latest is not None:
        return _latest  # the common case, kept fast
    sha256 = _digest(sha256)
    if path is not None:
        if version is not None:
            raise TypeError("load() takes a bundled version or a path, not both")
        with open(path, "rb") as f:
            data = f.read()
        dataset = loads(data, source=os.fspath(path))
        _check_digest(dataset, sha256, os.fspath(path))
        return dataset
    if version is not None and not isinstance(version, str):
        raise TypeError(f"version must be a str such as '1.0.0', not {type(version).__name__}")
    wanted = available_versions()[-1] if version is None else version
    cached = _cache.get(wanted)
    if cached is None:
        with _lock:
            cached = _cache.get(wanted)
            if cached is None:
                cached = _cache[wanted] = _load_bundled(wanted)
    _check_digest(cached, sha256, f"dataset {wanted}")
    if version is None:
        _latest = cached
    return cached


def _load_bundled(version: str) -> Dataset:
    release = next((r for r in releases() if r.version == version), None)
    if release is None:
        from ._text import suggest

        hint = f"the bundled versions are {', '.join(available_versions())}"
        if version.lower().endswith(".json") or any(c in version for c in "/\\") or os.path.exists(version):
            hint = f"to load a file, pass path={version!r}"
        raise NotFoundError("dataset version", version, suggest(version, available_versions()), hint)
    data = _read(release.file)
    digest = hashlib.sha256(data).hexdigest()
    if digest != release.sha256:
        raise DatasetError(
            [f"$: sha256 {digest} differs from the manifest's {release.sha256}: the file was changed"],
            source=release.file,
        )
    from ._dataset import collector_off

    with collector_off():
        dataset = _parse(data, release.file, digest)  # the digest just checked, not made again
    if dataset.version != version:
        raise DatasetError([f"$.version: {dataset.version!r}, but the manifest lists {version!r}"], release.file)
    return dataset


_HEX = frozenset("0123456789abcdef")


def _digest(sha256: object) -> str | None:
    """A sha256 asked for, as 64 lowercase hex digits: written so or as ``sha256:...``."""
    if sha256 is None:
        return None
    if not isinstance(sha256, str):
        raise TypeError(f"sha256 must be a str of 64 hex digits, not {type(sha256).__name__}")
    digest = sha256.strip().lower().removeprefix("sha256:")
    if not digest or not set(digest) <= _HEX or len(digest) > 64:
        raise UsageError(f"sha256 must be 64 hex digits (or 'sha256:' and them), not {sha256!r}")
    if len(digest) < 64:
        raise UsageError(
            f"sha256 {sha256!r} is shortened to {len(digest)} digits: the check needs the full 64 "
            "(a dataset's sha256, as `mirps versions --wide` lists it)"
        )
    return digest


def _check_digest(dataset: Dataset, sha256: str | None, source: str) -> None:
    if sha256 is not None and sha256 != dataset.sha256:
        raise DatasetError([f"$: sha256 {dataset.sha256} differs from the {sha256} asked for"], source=source)


def loads(data: bytes, source: str | None = None) -> Dataset:
    """A :class:`Dataset` from the bytes of a dataset file, fully validated: the inverse of
    :meth:`Dataset.dumps`. ``source`` names the bytes in problems (a file name, say).

    Raises :class:`mirps.DatasetError` naming the JSON path of every problem; nothing is
    half-loaded, and nothing in the file is ever executed.

    >>> import mirps
    >>> ds = mirps.load("1.0.0")
    >>> again = mirps.loads(ds.dumps())
    >>> again.sha256 == ds.sha256, again.initiatives() == ds.initiatives()
    (True, True)
    >>> mirps.loads(b'{"version": "1.0.0", "countries": 7}', source="mine.json")
    Traceback (most recent call last):
    ...
    mirps.errors.DatasetError: mine.json: invalid mirps dataset (1 problem):
      $.countries: expected a JSON array, got integer
    """
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    from ._dataset import collector_off

    with collector_off():
        return _parse(data, source, hashlib.sha256(data).hexdigest())


def _parse(data: bytes | bytearray, source: str | None, digest: str) -> Dataset:
    from ._dataset import Dataset
    from ._load import SURROGATE, integer, lone_surrogates, structure_fast

    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError([f"$: not UTF-8 text ({exc.reason} at byte {exc.start})"], source) from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant, parse_int=integer)
    except (json.JSONDecodeError, _JsonProblem) as exc:
        raise DatasetError([f"$: not valid JSON ({exc})"], source) from None
    except RecursionError:
        raise DatasetError(["$: not valid JSON (nested too deeply)"], source) from None
    if SURROGATE.search(text):  # an escape of half a character: text it cannot write back
        halves = list(lone_surrogates(doc))
        if halves:
            raise DatasetError(halves, source)
    read = structure_fast(doc)  # a valid document, without cattrs
    if read is None:  # something is wrong: the converter names every problem
        from ._convert import structure_document

        try:
            read = structure_document(doc)
        except DatasetError as exc:
            raise DatasetError(exc.problems, source) from None
    version, records = read
    # A dump writes back these arrays (and no others that are empty), and in each the fields
    # its records had: a field added since is left out while it holds nothing.
    arrays = {key: _keys_of(value) for key, value in doc.items() if key != "version"}
    return Dataset(version, records, sha256=digest, collections=arrays)


def _keys_of(array: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset().union(*array)


class _JsonProblem(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _JsonProblem(f"the key {twice!r} appears twice in one object")
    return result


def _no_constant(name: str) -> Any:
    raise _JsonProblem(f"{name} is not a JSON number")
