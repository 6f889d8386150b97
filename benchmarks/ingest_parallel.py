"""`govkg ingest` of every PDF of ../shared/corpus into a fresh store, with 1 and with N processes
(--jobs): wall-clock seconds of the whole command (interpreter start, pool start, bulk load and
summary included), every run and the median of R runs each, runs of the two settings interleaved
so that a burst of load elsewhere on the machine hits both. Usage:
python benchmarks/ingest_parallel.py [R] [N]"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOVKG = str(Path(sys.executable).with_name("govkg"))


def timed_ingest(files: list[Path], jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its workers): on a machine others load, the
    CPU seconds tell whether the pool added work or only waited for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, whichever the venv installed
        start = time.perf_counter()
        done = subprocess.run([GOVKG, "ingest", "--jobs", str(jobs), "--store", f"{tmp}/store",
                               *map(str, files)], capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"govkg ingest --jobs {jobs} failed: {done.stderr.strip()}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(runs: int = 3, jobs: int = 2) -> None:
    files = sorted(CORPUS.rglob("*.pdf"))
    print(f"{len(files)} PDFs, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} before")
    times: dict[int, list[float]] = {1: [], jobs: []}
    for run in range(runs):
        for n in times:
            wall, cpu = timed_ingest(files, n)
            times[n].append(wall)
            print(f"run {run + 1}  --jobs {n}: {wall:6.2f} s wall, {cpu:6.2f} s CPU; "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)
    medians = {n: statistics.median(t) for n, t in times.items()}
    for n, t in times.items():
        print(f"--jobs {n}: median {medians[n]:6.2f} s  (runs: {', '.join(f'{x:.2f}' for x in t)})")
    print(f"speed-up with {jobs} processes: {medians[1] / medians[jobs]:.2f}×")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
