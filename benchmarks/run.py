"""The mirps benchmark suite: every figure beside its baseline from the same run.

    python benchmarks/run.py                      # sizes 1k, 10k and 100k initiatives
    python benchmarks/run.py --sizes 1000         # the quick run CI does
    python benchmarks/run.py --write-docs         # also put the tables in docs/performance.md

Each figure is the median of repeated runs, and each comparison is fair to the baseline:
loads and ``json.loads`` are both timed with the cyclic garbage collector off, memory is
measured both as Python objects (tracemalloc) and as the peak RSS of fresh processes, and
fresh processes are timed only once the package's bytecode exists and after one untimed
warm-up run of each command, in interleaved rounds. Prints Markdown tables, the targets with
this run's figures first, and writes them with the raw figures as JSON (``--out``, default
``benchmarks/results.json``).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import document  # noqa: E402

import mirps  # noqa: E402
from mirps import loads  # noqa: E402
from mirps._dataset import collector_off as held_off  # noqa: E402
from mirps._text import fold, words  # noqa: E402

try:
    import pandas  # noqa: F401  # only whether it is there: the frames come from Dataset.to_pandas()
except ImportError:  # pragma: no cover - pandas is optional
    HAS_PANDAS = False
else:
    HAS_PANDAS = True

#: The package's folder; its data/ subfolder holds no code to compile (only data/__init__.py,
#: imported only when the package is installed as a zip archive).
PACKAGE = Path(mirps.__file__).resolve().parent
DATA_CACHE = PACKAGE / "data" / "__pycache__"
#: The text filter: a scan of the folded texts, remembered per word (no index).
TEXT_FILTER = "initiatives(text)"
#: How long one timed batch of calls lasts at least, in seconds (a median of ``--repeat`` batches).
BATCH_S = 0.05
#: The size the scale targets are set at.
TARGET_SIZE = 100_000
#: Peak RSS is measured on Linux and macOS (``resource``); elsewhere the table is left out.
HAS_RSS = sys.platform != "win32"

#: A statement to time: source text (run with a namespace) or a function of no arguments.
Stmt = str | Callable[[], object]


# -- timing ----------------------------------------------------------------------------------


def collector_off() -> contextlib.AbstractContextManager[None]:
    """The cyclic garbage collector off after a collection, as ``mirps.loads`` holds it off
    (the library's own switch); restored after."""
    gc.collect()
    return held_off()


def call_us(ways: Mapping[str, Stmt], repeat: int, namespace: dict[str, Any] | None = None) -> dict[str, float]:
    """Median time of one call of each statement, in microseconds.

    Each statement is called once untimed, then timed in batches of at least ``BATCH_S``
    seconds, the batches of all statements in interleaved rounds, so that a busy moment
    falls on every one alike. ``timeit`` turns the collector off while it times, for every
    statement alike.
    """
    timers = {name: timeit.Timer(stmt, globals=namespace) for name, stmt in ways.items()}
    numbers = {}
    for name, timer in timers.items():
        timer.timeit(1)  # a first call may build what later calls use (an index): not timed
        number = 1
        while timer.timeit(number) < BATCH_S:
            number *= 4
        numbers[name] = number
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeat):
        for name, timer in timers.items():
            times[name].append(timer.timeit(numbers[name]) / numbers[name])
    return {name: 1e6 * statistics.median(t) for name, t in times.items()}


def load_ms(data: bytes, repeat: int) -> tuple[float, float, Any]:
    """Median ms of ``json.loads(data)`` and of ``mirps.loads(data)``, both with the collector
    off, in alternating runs; and the dataset of the last run, loaded just now."""
    json_times, load_times = [], []
    dataset: Any = None
    for _ in range(repeat):
        dataset = None  # freed before the next runs, outside the timed calls
        with collector_off():
            start = time.perf_counter()
            document = json.loads(data)
            json_times.append(time.perf_counter() - start)
            del document
        with collector_off():
            start = time.perf_counter()
            dataset = loads(data)
            load_times.append(time.perf_counter() - start)
    return 1000 * statistics.median(json_times), 1000 * statistics.median(load_times), dataset


