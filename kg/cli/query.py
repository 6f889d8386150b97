"""govkg query — run SPARQL over the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import EndpointOption, StoreOption, TableFormat, existing_store, fail, render


def query_command(
    sparql: Annotated[str | None, typer.Option("--sparql", help="Query text.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A .rq file.")] = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
) -> None:
    """Run a SPARQL SELECT or ASK query over all graphs of the store."""
    from kg.errors import GovkgError, QueryError
    from kg.query import query, read_query_file

    if (sparql is None) == (file is None):
        raise fail(QueryError("give exactly one of --sparql TEXT or --file F.rq"))
    try:
        text = sparql if sparql is not None else read_query_file(file)
        frame = query(existing_store(store, endpoint), text)
    except GovkgError as error:
        raise fail(error) from None
    render(frame, fmt)
