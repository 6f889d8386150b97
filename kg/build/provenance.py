"""Where a resource was read: a line of a page of the disclosure's source file (PROV)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.build import iris
from kg.vocab import GK


def add_source_line(graph: Graph, node: URIRef, disclosure_iri: URIRef, sha256: str,
                    page: int, line: int) -> URIRef:
    """State that ``node`` was read at (page, line) of the file with this SHA-256; the location."""
    location = iris.source_line(disclosure_iri, page, line)
    graph.add((node, GK.sourceLocation, location))
    graph.add((location, RDF.type, GK.SourceLocation))
    graph.add((location, GK.page, Literal(int(page))))
    graph.add((location, GK.line, Literal(int(line))))
    graph.add((location, PROV.wasDerivedFrom, iris.source_file(sha256)))
    return location
