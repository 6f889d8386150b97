"""Validate: does a disclosure graph add up? pySHACL over shapes/ → Findings in a report.

Works on any graph of one disclosure: built from a file here, or read back from a store. Each
disclosure is validated on its own, in an in-memory Oxigraph store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload
from typing import Literal as Flag

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.graph import MemoryGraph
    from kg.store import Store

from kg.validate.findings import RULES, Category, DocumentReport, Finding, NotChecked, Report, Rule, Severity

__all__ = ["validate", "validate_files", "validate_file", "validate_stored",
           "stored_graph", "findings_graph", "Finding", "NotChecked", "DocumentReport", "Report",
           "Rule", "RULES", "Severity", "Category"]


def _disclosure_of(memory: ox.Store) -> str:
    """The IRI of the one gk:Disclosure in an in-memory pyoxigraph store."""
    import pyoxigraph as ox

    from kg.vocab import GK

    subjects = sorted(str(q.subject.value) for q in memory.quads_for_pattern(  # type: ignore[union-attr]
        None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.Disclosure))))
    if len(subjects) != 1:
        raise ValueError(f"expected the graph of one disclosure, found {len(subjects)}")
    return subjects[0]


@overload
def validate(graph: Graph | MemoryGraph, *, source: str = "", with_results: Flag[False] = False,
             store: Store | None = None) -> DocumentReport: ...
@overload
def validate(graph: Graph | MemoryGraph, *, source: str = "", with_results: Flag[True],
             store: Store | None = None) -> tuple[DocumentReport, Graph]: ...
def validate(graph: Graph | MemoryGraph, *, source: str = "", with_results: bool = False,
             store: Store | None = None) -> DocumentReport | tuple[DocumentReport, Graph]:
    """Validate the graph of one disclosure: an rdflib Graph as kg.graph.build returns it (copied
    into Oxigraph first), or a kg.graph.MemoryGraph, read in place and left as it was.

    With ``store`` (a kg.store store, e.g. the one it is being ingested into) its codes' printed
    names are also compared with those the store's other disclosures print.
    Returns a DocumentReport; with ``with_results`` also pySHACL's validation report graph.
    """
    from kg.graph.memory_graph import MemoryGraph
    from kg.validate.elsewhere import names_elsewhere
    from kg.validate.shacl import added, reference_names, validate_store

    memory = (graph if isinstance(graph, MemoryGraph) else MemoryGraph.from_rdflib(graph)).store
    disclosure = _disclosure_of(memory)
    extra = reference_names(memory)
    if store is not None:
        extra += names_elsewhere(memory, store, disclosure)
    with added(memory, extra):
        report, results = validate_store(memory, disclosure, source)
    return (report, results) if with_results else report


def stored_graph(store: Store, disclosure: str) -> ox.Store:
    """One disclosure's named graph from a kg.store store, as an in-memory Oxigraph store."""
    import pyoxigraph as ox

    memory = ox.Store()
    if hasattr(store, "graph_ntriples"):
        # The embedded store hands over the named graph natively as N-Triples.
        memory.load(store.graph_ntriples(disclosure), format=ox.RdfFormat.N_TRIPLES)
        return memory
    # Any other store (a SPARQL endpoint) through SELECT: every term rebuilt from its parts.
    # Tested on the embedded store's select(); not against a live endpoint.
    query = (Path(__file__).with_name("graph-triples.rq")).read_text(encoding="utf-8")
    frame = store.select(query, bindings={"graph": URIRef(disclosure)})

    def obj(row: Any) -> ox.NamedNode | ox.Literal:
        if row.isIri:
            return ox.NamedNode(row.o)
        if row.language:
            return ox.Literal(row.o, language=row.language)
        return ox.Literal(row.o, datatype=ox.NamedNode(row.datatype))

    memory.extend(ox.Quad(ox.NamedNode(r.s), ox.NamedNode(r.p), obj(r))
                  for r in frame.itertuples(index=False))
    return memory


