"""The mirps benchmark suite: every figure beside its baseline from the same run.

    python benchmarks/run.py                      # sizes 1k, 10k and 100k initiatives
    python benchmarks/run.py --sizes 1000         # the quick run CI does
    python benchmarks/run.py --write-docs         # also put the table in docs/performance.md

Each figure is the median of repeated runs. Prints Markdown tables and writes them, with the
raw figures, as JSON (``--out``, default ``benchmarks/results.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import statistics
import subprocess
import sys
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import document  # noqa: E402

import mirps  # noqa: E402
from mirps import loads  # noqa: E402
from mirps._text import fold, words  # noqa: E402

try:
    import pandas  # noqa: F401  # only whether it is there: the frames come from Dataset.to_pandas()
except ImportError:  # pragma: no cover - pandas is optional
    HAS_PANDAS = False
else:
    HAS_PANDAS = True


def process_ms(code: str, runs: int) -> float:
    """Median wall time of a fresh ``python -c code`` process, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def call_us(function: Callable[[], Any], repeat: int) -> float:
    """Median time of one call, in microseconds, over ``repeat`` timed batches."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return 1e6 * statistics.median(t / number for t in timer.repeat(repeat, number))


def once_ms(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def retained_mb(make: Callable[[], Any]) -> tuple[float, float, Any]:
    """(memory still held by what ``make`` returns, peak while making it), in MB."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = make()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (current - before) / 2**20, (peak - before) / 2**20, result


def startup(runs: int) -> dict[str, float]:
    bundled = mirps.load()
    path = mirps.__file__.replace("__init__.py", f"data/{mirps.releases()[-1].file}")
    return {
        "python -c pass": process_ms("pass", runs),
        "import attrs": process_ms("import attrs", runs),
        "import mirps": process_ms("import mirps", runs),
        "first answer: mirps.initiatives(country='MX')": process_ms(
            "import mirps; mirps.initiatives(country='MX')", runs
        ),
        "first answer: pycountry.countries.get(alpha_2='MX')": process_ms(
            "import pycountry; pycountry.countries.get(alpha_2='MX')", runs
        ),
        f"floor: json.load of the {len(bundled.dumps()) // 1024} KB dataset": process_ms(
            f"import json; json.load(open({path!r}, 'rb'))", runs
        ),
    }


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
    out = {}
    for name, query in queries.items():
        result = query()
        out[name] = (call_us(query, repeat), len(result) if isinstance(result, tuple) else 1)
    return out


def scale(size: int, repeat: int) -> dict[str, Any]:
    data = json.dumps(document(size), ensure_ascii=False).encode()
    json_ms = once_ms(lambda: json.loads(data), repeat)
    load_ms = once_ms(lambda: loads(data), repeat)
    json_mb, json_peak, _ = retained_mb(lambda: json.loads(data))
    ds_mb, ds_peak, ds = retained_mb(lambda: loads(data))
    inits = list(ds.initiatives())
    mexico = ds.country("MX")
    five = ds.institutions[-1]  # the last one: a scan finds it last
    alias = five.aliases[0]
    word = words(ds.initiatives()[0].summary[0])[1]
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
        "initiatives(text)": {
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
        rows["initiatives(text)"]["pandas"] = lambda: table[table.description.str.contains(word)]
    queries = {}
    for name, ways in rows.items():
        figures = {way: call_us(f, repeat) for way, f in ways.items()}
        result = ways["mirps"]()
        figures["result size"] = len(result) if isinstance(result, tuple) else 1
        queries[name] = figures
    return {
        "initiatives": size,
        "bytes": len(data),
        "json.loads ms": json_ms,
        "mirps load ms": load_ms,
        "json MB": json_mb,
        "dataset MB": ds_mb,
        "json peak MB": json_peak,
        "load peak MB": ds_peak,
        "queries": queries,
    }


def markdown(results: dict[str, Any]) -> str:
    out = [f"Run on {results['date']}, Python {results['python']}, {results['machine']}.", ""]
    out += ["### A fresh process", "", "| what | ms (median) |", "|---|---|"]
    out += [f"| {k} | {v:.1f} |" for k, v in results["startup"].items()]
    out += ["", "### Warm queries on the bundled dataset", "", "| query | µs per call | result size |", "|---|---|---|"]
    out += [f"| `{k}` | {us:.2f} | {n} |" for k, (us, n) in results["warm"].items()]
    out += ["", "### Scale: synthetic datasets", ""]
    out += [
        "| initiatives | MB of JSON | json.loads ms | mirps load ms | ratio | JSON held MB | dataset held MB | ratio |"
    ]
    out += ["|---|---|---|---|---|---|---|---|"]
    for s in results["scale"]:
        out.append(
            f"| {s['initiatives']:,} | {s['bytes'] / 2**20:.1f} | "
            f"{s['json.loads ms']:.0f} | {s['mirps load ms']:.0f} | "
            f"{s['mirps load ms'] / s['json.loads ms']:.2f} | {s['json MB']:.1f} | {s['dataset MB']:.1f} | "
            f"{s['dataset MB'] / s['json MB']:.2f} |"
        )
    out += ["", "| initiatives | query | mirps µs | linear scan µs | pandas µs | scan / mirps | result size |"]
    out += ["|---|---|---|---|---|---|---|"]
    for s in results["scale"]:
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
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "mirps": mirps.__version__,
        "dataset": mirps.load().version,
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
    }
    results["startup"] = startup(max(5, 4 * args.repeat))
    results["warm"] = warm(args.repeat)
    results["scale"] = [scale(size, args.repeat if size < 100000 else max(3, args.repeat // 2)) for size in args.sizes]
    table = markdown(results)
    print(table)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write_docs:
        page = HERE.parent / "docs" / "performance.md"
        text = page.read_text(encoding="utf-8")
        head, _, rest = text.partition("<!-- results -->")
        _, _, tail = rest.partition("<!-- /results -->")
        command = f"`{results['command'].strip()}`"
        page.write_text(
            f"{head}<!-- results -->\nMade by {command}.\n\n{table}\n<!-- /results -->{tail}", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
