"""Query: SPARQL over a store → pandas DataFrames; the tidy fact export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kg.errors import QueryError
from kg.query.library import list_queries, run_query

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["query", "facts_frame", "read_query_file", "run_query", "list_queries", "EXPORT_COLUMNS"]

# The columns of `govkg export --format csv`, exactly.
EXPORT_COLUMNS = ["disclosure", "department", "region", "year", "kind", "table", "code", "item",
                  "measure", "fund", "amount", "unit", "page"]


def read_query_file(path: str | Path) -> str:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"cannot read query file: {error}", path=path) from None


def query(store: Store, sparql: str) -> pd.DataFrame:
    """Run a SELECT query over all graphs of the store; one column per variable."""
    return store.select(sparql)


def printed(amount: Decimal, decimals: int) -> str:
    """The amount as printed: Oxigraph normalises 5.00 to 5, the decimals attribute restores it."""
    return f"{amount:.{int(decimals)}f}"


def facts_frame(store: Store) -> pd.DataFrame:
    frame = store.select(read_query_file(Path(__file__).with_name("facts.rq")))
    if frame.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    frame["amount"] = [printed(a, d) for a, d in zip(frame["amount"], frame["decimals"])]
    frame = frame.rename(columns={"regionCode": "region"})
    frame[["region", "code", "fund"]] = frame[["region", "code", "fund"]].fillna("")
    return frame[EXPORT_COLUMNS]