def load_stages_ms(data: bytes, repeat: int) -> dict[str, float]:
    """Median ms of each step of a load (those of ``mirps.loads``, one by one, collector off),
    beside the whole load timed in the same rounds: where a load's time goes. The table gives
    the steps' sum beside the whole, so a step this list missed would show as a gap."""
    import hashlib

    from mirps._dataset import Dataset
    from mirps._load import SURROGATE, integer, structure_fast
    from mirps._versions import _keys_of, _no_constant, _no_duplicate_keys

    times: dict[str, list[float]] = {step: [] for step in LOAD_STEPS}
    times[WHOLE_LOAD] = []
    for _ in range(repeat):
        with collector_off():
            marks = [time.perf_counter()]
            digest = hashlib.sha256(data).hexdigest()
            marks.append(time.perf_counter())
            text = data.decode("utf-8")
            marks.append(time.perf_counter())
            doc = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant, parse_int=integer)
            marks.append(time.perf_counter())
            SURROGATE.search(text)
            marks.append(time.perf_counter())
            read = structure_fast(doc)
            marks.append(time.perf_counter())
            assert read is not None, "a synthetic document the fast loader refuses"
            arrays = {key: _keys_of(value) for key, value in doc.items() if key != "version"}
            dataset = Dataset(read[0], read[1], sha256=digest, collections=arrays)
            marks.append(time.perf_counter())
            del doc, text
            marks.append(time.perf_counter())
        for step, start, end in zip(LOAD_STEPS, marks[:-1], marks[1:], strict=True):
            times[step].append(end - start)
        del dataset, read
        with collector_off():
            start = time.perf_counter()
            dataset = loads(data)
            times[WHOLE_LOAD].append(time.perf_counter() - start)
        del dataset
    return {step: 1000 * statistics.median(t) for step, t in times.items()}


#: The steps of a load, in order (see :func:`load_stages_ms`).
LOAD_STEPS = (
    "sha256 of the bytes",
    "UTF-8 decoding",
    "JSON parse, each object's keys checked for duplicates",
    "scan for escapes of half a character",
    "records built and checked (types, links, evidence, keys)",
    "the Dataset made (records by id; every index waits for its first query)",
    "the parsed JSON freed",
)
WHOLE_LOAD = "mirps.loads, whole"
SUM_OF_STEPS = "the steps' sum"


def retained_mb(make: Callable[[], Any]) -> tuple[float, float]:
    """Python objects, in MB (tracemalloc): what ``make``'s result holds, and the peak while
    making it. The collector is off while it runs."""
    with collector_off():
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        result = make()
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
    return (current - before) / 2**20, (peak - before) / 2**20


# -- fresh processes -------------------------------------------------------------------------


@contextlib.contextmanager
def compiled_package() -> Iterator[None]:
    """The package's bytecode written before fresh processes are timed, so that no timed
    process compiles it (an editable install has none until something imports it), and no
    ``__pycache__`` left in its ``data/`` folder by the run."""
    had_data_cache = DATA_CACHE.exists()
    compileall.compile_dir(PACKAGE, quiet=1, rx=re.compile(r"[\\/]data[\\/]"))
    try:
        yield
    finally:
        if not had_data_cache and DATA_CACHE.exists():
            shutil.rmtree(DATA_CACHE)


