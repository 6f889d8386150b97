"""Generate kg/vocab.py — closed rdflib namespaces — from ontology/*.ttl.

Run ``python -m kg.vocab_gen`` after changing the ontology; a test fails while vocab.py is stale,
so a term mistyped in code fails loudly instead of minting a new IRI.
"""

from __future__ import annotations

from pathlib import Path

from kg.resources import ontology_files

NAMESPACES = {
    "GK": ("https://w3id.org/govkg/ontology#", "govkg core model: classes, properties and fixed concepts"),
    "GKM": ("https://w3id.org/govkg/def/measure/", "measures (canonical column labels)"),
    "GKF": ("https://w3id.org/govkg/def/fund/", "fund sources"),
    "GKE": ("https://w3id.org/govkg/def/expenditure-type/", "expenditure types"),
}
TARGET = Path(__file__).with_name("vocab.py")


def render() -> str:
    import rdflib

    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path)
    terms = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef)}
    out = ['"""Closed namespaces of the govkg ontology.',
           "",
           "Generated from ontology/*.ttl by `python -m kg.vocab_gen`; do not edit by hand.",
           '"""',
           "",
           "from rdflib.namespace import DefinedNamespace, Namespace",
           "from rdflib.term import URIRef",
           ""]
    for name, (base, doc) in NAMESPACES.items():
        local = sorted(t[len(base):] for t in terms if t.startswith(base) and t != base)
        out += ["", f"class {name}(DefinedNamespace):", f'    """{doc}"""', "",
                "    _fail = True", f'    _NS = Namespace("{base}")', ""]
        out += [f"    {term}: URIRef" for term in local if term.isidentifier()]
    return "\n".join(out) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
