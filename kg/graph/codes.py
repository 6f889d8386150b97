"""Concept schemes of the chart of accounts, generated from the CSV code lists in data/codes/.

One scheme per classification and year (functional_2023.csv → 支出功能分类 2023). A code's
skos:broader is the concept of its prefix (7 digits → 5 → 3), whatever the CSV's parent column
says. Parents missing from a list still become concepts, marked gk:inReferenceList false.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kg.graph import iris
from kg.resources import CODES_DIR
from kg.vocab import GK

XKOS_DEPTH = URIRef("http://rdf-vocabulary.ddialliance.org/xkos#depth")
XKOS_LEVEL = URIRef("http://rdf-vocabulary.ddialliance.org/xkos#ClassificationLevel")
LIST_FILE = re.compile(r"^(functional|economic_dept|revenue)_(\d{4})\.csv$")
CLASSIFICATIONS = {
    "functional": (GK.FunctionalClassification, "支出功能分类", "functional classification"),
    "economic-dept": (GK.EconomicClassificationDept, "部门预算支出经济分类", "economic classification (department)"),
    "revenue": (GK.RevenueClassification, "收入分类", "revenue classification"),
}
LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}


@dataclass(frozen=True)
class CodeList:
    classification: str
    year: int
    names: dict[str, str]
    """code → printed name"""
    sources: dict[str, str]


def parent(code: str) -> str | None:
    """The code of the prefix one level up: 2120899 → 21208 → 212 → None."""
    return code[:-2] if len(code) > 3 else None


def depth(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}[len(code)]


@lru_cache(maxsize=4)
def load_code_lists(directory: Path = CODES_DIR) -> dict[tuple[str, int], CodeList]:
    lists = {}
    for path in sorted(directory.glob("*.csv")):
        match = LIST_FILE.match(path.name)
        if not match:
            continue  # correspondence tables and attested lists without a single year
        classification, year = match.group(1).replace("_", "-"), int(match.group(2))
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        lists[(classification, year)] = CodeList(
            classification, year, {r["code"]: r["name"] for r in rows},
            {r["code"]: r.get("sources", "") for r in rows})
    return lists


def add_scheme(graph: Graph, classification: str, year: int) -> URIRef:
    concept, zh, en = CLASSIFICATIONS[classification]
    scheme = iris.scheme(classification, year)
    graph.add((scheme, RDF.type, GK.ClassificationScheme))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, GK.classification, concept))
    graph.add((scheme, GK.fiscalYear, Literal(str(year), datatype=XSD.gYear)))
    graph.add((scheme, SKOS.prefLabel, Literal(f"{zh} {year}", lang="zh")))
    graph.add((scheme, SKOS.prefLabel, Literal(f"{en} {year}", lang="en")))
    for level_depth, name in LEVEL_NAMES.items():
        level = iris.level(classification, year, level_depth)
        graph.add((level, RDF.type, XKOS_LEVEL))
        graph.add((level, XKOS_DEPTH, Literal(level_depth)))
        graph.add((level, SKOS.prefLabel, Literal(name, lang="zh")))
        graph.add((level, DCTERMS.isPartOf, scheme))
    return scheme


def add_code(graph: Graph, classification: str, year: int, code: str, name: str | None,
             in_reference: bool, attested: str = "") -> URIRef:
    """Add one code concept (and its prefix chain's links) to a graph."""
    scheme = iris.scheme(classification, year)
    concept = iris.code(classification, year, code)
    graph.add((concept, RDF.type, GK.Code))
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.notation, Literal(code)))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, GK.inReferenceList, Literal(in_reference)))
    graph.add((iris.level(classification, year, depth(code)), SKOS.member, concept))
    if name:
        graph.add((concept, SKOS.prefLabel, Literal(name, lang="zh")))
    if attested:
        graph.add((concept, GK.attestedIn, Literal(attested)))
    up = parent(code)
    if up is None:
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
    else:
        graph.add((concept, SKOS.broader, iris.code(classification, year, up)))
    return concept


def code_schemes_graph() -> Graph:
    """All reference code lists as SKOS, with skos:exactMatch across years for unchanged names."""
    graph = Graph(identifier=iris.CODES_GRAPH)
    lists = load_code_lists()
    for (classification, year), codes in sorted(lists.items()):
        add_scheme(graph, classification, year)
        known = set(codes.names)
        for code, name in codes.names.items():
            add_code(graph, classification, year, code, name, True, codes.sources.get(code, ""))
            up = parent(code)
            while up is not None and up not in known:
                # A listed code whose parent the list lacks: the parent exists, unnamed here.
                add_code(graph, classification, year, up, None, False)
                known.add(up)
                up = parent(up)
    # Link each code to its next edition that lists it, when the name is unchanged.
    editions: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for (classification, year), codes in sorted(lists.items()):
        for code, name in codes.names.items():
            editions.setdefault((classification, code), []).append((year, name))
    for (classification, code), seen in editions.items():
        for (year_a, name_a), (year_b, name_b) in zip(seen, seen[1:]):
            if name_a == name_b:
                a = iris.code(classification, year_a, code)
                b = iris.code(classification, year_b, code)
                graph.add((a, SKOS.exactMatch, b))
                graph.add((b, SKOS.exactMatch, a))
    return graph


def reference_name(classification: str, year: int, code: str) -> str | None:
    """The code's name in that year's reference list, or None if the list lacks it."""
    codes = load_code_lists().get((classification, year))
    return codes.names.get(code) if codes is not None else None
