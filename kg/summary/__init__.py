"""The store's summary graph: totals over every disclosure, for the questions that span the store.

A question such as "the top 项 codes by spending" reads every disclosure's expenditure table; at
10,000 disclosures that is 600,000 observations per question. The summary graph holds those
totals once (per code, kind and year; per code and region; per printed code name; findings per
region and rule; codes outside the reference list; each department's spending profile, coverage
and regions).

It is kept up to date per disclosure: `replace_disclosure` and `remove_disclosure` subtract the
old graph's contribution and add the new one's (delta.ru) in the same SPARQL update as the load,
on the embedded store and on an endpoint alike, so a load costs the cells it touches, not a
rebuild. `rebuild_summary` recomputes it whole (summary.ru): after a bulk load, or when the
summary's definition changed (`ensure_summary` checks its digest). It is derived data: never edit it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from rdflib import Literal, URIRef

from kg.store.endpoint import substitute

SUMMARY_GRAPH = "https://w3id.org/govkg/graph/summary"
DIGEST = "https://w3id.org/govkg/ontology#sha256"
HERE = Path(__file__).parent

__all__ = ["SUMMARY_GRAPH", "ensure_summary", "mark_stale", "rebuild_summary",
           "remove_disclosure", "replace_disclosure"]


def _text(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def _operations(name: str) -> str:
    """A definition's operations without its comments, as sent to a store: the comments explain
    the file, and Virtuoso 7.2.5 never answered summary.ru sent with them once a four-line comment
    was added (each of its lines alone, or as much padding, answered; stripped, 0.2 s)."""
    return "\n".join(line for line in _text(name).splitlines() if not line.lstrip().startswith("#"))


def definition_digest() -> str:
    """Hash of the summary's two definitions: a summary made by others is rebuilt, not patched."""
    return hashlib.sha256((_text("summary.ru") + _text("delta.ru")).encode()).hexdigest()


# A pool's worker takes ~1 s to start: below this many graphs the whole rebuild takes seconds.
POOL_FROM = 500


def rebuild_summary(store, jobs: int | None = None) -> None:
    """Rebuild the summary graph from the disclosures now in the store.

    On an endpoint, summary.ru and the digest are one update (atomic). In the embedded store the
    old summary is dropped, each of summary.ru's inserts goes in through Oxigraph's bulk loader
    and the digest last: not atomic, but faster than one transaction of millions of triples
    (which also wrote gigabytes of write-ahead log at 10,000 disclosures), and a rebuild stopped
    midway leaves no digest, so the next ingest (ensure_summary) rebuilds again. A store on disk
    with many graphs has the inserts that do not read the summary computed in ``jobs``
    processes (default one per core; 1: this one), each reading a snapshot of the store.
    """
    mark = (f"INSERT DATA {{ GRAPH <{SUMMARY_GRAPH}> {{ <{SUMMARY_GRAPH}> <{DIGEST}> "
            f"\"{definition_digest()}\" }} }}")
    if not hasattr(store, "bulk_load_graph"):
        store.update(f"{_operations('summary.ru')} ;\n{mark}")
        return
    store.update(f"DROP SILENT GRAPH <{SUMMARY_GRAPH}>")
    queries = insert_queries()
    # The inserts that read the summary (its graph named in their WHERE) come after the others.
    reading = [query for query in queries if f"<{SUMMARY_GRAPH}>" in query]
    others = [query for query in queries if query not in reading]
    if store.path is None:  # in memory: no files for a pool's workers to read
        jobs = 1
    elif jobs is None:
        jobs = (os.cpu_count() or 1) if len(store.graph_names()) >= POOL_FROM else 1
    if jobs > 1:
        _load_from_snapshot(store, others, jobs)
    else:
        for query in others:
            store.bulk_load_graph(SUMMARY_GRAPH, store.construct_ntriples(query))
    for query in reading:  # in order: each reads cells of the ones before
        store.bulk_load_graph(SUMMARY_GRAPH, store.construct_ntriples(query))
    store.update(mark)
    # Written to the store's files now, or the next process to open the store replays the
    # rebuild's transactions from the write-ahead log (3 GB, 7 minutes at 10,000 disclosures).
    store.flush()


