"""The tool that adds a dataset version: canonical bytes in, released versions never rewritten."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import mirps

from .conftest import ROOT, document, next_patch


def release(data: Path, doc: dict[str, Any], *extra: str) -> subprocess.CompletedProcess[str]:
    source = data.parent / "doc.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    command = [
        sys.executable,
        str(ROOT / "tools" / "release.py"),
        str(source),
        "--summary",
        "test",
        "--data",
        str(data),
    ]
    return subprocess.run([*command, *extra], capture_output=True, text=True)


def test_a_new_version_is_written_canonically_and_listed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "mirps" / "data", data)
    doc = document()  # the latest version, whichever it is, corrected as a PATCH release
    new = next_patch(doc["version"])
    doc["version"] = new
    doc["places"][0]["aliases"].append("SPS")
    out = release(data, doc, "--date", "2030-01-01")
    assert out.returncode == 0, out.stderr
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    assert [r["version"] for r in manifest["versions"]] == [*mirps.available_versions(), new]
    entry = manifest["versions"][-1]
    written = (data / entry["file"]).read_bytes()
    assert entry == {
        "version": new,
        "file": f"mirps-{new}.json",
        "sha256": hashlib.sha256(written).hexdigest(),
        "released": "2030-01-01",
        "summary": "test",
    }
    assert mirps.load(path=data / entry["file"]).dumps() == written  # canonical already


def test_a_released_version_is_never_rewritten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "mirps" / "data", data)
    before = {p.name: p.read_bytes() for p in data.glob("*.json")}
    doc = document()
    doc["places"][0]["aliases"].append("SPS")  # still the latest version's number
    out = release(data, doc)
    assert out.returncode == 1
    assert "refused" in out.stderr
    assert {p.name: p.read_bytes() for p in data.glob("*.json")} == before
