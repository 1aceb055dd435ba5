"""Release a new dataset version into the package.

    python tools/release.py DOCUMENT.json --summary "what changed" [--date YYYY-MM-DD]

The document is loaded and validated in full, written in canonical form (what
``Dataset.dumps()`` gives) as ``src/mirps/data/mirps-VERSION.json``, and listed in the
manifest with its sha256. A released version is never rewritten: the tool refuses a
version that is already listed, or one not newer than the latest. ``tools/build.py
--release`` releases what the sources build the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "mirps" / "data"


class Refused(Exception):
    """The version cannot be released: it is not newer than every released one."""


def release(document: bytes, summary: str, date: str, data: Path = DATA) -> Path:
    """Write ``document`` (a dataset file's bytes, validated in full and written canonically)
    as the next bundled version in ``data`` and list it in the manifest; the path written."""
    from mirps import loads

    dataset = loads(document)
    manifest_path = data / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = [tuple(map(int, r["version"].split("."))) for r in manifest["versions"]]
    if listed and tuple(map(int, dataset.version.split("."))) <= max(listed):
        raise Refused(f"{dataset.version} is not newer than {manifest['versions'][-1]['version']}")
    canonical = dataset.dumps()
    path = data / f"mirps-{dataset.version}.json"
    path.write_bytes(canonical)
    manifest["versions"].append(
        {
            "version": dataset.version,
            "file": path.name,
            "sha256": hashlib.sha256(canonical).hexdigest(),
            "released": date,
            "summary": summary,
        }
    )
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("document", type=Path)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--date", default=dt.date.today().isoformat())
    parser.add_argument("--data", type=Path, default=DATA, help="the package's data folder")
    args = parser.parse_args()

    from mirps import DatasetError

    try:
        path = release(args.document.read_bytes(), args.summary, args.date, args.data)
    except Refused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except DatasetError as exc:
        print(f"{args.document}: {exc}", file=sys.stderr)
        return 2
    print(f"released {path.name} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
