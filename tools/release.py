"""Release a new dataset version into the package.

    python tools/release.py DOCUMENT.json --summary "what changed" [--date YYYY-MM-DD]

The document is loaded and validated in full, written in canonical form (what
``Dataset.dumps()`` gives) as ``src/mirps/data/mirps-VERSION.json``, and listed in the
manifest with its sha256. A released version is never rewritten: the tool refuses a
version that is already listed, or one not newer than the latest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "mirps" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("document", type=Path)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--date", default=dt.date.today().isoformat())
    parser.add_argument("--data", type=Path, default=DATA, help="the package's data folder")
    args = parser.parse_args()

    from mirps._versions import parse

    dataset = parse(args.document.read_bytes(), source=str(args.document))
    manifest_path = args.data / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = [tuple(map(int, r["version"].split("."))) for r in manifest["versions"]]
    new = tuple(map(int, dataset.version.split(".")))
    if listed and new <= max(listed):
        print(f"refused: {dataset.version} is not newer than {manifest['versions'][-1]['version']}", file=sys.stderr)
        return 1
    data = dataset.dumps()
    name = f"mirps-{dataset.version}.json"
    (args.data / name).write_bytes(data)
    manifest["versions"].append(
        {
            "version": dataset.version,
            "file": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "released": args.date,
            "summary": args.summary,
        }
    )
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"released {dataset.version}: {name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
