"""The built site in a real browser: the pages render, and every local link on them resolves.

The site is built strictly once per run (``built_site``, which test_docs.py uses too), served on
localhost from a thread, and read by headless Chromium. Without a browser the tests skip, unless
``MIRPS_REQUIRE_BROWSER=1`` (as in CI), where a missing browser fails them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import pytest

import mirps

from .conftest import ROOT

pytestmark = pytest.mark.slow

_BUILDS: dict[str, tuple[Path, subprocess.CompletedProcess[str]]] = {}


def built_site(factory: pytest.TempPathFactory) -> Path:
    """The site, built with ``mkdocs build --strict`` once per test run, however many tests ask."""
    pytest.importorskip("mkdocstrings", reason="the docs toolchain (extra 'docs') needs Python 3.11 or newer")
    if "site" not in _BUILDS:
        out = factory.mktemp("site")
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
        _BUILDS["site"] = (out, subprocess.run(command, cwd=ROOT, capture_output=True, text=True))
    out, done = _BUILDS["site"]
    assert done.returncode == 0, done.stderr[-3000:]
    return out


# -- the browser -------------------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
NO_BROWSER = "no Chromium: install Debian's chromium package (apt-get install chromium) to run the browser tests"


def find_browser() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def dump_dom(browser: str, url: str, profile: Path) -> str:
    """The page's DOM after it loaded, as headless Chromium serialises it."""
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        # the theme asks a CDN for highlight.js: every name but localhost fails, so the test stays here
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0 and "</html>" in done.stdout, f"{url}: {done.stderr[-2000:]}"
    return done.stdout


@attrs.frozen
class Link:
    tag: str
    attribute: str
    value: str


class Dom(HTMLParser):
    """What the tests read in a page: its ``<h1>`` texts, the text of its main content, the tags
    there, and every link (``href`` and ``src``)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.main: list[str] = []
        self.main_tags: list[str] = []
        self.links: list[Link] = []
        self._in_h1 = False
        self._depth = 0  # of open elements inside the main content
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.links += [Link(tag, a, v) for a, v in found.items() if a in ("href", "src") and v]
        if self._depth or found.get("role") == "main":
            self.main_tags.append(tag)
            self._depth += tag not in self.VOID
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag not in self.VOID:
            self._depth -= 1
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data
        if self._depth:
            self.main.append(data)

    @property
    def title(self) -> str:
        """The first ``<h1>``'s text, without its permalink mark."""
        return " ".join(self.h1[0].replace("¶", " ").split()) if self.h1 else ""

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.main).split())


# -- the server --------------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # a browser that closes a connection once it has what it needs is no error of the site
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_browser()
    if found is None:
        if os.environ.get("MIRPS_REQUIRE_BROWSER") == "1":
            pytest.fail(NO_BROWSER + " (MIRPS_REQUIRE_BROWSER=1 asks for it)")
        pytest.skip(NO_BROWSER)
    return found


