"""A Disclosure → its rdflib Graph, named after the disclosure (one named graph per disclosure).

Every number becomes a qb:Observation: its table column, its amount as xsd:decimal, its code or
line item and the source line it was read from. The store keeps what is printed; what follows from
it and the ontology (the observation's table, measure, fund source, unit and precision where they
are its table's or its disclosure's, the calculation instances) is derived when the graph is
validated (kg.validate.derive) or queried. No blank nodes and no timestamps, so the same file always
gives the same triples.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pandas as pd
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD, Namespace

from kg.extract import Disclosure
from kg.graph import iris
from kg.graph.claims import add_claims
from kg.graph.codes import add_code, reference_name
from kg.graph.provenance import add_source_line
from kg.graph.regions import resolve_region
from kg.recognize.catalogue import load_catalogue
from kg.vocab import GK

QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
UNITS = {"万元": GK.WanYuan, "元": GK.Yuan}
KINDS = {"final": GK.FinalAccounts, "budget": GK.Budget}
CODE_PROPERTY = {"functional": GK.functionalClassification,
                 "economic-dept": GK.economicClassification}
TABLE_BASE = iris.TABLE_BASE


def disclosure_iri(disclosure: Disclosure) -> URIRef:
    meta = disclosure.metadata
    return iris.disclosure(meta.department, meta.year, meta.kind, meta.part)


def decimals(amount: Decimal) -> int:
    """Printed number of decimals: 5.00 → 2, 0 → 0."""
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0  # 'n', 'F': not a number


def add_metadata(graph: Graph, subject: URIRef, disclosure: Disclosure) -> None:
    meta = disclosure.metadata
    department = iris.department(meta.department)
    source = iris.source_file(meta.source_sha256)
    graph.add((subject, RDF.type, GK.Disclosure))
    graph.add((subject, RDF.type, QB.DataSet))
    graph.add((subject, DCTERMS.title, Literal(meta.title, lang="zh")))
    graph.add((subject, GK.department, department))
    graph.add((subject, GK.fiscalYear, Literal(str(meta.year), datatype=XSD.gYear)))
    graph.add((subject, GK.kind, KINDS[meta.kind]))
    graph.add((subject, GK.unit, UNITS[meta.unit]))
    if meta.published:
        graph.add((subject, DCTERMS.issued, Literal(meta.published, datatype=XSD.gYearMonth)))
    graph.add((subject, GK.sourceFile, source))
    for note in disclosure.reading_notes:
        graph.add((subject, GK.readingNote, Literal(note)))
    for field, evidence in meta.evidence:
        node = URIRef(f"{subject}/metadata/{field}")
        graph.add((subject, GK.metadataEvidence, node))  # a gk:MetadataEvidence: the range says so
        graph.add((node, GK.metadataField, Literal(field)))
        graph.add((node, GK.evidencePlace, Literal(evidence.place)))
        graph.add((node, GK.evidenceText, Literal(evidence.text or evidence.value)))
        if evidence.page is not None:
            graph.add((node, GK.page, Literal(evidence.page)))
    graph.add((source, RDF.type, GK.SourceFile))
    graph.add((source, GK.sha256, Literal(meta.source_sha256)))
    graph.add((source, GK.fileName, Literal(meta.source_path.name)))
    if meta.page_first_lines:
        graph.add((source, GK.pageFirstLines,
                   Literal(" ".join("-" if n is None else str(n) for n in meta.page_first_lines))))
    graph.add((department, RDF.type, GK.Department))
    graph.add((department, RDF.type, ORG.Organization))
    graph.add((department, SKOS.prefLabel, Literal(meta.department, lang="zh")))
    if meta.region:
        add_region(graph, department, meta.region)


def add_region(graph: Graph, department: URIRef, printed: str) -> None:
    """The department's region with its GB/T 2260 code and parents; unresolved, as printed."""
    chain = resolve_region(printed)
    for region in chain:
        node = iris.region(region.code)
        graph.add((node, RDF.type, GK.Region))
        graph.add((node, SKOS.notation, Literal(region.code)))
        graph.add((node, RDFS.label, Literal(region.name, lang="zh")))
        if region.parent:
            graph.add((node, SKOS.broader, iris.region(region.parent)))
    most_specific = iris.region(chain[-1].code) if chain else iris.unresolved_region(printed)
    if not chain:
        graph.add((most_specific, RDF.type, GK.Region))
        graph.add((most_specific, RDFS.label, Literal(printed, lang="zh")))
    graph.add((most_specific, GK.regionName, Literal(printed)))
    graph.add((department, GK.region, most_specific))


