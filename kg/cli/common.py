"""Options and rendering shared by the commands. Imports stay light: typer only."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

StoreOption = Annotated[Path | None, typer.Option(
    "--store", help="Store directory (default: $GOVKG_STORE, else ./govkg-data).",
    show_default=False)]

EndpointOption = Annotated[str | None, typer.Option(
    "--endpoint", help="A SPARQL 1.1 query endpoint instead of the embedded store "
    "(credentials: $GOVKG_ENDPOINT_USER, $GOVKG_ENDPOINT_PASSWORD).", show_default=False)]
UpdateEndpointOption = Annotated[str | None, typer.Option(
    "--update-endpoint", help="SPARQL 1.1 update endpoint, if not the query endpoint.",
    show_default=False)]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class Kind(str, Enum):
    budget = "budget"
    final = "final"


# For a file that does not print its department, year or kind (or prints them wrongly); what
# is given is recorded as such (reading.metadata-source). One file at a time is the usual use.
DepartmentOption = Annotated[str | None, typer.Option(
    "--department", help="The department, for files that do not print it.", show_default=False)]
YearOption = Annotated[int | None, typer.Option(
    "--year", min=1990, max=2100, help="The fiscal year, for files that do not print it.",
    show_default=False)]
KindOption = Annotated[Kind | None, typer.Option(
    "--kind", help="budget (预算) or final (决算), for files that do not say.", show_default=False)]
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Refuse a document with any table that cannot be read, instead of "
    "reading its other tables.")]

JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="Processes reading files at once (default: one per core; "
    "1: no pool).", show_default=False)]

DISCLOSURE_SUFFIXES = (".pdf", ".xlsx", ".xls", ".txt")


def read_options(department: str | None, year: int | None, kind: Kind | None,
                 strict: bool) -> dict:
    """The keyword options of kg.extract.extract, as the commands pass them on."""
    return {"department": department, "year": year, "kind": kind.value if kind else None,
            "strict": strict}


def disclosure_files(paths: list[Path]) -> list[Path]:
    """The files named, and in each folder named every PDF, spreadsheet and text file below
    it (sorted); a path that does not exist is kept, for the reader to report."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and p.suffix.lower() in DISCLOSURE_SUFFIXES)
        else:
            found.append(path)
    return found


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def fail(error) -> typer.Exit:
    """Print a user error in one line on stderr and return the exit to raise."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def existing_store(path: Path | None, endpoint: str | None = None,
                   update_endpoint: str | None = None):
    """Open a store that must already exist (query, export): never create an empty one."""
    from kg.errors import StoreError
    from kg.store import default_store_path, open_store

    if endpoint:
        return open_store(endpoint=endpoint, update_endpoint=update_endpoint)
    path = path or default_store_path()
    if not path.is_dir():
        raise fail(StoreError("no store here; run `govkg ingest` first", path=path))
    return open_store(path)


def display_value(value) -> str:
    from decimal import Decimal

    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent > -2 else str(value)
    return str(value)


def render(frame, fmt: TableFormat, title: str | None = None) -> None:
    """Write a DataFrame to stdout as a rich table, CSV or JSON records."""
    if fmt is TableFormat.csv:
        frame.to_csv(sys.stdout, index=False)
    elif fmt is TableFormat.json:
        import json

        records = [{k: display_value(v) if not isinstance(v, (int, bool)) else v
                    for k, v in row.items()} for row in frame.to_dict(orient="records")]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            table.add_column(str(column))
        for row in frame.itertuples(index=False):
            table.add_row(*(display_value(v) for v in row))
        Console().print(table)
        typer.echo(f"{len(frame)} row(s)")