def _load_from_snapshot(store, queries: list[str], jobs: int) -> None:
    """Each query's triples, computed in a pool from a snapshot (Oxigraph's backup: hard links
    beside the store), bulk-loaded here as they come: the workers never read files that this
    process's bulk loads and compactions replace."""
    import shutil
    import tempfile

    from kg.parallel import in_processes

    snapshot = Path(tempfile.mkdtemp(prefix=".summary-snapshot-", dir=store.path.parent)) / "store"
    try:
        store.backup(snapshot)
        for ntriples in in_processes(_constructed, [(str(snapshot), query) for query in queries], jobs):
            store.bulk_load_graph(SUMMARY_GRAPH, ntriples)
    finally:
        shutil.rmtree(snapshot.parent, ignore_errors=True)


def _constructed(job: tuple[str, str]) -> bytes:
    """A pool worker: one CONSTRUCT's triples from the store at ``path``, opened read-only."""
    from kg.store.oxigraph import OxigraphStore

    path, query = job
    return OxigraphStore(path, read_only=True).construct_ntriples(query)


# One of summary.ru's operations: INSERT { GRAPH <summary> { template } } WHERE { ... }
INSERT = re.compile(r"INSERT \{ GRAPH <" + re.escape(SUMMARY_GRAPH)
                    + r"> \{(?P<template>[^{}]*)\} \}\s*WHERE\s*(?=\{)")


def insert_queries() -> list[str]:
    """summary.ru's inserts, in order, each as the CONSTRUCT query of the triples it inserts."""
    text = _operations("summary.ru")
    prefixes = "\n".join(line for line in text.splitlines() if line.startswith("PREFIX"))
    queries = [f"{prefixes}\nCONSTRUCT {{{found['template']}}}\nWHERE "
               f"{text[found.end():_group_end(text, found.end())]}"
               for found in INSERT.finditer(text)]
    if len(queries) != text.count("INSERT"):
        raise ValueError("summary.ru: an INSERT not of the form INSERT { GRAPH <summary> { … } } WHERE")
    return queries


def _group_end(text: str, start: int) -> int:
    """Where the group opened by the brace at ``start`` ends (just past its closing brace);
    braces inside strings do not count."""
    depth, quoted = 0, False
    for index in range(start, len(text)):
        char = text[index]
        if quoted:
            quoted = char != '"' or text[index - 1] == "\\"
        elif char == '"':
            quoted = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    raise ValueError("summary.ru: a group without its closing brace")


def ensure_summary(store) -> None:
    """Rebuild the summary unless it was made by this definition (the deltas assume it was)."""
    found = store.select(f"ASK {{ GRAPH <{SUMMARY_GRAPH}> {{ <{SUMMARY_GRAPH}> <{DIGEST}> ?digest }} }}",
                         {"digest": Literal(definition_digest())})
    if not bool(found.iloc[0, 0]):
        rebuild_summary(store)


def mark_stale(store) -> None:
    """Remove the summary's digest, so that the next ensure_summary rebuilds it: before loading
    graphs by other means than replace_disclosure (kg.ingest's bulk loads)."""
    store.update(f"DELETE WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ <{SUMMARY_GRAPH}> <{DIGEST}> ?d }} }}")


def contribution(graph_name: str, sign: int) -> str:
    """The update adding (sign 1) or subtracting (sign -1) one disclosure graph's cells."""
    return substitute(_operations("delta.ru"), {"d": URIRef(graph_name), "sign": Literal(sign)})


def replace_disclosure(store, graph) -> int:
    """Load a disclosure graph in place of its old version, moving the summary with it, in one
    update; the number of triples loaded."""
    name = str(graph.identifier)
    return store.replace_graph(graph, before=contribution(name, -1), after=contribution(name, 1))


def remove_disclosure(store, graph_name: str) -> None:
    """Drop a disclosure graph and its contribution to the summary, in one update."""
    store.remove_graph(graph_name, before=contribution(graph_name, -1))