def add_tables(graph: Graph, subject: URIRef, disclosure: Disclosure,
               usual: dict[str, int]) -> None:
    """The printed tables, each with its usual precision (``usual``, from table_decimals)."""
    graph.add((subject, GK.printedTableCount, Literal(len(disclosure.tables))))
    graph.add((subject, GK.emptyTableCount, Literal(sum(t.empty for t in disclosure.tables))))
    for table in disclosure.tables:
        node = iris.printed_table(subject, table.key)
        graph.add((subject, GK.printedTable, node))  # a gk:PrintedTable: the range says so
        graph.add((node, GK.standardTable, URIRef(TABLE_BASE + table.key)))
        graph.add((node, GK.printedTitle, Literal(table.printed_title)))
        graph.add((node, GK.firstPage, Literal(table.first_page)))
        # Stated only where not the usual: a table ends on the page it begins on, has numbers
        # and prints them in the disclosure's unit (derived: kg.validate.derive, the queries).
        if table.last_page != table.first_page:
            graph.add((node, GK.lastPage, Literal(table.last_page)))
        if table.empty:
            graph.add((node, GK.isEmpty, Literal(True)))
        if table.unit != disclosure.metadata.unit:
            graph.add((node, GK.unit, UNITS[table.unit]))
        if table.key in usual:
            graph.add((node, SDMX_ATTRIBUTE.decimals, Literal(usual[table.key])))
        if table.number:
            graph.add((node, GK.tableNumber, Literal(table.number)))
        if table.note:
            graph.add((node, GK.note, Literal(table.note)))
        if table.not_read:
            graph.add((node, GK.notRead, Literal(table.not_read)))
            graph.add((node, GK.notReadPage, Literal(table.not_read_page)))


def table_decimals(disclosure: Disclosure) -> dict[str, int]:
    """Each table's usual printed precision (its most frequent number of decimals): stated once on
    the printed table, and on an observation only where it prints another."""
    facts = disclosure.facts
    usual: dict[str, int] = {}
    for key, amounts in facts.groupby("table_key")["amount"]:
        counts = Counter(decimals(a) for a in amounts)
        usual[key] = max(counts, key=lambda d: (counts[d], d))
    return usual


def add_observations(graph: Graph, subject: URIRef, disclosure: Disclosure,
                     usual: dict[str, int]) -> None:
    """One observation per printed number: what was printed and where, nothing derivable.

    Its data set is the disclosure, whose named graph holds it (a node with a gk:column is a
    printed cell). Its table, measure and fund source follow from its column
    (ontology/tables.ttl); its unit from the disclosure's and its precision from its table's,
    unless it prints its own; a coded row's name from the code list, unless it prints another.
    kg.validate.derive restores them for the shapes, and the library's queries join the ontology
    for them.
    """
    meta = disclosure.metadata
    year = meta.year
    printed_codes: dict[tuple[str, str], str] = {}
    graph.add((subject, GK.observationCount, Literal(len(disclosure.facts))))
    code_trees = {t.key for t in load_catalogue() if t.layout == "CodeTreeLayout"}
    for fact in disclosure.facts.itertuples(index=False):
        obs = iris.observation(subject, fact.table_key, fact.row_key, fact.column_key)
        graph.add((obs, GK.column, URIRef(f"{TABLE_BASE}{fact.table_key}-{fact.column_key}")))
        graph.add((obs, GK.amount, Literal(fact.amount, datatype=XSD.decimal)))
        if decimals(fact.amount) != usual[fact.table_key]:
            graph.add((obs, SDMX_ATTRIBUTE.decimals, Literal(decimals(fact.amount))))
        if fact.unit != meta.unit:
            graph.add((obs, GK.unit, UNITS[fact.unit]))
        add_source_line(graph, obs, subject, fact.page, fact.line)
        if not pd.isna(fact.row):
            graph.add((obs, GK.lineNumber, Literal(int(fact.row))))
        if not fact.code and fact.table_key in code_trees and pd.isna(fact.row):
            # The one row of a code-tree table without a code is its 合计 (some print it blank).
            graph.add((obs, GK.isTableTotal, Literal(True)))
        listed = None
        if fact.code:
            graph.add((obs, CODE_PROPERTY[fact.classification],
                       iris.code(fact.classification, year, fact.code)))
            printed_codes.setdefault((fact.classification, fact.code), fact.item)
            listed = reference_name(fact.classification, year, fact.code)
        if fact.item != listed:
            graph.add((obs, GK.item, Literal(fact.item)))
    for (classification, code), name in printed_codes.items():
        listed = reference_name(classification, year, code)
        # Every printed code's notation in the disclosure's own graph: queries then find a code
        # inside GRAPH ?disclosure, once, instead of among every graph that mentions it.
        graph.add((iris.code(classification, year, code), SKOS.notation, Literal(code)))
        if listed is None:
            # Printed but not in the reference list: a concept all the same, named as printed.
            add_code(graph, classification, year, code, name, False)
        elif listed != name:
            # A variant name, kept in this disclosure's graph: the graph is its source.
            graph.add((iris.code(classification, year, code), SKOS.altLabel, Literal(name, lang="zh")))


def build(disclosure: Disclosure) -> Graph:
    """The disclosure's named graph (identifier = the disclosure's IRI)."""
    subject = disclosure_iri(disclosure)
    graph = Graph(identifier=subject)
    add_metadata(graph, subject, disclosure)
    usual = table_decimals(disclosure)
    add_tables(graph, subject, disclosure, usual)
    add_observations(graph, subject, disclosure, usual)
    add_claims(graph, subject, disclosure)
    return graph
