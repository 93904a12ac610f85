"""Cost of the shipped gazetteer: load time and resident memory, each in a fresh process.

    python -m bench.settlements [--gazetteer] [--runs 3]
    python -m bench.settlements --check [--runs 7] [--root DIR]

Prints the file size, then per run the CPU and wall time of ``load_places()`` and the resident
memory it adds, and the same for ``Gazetteer.load_default()`` (every settlement of Ukraine);
with ``--gazetteer`` also the cost of feeding every record into a gazetteer that indexes all
case forms up front (what wiring the file naively would cost).

``--check`` times a cold ``sourcecheck check`` end to end (a new process answering one
query against the sample claim base in a fresh SQLite file) and prints the median wall time,
CPU time and peak resident memory of the runs. ``--root`` runs the same against another
checkout (e.g. ``git archive main``) so the two can be compared on the same loaded machine.
The issue's budget for the whole gazetteer: +150 MB resident, +0.5 s to a cold start.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from store.match.settlements import DATA_FILE

ROOT = Path(__file__).resolve().parent.parent
QUERY = "Russian forces captured Novodmytrivka in Donetsk region"

_CHILD = """
import json, time
def rss():
    with open('/proc/self/status') as fh:
        for line in fh:
            if line.startswith('VmRSS'):
                return int(line.split()[1]) / 1024
from store.match.gazetteer import Gazetteer
from store.match.settlements import load_places
out = {}
r0, c0, w0 = rss(), time.process_time(), time.perf_counter()
records = load_places()
out['records'] = len(records)
out['load'] = (time.process_time() - c0, time.perf_counter() - w0, rss() - r0)
del records
r0, c0, w0 = rss(), time.process_time(), time.perf_counter()
Gazetteer.load_default()
out['default'] = (time.process_time() - c0, time.perf_counter() - w0, rss() - r0)
if GAZ:
    r0, c0, w0 = rss(), time.process_time(), time.perf_counter()
    Gazetteer.from_entries(r.entry() for r in load_places())
    out['gazetteer'] = (time.process_time() - c0, time.perf_counter() - w0, rss() - r0)
print(json.dumps(out))
"""


def run_once(gazetteer: bool) -> dict:
    code = _CHILD.replace("GAZ", "True" if gazetteer else "False")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak resident MB) of one child process."""
    began = time.perf_counter()
    child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cold_checks(root: Path, runs: int) -> list[tuple[float, float, float]]:
    """Cold ``sourcecheck check`` runs in ``root``, against the sample claims in a new file."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": str(root),
            "DATABASE_URL": f"sqlite:///{tmp}/claims.db",
            "SEMANTIC": "off",
        }
        cli = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]
        samples = str(root / "samples" / "claims.jsonl")
        subprocess.run(
            [*cli, "import", samples], env=env, cwd=root, check=True, capture_output=True
        )
        timed([*cli, "check", QUERY], env, root)  # warm the file cache, not the process
        return [timed([*cli, "check", QUERY], env, root) for _ in range(runs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", action="store_true", help="also index every case form")
    parser.add_argument("--check", action="store_true", help="time cold `sourcecheck check`")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to run --check in")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.check:
        results = cold_checks(args.root.resolve(), args.runs)
        for n, (wall, cpu, mb) in enumerate(results, 1):
            print(f"run {n} check  wall {wall:5.2f} s  cpu {cpu:5.2f} s  peak rss {mb:5.0f} MB")
        wall, cpu, mb = (statistics.median(column) for column in zip(*results, strict=True))
        print(f"median    wall {wall:5.2f} s  cpu {cpu:5.2f} s  peak rss {mb:5.0f} MB")
        return 0
    print(f"{DATA_FILE.name}: {DATA_FILE.stat().st_size / 1e6:.2f} MB")
    for n in range(args.runs):
        started = time.perf_counter()
        out = run_once(args.gazetteer)
        for key in ("load", "default", "gazetteer"):
            if key in out:
                cpu, wall, mb = out[key]
                print(
                    f"run {n + 1} {key:9s} cpu {cpu:6.2f} s  wall {wall:6.2f} s  rss +{mb:5.0f} MB"
                )
        print(
            f"run {n + 1} records {out['records']}, process {time.perf_counter() - started:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
