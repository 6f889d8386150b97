"""A built disclosure graph copied once into an in-memory Oxigraph store.

build() returns an rdflib Graph; validation needs the triples in Oxigraph (pySHACL then runs every
SPARQL constraint natively) and the store needs them as N-Triples. Copying the Graph once into a
MemoryGraph serves both: kg.validate.validate() reads it in place, and the stores load its
N-Triples, which Oxigraph writes natively (about 10× faster than rdflib's serializer).

A MemoryGraph offers what the stores read of an rdflib Graph (``identifier``, ``len()``,
``serialize(format="nt")``), nothing more. Oxigraph keeps literals in canonical form
("5.00"^^xsd:decimal is stored as "5"), as the on-disk store does anyway; the printed precision
is the observation's own sdmx-attribute:decimals.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _terms():
    """A function rdflib term → pyoxigraph term. Each term is made afresh: looking one up in a
    memo costs more, since rdflib hashes and compares its terms in Python. Only the datatypes (a
    handful) are memoised."""
    datatypes: dict = {}
    named, literal = ox.NamedNode, ox.Literal

    def term(node):
        kind = type(node)  # exact types first: rdflib's isinstance checks are slow ABC checks
        if kind is URIRef or (kind is not Literal and isinstance(node, URIRef)):
            return named(node)
        if kind is Literal or isinstance(node, Literal):
            language = node.language
            if language:
                return literal(node, language=language)
            datatype = datatypes.get(node.datatype)
            if datatype is None:
                datatype = datatypes[node.datatype] = named(node.datatype or XSD_STRING)
            return literal(node, datatype=datatype)
        return ox.BlankNode(str(node))

    return term


def quads(graph: Graph):
    """The graph's triples as pyoxigraph quads (default graph). rdflib's Memory store keeps them
    in a subject → predicate → objects index: walking it directly converts each subject and
    predicate once, and is twice as fast as Graph iteration. Any other store goes the public way."""
    term = _terms()
    index = getattr(graph.store, "_Memory__spo", None)
    if index is None or len(list(graph.store.contexts())) > 1:
        for s, p, o in graph:
            yield ox.Quad(term(s), term(p), term(o))
        return
    quad = ox.Quad
    for subject, predicates in index.items():
        s = term(subject)
        for predicate, objects in predicates.items():
            p = term(predicate)
            for obj in objects:
                yield quad(s, p, term(obj))


class MemoryGraph:
    """One named graph's triples, in the default graph of an in-memory pyoxigraph Store."""

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = URIRef(identifier)
        self.store = ox.Store()

    @classmethod
    def from_rdflib(cls, graph: Graph) -> MemoryGraph:
        memory = cls(graph.identifier)
        memory.add_graph(graph)
        return memory

    def add_graph(self, graph: Graph) -> None:
        """Add an rdflib graph's triples (e.g. the findings, after validation)."""
        self.store.extend(list(quads(graph)))

    def __len__(self) -> int:
        return len(self.store)

    def serialize(self, format: str = "nt") -> str:
        """The triples as N-Triples, written by Oxigraph (the only format the stores ask for)."""
        if format not in ("nt", "ntriples"):
            raise ValueError(f"a MemoryGraph serializes as N-Triples only, not {format!r}")
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES,
                               from_graph=ox.DefaultGraph()).decode("utf-8")
