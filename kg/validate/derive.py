"""What a stored disclosure graph leaves to derivation, put back for the time of its validation.

The store keeps what is printed (kg.graph.disclosure): each observation's column, amount, code or line
item and source line. The shapes read more: every observation's type and data set (the
disclosure), table, measure, fund source, unit and printed precision, its row's name, the type and
file of each source location, each claim's type and disclosure, and the calculation instances
that link a total to its parts. All of it follows from the stored graph and the ontology, so it is
derived here, into the in-memory store that pySHACL reads, and never stored. The derivation reads
only the graph: a disclosure read back from a store validates as one just built from its file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pandas as pd
import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.graph.claims import USUAL_KIND, usual_decimals, usual_unit
from kg.graph.iris import TABLE_BASE, source_page_line
from kg.vocab import GK

GK_NS = str(GK)
QB = "http://purl.org/linked-data/cube#"
SDMX_DECIMALS = "http://purl.org/linked-data/sdmx/2009/attribute#decimals"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
UNIT_NAMES = {GK_NS + "WanYuan": "万元", GK_NS + "Yuan": "元"}
CLASSIFICATIONS = {GK_NS + "functionalClassification": "functional",
                   GK_NS + "economicClassification": "economic-dept"}

PREFIXES = f"""PREFIX gk: <{GK_NS}>
PREFIX qb: <{QB}>
PREFIX sdmxa: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""
DISCLOSURE = PREFIXES + """SELECT ?unit ?year ?file WHERE {
  OPTIONAL { ?d gk:unit ?unit } OPTIONAL { ?d gk:fiscalYear ?year } OPTIONAL { ?d gk:sourceFile ?file } }"""
TABLES = PREFIXES + """SELECT ?table ?unit ?empty ?decimals ?notRead WHERE {
  ?d gk:printedTable ?printed . ?printed gk:standardTable ?table .
  OPTIONAL { ?printed gk:unit ?unit } OPTIONAL { ?printed gk:isEmpty ?empty }
  OPTIONAL { ?printed sdmxa:decimals ?decimals }
  OPTIONAL { ?printed gk:notRead ?notRead } }"""
OBSERVATIONS = PREFIXES + """SELECT ?obs ?column ?amount ?decimals ?unit ?item ?property ?code ?location ?row
WHERE {
  # Each part optional: a malformed observation still gets what can be derived, and the
  # well-formedness shape names what it lacks.
  # An observation is a node with a column or an amount (ingest states neither qb:dataSet nor its
  # type: the named graph is the data set); a derived previous-year value is no printed cell.
  { ?obs qb:dataSet ?d } UNION { ?obs gk:column ?anyColumn }
  UNION { ?obs gk:amount ?anyAmount FILTER NOT EXISTS { ?obs a gk:DerivedObservation } }
  OPTIONAL { ?obs gk:column ?column }
  OPTIONAL { ?obs gk:amount ?amount }
  OPTIONAL { ?obs gk:sourceLocation ?location }
  OPTIONAL { ?obs sdmxa:decimals ?decimals }
  OPTIONAL { ?obs gk:unit ?unit }
  OPTIONAL { ?obs gk:item ?item }
  OPTIONAL { VALUES ?property { gk:functionalClassification gk:economicClassification }
             ?obs ?property ?code }
  OPTIONAL { ?obs gk:lineNumber ?row }
}"""
LOCATIONS = PREFIXES + "SELECT DISTINCT ?location WHERE { ?d a gk:Disclosure . ?node gk:sourceLocation ?location }"
VIEW_COLUMNS = ["table_key", "row_key", "column_key", "measure", "fund", "code", "classification",
                "item", "amount", "unit", "page", "line", "row"]
"""The columns of kg.extract's facts that a stored graph gives back."""
CLAIMS = PREFIXES + """SELECT ?claim ?kind ?unit ?decimals WHERE { ?d gk:claim ?claim .
  OPTIONAL { ?claim gk:claimKind ?kind }
  OPTIONAL { ?claim gk:claimUnit ?unit } OPTIONAL { ?claim gk:statedDecimals ?decimals } }"""