@overload
def validate_stored(store: Store, disclosure: str, *,
                    with_results: Flag[False] = False) -> DocumentReport: ...
@overload
def validate_stored(store: Store, disclosure: str, *,
                    with_results: Flag[True]) -> tuple[DocumentReport, Graph]: ...
def validate_stored(store: Store, disclosure: str, *,
                    with_results: bool = False) -> DocumentReport | tuple[DocumentReport, Graph]:
    """Validate one disclosure already in a store (its named graph), its codes' printed names
    against the store's other disclosures too."""
    from kg.validate.elsewhere import names_elsewhere
    from kg.validate.shacl import reference_names, validate_store

    memory = stored_graph(store, disclosure)
    memory.extend(reference_names(memory) + names_elsewhere(memory, store, disclosure))
    report, results = validate_store(memory, disclosure, disclosure)
    return (report, results) if with_results else report


def validate_files(paths: Iterable[str | Path], *, store: Store | None = None,
                   progress: Callable[[Path], None] | None = None, **options: Any) -> Report:
    """Read, extract, build and validate each file; an unreadable file is a report with its error.

    ``options`` are kg.extract.extract's (department, year, kind, strict); with ``store`` the
    codes' names are also compared with the store's other disclosures; ``progress`` is called
    with each path before it is read.
    """
    report = Report()
    for path in map(Path, paths):
        if progress is not None:
            progress(path)
        report.documents.append(validate_file(path, store=store, **options)[0])
    return report


def validate_file(path: Path, *, store: Store | None = None,
                  **options: Any) -> tuple[DocumentReport, Graph | None]:
    """(DocumentReport, pySHACL's result graph or None) for one file; an unreadable file is a
    report with its error."""
    from kg.cache import extracted
    from kg.errors import GovkgError
    from kg.graph import build

    try:
        graph = build(extracted(path, **options))
    except GovkgError as error:
        return DocumentReport("", str(path), error=str(error)), None
    return validate(graph, source=str(path), with_results=True, store=store)


FINDING_BASE = "https://w3id.org/govkg/ontology#"


def findings_graph(report: DocumentReport) -> Graph:
    """The findings as RDF, for the disclosure's named graph: one sh:ValidationResult each (with
    an IRI, not a blank node), its rule code, place, numbers and messages, so they can be queried."""
    import hashlib

    from kg.vocab import GK

    graph = Graph(identifier=URIRef(report.disclosure))
    subject = URIRef(report.disclosure)
    severities = {Severity.violation: SH.Violation, Severity.warning: SH.Warning,
                  Severity.info: SH.Info}
    graph.add((subject, GK.findingCount, Literal(len(report.findings))))
    for finding in report.findings:
        # One finding per rule and place; several only where one observation breaks several
        # properties, told apart by their message.
        several = finding.detail if finding.rule == "observation.well-formed" else ""
        key = hashlib.sha1(f"{finding.rule}|{finding.focus}|{finding.calculation}|"
                           f"{several}".encode("utf-8")).hexdigest()[:16]
        node = URIRef(f"{report.disclosure}/finding/{key}")
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, URIRef(finding.focus) if finding.focus else subject))
        graph.add((node, SH.resultSeverity, severities[finding.severity]))
        graph.add((node, GK.ruleCode, Literal(finding.rule)))
        graph.add((node, GK.inDisclosure, subject))
        graph.add((node, SH.resultMessage, Literal(finding.message_zh, lang="zh")))
        graph.add((node, SH.resultMessage, Literal(finding.message_en, lang="en")))
        if finding.calculation:
            graph.add((node, SH.value, URIRef(finding.calculation)))
        for prop, value in ((GK.expectedAmount, finding.expected), (GK.actualAmount, finding.actual),
                            (GK.difference, finding.difference)):
            if value is not None:
                graph.add((node, prop, Literal(value, datatype=XSD.decimal)))
    return graph
