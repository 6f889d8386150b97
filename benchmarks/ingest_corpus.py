"""Per-document ingest time for every file of ../shared/corpus (median of N runs) and where the
time goes: reading the file (pdfplumber for PDFs), recognising and extracting the tables,
building the graph, replacing its named graph in an embedded store.
Usage: python benchmarks/ingest_corpus.py [N]"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def stages(path: Path, store) -> dict[str, float]:
    from kg.extract import extract
    from kg.graph import build
    from kg.readers import read

    times = {}
    start = time.perf_counter()
    document = read(path)
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    disclosure = extract(document)
    times["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    graph = build(disclosure)
    times["build"] = time.perf_counter() - start
    start = time.perf_counter()
    store.replace_graph(graph)
    times["load"] = time.perf_counter() - start
    times["facts"] = len(disclosure.facts)
    return times


def main(runs: int = 3) -> None:
    from kg.recognize import load_catalogue
    from kg.store import open_store

    load_catalogue()  # parse the catalogue once, as a long-running ingest would
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".pdf", ".txt"))
    print(f"{'document':42} {'pages':>5} {'facts':>5} {'read':>7} {'extract':>7} {'build':>7} {'load':>7} {'total':>7}")
    tmp = tempfile.mkdtemp()
    store = open_store(Path(tmp) / "store")  # each run replaces the document's graph, as ingest does
    for path in files:
        samples = [stages(path, store) for _ in range(runs)]
        median = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
        total = sum(median[k] for k in ("read", "extract", "build", "load"))
        pages = "-"
        if path.suffix == ".pdf":
            import pdfplumber

            with pdfplumber.open(path) as pdf:
                pages = len(pdf.pages)
        print(f"{path.name:42} {pages:>5} {int(median['facts']):>5} {median['read']:7.2f} "
              f"{median['extract']:7.2f} {median['build']:7.2f} {median['load']:7.2f} {total:7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
