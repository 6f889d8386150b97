"""Scale: one embedded store grown to each size (e.g. 100, 1,000, 10,000 synthetic disclosures);
at each size the store's size on disk, the pipeline's ingest throughput into that store, and the
median latency of every library query.

The store is filled by bulk-loading synthetic disclosures (benchmarks/synthetic_corpus.py). The
pipeline's throughput is measured apart: SAMPLE more disclosures through build → validate →
replace_graph, as `govkg ingest` does after reading a file (PDF parsing is in ingest_corpus.py).
Queries run with their default parameters ("defaults"), and the department-scoped ones once more
with a synthetic department of the store ("one department").

Usage: python benchmarks/synthetic_scale.py [--runs 3] N [N …]     e.g. 100 1000 10000
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic_corpus import (PER_DEPARTMENT, SEED, build_templates,  # noqa: E402
                              department_name, synthetic_corpus)

from kg.summary import rebuild_summary  # noqa: E402

SAMPLE = 5


class NQuadsStream(io.RawIOBase):
    """The synthetic disclosures' N-Quads as a readable byte stream, made as they are read."""

    def __init__(self, texts) -> None:
        self.texts = iter(texts)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            text = next(self.texts, None)
            if text is None:
                return 0
            self.pending = text.encode("utf-8")
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def disk_mb(directory: Path) -> int:
    return int(subprocess.run(["du", "-sm", str(directory)], capture_output=True,
                              text=True).stdout.split()[0])


def pipeline_throughput(store, seed, first: int) -> float:
    """Disclosures/s of build → validate → replace_graph for SAMPLE new departments."""
    from kg.build import build
    from kg.validate import findings_graph, validate

    start = time.perf_counter()
    for i in range(SAMPLE):
        meta = dataclasses.replace(seed.metadata, department=f"流水线第{first + i}号办公室",
                                   source_sha256=f"{first + i:064x}")
        facts = seed.facts.copy()
        facts["amount"] = [a * Decimal(2) for a in facts["amount"]]
        graph = build(dataclasses.replace(seed, metadata=meta, facts=facts))
        graph += findings_graph(validate(graph))
        store.replace_graph(graph)
    return SAMPLE / (time.perf_counter() - start)


def time_queries(store, runs: int, department: str) -> None:
    from kg.query import run_query
    from kg.query.library import load_library

    print(f"  {'query':28} {'defaults ms':>12} {'rows':>7} {'one dept ms':>12} {'rows':>6}")
    for name, query in load_library().items():
        cells = []
        variants = [{}]
        if any(p.name == "dept" for p in query.params):
            variants.append({"dept": department})
        for params in variants:
            times, rows = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                rows = len(run_query(store, name, **params))
                times.append(time.perf_counter() - start)
            cells.append(f"{statistics.median(times) * 1000:12.1f} {rows:7}")
        print(f"  {name:28} {'  '.join(cells)}", flush=True)


def queries_only(directory: Path, runs: int) -> None:
    from kg.store import open_store

    store = open_store(directory)
    (count,) = store.select("PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT (COUNT(*) AS ?n) "
                            "WHERE { GRAPH ?d { ?d a gk:Disclosure } }").iloc[:, 0]
    started = time.perf_counter()
    rebuild_summary(store)
    print(f"{count:,} disclosures in {directory}: {disk_mb(directory):,} MB; summary "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    time_queries(store, runs, department_name((count // PER_DEPARTMENT) // 2))


def main() -> None:
    import pyoxigraph as ox

    from kg.extract import extract
    from kg.ingest import load_reference_graphs
    from kg.readers import read
    from kg.store import open_store

    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", type=Path, help="directory (default: a new temporary one)")
    parser.add_argument("--have", type=int, default=0,
                        help="synthetic disclosures --store already holds (to grow it further)")
    parser.add_argument("--queries-only", action="store_true",
                        help="time the queries on --store as it is (after refreshing its summary)")
    args = parser.parse_args()
    if args.queries_only:
        return queries_only(args.store, args.runs)

    started = time.perf_counter()
    templates = build_templates()
    seed = extract(read(SEED))
    print(f"templates: {len(templates)} in {time.perf_counter() - started:.0f} s", flush=True)
    directory = args.store or Path(tempfile.mkdtemp()) / "store"
    store = open_store(directory)
    load_reference_graphs(store)
    loaded = args.have
    for size in sorted(args.sizes):
        start = time.perf_counter()
        # One bulk load per step, streamed: 10,000 disclosures are ~40 GB of N-Quads.
        stream = io.BufferedReader(NQuadsStream(synthetic_corpus(templates, size - loaded,
                                                                 start=loaded)), 1 << 20)
        store._store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
        loaded = size
        store.flush()
        store._store.optimize()
        bulk = time.perf_counter() - start
        started = time.perf_counter()
        rebuild_summary(store)
        summary = time.perf_counter() - started
        rate = pipeline_throughput(store, seed, loaded)
        print(f"\n{size:,} disclosures ({size // PER_DEPARTMENT:,} departments × 3 years × "
              f"决算/预算): store {disk_mb(directory):,} MB; bulk load {bulk:.0f} s; "
              f"summary {summary:.1f} s; pipeline ingest {rate:.2f} disclosures/s", flush=True)
        time_queries(store, args.runs, department_name(size // PER_DEPARTMENT // 2))


if __name__ == "__main__":
    main()
