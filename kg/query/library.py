"""The researchers' query library: one ``queries/NAME.rq`` file per question.

A file starts with header comment lines::

    # title: Expenditure by code
    # description: …            (may repeat; the lines are joined)
    # param: year year 2023 — fiscal year of the disclosure

``# param: NAME TYPE DEFAULT — description`` declares a parameter the SPARQL uses as ``?NAME``.
TYPE is one of string, year, decimal, integer, iri, department, region. Every parameter has a
default, written in the query itself: the parameters' VALUES block (``LibraryQuery.block``, the
defaults as typed RDF terms) opens every WHERE group, the query's and each subquery's, so the file
is standalone SPARQL that gives the same rows pasted into any endpoint's query page.
``govkg query NAME --param`` writes the given values' block in its place: values are checked here
and written as escaped RDF terms (rdflib), never pasted into the query text. A string default of
``""`` is the empty string.

A department or region is given by its printed name and bound as its node's IRI, minted the way
ingest mints it (normalised department name; GB/T 2260 code of the region): the query then
starts from an index lookup instead of comparing the labels of every department in the store.
``""`` leaves the variable unbound (UNDEF): every department, every region; so does a year
parameter given as ``""`` (every year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pandas as pd

from kg.errors import QueryError
from kg.store.endpoint import WHERE_GROUP, values_clause

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Identifier

    from kg.store import Store

PARAM_TYPES = ("string", "year", "decimal", "integer", "iri", "department", "region")
HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)\s+"
                   r"(?P<default>\"[^\"]*\"|\S+)\s*(?:[—–-]+\s*(?P<description>.*))?$")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class QueryParam:
    name: str
    """The SPARQL variable (without ``?``) the value is bound to."""
    type: str
    """string | year | decimal | integer | iri | department | region."""
    default: str
    """The default value as written in the header (unquoted)."""
    description: str = ""

    def term(self, value: str | int | Decimal | None = None) -> Identifier | None:
        """``value`` (or the default) as a typed rdflib term; QueryError when it is not valid."""
        return to_term(self, self.default if value is None else value)


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    """The file name without ``.rq``."""
    title: str
    description: str
    params: tuple[QueryParam, ...]
    sparql: str
    """The query text after the header comment lines."""
    path: Path

    def param(self, name: str) -> QueryParam:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def bindings(self, values: dict | None = None) -> dict:
        """Variable name → rdflib term for every parameter: the given value or the default."""
        values = dict(values or {})
        for name in values:
            self.param(name)  # unknown names fail before anything runs
        return {p.name: p.term(values.get(p.name)) for p in self.params}

    def block(self, values: dict | None = None) -> str:
        """The parameters' VALUES block for ``values`` (the defaults where not given)."""
        return values_clause(self.bindings(values))

    def text(self, values: dict | None = None) -> str:
        """The SPARQL to run: the file's, each parameters' block holding ``values``."""
        if not self.params:
            return self.sparql
        return self.sparql.replace(self.block(), self.block(values))