@dataclass(frozen=True)
class TableView:
    """What kg.graph.calculations reads of a printed table (kg.extract.PrintedTable's fields)."""

    key: str
    name: str
    unit: str
    empty: bool
    not_read: str = ""


@dataclass(frozen=True)
class YearView:
    year: int


@dataclass
class DisclosureView:
    """A disclosure as its stored graph gives it back: enough of kg.extract.Disclosure for the
    calculation instances (its facts, its printed tables and its year)."""

    metadata: YearView
    tables: list[TableView]
    facts: pd.DataFrame = field(repr=False)


@lru_cache(maxsize=1)
def _columns() -> dict[str, tuple[str, str, str, str | None, str]]:
    """Column IRI → (table key, column key, measure, fund source, table name)."""
    from kg.recognize.catalogue import load_catalogue

    return {column.iri: (table.key, column.key, column.measure, column.fund or table.default_fund,
                         table.name)
            for table in load_catalogue() for column in table.columns}


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def _value(term):
    return None if term is None else term.value


def _rows(memory: ox.Store, query: str, disclosure: str) -> list[dict]:
    # ?d bound first: the patterns are optional, and must not bind it to other subjects.
    result = memory.query(query.replace("WHERE {", f"WHERE {{ VALUES ?d {{ <{disclosure}> }}", 1))
    names = [v.value for v in result.variables]
    return [{name: solution[name] for name in names} for solution in result]


def _printed(amount: str, decimals: int) -> Decimal | None:
    """The amount with the decimals it was printed with (the store keeps 5.00 as 5); None for a
    text that is no number (the well-formedness shape reports it)."""
    try:
        return Decimal(amount).quantize(Decimal(1).scaleb(-decimals))
    except InvalidOperation:
        return None


