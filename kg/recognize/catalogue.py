"""The catalogue of standard tables, read from ontology/tables.ttl (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.resources import ONTOLOGY_DIR

GK = "https://w3id.org/govkg/ontology#"
INCOME_SIDE = GK + "IncomeSide"
EXPENDITURE_SIDE = GK + "ExpenditureSide"


@dataclass(frozen=True)
class ColumnDef:
    """A numeric column of a standard table and what its numbers mean."""

    iri: str
    key: str
    """Short name used in observation IRIs (c1, L1, R2 …)."""
    index: int
    """1-based position within its side (or within the table)."""
    side: str | None
    """INCOME_SIDE or EXPENDITURE_SIDE for side-by-side tables, else None."""
    measure: str
    measure_label: str
    headers: tuple[tuple[str, ...], ...]
    """Header variants, each a tuple of parts that the printed header must all contain."""
    fund: str | None
    fund_label: str | None
    item: str | None
    """Line item of the column, for tables without row labels (“三公”)."""


@dataclass(frozen=True)
class TableDef:
    iri: str
    key: str
    number: str
    name: str
    """Canonical table name, e.g. 支出决算表."""
    kind: str
    """'final' or 'budget'."""
    layout: str
    """Local name of the gk:Layout concept, e.g. 'CodeTreeLayout'."""
    default_fund: str | None
    default_fund_label: str | None
    classification: str | None
    """Key of the classification of the printed codes ('functional', 'economic-dept'), if any."""
    titles: tuple[str, ...]
    columns: tuple[ColumnDef, ...]

    @property
    def sides(self) -> list[str | None]:
        return [INCOME_SIDE, EXPENDITURE_SIDE] if self.layout == "SideBySideLayout" else [None]

    def side_columns(self, side: str | None) -> list[ColumnDef]:
        return sorted((c for c in self.columns if c.side == side), key=lambda c: c.index)


@lru_cache(maxsize=1)
def load_catalogue(ontology_dir: Path = ONTOLOGY_DIR) -> tuple[TableDef, ...]:
    """The standard tables, flattened by catalogue.rq. Run in Oxigraph: rdflib's own SPARQL
    engine took 1.7 s for this query, a third of ingesting the seed."""
    import pyoxigraph as ox

    store = ox.Store()
    for name in ("concepts.ttl", "tables.ttl"):
        store.load(path=str(ontology_dir / name), format=ox.RdfFormat.TURTLE)
    query = (Path(__file__).with_name("catalogue.rq")).read_text(encoding="utf-8")
    result = store.query(query)
    names = [v.value for v in result.variables]
    columns: dict[str, list[ColumnDef]] = {}
    tables: dict[str, dict] = {}

    def values(subject: str, predicate: str) -> list[str]:
        return [q.object.value for q in store.quads_for_pattern(
            ox.NamedNode(subject), ox.NamedNode(GK + predicate), None)]

    for solution in result:
        row = {name: (solution[name].value if solution[name] is not None else None) for name in names}
        table = row["table"]
        tables.setdefault(table, dict(
            iri=table, key=row["tableKey"], number=row["number"], name=row["name"],
            kind=row["kind"], layout=row["layout"].rsplit("#", 1)[-1],
            default_fund=row.get("defaultFund"), default_fund_label=row.get("defaultFundLabel"),
            classification=row.get("classification")))
        columns.setdefault(table, []).append(ColumnDef(
            iri=row["column"], key=row["columnKey"], index=int(row["index"]), side=row.get("side"),
            measure=row["measure"], measure_label=row["measureLabel"],
            headers=tuple(sorted(tuple(v.split("/")) for v in values(row["column"], "headerLabel"))),
            fund=row.get("fund"), fund_label=row.get("fundLabel"), item=row.get("item")))
    return tuple(TableDef(titles=tuple(sorted(values(iri, "titleVariant"))),
                          columns=tuple(sorted(columns[iri], key=lambda c: (c.side or "", c.index))),
                          **fields)
                 for iri, fields in sorted(tables.items(), key=lambda kv: kv[1]["key"]))
