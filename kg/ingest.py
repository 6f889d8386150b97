"""Ingest: file → Document → Disclosure → Graph → store, one file at a time.

A file that fails at any stage is reported with its error and leaves the store as it was;
the other files of the same run still load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import GovkgError
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

    from kg.build import ONTOLOGY_GRAPH, code_schemes_graph, ontology_graph

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
  OPTIONAL { ?obs <http://purl.org/linked-data/cube#dataSet> ?disclosure }
}
GROUP BY ?disclosure ?department ?year ?kind
"""


def already_loaded(path: Path, store) -> IngestResult | None:
    """The store's record of this very file (same SHA-256), if it holds it."""
    from rdflib import Literal

    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the reader reports it
    frame = store.select(LOADED, bindings={"sha": Literal(sha)})
    if frame.empty:
        return None
    row = frame.iloc[0]
    return IngestResult(path, row["disclosure"], row["department"], int(str(row["year"])[:4]),
                        row["kind"], int(row["tables"]), int(row["empties"]), int(row["facts"]),
                        store.count(row["disclosure"]), unchanged=True)


def ingest_file(path: Path, store, force: bool = False, **options) -> IngestResult:
    """Read, validate and load one file; ``options`` are kg.extract.extract's."""
    # What the user says of the file (its year, department …) may change how it reads.
    given = any(options.values())
    if not force and not given and (loaded := already_loaded(path, store)) is not None:
        return loaded
    from kg.build import MemoryGraph, build, disclosure_iri
    from kg.extract import extract
    from kg.readers import read
    from kg.summary import replace_disclosure
    from kg.validate import findings_graph, validate

    try:
        disclosure = extract(read(path), **options)
        # One copy into Oxigraph: validated in place, then loaded (Oxigraph writes its N-Triples).
        graph = MemoryGraph.from_rdflib(build(disclosure))
        validation = validate(graph, source=str(path), store=store)
        graph.add_graph(findings_graph(validation))  # stored with the numbers, to be queried
        triples = replace_disclosure(store, graph)  # the summary moves in the same update
    except GovkgError as error:
        return IngestResult(path, error=error)
    meta = disclosure.metadata
    return IngestResult(path, str(disclosure_iri(disclosure)), meta.department, meta.year,
                        meta.kind, len(disclosure.tables),
                        sum(t.empty for t in disclosure.tables), len(disclosure.facts), triples,
                        validation=validation)


def ingest(paths: Iterable[str | Path], store, progress: Callable[[Path], None] | None = None,
           force: bool = False, **options) -> list[IngestResult]:
    """Ingest every file into the store; one result per file, failures included. A file
    already in the store (same SHA-256) is left as it is unless ``force``; ``options`` are
    kg.extract.extract's (department, year, kind, strict)."""
    from kg.summary import ensure_summary

    load_reference_graphs(store)
    ensure_summary(store)
    results = []
    for path in map(Path, paths):
        if progress is not None:
            progress(path)
        results.append(ingest_file(path, store, force, **options))
    store.flush()
    return results