@pytest.fixture(scope="module")
def server(browser: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served on localhost from a thread: its base URL."""
    handler = functools.partial(_Quiet, directory=str(built_site(tmp_path_factory)))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def page(browser: str, server: str, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Dom]:
    """The DOM of a page of the site by its path, read once."""

    @functools.cache
    def read(path: str) -> Dom:
        return Dom(dump_dom(browser, server + path, tmp_path_factory.mktemp("profile")))

    return read


@functools.cache
def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def local_urls(dom: Dom, page_url: str, base: str) -> set[str]:
    """The URLs of the site that the page's links point at, without their fragments."""
    found = set()
    for link in dom.links:
        url = urllib.parse.urldefrag(urllib.parse.urljoin(page_url, link.value)).url
        if url.startswith(base):
            found.add(url)
    return found


# -- what the pages should show ----------------------------------------------------------------

DS = mirps.load()
REPORT = DS.reports[0]
INITIATIVE = next((i for i in DS.initiatives(report=REPORT) if i.headings), DS.initiatives(report=REPORT)[0])
INSTITUTION = INITIATIVE.involvements[0].institution
NOTEBOOK = json.loads((ROOT / "docs" / "example.ipynb").read_text(encoding="utf-8"))
NOTEBOOK_HEADINGS = [
    line.lstrip("#").strip()
    for cell in NOTEBOOK["cells"]
    if cell["cell_type"] == "markdown"
    for line in "".join(cell["source"]).splitlines()
    if line.startswith("#")
]


def catalogue(record: mirps.Record) -> str:
    folder = {mirps.Report: "reports", mirps.Initiative: "initiatives", mirps.Institution: "institutions"}
    return f"catalogue/{folder[type(record)]}/{record.id}/"


#: Each page: its path, its title (the ``<h1>``) and words its main content holds.
PAGES: dict[str, tuple[str, str, list[str]]] = {
    "home": ("", "mirps", ["What is in the dataset", DS.version]),
    "catalogue": ("catalogue/", "Catalogue", [REPORT.title, INSTITUTION.name, DS.cite()]),
    "report": (catalogue(REPORT), REPORT.title, [REPORT.working_group, INITIATIVE.title, DS.cite(REPORT)]),
    "initiative": (
        catalogue(INITIATIVE),
        INITIATIVE.title,
        [REPORT.title, INSTITUTION.name, *(h.text for h in INITIATIVE.headings), DS.cite(INITIATIVE)],
    ),
    "institution": (catalogue(INSTITUTION), INSTITUTION.name, [INITIATIVE.title, DS.cite(INSTITUTION)]),
    "notebook": ("example/", NOTEBOOK_HEADINGS[0], NOTEBOOK_HEADINGS[1:]),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders(page: Callable[[str], Dom], name: str) -> None:
    path, title, words = PAGES[name]
    dom = page(path)
    assert dom.title == " ".join(title.split()), f"{name}: the <h1> is {dom.h1}"
    missing = [w for w in words if " ".join(w.split()) not in dom.text]
    assert not missing, f"{name}: the main content lacks {missing}"


@pytest.mark.parametrize("name", PAGES)
def test_every_local_link_of_the_page_resolves(page: Callable[[str], Dom], server: str, name: str) -> None:
    path = PAGES[name][0]
    urls = local_urls(page(path), server + path, server)
    assert len(urls) > 10, f"{name}: only {urls}"  # the navigation, the theme's files, the page's own links
    broken = {url: code for url in sorted(urls) if (code := status(url)) != 200}
    assert not broken, f"{name}: {broken}"


def test_the_notebook_page_shows_the_outputs(page: Callable[[str], Dom], server: str) -> None:
    dom = page("example/")
    assert "table" in dom.main_tags, "results show as tables"
    images = [urllib.parse.urljoin(server + "example/", link.value) for link in dom.links if link.tag == "img"]
    figures = sum("plt.show()" in "".join(cell["source"]) for cell in NOTEBOOK["cells"])
    assert len(images) == figures == 2, "the chart and the network figure are on the page"
    for image in images:
        with urllib.request.urlopen(image, timeout=10) as response:
            assert response.headers["Content-Type"] == "image/png" and response.read(8) == b"\x89PNG\r\n\x1a\n"
    assert server + "example.ipynb" in local_urls(dom, server + "example/", server), "the notebook is offered too"


def test_the_catalogue_links_both_ways(page: Callable[[str], Dom], server: str) -> None:
    def links(record: mirps.Record) -> set[str]:
        path = catalogue(record)
        return local_urls(page(path), server + path, server)

    index = local_urls(page("catalogue/"), server + "catalogue/", server)
    assert {server + catalogue(r) for r in (*DS.reports, *DS.initiatives(), *DS.institutions)} <= index
    assert {server + catalogue(i) for i in DS.initiatives(report=REPORT)} <= links(REPORT)
    assert {server + catalogue(v.institution) for v in INITIATIVE.involvements} <= links(INITIATIVE)
    assert server + catalogue(REPORT) in links(INITIATIVE)
    assert server + catalogue(INITIATIVE) in links(INSTITUTION)
    assert server + "catalogue/" in links(INSTITUTION)
