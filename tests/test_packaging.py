"""The built packages, as users and packagers get them: the wheel installed into a fresh venv,
the sdist whole enough for its own tests to pass.

Neither needs the network: the packages are built without build isolation (hatchling comes
from the ``test`` extra), and the fresh venv takes the wheel with ``--no-index --no-deps`` and
finds its dependencies (attrs, cattrs) in this environment's site-packages through a ``.pth``
file, since no registry may be reachable.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import mirps

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_the_wheel_holds_the_package_and_every_release_but_no_sources(dist: Path) -> None:
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    for release in mirps.releases():
        assert f"mirps/data/{release.file}" in names
    assert {
        "mirps/data/manifest.json",
        "mirps/data/schema-1.json",
        "mirps/data/schema-2.json",
        "mirps/py.typed",
    } <= set(names)
    assert not [n for n in names if n.startswith(("tests/", "sources/", "tools/")) or n.endswith((".yaml", ".ipynb"))]
    assert not [n for n in names if any(n.endswith(f"{report.id}.txt") for report in mirps.load().reports)]


def test_the_wheel_installs_into_a_fresh_venv_and_answers(dist: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # the dependencies, from here: no registry is needed (a directory named in a .pth file)
    here = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "dependencies-from-the-test-environment.pth").write_text("\n".join(sorted(here)) + "\n")
    wheel = next(dist.glob("*.whl"))
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import mirps; print(mirps.__file__); print(mirps.load().version);"
        "print(mirps.initiatives(country='SV') == mirps.load().initiatives(country='SV') != ());"
        "print(','.join(i.id for i in mirps.load('1.1.0').initiatives(country='SV')))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # as a user's shell would be
    out = subprocess.run([str(python), "-c", code], cwd=elsewhere, env=clean, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    where, version, same, pinned = out.stdout.split()
    assert Path(where).is_relative_to(env_dir), "mirps came from the wheel, not the source tree"
    assert version == mirps.available_versions()[-1]
    assert same == "True"
    assert pinned == "sv-characterization-study-update"  # dataset 1.1.0
    command = env_dir / ("Scripts" if os.name == "nt" else "bin") / "mirps"
    out = subprocess.run([str(command), "versions", "--json"], cwd=elsewhere, env=clean, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert mirps.available_versions()[0] in out.stdout


@pytest.fixture(scope="module")
def sdist(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    with tarfile.open(next(dist.glob("*.tar.gz"))) as archive:
        archive.extractall(out, filter="data")
    (top,) = out.iterdir()
    return top


def test_the_sdist_holds_what_its_tests_and_build_need(sdist: Path) -> None:
    for needed in (
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "CITATION.cff",
        "mkdocs.yml",
        "tools/build.py",
        "tools/authoring.py",
        "tools/release.py",
        "tools/docs_hooks.py",
        "sources/dataset.yaml",
        "sources/README.md",
        "tests/conftest.py",
        "docs/index.md",
        "docs/example.ipynb",
    ):
        assert (sdist / needed).is_file(), needed
    for report in mirps.load().reports:
        assert (sdist / "sources" / "reports" / f"{report.id}.txt").is_file()
        assert (sdist / "sources" / "reports" / f"{report.id}.yaml").is_file()


def test_the_sdists_own_tests_pass(sdist: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(sdist / "src")}
    env.pop("PYTEST_ADDOPTS", None)
    where = [sys.executable, "-c", "import mirps; print(mirps.__file__)"]
    out = subprocess.run(where, cwd=sdist, env=env, capture_output=True, text=True)
    assert Path(out.stdout.strip()).is_relative_to(sdist), "the sdist's tests run its own code"
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-m", "not slow", "-p", "no:cacheprovider"],
        cwd=sdist,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert " passed" in out.stdout.splitlines()[-1]