def read_back(memory: ox.Store, disclosure: str) -> tuple[DisclosureView, list[ox.Quad]]:
    """The disclosure's facts and tables as its graph states them, and the quads the shapes
    read that the graph leaves to derivation (everything but the calculation instances)."""
    from kg.graph.codes import reference_name

    meta = _rows(memory, DISCLOSURE, disclosure)[0]  # all optional: always a row
    year = int(meta["year"].value[:4]) if meta["year"] is not None else 0
    default_unit = meta["unit"]
    subject = ox.NamedNode(disclosure)
    columns = _columns()
    tables: list[TableView] = []
    usual: dict[str, int] = {}
    names = {key: name for key, _, _, _, name in columns.values()}
    for row in _rows(memory, TABLES, disclosure):
        key = row["table"].value.removeprefix(TABLE_BASE)
        unit = row["unit"] or default_unit  # a table states its unit where not the disclosure's
        if unit is None:
            continue  # neither states one: the shapes report the disclosure's missing unit
        tables.append(TableView(key, names.get(key, key), UNIT_NAMES[unit.value],
                                _value(row["empty"]) == "true", _value(row["notRead"]) or ""))
        if row["decimals"] is not None:
            usual[key] = int(row["decimals"].value)
    quads: list[ox.Quad] = []
    add = quads.append
    facts = []
    prefix = f"{disclosure}/obs/"
    seen: set[str] = set()
    for row in _rows(memory, OBSERVATIONS, disclosure):
        obs = row["obs"]
        if obs.value in seen:
            continue  # a malformed observation with two of something: derived once
        seen.add(obs.value)
        add(ox.Quad(obs, RDF_TYPE, ox.NamedNode(QB + "Observation")))
        add(ox.Quad(obs, ox.NamedNode(QB + "dataSet"), subject))
        if row["unit"] is None and default_unit is not None:
            add(ox.Quad(obs, ox.NamedNode(GK_NS + "unit"), default_unit))
        column = columns.get(row["column"].value) if row["column"] is not None else None
        if column is None:
            continue  # no column of the catalogue: its table and measure are unknown
        table_key, column_key, measure, fund, _ = column
        add(ox.Quad(obs, ox.NamedNode(GK_NS + "table"), ox.NamedNode(TABLE_BASE + table_key)))
        add(ox.Quad(obs, ox.NamedNode(GK_NS + "measure"), ox.NamedNode(measure)))
        if fund:
            add(ox.Quad(obs, ox.NamedNode(GK_NS + "fundSource"), ox.NamedNode(fund)))
        digits = int(row["decimals"].value) if row["decimals"] is not None else usual.get(table_key, 0)
        if row["decimals"] is None:
            add(ox.Quad(obs, ox.NamedNode(SDMX_DECIMALS), _integer(digits)))
        code = row["code"].value.rsplit("/", 1)[-1] if row["code"] is not None else ""
        classification = CLASSIFICATIONS[row["property"].value] if code else ""
        item = _value(row["item"])
        if item is None:
            # Not stored: the row prints the code list's name (build stores any other).
            item = reference_name(classification, year, code) if code else None
            if item is not None:
                add(ox.Quad(obs, ox.NamedNode(GK_NS + "item"), ox.Literal(item)))
        unit = row["unit"] or default_unit
        amount = _printed(row["amount"].value, digits) if row["amount"] is not None else None
        place = source_page_line(row["location"].value) if row["location"] is not None else None
        if amount is None or place is None or unit is None:
            continue  # not a cell the calculations can read
        facts.append({
            "table_key": table_key, "row_key": obs.value.removeprefix(prefix).split("/")[1],
            "column_key": column_key, "measure": measure, "fund": fund or "", "code": code,
            "classification": classification, "item": item or "",
            "amount": amount, "unit": UNIT_NAMES[unit.value],
            "page": place[0], "line": place[1],
            "row": int(row["row"].value) if row["row"] is not None else pd.NA})
    source = meta["file"]
    for row in _rows(memory, LOCATIONS, disclosure):
        location = row["location"]
        add(ox.Quad(location, RDF_TYPE, ox.NamedNode(GK_NS + "SourceLocation")))
        if (place := source_page_line(location.value)) is not None:
            add(ox.Quad(location, ox.NamedNode(GK_NS + "page"), _integer(place[0])))
            add(ox.Quad(location, ox.NamedNode(GK_NS + "line"), _integer(place[1])))
        if source is not None:
            add(ox.Quad(row["location"], PROV_DERIVED, source))
    for row in _rows(memory, CLAIMS, disclosure):
        claim = row["claim"]
        add(ox.Quad(claim, RDF_TYPE, ox.NamedNode(GK_NS + "Claim")))
        add(ox.Quad(claim, ox.NamedNode(GK_NS + "inDisclosure"), subject))
        kind = _value(row["kind"])
        if kind is None:
            kind = USUAL_KIND
            add(ox.Quad(claim, ox.NamedNode(GK_NS + "claimKind"), ox.Literal(kind)))
        if row["unit"] is None and (unit := usual_unit(kind)) is not None:
            add(ox.Quad(claim, ox.NamedNode(GK_NS + "claimUnit"), ox.Literal(unit)))
        if row["decimals"] is None:
            add(ox.Quad(claim, ox.NamedNode(GK_NS + "statedDecimals"), _integer(usual_decimals(kind))))
    return DisclosureView(YearView(year), tables, pd.DataFrame(facts, columns=VIEW_COLUMNS)), quads


def derived_quads(memory: ox.Store, disclosure: str) -> list[ox.Quad]:
    """Every quad the shapes read that the disclosure's graph in ``memory`` leaves to derivation,
    the calculation instances included."""
    from kg.graph.calculations import calculation_graph
    from kg.graph.memory_graph import quads as rdflib_quads

    view, quads = read_back(memory, disclosure)
    if stated_calculations(memory, disclosure):
        # A graph that states its calculation instances (written by hand, or stored by an older govkg
        # that kept them) is checked by those.
        return quads
    calculations: Graph = calculation_graph(URIRef(disclosure), view)
    return quads + list(rdflib_quads(calculations))


def stated_calculations(memory: ox.Store, disclosure: str) -> bool:
    """Whether the graph holds calculation instances of its own."""
    return any(memory.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(GK_NS + "CalculationInstance")))
