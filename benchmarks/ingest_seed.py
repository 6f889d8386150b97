"""Wall time of `govkg ingest` on the seed text (cold process, fresh store each run) and of
`govkg --help`. Prints medians of N runs. Usage: python benchmarks/ingest_seed.py [N]"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOVKG = str(Path(sys.executable).with_name("govkg"))
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main(runs: int = 5) -> None:
    help_times = [timed([GOVKG, "--help"]) for _ in range(runs)]
    fresh, again = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            store = str(Path(tmp) / "store")
            fresh.append(timed([GOVKG, "ingest", str(SEED), "--store", store]))
            again.append(timed([GOVKG, "ingest", str(SEED), "--store", store]))
    print(f"govkg --help                         median {statistics.median(help_times):.3f} s")
    print(f"govkg ingest seed, fresh store       median {statistics.median(fresh):.3f} s "
          f"(min {min(fresh):.3f}, max {max(fresh):.3f})")
    print(f"govkg ingest seed, re-ingest         median {statistics.median(again):.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
