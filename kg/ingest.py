"""Ingest: file → Document → Disclosure → Graph → store.

Each file's work is `prepare` (read, extract, build, and every check that needs no store), run in
a pool of processes when there are several files; one writer, this process, then takes the
prepared files in the order given, checks each against the disclosures already in the store
(kg/validate/elsewhere.py) and loads it. A file that fails at any stage is reported with its error
and leaves the store as it was; the other files of the same run still load.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from kg.errors import GovkgError, StoreUnavailable
from kg.validate.findings import DocumentReport

REFERENCE_DIGEST = "https://w3id.org/govkg/ontology#sha256"


@dataclass(frozen=True)
class IngestResult:
    path: Path
    disclosure: str | None = None
    department: str | None = None
    year: int | None = None
    kind: str | None = None
    tables: int = 0
    empty_tables: int = 0
    facts: int = 0
    triples: int = 0
    error: GovkgError | None = None
    unchanged: bool = False
    """The same file (by SHA-256) was already in the store: nothing was rewritten."""
    validation: DocumentReport | None = None
    """The disclosure's findings; they are stored in its named graph too."""

    @property
    def ok(self) -> bool:
        return self.error is None


def reference_digest() -> str:
    """Hash of everything the ontology and code graphs are made from."""
    from kg.resources import CODES_DIR, ontology_files

    digest = hashlib.sha256()
    for path in [*ontology_files(), *sorted(CODES_DIR.glob("*.csv"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_reference_graphs(store) -> None:
    """Put the ontology and code schemes into their named graphs, unless already current."""
    from rdflib import Literal, URIRef

    from kg.graph import ONTOLOGY_GRAPH, code_schemes_graph, ontology_graph

    current = reference_digest()
    found = store.select(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> "
                         f"<{REFERENCE_DIGEST}> \"{current}\" }} }}")
    if bool(found.iloc[0, 0]):
        return
    store.replace_graph(code_schemes_graph())
    ontology = ontology_graph()
    ontology.add((ONTOLOGY_GRAPH, URIRef(REFERENCE_DIGEST), Literal(current)))
    store.replace_graph(ontology)


LOADED = """
PREFIX gk: <https://w3id.org/govkg/ontology#>
SELECT ?disclosure ?department ?year ?kind
       (COUNT(DISTINCT ?table) AS ?tables) (COUNT(DISTINCT ?empty) AS ?empties)
       (COUNT(DISTINCT ?obs) AS ?facts)
WHERE {
  ?disclosure gk:sourceFile/gk:sha256 ?sha ; gk:department/<http://www.w3.org/2004/02/skos/core#prefLabel> ?department ;
              gk:fiscalYear ?year ; gk:kind/<http://www.w3.org/2004/02/skos/core#notation> ?kind .
  OPTIONAL { ?disclosure gk:printedTable ?table . OPTIONAL { ?table gk:isEmpty true . BIND (?table AS ?empty) } }
  OPTIONAL { GRAPH ?disclosure { ?obs gk:column ?column } }
}
GROUP BY ?disclosure ?department ?year ?kind
"""


def file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the reader reports it


def already_loaded(path: Path, store, sha: str | None = None) -> IngestResult | None:
    """The store's record of this very file (same SHA-256), if it holds it."""
    from rdflib import Literal

    sha = sha or file_sha(path)
    if sha is None:
        return None
    frame = store.select(LOADED, bindings={"sha": Literal(sha)})
    if frame.empty:
        return None
    row = frame.iloc[0]
    return IngestResult(path, row["disclosure"], row["department"], int(str(row["year"])[:4]),
                        row["kind"], int(row["tables"]), int(row["empties"]), int(row["facts"]),
                        store.count(row["disclosure"]), unchanged=True)


@dataclass(frozen=True)
class Prepared:
    """One file's work done where it was read, as it comes back to the writer: the result so far
    (what was read, or why not), the graph as N-Triples bytes (Oxigraph's; far smaller and quicker
    to pass than a pickled rdflib Graph), and the findings of every check that needs no store."""

    result: IngestResult
    """Its disclosure's IRI (also its named graph's) and counts; triples and validation are the
    writer's to fill in."""
    ntriples: bytes = b""
    triples: int = 0
    report: DocumentReport | None = None
    unlisted_codes: tuple[str, ...] = ()
    """The printed codes the reference list lacks: those compared with the store's other
    disclosures when the file is loaded (kg.validate.elsewhere.checked_elsewhere)."""


def prepare(path: Path, options: dict) -> Prepared:
    """One file's work that does not read the store: read, extract, build and validate (all but
    the comparison with other disclosures). Runs in a worker process; ``options`` are
    kg.extract.extract's."""
    import pyoxigraph as ox

    from kg.cache import extracted
    from kg.graph import MemoryGraph, build
    from kg.validate import validate
    from kg.validate.elsewhere import unlisted_codes

    path = Path(path)
    try:
        disclosure = extracted(path, **options)  # from $GOVKG_CACHE when it holds it
        # One copy into Oxigraph: validated in place, then written out as N-Triples natively.
        graph = MemoryGraph.from_rdflib(build(disclosure))
        report = validate(graph, source=str(path))
    except GovkgError as error:
        return Prepared(IngestResult(path, error=error))
    meta = disclosure.metadata
    result = IngestResult(path, str(graph.identifier), meta.department, meta.year, meta.kind,
                          len(disclosure.tables), sum(t.empty for t in disclosure.tables),
                          len(disclosure.facts))
    return Prepared(result, ntriples=graph.store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                      from_graph=ox.DefaultGraph()),
                    triples=len(graph), report=report, unlisted_codes=unlisted_codes(graph.store))


@dataclass(frozen=True)
class Loadable:
    """A disclosure graph as the stores load it (identifier, len(), serialize to N-Triples)."""

    identifier: str
    ntriples: bytes
    triples: int

    def __len__(self) -> int:
        return self.triples

    def serialize(self, format: str = "nt") -> str:
        return self.ntriples.decode("utf-8")


HOLDS_DISCLOSURES = ("PREFIX gk: <https://w3id.org/govkg/ontology#> "
                     "ASK { GRAPH ?g { ?d a gk:Disclosure } }")


def bulk_applies(store) -> bool:
    """Oxigraph's bulk loader is used on an embedded store that holds no disclosure yet."""
    return hasattr(store, "bulk_load_graph") and not bool(store.select(HOLDS_DISCLOSURES).iloc[0, 0])


class Writer:
    """The one process that writes the store: each prepared file, in the order given, is checked
    against the disclosures loaded before it and then loaded.

    Incremental (a store that already holds disclosures, or an endpoint): each graph replaces its
    old version and moves the summary in one atomic update (kg.summary.replace_disclosure).
    Bulk (an embedded store without disclosures): each graph goes in through Oxigraph's bulk
    loader, and the summary is rebuilt once at the end. The bulk loader is not transactional, so
    - a graph whose bulk load fails is dropped again (whatever part of it was written) and loaded
      through an atomic update instead; if that fails too the file is reported and nothing of it
      stays;
    - the summary's digest is removed before the first bulk load: a run stopped midway leaves
      whole graphs and a summary the next ingest sees is stale and rebuilds (ensure_summary).
      Only a process killed inside one bulk load can leave part of that one graph.
    """

    def __init__(self, store, bulk: bool | None = None) -> None:
        self.store = store
        self.bulk = bulk_applies(store) if bulk is None else bulk
        self.bulk_loaded: set[str] = set()
        self.stale = False

    def load(self, prepared: Prepared) -> IngestResult:
        from kg.graph import MemoryGraph
        from kg.validate import findings_graph
        from kg.validate.elsewhere import checked_elsewhere

        result = prepared.result
        if not result.ok:
            return result
        try:
            report = checked_elsewhere(prepared.report, prepared.ntriples,
                                       prepared.unlisted_codes, self.store)
            findings = MemoryGraph.from_rdflib(findings_graph(report))  # stored with the numbers
            triples = self.write(Loadable(result.disclosure,
                                          prepared.ntriples + findings.serialize().encode("utf-8"),
                                          prepared.triples + len(findings)))
        except GovkgError as error:
            return IngestResult(result.path, error=error)
        return replace(result, triples=triples, validation=report)

    def write(self, graph: Loadable) -> int:
        from kg.summary import mark_stale, replace_disclosure

        if not self.bulk:
            return replace_disclosure(self.store, graph)  # the summary moves in the same update
        if not self.stale:
            mark_stale(self.store)
            self.stale = True
        name = graph.identifier
        if name in self.bulk_loaded:  # a second file of the same disclosure replaces the first
            return self.store.replace_graph(graph)
        try:
            self.store.bulk_load_graph(name, graph.ntriples)
        except GovkgError:
            self.store.remove_graph(name)
            self.store.replace_graph(graph)
        self.bulk_loaded.add(name)
        return len(graph)

    def close(self) -> None:
        from kg.summary import rebuild_summary

        if self.stale:
            rebuild_summary(self.store)
        self.store.flush()


def prepared_files(paths: list[Path], options: dict, jobs: int) -> Iterator[Prepared]:
    """prepare() of each file, in the order given: in this process, or in a pool of ``jobs``
    processes that keeps a few files ahead of the writer (not all: their graphs wait in memory)."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield prepare(path, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: a fresh interpreter per worker, safe whatever threads or stores this process holds.
    pool = ProcessPoolExecutor(min(jobs, len(paths)), mp_context=multiprocessing.get_context("spawn"))
    try:
        waiting = iter(paths)
        ahead = deque(pool.submit(prepare, path, options) for path in islice(waiting, 4 * jobs))
        while ahead:
            prepared = ahead.popleft().result()
            if (path := next(waiting, None)) is not None:
                ahead.append(pool.submit(prepare, path, options))
            yield prepared
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest(paths: Iterable[str | Path], store, progress: Callable[[Path], None] | None = None,
           force: bool = False, jobs: int = 1, bulk: bool | None = None,
           **options) -> list[IngestResult]:
    """Ingest every file into the store; one result per file, in the order given, failures
    included. A file already in the store (same SHA-256) is left as it is, unread, unless
    ``force``; ``jobs`` processes read the files (1: this one); ``bulk`` forces the bulk or the
    incremental path (default: bulk on a store without disclosures, see Writer); ``progress`` is
    called with each file once it is done; ``options`` are kg.extract.extract's (department,
    year, kind, strict)."""
    from kg.summary import ensure_summary

    load_reference_graphs(store)
    ensure_summary(store)
    paths = [Path(p) for p in paths]
    results: list[IngestResult | None] = [None] * len(paths)
    # What the user says of the files (their year, department …) may change how they read.
    skip = not force and not any(options.values())
    todo: list[int] = []
    again: list[int] = []  # the same bytes as an earlier file of this run: settled after it
    seen: set[str] = set()
    for index, path in enumerate(paths):
        sha = file_sha(path) if skip else None
        if sha is not None and (loaded := already_loaded(path, store, sha)) is not None:
            results[index] = loaded
            if progress is not None:
                progress(path)
        elif sha is not None and sha in seen:
            again.append(index)
        else:
            if sha is not None:
                seen.add(sha)
            todo.append(index)
    writer = Writer(store, bulk)
    try:
        for index, prepared in zip(todo, prepared_files([paths[i] for i in todo], options, jobs)):
            results[index] = writer.load(prepared)
            if progress is not None:
                progress(paths[index])
            if isinstance(results[index].error, StoreUnavailable):
                # A server that stopped answering fails every later file the same way, each after
                # the whole timeout: they are reported as not loaded instead.
                for later in todo[todo.index(index) + 1:] + again:
                    results[later] = IngestResult(paths[later], error=StoreUnavailable(
                        f"not loaded: the store stopped answering at {paths[index].name}",
                        path=paths[later]))
                again = []
                break
        for index in again:
            results[index] = (already_loaded(paths[index], store)
                              or writer.load(prepare(paths[index], options)))
            if progress is not None:
                progress(paths[index])
    finally:
        writer.close()
    return results


def ingest_file(path: Path, store, force: bool = False, **options) -> IngestResult:
    """Read, validate and load one file; ``options`` are kg.extract.extract's."""
    return ingest([path], store, force=force, **options)[0]
