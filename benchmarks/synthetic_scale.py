"""Scale: a synthetic corpus of N disclosures made from the seed's structure, loaded into an
embedded store; ingest throughput, store size and the median latency of every library query.

Each synthetic disclosure is the seed with another department (in one of the corpus's real
regions), another year, and every amount multiplied by a whole factor, so all sums still hold.
PDF parsing is left out (measured in ingest_corpus.py); build, validation and load are in.
Usage: python benchmarks/synthetic_scale.py N [N …]   e.g. 100 1000
"""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"
REGIONS = ["洛阳市西工区", "上海市普陀区", "洛阳市涧西区", "上海市静安区", "江苏省"]


def synthetic(seed, i: int):
    meta = dataclasses.replace(seed.metadata, department=f"{REGIONS[i % len(REGIONS)]}第{i}办公室",
                               region=REGIONS[i % len(REGIONS)], year=2020 + i % 5,
                               source_sha256=f"{i:064x}")
    facts = seed.facts.copy()
    facts["amount"] = [a * (1 + i % 7) for a in facts["amount"]]
    return dataclasses.replace(seed, metadata=meta, facts=facts)


def main(sizes: list[int]) -> None:
    from kg.build import build
    from kg.extract import extract
    from kg.ingest import load_reference_graphs
    from kg.query import query, read_query_file
    from kg.readers import read
    from kg.store import open_store
    from kg.validate import findings_graph, validate

    seed = extract(read(SEED))
    queries = sorted((ROOT / "queries").glob("*.rq"))
    for size in sizes:
        directory = Path(tempfile.mkdtemp()) / "store"
        store = open_store(directory)
        load_reference_graphs(store)
        start = time.perf_counter()
        for i in range(size):
            graph = build(synthetic(seed, i))
            graph += findings_graph(validate(graph))
            store.replace_graph(graph)
        store.flush()
        elapsed = time.perf_counter() - start
        size_mb = int(subprocess.run(["du", "-sm", str(directory)], capture_output=True,
                                     text=True).stdout.split()[0])
        print(f"\n{size} disclosures: {size / elapsed:.2f} disclosures/s, "
              f"{store.count():,} quads, store {size_mb} MB")
        for path in queries:
            text = read_query_file(path)
            times = []
            for _ in range(3):
                t = time.perf_counter()
                rows = len(query(store, text))
                times.append(time.perf_counter() - t)
            print(f"  {path.stem:34} median {statistics.median(times) * 1000:8.1f} ms  ({rows} rows)")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [100])
