"""govkg queries — list the researchers' query library (queries/*.rq)."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.common import TableFormat, fail, render


def queries_command(
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
) -> None:
    """List the library's queries: name, title and parameters (NAME:TYPE=DEFAULT)."""
    from kg.errors import GovkgError
    from kg.query import list_queries

    try:
        frame = list_queries()
    except GovkgError as error:
        raise fail(error) from None
    columns = ["name", "title", "params"] if fmt is TableFormat.table else list(frame.columns)
    render(frame[columns], fmt)
