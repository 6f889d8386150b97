"""Time to validate the seed's graph, in-process, warm (shapes and ontology labels already loaded).

Prints medians (min, max) of N runs for:
  memory  kg.validate.validate(MemoryGraph): the seed's graph as ingest holds it, already in an
          in-memory Oxigraph store (reference names added for the run, pySHACL, findings)
  graph   kg.validate.validate(graph): rdflib Graph from build() → in-memory Oxigraph → the same
  tables  the same without the narrative, performance and document shapes (shapes/narrative.ttl),
          which validate runs by default since issue 5
  store   kg.validate.validate_stored: the named graph copied natively from the on-disk store
  shapes  pySHACL alone on a prepared in-memory store (what DESIGN.md's 28–56 ms measured)
  copy    the rdflib → Oxigraph copy alone (MemoryGraph.from_rdflib), which ingest makes once
  nt      the N-Triples a store loads: rdflib's serializer (before) and Oxigraph's, from the copy
and how pySHACL time grows with the number of observations: one disclosure holding k copies of the
seed's observations, calculation instances and claims (kg.validate validates one disclosure at a
time, so that is how a bigger document grows).

Usage: python benchmarks/validate_seed.py [N] [--cpu]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"


CLOCK = time.perf_counter
"""Wall-clock time; `--cpu` switches to this process's CPU time (time.process_time), which other
jobs on a busy machine disturb far less."""


def median_ms(function, runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = CLOCK()
        function()
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def copies(graph, k: int):
    """One disclosure with k copies of everything the seed's disclosure IRI prefixes (observations,
    calculation instances, claims …): the disclosure node itself is kept."""
    import pyoxigraph as ox

    from kg.validate.shacl import data_store

    base = data_store(graph)
    name = next(q.subject.value for q in base.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/govkg/ontology#Disclosure")))

    def renamed(term, i):
        if isinstance(term, ox.NamedNode) and term.value.startswith(name + "/"):
            return ox.NamedNode(term.value.replace(name, f"{name}-{i}", 1))
        return term

    store = ox.Store()
    for i in range(k):
        store.extend(ox.Quad(renamed(q.subject, i), q.predicate, renamed(q.object, i))
                     for q in base.quads_for_pattern(None, None, None))
    return store


def main(runs: int = 21) -> None:
    from rdflib import Graph

    from kg.extract import extract
    from kg.graph import MemoryGraph, build
    from kg.readers import read
    from kg.store import open_store
    from kg.validate import shacl, validate, validate_stored
    from kg.validate.shacl import data_store, run_shapes

    graph = build(extract(read(SEED)))
    observations = sum(1 for _ in graph.subjects(
        predicate=None, object=__import__("rdflib").URIRef("http://purl.org/linked-data/cube#Observation")))
    report = validate(graph)  # warm: parse shapes/ and the ontology labels once
    print(f"seed: {observations} observations, {len(graph)} triples, {report.checked} sums checked, "
          f"{len(report.not_checked)} not checked, findings {report.counts()}")
    every_shape = shacl.shapes_graph()
    tables_only = Graph()
    for path in sorted(shacl.shapes_dir().glob("*.ttl")):
        if path.name != "narrative.ttl":
            tables_only.parse(path)

    def validate_tables_only():
        shacl.shapes_graph = lambda: tables_only
        try:
            validate(graph)
        finally:
            shacl.shapes_graph = lambda: every_shape
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        store.replace_graph(graph)
        validate_stored(store, str(graph.identifier))
        memory = MemoryGraph.from_rdflib(graph)
        rows = {
            "memory validate(MemoryGraph)": median_ms(lambda: validate(memory), runs),
            "graph  validate(graph)": median_ms(lambda: validate(graph), runs),
            "tables validate(graph), no narrative shapes": median_ms(validate_tables_only, runs),
            "store  validate_stored(store, iri)": median_ms(
                lambda: validate_stored(store, str(graph.identifier)), runs),
        }
    prepared = data_store(graph)
    rows["shapes pySHACL only"] = median_ms(lambda: run_shapes(prepared), runs)
    rows["copy   rdflib → Oxigraph"] = median_ms(lambda: MemoryGraph.from_rdflib(graph), runs)
    rows["nt     rdflib Graph.serialize"] = median_ms(lambda: graph.serialize(format="nt"), runs)
    rows["nt     MemoryGraph.serialize"] = median_ms(lambda: memory.serialize(format="nt"), runs)
    for label, (median, low, high) in rows.items():
        print(f"{label:38s} median {median:6.1f} ms  (min {low:.1f}, max {high:.1f}, N={runs})")
    print("pySHACL time vs observations (one disclosure with k copies of the seed's):")
    for k in (1, 2, 4, 8, 16):
        store_k = copies(graph, k)
        median, low, high = median_ms(lambda: run_shapes(store_k), max(3, runs // 4))
        print(f"  k={k:2d}  {k * observations:6d} observations  median {median:7.1f} ms  "
              f"(min {low:.1f}, max {high:.1f}; {median / (k * observations) * 1000:.0f} µs per "
              f"observation)")


if __name__ == "__main__":
    if "--cpu" in sys.argv:
        sys.argv.remove("--cpu")
        CLOCK = time.process_time
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
