"""Cost of the shipped settlements file: load time and resident memory, each in a fresh process.

    python -m bench.settlements [--gazetteer] [--runs 3]

Prints the file size, then per run the CPU and wall time of ``load_places()`` and the resident
memory it adds; with ``--gazetteer`` also the cost of feeding every record into today's
``Gazetteer`` (what wiring it naively would cost), against the 533-place gazetteer it replaces.
The issue's budget for the whole gazetteer: +150 MB resident, +0.5 s to a cold start.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from store.match.settlements import DATA_FILE

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
if GAZ:
    r0, c0, w0 = rss(), time.process_time(), time.perf_counter()
    Gazetteer.from_entries(r.entry() for r in records)
    out['gazetteer'] = (time.process_time() - c0, time.perf_counter() - w0, rss() - r0)
    del records
    c0, w0 = time.process_time(), time.perf_counter()
    Gazetteer.load_default()
    out['curated'] = (time.process_time() - c0, time.perf_counter() - w0, 0.0)
print(json.dumps(out))
"""


def run_once(gazetteer: bool) -> dict:
    code = _CHILD.replace("GAZ", "True" if gazetteer else "False")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", action="store_true", help="also index into Gazetteer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{DATA_FILE.name}: {DATA_FILE.stat().st_size / 1e6:.2f} MB")
    for n in range(args.runs):
        started = time.perf_counter()
        out = run_once(args.gazetteer)
        for key in ("load", "gazetteer", "curated"):
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
