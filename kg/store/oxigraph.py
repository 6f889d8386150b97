"""Embedded on-disk store: Oxigraph (pyoxigraph), no server needed.

A narrow adapter — replace a named graph, query, dump — not a copy of rdflib's Graph API.
Replacing a graph is one SPARQL update (DROP + INSERT DATA, with the summary's delta operations
before and after it), which Oxigraph applies in a single transaction: readers see the old graph
and its summary or the new ones, never half of either.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd
import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.endpoint import bind, removing, replacing

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph import MemoryGraph

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger")}
DUMP_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def python_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | int | bool | Decimal | None:
    """A query result term as a plain Python value: IRIs and strings as str, numbers typed."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in INTEGER_TYPES:
            return int(term.value)
        if datatype == XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


class OxigraphStore:
    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        """The store in folder ``path`` (made if missing), or in memory without one;
        ``read_only``: an existing store's files, opened beside the process that writes them."""
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)  # Oxigraph makes the last folder only
                self._store = ox.Store(str(self.path))
        except OSError as error:
            raise StoreError(f"cannot open the store: {error}", path=self.path) from None

    def replace_graph(self, graph: Graph | MemoryGraph, before: str = "", after: str = "") -> int:
        """Atomically replace the named graph ``graph.identifier`` with ``graph``'s triples (an
        rdflib Graph or a kg.graph.MemoryGraph); ``before`` and ``after`` are update operations
        run in the same transaction (the summary's)."""
        name = graph.identifier
        try:
            self._store.update(replacing(name, graph.serialize(format="nt"), before, after))
        except (OSError, SyntaxError, RuntimeError) as error:
            raise StoreError(f"cannot load graph <{name}>: {error}", path=self.path) from None
        return len(graph)

    def bulk_load_graph(self, name: str, ntriples: bytes) -> None:
        """Add N-Triples to the named graph with Oxigraph's bulk loader: several times faster
        than an update, but NOT transactional (a failure may leave part of the triples). Only
        for a graph the caller can drop again: kg.ingest uses it on a store without disclosures.
        ``ntriples`` must be as Oxigraph writes them (a MemoryGraph's, a CONSTRUCT's): the load is
        lenient, not checking again IRIs Oxigraph checked when it made them (~10% of the load)."""
        try:
            self._store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES,
                                  to_graph=ox.NamedNode(name), lenient=True)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"cannot bulk-load graph <{name}>: {error}", path=self.path) from None

    def construct_ntriples(self, sparql: str) -> bytes:
        """A CONSTRUCT query's triples as N-Triples, written natively. It reads the store's own
        default graph, as an update's WHERE does (not the union that select() reads)."""
        result = self._query(sparql, union=False)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT query")
        return cast(bytes, result.serialize(format=ox.RdfFormat.N_TRIPLES))

    def remove_graph(self, name: str, before: str = "") -> None:
        """Drop the named graph, after ``before`` in the same transaction."""
        try:
            self._store.update(removing(name, before))
        except (OSError, SyntaxError, RuntimeError) as error:
            raise StoreError(f"cannot remove graph <{name}>: {error}", path=self.path) from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (all its operations in one transaction)."""
        try:
            self._store.update(sparql)
        except (OSError, SyntaxError, RuntimeError) as error:
            raise StoreError(f"update failed: {error}", path=self.path) from None

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def count(self, graph_name: str | None = None) -> int:
        where = f"GRAPH <{graph_name}> {{ ?s ?p ?o }}" if graph_name else "GRAPH ?g { ?s ?p ?o }"
        (row,) = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").itertuples()
        return int(row.n)

    def select(self, sparql: str, bindings: dict | None = None) -> pd.DataFrame:
        """Run a SELECT (or ASK) query over the union of all graphs; one column per variable.

        ``bindings`` (variable name → rdflib term) are bound by a VALUES block of escaped terms
        at the start of the WHERE group, exactly as on a remote endpoint, so both give the same
        answers.
        """
        result = self._query(bind(sparql, bindings), union=True)
        if isinstance(result, ox.QueryBoolean):
            return pd.DataFrame({"result": [bool(result)]})
        if isinstance(result, ox.QueryTriples):
            raise QueryError("CONSTRUCT/DESCRIBE queries are not supported here; use SELECT")
        names = [v.value for v in result.variables]
        rows = [[python_value(solution[name]) for name in names] for solution in result]
        return pd.DataFrame(rows, columns=names)

    def _query(self, sparql: str, union: bool) -> ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples:
        try:
            return self._store.query(sparql, use_default_graph_as_union=union)
        except SyntaxError as error:
            raise QueryError(f"invalid SPARQL: {error}") from None
        except (OSError, RuntimeError) as error:
            raise QueryError(f"query failed: {error}") from None

    def graph_ntriples(self, name: str) -> bytes:
        """One named graph as N-Triples, copied natively (no Python object per triple)."""
        # dump() returns the bytes when given no file.
        return cast(bytes, self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)))

    def dump(self, path: str | Path, fmt: str) -> None:
        """Write the whole store: nq/trig keep the named graphs; ttl/nt merge them."""
        if fmt not in DUMP_FORMATS:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}")
        rdf_format = DUMP_FORMATS[fmt]
        if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            self._store.dump(str(path), rdf_format)
            return
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        ox.serialize(cast(ox.QueryTriples, triples), str(path), rdf_format)

    def flush(self) -> None:
        self._store.flush()

    def backup(self, directory: str | Path) -> None:
        """A consistent copy of the store in a new ``directory`` (Oxigraph's backup: hard links
        where it can), e.g. for `govkg serve` while this store stays open here."""
        try:
            self._store.backup(str(directory))
        except OSError as error:
            raise StoreError(f"cannot back the store up to {directory}: {error}",
                             path=self.path) from None
