"""Scale: one embedded store grown to each size (e.g. 100, 1,000, 10,000 synthetic disclosures);
at each size the store's size on disk, the pipeline's ingest throughput into that store, and the
median latency of every library query.

The store is filled by bulk-loading synthetic disclosures (benchmarks/synthetic_corpus.py). The
pipeline's throughput is measured apart: SAMPLE more disclosures through build → validate →
replace_graph, as `govkg ingest` does after reading a file (PDF parsing is in ingest_corpus.py).
Queries run with their default parameters, a department given as a synthetic department of the
store (the shipped default names the demo's); with --every, the department questions also for
every department (dept="").

The summary graph moves with each load (kg.summary.delta.ru). --incremental measures on a filled
--store what that costs per disclosure: a new department's disclosure loaded with and without the
summary's delta, the delta alone (added and subtracted on a loaded graph), replacing and removing
it; against rebuilding the summary whole.

Usage: python benchmarks/synthetic_scale.py [--runs 3] N [N …] [--only QUERY …] [--every]   e.g. 100 1000 10000
       python benchmarks/synthetic_scale.py --store DIR --queries-only [--runs 3] [--only QUERY …] [--every]
                                            [--throughput]
       python benchmarks/synthetic_scale.py --store DIR --incremental [--runs 3] [--rebuilds 1] [--rebuild-jobs N]
       python benchmarks/synthetic_scale.py --store DIR --load-only N   (bulk load only: the summary
                                            is made by the next --queries-only, and timed there)
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from kg.summary import contribution, ensure_summary, rebuild_summary, remove_disclosure, replace_disclosure  # noqa: E402
from synthetic_corpus import PER_DEPARTMENT, SEED, Templates, department_name, synthetic_corpus  # noqa: E402

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


def new_department_graph(seed, name: str, number: int):
    """The seed built and validated as a new department's disclosure (amounts doubled), in the
    form govkg ingest loads: in Oxigraph, which writes its N-Triples, findings included."""
    from kg.graph import MemoryGraph, build
    from kg.validate import findings_graph, validate

    meta = dataclasses.replace(seed.metadata, department=name, source_sha256=f"{number:064x}")
    facts = seed.facts.copy()
    facts["amount"] = [a * Decimal(2) for a in facts["amount"]]
    graph = MemoryGraph.from_rdflib(build(dataclasses.replace(seed, metadata=meta, facts=facts)))
    graph.add_graph(findings_graph(validate(graph)))
    return graph


def pipeline_throughput(store, seed, first: int) -> float:
    """Disclosures/s of build → validate → load (summary delta included) for SAMPLE new departments."""
    start = time.perf_counter()
    for i in range(SAMPLE):
        replace_disclosure(store, new_department_graph(seed, f"流水线第{first + i}号办公室", first + i))
    return SAMPLE / (time.perf_counter() - start)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def incremental_cost(directory: Path, runs: int, rebuilds: int, rebuild_jobs: int | None = None) -> None:
    """Median ms per disclosure of each way to load one, on the store as it is; then the full
    rebuild. Every disclosure added here is removed again, so the store keeps its size."""
    from kg.extract import extract
    from kg.readers import read
    from kg.store import open_store

    store = open_store(directory)
    (count,) = store.select("PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT (COUNT(*) AS ?n) "
                            "WHERE { GRAPH ?d { ?d a gk:Disclosure } }").iloc[:, 0]
    ensure_summary(store)
    rebuild = [timed(lambda: rebuild_summary(store, jobs=rebuild_jobs)) for _ in range(rebuilds)]
    seed = extract(read(SEED))
    rows = {k: [] for k in ("load only", "load + summary delta", "summary delta +1",
                            "summary delta -1", "replace (same graph)", "remove")}
    for i in range(runs):
        graph = new_department_graph(seed, f"增量第{i}号办公室", 10**9 + i)
        name = str(graph.identifier)
        rows["load only"].append(timed(lambda: store.replace_graph(graph)))
        store.update(f"DROP GRAPH <{name}>")
        rows["load + summary delta"].append(timed(lambda: replace_disclosure(store, graph)))
        rows["summary delta -1"].append(timed(lambda: store.update(contribution(name, -1))))
        rows["summary delta +1"].append(timed(lambda: store.update(contribution(name, 1))))
        rows["replace (same graph)"].append(timed(lambda: replace_disclosure(store, graph)))
        rows["remove"].append(timed(lambda: remove_disclosure(store, name)))
    print(f"{count:,} disclosures in {directory}; median of {runs} runs, ms; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    for what, times in rows.items():
        print(f"  {what:24} {statistics.median(times):10.1f}   ({', '.join(f'{t:.0f}' for t in times)})")
    if rebuild:
        print(f"  {'full rebuild':24} {statistics.median(rebuild):10.1f}   "
              f"({', '.join(f'{t:.0f}' for t in rebuild)})", flush=True)


def time_queries(store, runs: int, department: str, only: list[str] | None = None,
                 every: bool = False) -> None:
    """Median latency of each library query as shipped, a department parameter given as
    ``department`` (a department of the store: the shipped default names the demo's); with
    ``every``, also with dept="" (every department, minutes each at 10,000 disclosures)."""
    from kg.query import run_query
    from kg.query.library import load_library

    print(f"  {'query':28} {'ms':>10} {'rows':>7}" + (f" {'every dept ms':>14} {'rows':>8}" if every else ""))
    for name, query in load_library().items():
        if only and name not in only:
            continue
        scoped = any(p.name == "dept" for p in query.params)
        variants = [{"dept": department} if scoped else {}]
        if every and scoped:
            variants.append({"dept": ""})
        cells = []
        for params in variants:
            times, rows = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                rows = len(run_query(store, name, **params))
                times.append(time.perf_counter() - start)
            cells.append(f"{statistics.median(times) * 1000:10.1f} {rows:7}")
        print(f"  {name:28} {'  '.join(cells)}", flush=True)


def queries_only(directory: Path, runs: int, only: list[str] | None, every: bool,
                 throughput: bool = False) -> None:
    from kg.extract import extract
    from kg.readers import read
    from kg.store import open_store

    store = open_store(directory)
    (count,) = store.select("PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT (COUNT(*) AS ?n) "
                            "WHERE { GRAPH ?d { ?d a gk:Disclosure } }").iloc[:, 0]
    started = time.perf_counter()
    ensure_summary(store)  # rebuilt only if made by another definition
    print(f"{count:,} disclosures in {directory}: {disk_mb(directory):,} MB; summary checked or "
          f"rebuilt in {time.perf_counter() - started:.1f} s; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if throughput:
        rate = pipeline_throughput(store, extract(read(SEED)), count)
        print(f"pipeline ingest {rate:.2f} disclosures/s ({SAMPLE} new departments)", flush=True)
    time_queries(store, runs, department_name((count // PER_DEPARTMENT) // 2), only, every)


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
                        help="time the queries on --store as it is (its summary rebuilt if stale)")
    parser.add_argument("--only", nargs="*", help="time just these queries")
    parser.add_argument("--throughput", action="store_true",
                        help=f"with --queries-only: first time the pipeline on {SAMPLE} new departments")
    parser.add_argument("--every", action="store_true",
                        help='also time the department questions for every department (dept="")')
    parser.add_argument("--rebuilds", type=int, default=1,
                        help="with --incremental: full rebuilds to time, 0 for none (~40 s each at 1,000)")
    parser.add_argument("--rebuild-jobs", type=int,
                        help="processes for each rebuild (default: kg.summary's, one per core on a large store)")
    parser.add_argument("--load-only", action="store_true",
                        help="bulk-load the sizes into --store and stop (no summary, no timings)")
    parser.add_argument("--incremental", action="store_true",
                        help="time a disclosure's load with its summary delta on --store, vs a rebuild")
    args = parser.parse_args()
    if args.queries_only:
        return queries_only(args.store, args.runs, args.only, args.every, args.throughput)
    if args.incremental:
        return incremental_cost(args.store, args.runs, args.rebuilds, args.rebuild_jobs)

    started = time.perf_counter()
    templates = Templates()
    seed = extract(read(SEED))
    print(f"sources read in {time.perf_counter() - started:.0f} s (templates: built before each load)", flush=True)
    directory = args.store or Path(tempfile.mkdtemp()) / "store"
    store = open_store(directory)
    load_reference_graphs(store)
    loaded = args.have
    for size in sorted(args.sizes):
        start = time.perf_counter()
        templates.prepare(size - loaded, start=loaded)  # the "reading": one process per core
        prepared = time.perf_counter() - start
        start = time.perf_counter()
        # One bulk load per step, streamed: 10,000 disclosures are ~17 GB of N-Quads. Lenient: the
        # text is Oxigraph's own N-Quads with names and amounts replaced, as govkg's bulk loads are.
        stream = io.BufferedReader(NQuadsStream(synthetic_corpus(templates, size - loaded,
                                                                 start=loaded)), 1 << 20)
        store._store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=True)
        loaded = size
        store.flush()
        loading = time.perf_counter() - start
        start = time.perf_counter()
        store._store.optimize()
        compacted = time.perf_counter() - start
        bulk = loading + compacted
        if args.load_only:
            print(f"{size:,} disclosures: store {disk_mb(directory):,} MB; {len(templates)} templates "
                  f"built in {prepared:.0f} s; bulk load {bulk:.0f} s ({loading:.0f} s loading, "
                  f"{compacted:.0f} s compacting)", flush=True)
            continue
        started = time.perf_counter()
        rebuild_summary(store)
        summary = time.perf_counter() - started
        rate = pipeline_throughput(store, seed, loaded)
        print(f"\n{size:,} disclosures ({size // PER_DEPARTMENT:,} departments × 3 years × "
              f"决算/预算): store {disk_mb(directory):,} MB; templates {prepared:.0f} s; "
              f"bulk load {bulk:.0f} s ({compacted:.0f} s of it compacting); "
              f"summary {summary:.1f} s; pipeline ingest {rate:.2f} disclosures/s", flush=True)
        time_queries(store, args.runs, department_name(size // PER_DEPARTMENT // 2), args.only,
                     args.every)


if __name__ == "__main__":
    main()
