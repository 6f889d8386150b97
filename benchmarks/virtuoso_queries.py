"""Every library query on Virtuoso beside the embedded store, over the same quads: median latency
of each (default parameters, a department parameter given as a department of the store).

The embedded store is the seed and ../shared/corpus ingested here (default), or with --from-store
DIR a store as it is (e.g. benchmarks/synthetic_scale.py's 10,000, its summary built). Its quads
are dumped to N-Quads and bulk-loaded into a Virtuoso started here with Virtuoso's own loader
(ld_dir and rdf_loader_run, one loader per 2.5 cores): loading 10,000 disclosures as SPARQL Update is
not how one fills a server. Both stores' size on disk is given.

Usage: python benchmarks/virtuoso_queries.py [--runs 3] [--dir VIRTUOSO_DIR] [--from-store DIR]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))

from virtuoso import VirtuosoServer  # noqa: E402

CHUNK_QUADS = 5_000_000
"""Quads per N-Quads file for Virtuoso's loader: one file is one loader's unit of work."""


def disclosure_count(store) -> int:
    (count,) = store.select("PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT (COUNT(*) AS ?n) "
                            "WHERE { GRAPH ?d { ?d a gk:Disclosure } }").iloc[:, 0]
    return int(count)


def a_department(store) -> str:
    """A department of the store, the middle one by name (the shipped default names the demo's)."""
    frame = store.select("PREFIX gk: <https://w3id.org/govkg/ontology#> "
                         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                         "SELECT DISTINCT ?name WHERE { GRAPH ?d { ?d gk:department ?dept . "
                         "?dept skos:prefLabel ?name } } ORDER BY ?name")
    return str(frame["name"].iloc[len(frame) // 2])


def dump_chunks(store, out: Path) -> int:
    """The embedded store's quads as gzipped N-Quads files of CHUNK_QUADS each; the quad count."""
    count, part, sink = 0, 0, None
    for quad in store._store:  # every quad is in a named graph: str(quad) is its N-Quads line
        if count % CHUNK_QUADS == 0:
            if sink:
                sink.close()
            sink = gzip.open(out / f"part-{part:04d}.nq.gz", "wt", encoding="utf-8", compresslevel=1)
            part += 1
        sink.write(f"{quad} .\n")
        count += 1
    if sink:
        sink.close()
    return count


def time_queries(stores: dict, department: str, runs: int, only: list[str] | None = None) -> None:
    from kg.errors import StoreError, StoreUnavailable
    from kg.query import run_query
    from kg.query.library import load_library

    print(f"  {'query':28} " + " ".join(f"{name + ' ms':>14}" for name in stores)
          + f" {'rows':>7} {'ratio':>6}")
    for name, query in load_library().items():
        if only and name not in only:
            continue
        params = {"dept": department} if any(p.name == "dept" for p in query.params) else {}
        medians, rows = [], set()
        for store in stores.values():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                try:
                    rows.add(len(run_query(store, name, **params)))
                except StoreUnavailable:  # over the endpoint's timeout: not waited for again
                    times = [float("inf")]
                    break
                except StoreError as error:  # refused by the engine: said, and the next query
                    print(f"  {name}: {error}", flush=True)
                    times = [float("nan")]
                    break
                times.append(time.perf_counter() - start)
            medians.append(statistics.median(times) * 1000)
        ratio = medians[-1] / medians[0] if medians[0] else float("nan")
        print(f"  {name:28} " + " ".join(f"{m:14.1f}" for m in medians)
              + f" {'/'.join(map(str, sorted(rows))):>7} {ratio:6.2f}", flush=True)


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_blocks * 512 for f in Path(path).rglob("*") if f.is_file()) / 2**20


def main() -> None:
    from kg.ingest import ingest
    from kg.store import EndpointStore, open_store

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="Virtuoso's folder (default: a new temporary one)")
    parser.add_argument("--from-store", type=Path, help="an embedded store to copy into Virtuoso")
    parser.add_argument("--memory-mb", type=int, default=8000, help="Virtuoso's buffers")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds a Virtuoso query may take (inf in the table beyond)")
    parser.add_argument("--only", nargs="*", help="time just these queries")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp()) / "virtuoso"
    with VirtuosoServer(folder, memory_mb=args.memory_mb) as server:
        virtuoso = EndpointStore(server.endpoint, timeout=args.timeout)
        if args.from_store:
            embedded = open_store(args.from_store)
        else:
            from conftest import SEED, corpus_files

            files = [SEED, *corpus_files()]
            embedded = open_store(Path(tempfile.mkdtemp()) / "store")
            start = time.perf_counter()
            ingest(files, embedded, jobs=os.cpu_count() or 1)
            print(f"{len(files)} documents ingested into the embedded store in "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
        # Through Virtuoso's own loader, not SPARQL Update: how one fills a server with
        # millions of quads (tests/test_virtuoso.py fills one through the endpoint as well).
        load = folder / "load"
        load.mkdir(exist_ok=True)
        start = time.perf_counter()
        if any(load.glob("*.nq.gz")):  # --dir of an earlier run: its dump, not dumped again
            quads = len(embedded._store)
        else:
            quads = dump_chunks(embedded, load)
        dumped = time.perf_counter() - start
        # OpenLink's advice is one loader per 2.5 cores; two on this 2-core machine deadlocked
        # on 11 of the 13 files of the 10,000 (40001 "Transaction deadlock").
        loaders = max(1, int((os.cpu_count() or 1) / 2.5))
        start = time.perf_counter()
        server.bulk_load(load, "*.nq.gz", loaders=loaders)
        print(f"{quads:,} quads dumped in {dumped:.0f} s, bulk-loaded into Virtuoso in "
              f"{time.perf_counter() - start:.0f} s ({loaders} loader(s))", flush=True)
        count = disclosure_count(virtuoso)
        if count != disclosure_count(embedded):
            raise SystemExit("Virtuoso and the embedded store hold different disclosures")
        database = disk_mb(folder) - disk_mb(load)
        stored = disk_mb(embedded.path)
        print(f"on disk: Virtuoso {database:,.0f} MB ({database / count:.2f} MB per disclosure), "
              f"the embedded store {stored:,.0f} MB ({stored / count:.2f} MB per disclosure)")
        print(f"{count:,} disclosures; median of {args.runs} runs; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        time_queries({"embedded": embedded, "Virtuoso": virtuoso}, a_department(embedded), args.runs,
                     args.only)


if __name__ == "__main__":
    main()