def to_term(param: QueryParam, value: str | int | Decimal) -> Identifier | None:
    """Check ``value`` against the parameter's type and return the rdflib term to bind."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    text = str(value).strip() if param.type != "string" else str(value)

    def bad(reason: str) -> QueryError:
        return QueryError(f"parameter {param.name}={str(value)!r}: {reason}")

    if param.type == "string":
        # A plain literal: the same term as "…"^^xsd:string in RDF 1.1, but Virtuoso 7.2 tells
        # them apart and would compare a typed parameter unequal to the plain "" in a query.
        return Literal(text)
    if param.type == "year":
        if not text:
            return None  # every year
        if not re.fullmatch(r"\d{4}", text):
            raise bad("a year is 4 digits, e.g. 2023")
        return Literal(text, datatype=XSD.gYear)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise bad("not an integer")
        return Literal(int(text), datatype=XSD.integer)
    if param.type == "decimal":
        if isinstance(value, float):
            raise bad("give a decimal as a string or Decimal, not a float")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise bad("not a decimal number") from None
        if not number.is_finite():
            raise bad("not a finite decimal number")
        return Literal(number, datatype=XSD.decimal)
    if param.type in ("department", "region"):
        return node_of(param.type, text)
    if param.type == "iri":
        parts = urlsplit(text)
        if not parts.scheme or not (parts.netloc or parts.scheme == "urn") \
                or re.search(r"[\s<>\"{}|\\^`]", text):
            raise bad("not an absolute IRI")
        return URIRef(text)
    raise bad(f"unknown type {param.type!r}")  # untested: parse_query rejects unknown types


def node_of(kind: str, printed: str) -> URIRef | None:
    """The IRI ingest gives the department or region printed so; None (UNDEF) for ""."""
    from kg.graph import iris
    from kg.graph.regions import resolve_region

    if not printed:
        return None
    if kind == "department":
        return iris.department(printed)
    chain = resolve_region(printed)
    return iris.region(chain[-1].code) if chain else iris.unresolved_region(printed)


def parse_query(path: Path) -> LibraryQuery:
    """Read one .rq file: its header (title, description, params) and its SPARQL."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"cannot read query file: {error}", path=path) from None
    title = ""
    description: list[str] = []
    params: list[QueryParam] = []
    body: list[str] = []
    in_header = True
    for number, line in enumerate(text.splitlines(), 1):
        match = HEADER.match(line) if in_header else None
        if match is None:
            if in_header and line.startswith("#") and not body:
                continue  # a plain comment inside the header
            in_header = False
            body.append(line)
            continue
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif value.lower() != "none":
            param = PARAM.match(value)
            if param is None or param["type"] not in PARAM_TYPES:
                raise QueryError(f"malformed # param line (NAME TYPE DEFAULT — description; "
                                 f"TYPE one of {', '.join(PARAM_TYPES)})", path=path, line=number)
            default = param["default"]
            if len(default) >= 2 and default[0] == default[-1] == '"':
                default = default[1:-1]
            params.append(QueryParam(param["name"], param["type"], default,
                                     (param["description"] or "").strip()))
    query = LibraryQuery(path.stem, title or path.stem, " ".join(description), tuple(params),
                         "\n".join(body).strip() + "\n", path)
    for declared in query.params:
        declared.term()  # a default that does not fit its type is the library's bug: fail loudly
    if query.params:
        groups, blocks = len(WHERE_GROUP.findall(query.sparql)), query.sparql.count(query.block())
        if groups != blocks:
            raise QueryError(f"the parameters' defaults must open each of the {groups} WHERE "
                             f"groups as {query.block()} (found {blocks})", path=path)
    return query


def queries_dir() -> Path:
    from kg.resources import QUERIES_DIR

    return QUERIES_DIR


def load_library(directory: str | Path | None = None) -> dict[str, LibraryQuery]:
    """Every query of the library by name, sorted by name."""
    directory = Path(directory) if directory is not None else queries_dir()
    return {path.stem: parse_query(path) for path in sorted(directory.glob("*.rq"))}


def get_query(name: str, directory: str | Path | None = None) -> LibraryQuery:
    if not NAME.match(name or ""):
        raise QueryError(f"unknown query {name!r}; `govkg queries` lists them")
    directory = Path(directory) if directory is not None else queries_dir()
    path = directory / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"unknown query {name!r}; `govkg queries` lists them")
    return parse_query(path)


def list_queries(directory: str | Path | None = None) -> pd.DataFrame:
    """One row per library query: name, title, description and its parameters."""
    rows = []
    for query in load_library(directory).values():
        rows.append({"name": query.name, "title": query.title, "description": query.description,
                     "params": ", ".join(f"{p.name}:{p.type}={p.default}" for p in query.params)})
    return pd.DataFrame(rows, columns=["name", "title", "description", "params"])


def run_query(store: Store, name: str, directory: str | Path | None = None,
              **params: str | int | Decimal | None) -> pd.DataFrame:
    """Run library query ``name`` on ``store`` with ``params`` (others take their defaults)."""
    return store.select(get_query(name, directory).text(params))
