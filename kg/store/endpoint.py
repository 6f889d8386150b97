"""Any SPARQL 1.1 endpoint as a store: queries through SPARQLWrapper, loads as SPARQL Update.

Replacing a disclosure's graph is one update request (DROP + INSERT DATA, with the summary's delta
operations before and after it), which SPARQL 1.1 servers (Oxigraph, Fuseki, GraphDB …) apply
atomically: a failed load leaves the old graph and the old summary.
Credentials come from $GOVKG_ENDPOINT_USER and $GOVKG_ENDPOINT_PASSWORD, never from the command
line, and are never printed. A request the server has not answered in $GOVKG_ENDPOINT_TIMEOUT
seconds (default 600; 0: no limit) fails with an error naming the endpoint, instead of waiting
forever on a server that will never answer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd

from kg.errors import QueryError, StoreError, StoreUnavailable

if TYPE_CHECKING:
    from rdflib import Graph
    from SPARQLWrapper import SPARQLWrapper

    from kg.graph import MemoryGraph

XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_TIMEOUT = 600
"""Seconds a request may wait for the server's answer: far above one disclosure's update or a
library query on a loaded server, far below "forever"."""
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger")}


def python_value(binding: dict | None) -> str | int | bool | Decimal | None:
    """A SPARQL JSON result term as a plain Python value, typed like the embedded store's."""
    if binding is None:
        return None
    value, datatype = binding["value"], binding.get("datatype")
    if binding["type"] in ("literal", "typed-literal"):
        if datatype == XSD + "decimal":
            return Decimal(value)
        if datatype in INTEGER_TYPES:
            return int(value)
        if datatype == XSD + "boolean":
            return value in ("true", "1")  # both are xsd:boolean's lexical forms (Virtuoso: "1")
    return value