def processes_ms(commands: Mapping[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command as a fresh process, in ms: one untimed warm-up run of
    each, then ``runs`` rounds running each once in turn. Output goes to DEVNULL."""

    def run(argv: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    for argv in commands.values():
        run(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(run(argv))
    return {name: 1000 * statistics.median(t) for name, t in times.items()}


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def cli() -> list[str]:
    """The ``mirps`` console script beside this Python, or ``python -m mirps`` without one."""
    script = Path(sys.executable).with_name("mirps.exe" if sys.platform == "win32" else "mirps")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "mirps"]
    return [*command, "initiatives", "--country", "MX"]


PYCOUNTRY = "first answer: pycountry.countries.get(alpha_2='MX')"
PYCOUNTRY_PRINTED = "pycountry's first answer, printed"
COUNTRY = "first answer: mirps.country('MX')"
INITIATIVES = "first answer: mirps.initiatives(country='MX')"
CLI = "mirps initiatives --country MX"
#: Less than any first answer from the bundled file does before it checks or builds anything:
#: the record classes made, the file read, its digest taken and its JSON parsed, without hooks.
FLOOR_WITH_DATA = "import mirps.models, then the bundled file read, hashed (sha256) and parsed (plain json.loads)"


def startup(runs: int) -> dict[str, dict[str, float]]:
    """Fresh processes: the floor under a first answer, the first answers and the command line."""
    bundled = PACKAGE / "data" / mirps.releases()[-1].file
    floor = {
        "python -c pass": python("pass"),
        "import attrs": python("import attrs"),
        "import cattrs": python("import cattrs"),
        "import mirps.models (attrs and the record classes)": python("import mirps.models"),
        "import mirps": python("import mirps"),
        COUNTRY: python("import mirps; mirps.country('MX')"),
        INITIATIVES: python("import mirps; mirps.initiatives(country='MX')"),
        PYCOUNTRY: python("import pycountry; pycountry.countries.get(alpha_2='MX')"),
        f"json.load of the bundled dataset ({bundled.stat().st_size // 1024} KB), nothing more": python(
            f"import json; json.load(open({str(bundled)!r}, 'rb'))"
        ),
        FLOOR_WITH_DATA: python(
            f"import hashlib, json, mirps.models; data = open({str(bundled)!r}, 'rb').read(); "
            "hashlib.sha256(data); json.loads(data)"
        ),
        CLI: cli(),
        PYCOUNTRY_PRINTED: python("import pycountry; print(pycountry.countries.get(alpha_2='MX'))"),
    }
    with compiled_package():
        timed = processes_ms(floor, runs)
    cli_rows = (CLI, PYCOUNTRY_PRINTED)
    return {
        "process": {k: v for k, v in timed.items() if k not in cli_rows},
        "cli": {k: timed[k] for k in cli_rows},
    }


#: A fresh process that reads a file's bytes, maybe parses them, and prints its peak RSS in KB.
#: On Linux ``ru_maxrss`` keeps the spawning process's peak across exec (this suite's, with
#: its datasets, is far larger), so there the peak is the process's own high-water mark,
#: ``VmHWM`` in /proc/self/status; elsewhere ``ru_maxrss``.
RSS_CODE = """
import gc, json, resource, sys
gc.disable()
kind, path, empty = sys.argv[1], sys.argv[2], sys.argv[3]
if kind.startswith("mirps"):
    import mirps
    mirps.loads(empty.encode())  # an empty dataset: every module a load runs, imported
with open(path, "rb") as f:
    data = f.read()
if kind == "json.loads":
    held = json.loads(data)
elif kind == "mirps.loads":
    held = mirps.loads(data)
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak // 1024 if sys.platform == "darwin" else peak
print(peak)
"""
#: Each process measured, and the baseline it is compared above.
RSS_KINDS = {"json.loads": "bytes", "mirps.loads": "mirps code and bytes"}


def peak_rss_mb(data: bytes, version: str, runs: int) -> dict[str, float]:
    """Peak RSS, in MB (median of ``runs``), of fresh processes holding the file's bytes
    (``bytes``), the parsed JSON (``json.loads``), mirps's loader code (imported by loading an
    empty dataset document of the same version) and the bytes (``mirps code and bytes``), and
    the loaded dataset (``mirps.loads``); collector off in each."""
    empty = json.dumps({"version": version})
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "dataset.json")
        with open(path, "wb") as f:
            f.write(data)
        kinds = [k for pair in RSS_KINDS.items() for k in reversed(pair)]
        peaks: dict[str, list[float]] = {kind: [] for kind in kinds}
        for _ in range(runs):
            for kind in kinds:
                done = subprocess.run(
                    [*python(RSS_CODE), kind, path, empty], check=True, capture_output=True, text=True
                )
                peaks[kind].append(int(done.stdout) / 1024)
    return {kind: statistics.median(p) for kind, p in peaks.items()}


# -- warm queries ----------------------------------------------------------------------------


def warm(repeat: int) -> dict[str, tuple[float, int]]:
    ds = mirps.load()
    queries: dict[str, Callable[[], Any]] = {
        "country('MX')": lambda: ds.country("MX"),
        "institution('Mexican Commission for Refugee Aid')": lambda: ds.institution(
            "Mexican Commission for Refugee Aid"
        ),
        "initiatives(country='MX')": lambda: ds.initiatives(country="MX"),
        "initiatives(institution='UNHCR', role='partner')": lambda: ds.initiatives(institution="UNHCR", role="partner"),
        "partners('UNHCR')": lambda: ds.partners("UNHCR"),
        "search('displacement')": lambda: ds.search("displacement"),
    }
    sizes = {name: query() for name, query in queries.items()}
    times = call_us(queries, repeat)
    return {name: (times[name], len(r) if isinstance(r, tuple) else 1) for name, r in sizes.items()}


SHORTCUT_CALLS = ("country('MX')", "initiatives(country='MX')")


def shortcuts(repeat: int) -> dict[str, dict[str, float]]:
    """A module-level query beside the same Dataset method, called as ``mirps.load().x(...)``
    and on a dataset held in a variable, in µs per call (source statements, no lambda)."""
    ds = mirps.load()
    namespace = {"mirps": mirps, "ds": ds}
    out = {}
    for call in SHORTCUT_CALLS:
        eval(f"mirps.{call}", namespace)  # the first use binds the shortcut: not timed
        out[call] = call_us(
            {"module": f"mirps.{call}", "load()": f"mirps.load().{call}", "dataset": f"ds.{call}"}, repeat, namespace
        )
    return out


# -- scale -----------------------------------------------------------------------------------


NEW_WORDS = 10


def new_words_us(ds: Any, asked: set[str]) -> tuple[float, float]:
    """Searches for words not searched before, one search each: the median µs and results.

    The words are the first ``NEW_WORDS`` of the initiatives' titles, in order, not in ``asked``."""
    fresh: list[str] = []
    for initiative in ds.initiatives():
        fresh += [w for w in dict.fromkeys(words(initiative.title)) if w not in asked and w not in fresh]
        if len(fresh) >= NEW_WORDS:
            break
    times, results = [], []
    for w in fresh[:NEW_WORDS]:
        start = time.perf_counter()
        found = ds.search(w)
        times.append(time.perf_counter() - start)
        results.append(len(found))
    return 1e6 * statistics.median(times), statistics.median(results)


def scale(size: int, repeat: int) -> dict[str, Any]:
    doc = document(size)
    version = doc["version"]
    data = json.dumps(doc, ensure_ascii=False).encode()
    del doc
    json_ms, mirps_ms, ds = load_ms(data, repeat)
    stages = load_stages_ms(data, repeat)
    word = words(ds.initiatives()[0].summary[0])[1]
    # The first text search right after the load builds what search keeps (its index):
    # collector on, as a program has it. Then the same search again, and words not searched
    # before, one search each.
    start = time.perf_counter()
    found = ds.search(word)
    first_search_ms = 1000 * (time.perf_counter() - start)
    again_us = call_us({"word": lambda: ds.search(word)}, repeat)["word"]
    new_us, new_results = new_words_us(ds, {word})
    json_mb, json_peak = retained_mb(lambda: json.loads(data))
    ds_mb, ds_peak = retained_mb(lambda: loads(data))
    rss = peak_rss_mb(data, version, min(3, repeat)) if HAS_RSS else {}

    inits = list(ds.initiatives())
    mexico = ds.country("MX")
    five = ds.institutions[-1]  # the last one: a scan finds it last
    alias = five.aliases[0]
    text_of = {r: fold(" ".join(r.summary + r.description + r.objectives + (r.title,))) for r in inits}

    def scan_partners() -> set[Any]:
        found: set[Any] = set()
        for i in inits:
            linked = i.institutions()
            if five in linked:
                found.update(linked)
        return found - {five}

    rows: dict[str, dict[str, Callable[[], object]]] = {
        "institution by alias": {
            "mirps": lambda: ds.institution(alias),
            "scan": lambda: next(i for i in ds.institutions if alias in i.aliases),
        },
        "initiatives(country)": {
            "mirps": lambda: ds.initiatives(country="MX"),
            "scan": lambda: [i for i in inits if mexico in i.countries or any(p.country == mexico for p in i.places)],
        },
        "initiatives(institution, role)": {
            "mirps": lambda: ds.initiatives(institution=alias, role="lead"),
            "scan": lambda: [i for i in inits if five in i.leads],
        },
        "partners(institution)": {"mirps": lambda: ds.partners(alias), "scan": scan_partners},
        TEXT_FILTER: {
            "mirps": lambda: ds.initiatives(text=word),
            "scan": lambda: [i for i in inits if word in text_of[i]],
        },
    }
    if HAS_PANDAS:
        frames = ds.to_pandas()
        countries, links, table = (
            frames["initiative_countries"],
            frames["initiative_involvements"],
            frames["initiatives"],
        )
        institutions = frames["institutions"]
        rows["institution by alias"]["pandas"] = lambda: institutions[institutions.aliases == alias]
        rows["initiatives(country)"]["pandas"] = lambda: countries[countries.country == "MX"].initiative.unique()
        rows["initiatives(institution, role)"]["pandas"] = lambda: links[
            (links.institution == five.id) & (links.role == "lead")
        ].initiative.unique()
        rows["partners(institution)"]["pandas"] = lambda: links[
            links.initiative.isin(links[links.institution == five.id].initiative)
        ].institution.unique()
        rows[TEXT_FILTER]["pandas"] = lambda: table[table.description.str.contains(word)]
    queries: dict[str, dict[str, float]] = {}
    for name, ways in rows.items():
        figures = call_us(ways, repeat)
        result = ways["mirps"]()
        figures["result size"] = len(result) if isinstance(result, tuple) else 1
        queries[name] = figures
    return {
        "initiatives": size,
        "bytes": len(data),
        "json.loads ms": json_ms,
        "mirps load ms": mirps_ms,
        "load steps ms": stages,
        "json MB": json_mb,
        "dataset MB": ds_mb,
        "json peak MB": json_peak,
        "load peak MB": ds_peak,
        "peak RSS MB": rss,
        "search word": word,
        "first search ms": first_search_ms,
        "search results": len(found),
        "search again us": again_us,
        "new word search us": new_us,
        "new word results": new_results,
        "queries": queries,
    }


def rss_above(s: dict[str, Any], kind: str) -> float:
    """A process's peak RSS above that of its baseline process, in MB."""
    rss: dict[str, float] = s["peak RSS MB"]
    return rss[kind] - rss[RSS_KINDS[kind]]


# -- targets ---------------------------------------------------------------------------------


def at_size(results: dict[str, Any], figure: Callable[[dict[str, Any]], float]) -> tuple[int, float]:
    """A scale figure at the target size, or at this run's largest size if it did not run it."""
    runs = {s["initiatives"]: s for s in results["scale"]}
    size = TARGET_SIZE if TARGET_SIZE in runs else max(runs)
    return size, figure(runs[size])


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target, this run's figure, and whether it is met (``None``: the run did not
    include the size the target is set at)."""
    process, cli_ms = results["startup"]["process"], results["startup"]["cli"]
    out: list[dict[str, Any]] = []

    def target(text: str, value: float, limit: float, *, unit: str = " x", at_least: bool = False) -> None:
        met = value >= limit if at_least else value <= limit
        out.append({"target": text, "measured": f"{value:.2f}{unit}", "value": value, "met": met})

    def scaled(text: str, figure: Callable[[dict[str, Any]], float], limit: float, **how: Any) -> None:
        size, value = at_size(results, figure)
        target(text, value, limit, **how)
        out[-1]["measured"] += f" at {size:,}"
        if size != TARGET_SIZE:
            out[-1]["met"] = None

    scaled(
        "load at most 3 x json.loads (collector off for both), at 100k initiatives",
        lambda s: s["mirps load ms"] / s["json.loads ms"],
        3.0,
    )
    if HAS_RSS:
        scaled(
            "peak RSS of the load at most 2 x json.loads's, each above its baseline process, at 100k",
            lambda s: rss_above(s, "mirps.loads") / rss_above(s, "json.loads"),
            2.0,
        )
    scaled(
        "Python objects the dataset holds at most 1.5 x the parsed JSON's (tracemalloc), at 100k",
        lambda s: s["dataset MB"] / s["json MB"],
        1.5,
    )
    for name in (COUNTRY, INITIATIVES):
        short = name.removeprefix("first answer: ")
        target(f"first answer {short} at most 1.0 x pycountry's", process[name] / process[PYCOUNTRY], 1.0)
    target(f"`{CLI}` at most 1.1 x pycountry's first answer printed", cli_ms[CLI] / cli_ms[PYCOUNTRY_PRINTED], 1.1)
    target("import mirps at most 1.1 x import attrs", process["import mirps"] / process["import attrs"], 1.1)
    for call, f in results["shortcuts"].items():
        target(f"warm mirps.{call} at most 1.5 x mirps.load().{call}", f["module"] / f["load()"], 1.5)
    scaled(  # the text filter is a scan itself, remembered per word: it has no index to compare
        "indexed queries at least 100 x faster than a linear scan (the least of them), at 100k",
        lambda s: min(f["scan"] / f["mirps"] for name, f in s["queries"].items() if name != TEXT_FILTER),
        100.0,
        at_least=True,
    )
    scaled(
        "first text search after a load within 1 s, at 100k",
        lambda s: s["first search ms"],
        1000.0,
        unit=" ms",
    )
    return out


# -- the report ------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    out = [f"Run on {results['date']}, Python {results['python']}, {results['machine']}.", ""]
    out += ["### Targets", "", "| target | this run | met |", "|---|---|---|"]
    for t in results["targets"]:
        met = "met" if t["met"] else "not met" if t["met"] is False else "not measured (run without 100k)"
        out.append(f"| {t['target']} | {t['measured']} | {met} |")

    process, cli_ms = results["startup"]["process"], results["startup"]["cli"]
    out += ["", "### A fresh process", ""]
    out += ["| what | ms (median) | x pycountry's first answer |", "|---|---|---|"]
    out += [f"| {k} | {v:.1f} | {v / process[PYCOUNTRY]:.2f} |" for k, v in process.items()]
    out += ["", "| command, output to DEVNULL | ms (median) | x pycountry's printed |", "|---|---|---|"]
    out += [f"| {k} | {v:.1f} | {v / cli_ms[PYCOUNTRY_PRINTED]:.2f} |" for k, v in cli_ms.items()]

    out += ["", "### Warm queries on the bundled dataset", "", "| query | µs per call | result size |", "|---|---|---|"]
    out += [f"| `{k}` | {us:.2f} | {n} |" for k, (us, n) in results["warm"].items()]
    out += ["", "| query | `mirps.` µs | `mirps.load().` µs | `ds.` µs | module / load() | module / ds |"]
    out += ["|---|---|---|---|---|---|"]
    for call, f in results["shortcuts"].items():
        out.append(
            f"| `{call}` | {f['module']:.2f} | {f['load()']:.2f} | {f['dataset']:.2f} | "
            f"{f['module'] / f['load()']:.2f} | {f['module'] / f['dataset']:.2f} |"
        )

    scales = results["scale"]
    out += ["", "### Scale: synthetic datasets", "", "Loading, collector off for both:", ""]
    out += ["| initiatives | MB of JSON | json.loads ms | mirps load ms | load / json.loads |", "|---|---|---|---|---|"]
    for s in scales:
        out.append(
            f"| {s['initiatives']:,} | {s['bytes'] / 2**20:.1f} | {s['json.loads ms']:.0f} | "
            f"{s['mirps load ms']:.0f} | {s['mirps load ms'] / s['json.loads ms']:.2f} |"
        )
    out += ["", "Where a load's time goes: each step timed alone (collector off), in ms and as a multiple of"]
    out[-1] += " json.loads of the same bytes; beside them, the whole load timed in the same rounds:"
    out += ["", "| step | " + " | ".join(f"{s['initiatives']:,}" for s in scales) + " | x json.loads |"]
    out += ["|---|" + "---|" * (len(scales) + 1)]
    last = scales[-1]
    steps = {step: [s["load steps ms"][step] for s in scales] for step in (*LOAD_STEPS, WHOLE_LOAD)}
    steps[SUM_OF_STEPS] = [sum(s["load steps ms"][step] for step in LOAD_STEPS) for s in scales]
    for step in (*LOAD_STEPS, SUM_OF_STEPS, WHOLE_LOAD):
        cells = " | ".join(f"{ms:.1f}" for ms in steps[step])
        name = step if step in LOAD_STEPS else f"**{step}**"
        out.append(f"| {name} | {cells} | {steps[step][-1] / last['json.loads ms']:.2f} |")
    out += [f"\n(the last column at {last['initiatives']:,} initiatives)"]
    out += ["", "Memory as Python objects (tracemalloc), MB: held once made, and the peak while making:", ""]
    out += ["| initiatives | JSON held | dataset held | ratio | json.loads peak | load peak | ratio |"]
    out += ["|---|---|---|---|---|---|---|"]
    for s in scales:
        out.append(
            f"| {s['initiatives']:,} | {s['json MB']:.1f} | {s['dataset MB']:.1f} | "
            f"{s['dataset MB'] / s['json MB']:.2f} | {s['json peak MB']:.1f} | {s['load peak MB']:.1f} | "
            f"{s['load peak MB'] / s['json peak MB']:.2f} |"
        )
    if HAS_RSS:
        out += [
            "",
            "Memory as the peak RSS of fresh processes, MB (each read the file's bytes; the baselines parse nothing):",
        ]
        out += ["", "| initiatives | bytes | + json.loads | mirps code and bytes | + mirps.loads |"]
        out[-1] += " json.loads above its baseline | load above its baseline | ratio |"
        out += ["|---|---|---|---|---|---|---|---|"]
        for s in scales:
            r = s["peak RSS MB"]
            json_above, load_above = rss_above(s, "json.loads"), rss_above(s, "mirps.loads")
            out.append(
                f"| {s['initiatives']:,} | {r['bytes']:.1f} | {r['json.loads']:.1f} | "
                f"{r['mirps code and bytes']:.1f} | {r['mirps.loads']:.1f} | {json_above:.1f} | "
                f"{load_above:.1f} | {load_above / json_above:.2f} |"
            )
    out += ["", "Text search: the first right after a load, the same word again, and words not searched before:", ""]
    out += [
        "| initiatives | word | first search ms | results | again µs | a new word µs (median of 10) | its results |"
    ]
    out += ["|---|---|---|---|---|---|---|"]
    for s in scales:
        out.append(
            f"| {s['initiatives']:,} | {s['search word']} | {s['first search ms']:.0f} | {s['search results']} | "
            f"{s['search again us']:.1f} | {s['new word search us']:.0f} | {s['new word results']:.0f} |"
        )
    out += ["", "Warm queries, beside a linear scan of the records and pandas on `Dataset.to_pandas()`:", ""]
    out += ["| initiatives | query | mirps µs | linear scan µs | pandas µs | scan / mirps | result size |"]
    out += ["|---|---|---|---|---|---|---|"]
    for s in scales:
        for name, f in s["queries"].items():
            pandas_us = f"{f['pandas']:.1f}" if "pandas" in f else "—"
            out.append(
                f"| {s['initiatives']:,} | {name} | {f['mirps']:.2f} | {f['scan']:.1f} | {pandas_us} | "
                f"{f['scan'] / f['mirps']:.0f} x | {f['result size']} |"
            )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=5, help="timed repeats per figure (median)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--write-docs", action="store_true", help="put the tables in docs/performance.md")
    args = parser.parse_args()
    started = time.perf_counter()
    sizes = " ".join(map(str, args.sizes))
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "mirps": mirps.__version__,
        "dataset": mirps.load().version,
        "command": f"python benchmarks/run.py --sizes {sizes} --repeat {args.repeat}",
    }
    results["startup"] = startup(max(5, 5 * args.repeat))
    results["warm"] = warm(args.repeat)
    results["shortcuts"] = shortcuts(args.repeat)
    results["scale"] = [scale(size, args.repeat if size < 100000 else max(3, args.repeat // 2)) for size in args.sizes]
    results["targets"] = targets(results)
    results["seconds"] = time.perf_counter() - started
    table = markdown(results)
    print(table)
    print(f"\n({results['seconds']:.0f} s)")
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write_docs:
        page = HERE.parent / "docs" / "performance.md"
        text = page.read_text(encoding="utf-8")
        head, _, rest = text.partition("<!-- results -->")
        _, _, tail = rest.partition("<!-- /results -->")
        command = f"`{results['command']}`"
        page.write_text(
            f"{head}<!-- results -->\nMade by {command}.\n\n{table}\n<!-- /results -->{tail}", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
