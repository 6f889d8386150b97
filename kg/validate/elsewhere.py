"""A code's printed name against the names other disclosures in the same store print for it.

Only a disclosure validated together with a store gets this check (kg.validate.validate_stored,
ingest); a file validated on its own has no other documents to compare with. The names are copied
into the validation store as gk:printedElsewhere nodes and compared by the shape gksh:CodeNameElsewhere
(shapes/observations.ttl), for the codes the reference list lacks (where it has them, it is the
authority: code.name-mismatch).

Ingest validates a file in two parts: everything else where the file is read (a worker process,
which has no store), then this one check in the process that writes the store, once the files
before it are loaded (`checked_elsewhere`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.validate.findings import DocumentReport
from kg.vocab import GK

KIND_ZH = {"budget": "预算", "final": "决算"}
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
SHAPE = "https://w3id.org/govkg/shapes/CodeNameElsewhere"


def printed_codes(memory: ox.Store) -> set[str]:
    found = set()
    for predicate in (GK.functionalClassification, GK.economicClassification):
        for quad in memory.quads_for_pattern(None, ox.NamedNode(str(predicate)), None):
            found.add(quad.object.value)
    return found


def unlisted_codes(memory: ox.Store) -> tuple[str, ...]:
    """The printed codes (IRIs) that the reference list lacks: the only ones the shape compares."""
    from kg.validate.shacl import reference_names

    listed = {quad.subject.value for quad in reference_names(memory)}
    return tuple(sorted(printed_codes(memory) - listed))


def names_elsewhere(memory: ox.Store, store, disclosure: str) -> list[ox.Quad]:
    """The names other disclosures of ``store`` print for the codes that ``disclosure`` (held in
    ``memory``) prints: four quads per (code, name, document), to add to ``memory``."""
    return names_for(printed_codes(memory), store, disclosure)


def names_for(codes: set[str] | tuple[str, ...], store, disclosure: str) -> list[ox.Quad]:
    """The names other disclosures of ``store`` print for ``codes`` (IRIs), as names_elsewhere."""
    codes = set(codes)
    if not codes:
        return []
    query = Path(__file__).with_name("names-elsewhere.rq").read_text(encoding="utf-8")
    frame = store.select(query, bindings={"this": URIRef(disclosure)})
    quads = []
    for row in frame.itertuples(index=False):
        if row.code not in codes:
            continue
        key = hashlib.sha1(f"{row.code}|{row.item}".encode("utf-8")).hexdigest()[:16]
        node = ox.NamedNode(f"{row.other}/printed-name/{key}")
        label = f"{row.department} {str(row.year)[:4]} 年{KIND_ZH.get(row.kind, row.kind)}"
        quads += [
            ox.Quad(ox.NamedNode(row.code), ox.NamedNode(str(GK.printedElsewhere)), node),
            ox.Quad(node, ox.NamedNode(str(GK.printedName)), ox.Literal(row.item)),
            ox.Quad(node, ox.NamedNode(str(GK.printedIn)), ox.NamedNode(row.other)),
            ox.Quad(node, ox.NamedNode(RDFS_LABEL), ox.Literal(label, language="zh")),
        ]
    return quads


def checked_elsewhere(report: DocumentReport, ntriples: bytes, codes: tuple[str, ...],
                      store) -> DocumentReport:
    """``report`` (every other check of the disclosure, made without a store) with this check's
    findings added: ``ntriples`` is the disclosure's graph, ``codes`` its unlisted_codes. The
    shape runs only when some other disclosure prints one of those codes."""
    from kg.validate.shacl import added, finding_order, reference_names, validate_store

    quads = names_for(codes, store, report.disclosure)
    if not quads:
        return report
    memory = ox.Store()
    memory.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    with added(memory, reference_names(memory) + quads):
        found, _ = validate_store(memory, report.disclosure, report.source, only=(SHAPE,))
    return replace(report, findings=sorted(report.findings + found.findings, key=finding_order))