def values_clause(bindings: dict | None) -> str:
    """Parameters as a VALUES block of N-Triples terms (escaped by rdflib, never raw text);
    None is UNDEF: the variable stays free, e.g. "every department"."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join("UNDEF" if term is None else term.n3() for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def substitute(sparql: str, bindings: dict) -> str:
    """The text with each ``?name`` written as its term (N-Triples, escaped by rdflib), for
    constants known when the text is sent. Oxigraph plans ``GRAPH <g>`` as one graph's lookups,
    where ``GRAPH ?d`` with ?d bound by VALUES or BIND hashes an OPTIONAL inside it over every
    graph of the store (seconds per disclosure at 1,000); Virtuoso 7.2 waits forever on a one-row
    VALUES joined with an OPTIONAL (openlink/virtuoso-opensource#636). Only for variables that
    are never projected: ``SELECT <iri>`` is not SPARQL."""
    for name, term in bindings.items():
        sparql = re.sub(rf"\?{name}\b", lambda _: term.n3(), sparql)
    return sparql


WHERE_GROUP = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind(sparql: str, bindings: dict | None,
         clause: Callable[[dict | None], str] = values_clause) -> str:
    """Insert the parameters' VALUES block (or another ``clause``) at the start of every WHERE
    group: the query's and each subquery's, since a subquery does not see the variables bound outside it (and one that
    aggregates should work on the chosen department or year only, not on the whole store)."""
    block = clause(bindings)
    if not block:
        return sparql
    if not WHERE_GROUP.search(sparql):
        brace = sparql.find("{")
        if brace < 0:
            raise QueryError("cannot bind parameters: the query has no WHERE group")
        return f"{sparql[:brace + 1]}\n  {block}\n{sparql[brace + 1:]}"
    return WHERE_GROUP.sub(lambda m: f"{m[0]}\n  {block}\n", sparql)


PROLOGUE = re.compile(r"^[ \t]*(PREFIX|BASE)\b", re.IGNORECASE | re.MULTILINE)


def join_updates(*parts: str) -> str:
    """Update texts as one request. Their PREFIX lines go first, once: Oxigraph does not take a
    prologue after the first operation, though SPARQL 1.1 allows one before each."""
    prologue, bodies = [], []
    for part in filter(None, parts):
        if not PROLOGUE.search(part):  # one scan: a graph's thousands of triples have none
            bodies.append(part)
            continue
        lines = part.split("\n")
        prologue += [line for line in lines if PROLOGUE.match(line) and line not in prologue]
        bodies.append("\n".join(line for line in lines if not PROLOGUE.match(line)))
    return "\n".join(prologue + [" ;\n".join(bodies)])


BLANK_NODE = re.compile(r"^_:|\s_:\S+\s*\.\s*$")
"""An N-Triples line whose subject or object is a blank node."""
INSERT_DATA_TRIPLES = 2000
"""Triples per INSERT DATA operation: Virtuoso's SPARQL parser runs out of stack ("memory
exhausted") at ~5,000 in one; a request may hold many such operations."""


def replacing(name: str, body: str, before: str = "", after: str = "") -> str:
    """One update request: ``before``, the graph dropped and loaded again, ``after``. ``body``
    is N-Triples, one triple per line."""
    # Lines end at line feeds only: str.splitlines() also breaks at U+2028, U+0085 and other
    # characters that N-Triples leaves unescaped inside a literal, and would cut such a triple.
    lines = [line for line in body.split("\n") if line.strip()]
    blank: list[str] = []
    if "_:" in body:  # else no line to look at: govkg's own graphs have no blank node
        blank = [line for line in lines if BLANK_NODE.search(line)]
        lines = [line for line in lines if not BLANK_NODE.search(line)]
    inserts = [f"INSERT DATA {{ GRAPH <{name}> {{\n" + "\n".join(lines[i:i + INSERT_DATA_TRIPLES])
               + "\n} }" for i in range(0, len(lines), INSERT_DATA_TRIPLES)]
    if blank:
        # Virtuoso takes no blank node in INSERT DATA; an INSERT template makes one new node per
        # label, and all of them in one template keeps each label one node.
        inserts.append(f"INSERT {{ GRAPH <{name}> {{\n" + "\n".join(blank) + "\n} } WHERE {}")
    return join_updates(before, f"DROP SILENT GRAPH <{name}>", *inserts, after)


def removing(name: str, before: str = "") -> str:
    return join_updates(before, f"DROP SILENT GRAPH <{name}>")


def endpoint_timeout() -> int:
    """$GOVKG_ENDPOINT_TIMEOUT in whole seconds (0: no limit), else DEFAULT_TIMEOUT."""
    text = os.environ.get("GOVKG_ENDPOINT_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = int(text)
    except ValueError:
        raise StoreError(f"GOVKG_ENDPOINT_TIMEOUT={text!r} is not a number of seconds") from None
    if seconds < 0:
        raise StoreError(f"GOVKG_ENDPOINT_TIMEOUT={text!r} is negative")
    return seconds


class EndpointStore:
    def __init__(self, query_url: str, update_url: str | None = None,
                 timeout: int | None = None) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.user = os.environ.get("GOVKG_ENDPOINT_USER")
        self.password = os.environ.get("GOVKG_ENDPOINT_PASSWORD")
        self.timeout = timeout if timeout is not None else endpoint_timeout()
        self.path = None

    def _wrapper(self, url: str) -> SPARQLWrapper:
        from SPARQLWrapper import SPARQLWrapper

        wrapper = SPARQLWrapper(url)
        if self.timeout:
            wrapper.setTimeout(self.timeout)
        if self.user:
            wrapper.setCredentials(self.user, self.password or "")
        return wrapper

    def _fail(self, error: Exception, what: str) -> StoreError:
        # The message names the endpoint's URL (the update URL for an update), never the
        # credentials.
        url = self.update_url if what == "update" else self.query_url
        reason = getattr(error, "reason", None)
        if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
            return StoreUnavailable(f"{what} failed at {url}: no answer in {self.timeout} s "
                                    f"($GOVKG_ENDPOINT_TIMEOUT)")
        if isinstance(error, ConnectionError) or isinstance(reason, ConnectionError):
            return StoreUnavailable(f"{what} failed at {url}: {reason or error}")
        return StoreError(f"{what} failed at {url}: {type(error).__name__}: "
                          f"{str(error).splitlines()[0] if str(error) else ''}")

    def update(self, sparql: str) -> None:
        from SPARQLWrapper import POST, POSTDIRECTLY

        wrapper = self._wrapper(self.update_url)
        wrapper.setMethod(POST)
        # The update as the request's body (application/sparql-update), not a form field: a
        # disclosure's Chinese text is a third the size unencoded (SPARQL 1.1 Protocol 2.2.2).
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.setQuery(sparql)
        try:
            wrapper.query()
        except Exception as error:  # SPARQLWrapper raises urllib and its own errors alike
            raise self._fail(error, "update") from None

    def replace_graph(self, graph: Graph | MemoryGraph, before: str = "", after: str = "") -> int:
        self.update(replacing(graph.identifier, graph.serialize(format="nt"), before, after))
        return len(graph)

    def remove_graph(self, name: str, before: str = "") -> None:
        self.update(removing(name, before))

    def select(self, sparql: str, bindings: dict | None = None) -> pd.DataFrame:
        from SPARQLWrapper import JSON, POST
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

        wrapper = self._wrapper(self.query_url)
        # SPARQLWrapper guesses the query form from the text and is misled by an apostrophe in a
        # comment: send it without full-line comments (lines end at line feeds: a bound string
        # may hold a U+2028).
        text = "\n".join(line for line in bind(sparql, bindings).split("\n")
                         if not line.lstrip().startswith("#"))
        wrapper.setQuery(text)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        try:
            result = cast(dict, wrapper.queryAndConvert())  # JSON results: a dict
        except QueryBadFormed as error:
            raise QueryError(f"invalid SPARQL: {str(error).splitlines()[0]}") from None
        except Exception as error:
            raise self._fail(error, "query") from None
        if "boolean" in result:
            return pd.DataFrame({"result": [bool(result["boolean"])]})
        names = result["head"]["vars"]
        rows = [[python_value(row.get(name)) for name in names] for row in result["results"]["bindings"]]
        return pd.DataFrame(rows, columns=names)

    def graph_names(self) -> list[str]:
        frame = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(frame["g"])

    def count(self, graph_name: str | None = None) -> int:
        where = f"GRAPH <{graph_name}> {{ ?s ?p ?o }}" if graph_name else "GRAPH ?g { ?s ?p ?o }"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").iloc[0, 0])

    def dump(self, path: str | Path, fmt: str) -> None:
        """The endpoint's named graphs, fetched with one SELECT and written with rdflib."""
        from rdflib import BNode, Dataset, Literal, URIRef
        from SPARQLWrapper import JSON

        wrapper = self._wrapper(self.query_url)
        wrapper.setQuery("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        wrapper.setReturnFormat(JSON)
        try:
            result = cast(dict, wrapper.queryAndConvert())
        except Exception as error:
            raise self._fail(error, "export") from None

        def term(b: dict) -> URIRef | BNode | Literal:
            if b["type"] == "uri":
                return URIRef(b["value"])
            if b["type"] == "bnode":
                return BNode(b["value"])
            return Literal(b["value"], lang=b.get("xml:lang"),
                           datatype=URIRef(b["datatype"]) if b.get("datatype") else None)

        dataset = Dataset()
        for row in result["results"]["bindings"]:
            dataset.graph(URIRef(row["g"]["value"])).add(
                (term(row["s"]), term(row["p"]), term(row["o"])))
        formats = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt"}
        if fmt not in formats:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(formats)}")
        if fmt in ("ttl", "nt"):
            from rdflib import Graph

            merged = Graph()
            for quad in dataset.quads():
                merged.add(quad[:3])
            merged.serialize(destination=str(path), format=formats[fmt])
        else:
            dataset.serialize(destination=str(path), format=formats[fmt])

    def flush(self) -> None:
        """Nothing to flush: every update is committed by the server."""
