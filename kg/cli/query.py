"""govkg query — run a library query by name, or any SPARQL, over the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import EndpointOption, StoreOption, TableFormat, existing_store, fail, render


def query_command(
    name: Annotated[str | None, typer.Argument(
        help="A library query (see `govkg queries`).", show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="A parameter of the library query, as NAME=VALUE (repeatable).",
        show_default=False)] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="Query text.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A .rq file.")] = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
) -> None:
    """Run a library query by NAME, or a SPARQL SELECT/ASK query, over all graphs of the store."""
    from kg.errors import GovkgError, QueryError
    from kg.query import query, read_query_file
    from kg.query.library import get_query

    if sum(x is not None for x in (name, sparql, file)) != 1:
        raise fail(QueryError("give exactly one of NAME, --sparql TEXT or --file F.rq"))
    if param and name is None:
        raise fail(QueryError("--param goes with a library query NAME"))
    try:
        if name is not None:
            library_query = get_query(name)
            values = {}
            for item in param or []:
                key, sep, value = item.partition("=")
                if not sep or not key.strip():
                    raise QueryError(f"--param {item!r}: write NAME=VALUE")
                values[key.strip()] = value
            text = library_query.text(values)  # checked before the store is opened
            frame = existing_store(store, endpoint).select(text)
        else:
            text = sparql if sparql is not None else read_query_file(file)
            frame = query(existing_store(store, endpoint), text)
    except GovkgError as error:
        raise fail(error) from None
    render(frame, fmt)
