"""The graph: a Disclosure as RDF, one named graph per disclosure. Knows nothing of files or PDFs."""

from rdflib import Graph

from kg.graph.codes import code_schemes_graph
from kg.graph.disclosure import build, disclosure_iri
from kg.graph.iris import CODES_GRAPH, ONTOLOGY_GRAPH
from kg.graph.memory_graph import MemoryGraph

__all__ = ["build", "disclosure_iri", "code_schemes_graph", "ontology_graph", "MemoryGraph",
           "CODES_GRAPH", "ONTOLOGY_GRAPH"]


def ontology_graph() -> Graph:
    """ontology/*.ttl as one graph, to load into the store beside the disclosures."""
    from kg.resources import ontology_files

    graph = Graph(identifier=ONTOLOGY_GRAPH)
    for path in ontology_files():
        graph.parse(path)
    return graph
