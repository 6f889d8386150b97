"""What the store keeps per printed number: every file of ../shared/corpus read, built and
validated as `govkg ingest` does, and the quads of its disclosure graph (findings included) counted
per property, per table number and per printed number (table numbers and the numbers of the
情况说明's claims); then the files ingested into a fresh embedded store, whose size on disk is
given beside that of a store holding the reference graphs alone.
Usage: python benchmarks/store_cost.py [--top 25]"""

from __future__ import annotations

import argparse
import collections
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def disk_kb(directory: Path) -> int:
    return int(subprocess.run(["du", "-sk", str(directory)], capture_output=True,
                              text=True).stdout.split()[0])


def main() -> None:
    from kg.cli.common import disclosure_files
    from kg.errors import GovkgError
    from kg.extract import extract
    from kg.graph import MemoryGraph, build
    from kg.ingest import ingest, load_reference_graphs
    from kg.readers import read
    from kg.store import open_store
    from kg.validate import findings_graph, validate

    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=25, help="properties to list")
    args = parser.parse_args()
    files = disclosure_files([CORPUS])
    per_property: collections.Counter[str] = collections.Counter()
    numbers = claims = documents = 0
    for path in files:
        try:
            disclosure = extract(read(path))
        except GovkgError as error:
            print(f"not read: {error}")
            continue
        documents += 1
        numbers += len(disclosure.facts)
        claims += len(disclosure.claims)
        graph = MemoryGraph.from_rdflib(build(disclosure))
        graph.add_graph(findings_graph(validate(graph, source=str(path))))
        for quad in graph.store:
            per_property[quad.predicate.value] += 1
    total = sum(per_property.values())
    print(f"{documents} documents: {total:,} quads; {numbers:,} table numbers "
          f"({total / numbers:.2f} quads each); {numbers + claims:,} printed numbers with the "
          f"情况说明's {claims:,} ({total / (numbers + claims):.2f} each); "
          f"{total / documents:,.0f} quads per document")
    for prop, count in per_property.most_common(args.top):
        print(f"  {count:7,} {count / numbers:5.2f}  {prop}")

    with tempfile.TemporaryDirectory() as directory:
        reference = open_store(Path(directory) / "reference")
        load_reference_graphs(reference)
        reference.flush()
        reference._store.optimize()
        store = open_store(Path(directory) / "corpus")
        results = ingest(files, store)  # one process: the sizes, not the speed
        store._store.optimize()
        loaded = sum(r.ok for r in results)
        extra = disk_kb(Path(directory) / "corpus") - disk_kb(Path(directory) / "reference")
        print(f"store: {loaded} disclosures add {extra / 1024:.1f} MB to the reference graphs' "
              f"{disk_kb(Path(directory) / 'reference') / 1024:.1f} MB "
              f"({extra / loaded:,.0f} KB per disclosure)")


if __name__ == "__main__":
    main()
