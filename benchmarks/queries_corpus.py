"""Median latency of each library query (queries/*.rq, default parameters) on a store holding the
whole corpus: data/samples' seed and every PDF under ../shared/corpus, on the embedded on-disk store.
Usage: python benchmarks/queries_corpus.py [N]"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"


def main(runs: int = 7) -> None:
    from kg.ingest import ingest
    from kg.query import run_query
    from kg.query.library import load_library
    from kg.store import open_store

    store = open_store(Path(tempfile.mkdtemp()) / "store")
    ingest([SEED, *sorted(CORPUS.rglob("*.pdf"))], store)
    print(f"{'query':28} {'rows':>5} {'median ms':>10} {'max ms':>8}")
    for name in load_library():
        times, rows = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            rows = len(run_query(store, name))
            times.append(time.perf_counter() - start)
        print(f"{name:28} {rows:5} {statistics.median(times) * 1000:10.1f} {max(times) * 1000:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
