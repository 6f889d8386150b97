"""govkg report FILE… | --store DIR -o report.html — one self-contained HTML page: per disclosure
what was read, every finding beside a crop of its printed page, and charts. Opens by
double-click, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    DepartmentOption,
    EndpointOption,
    KindOption,
    StoreOption,
    StrictOption,
    YearOption,
    disclosure_files,
    existing_store,
    fail,
    read_options,
)


def report_command(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Disclosure files, or folders of them; none: the store's disclosures.",
        metavar="[FILE…]", show_default=False)] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    sources: Annotated[list[Path] | None, typer.Option(
        "--sources", help="With the store: where its source files are (files or folders, matched "
        "by SHA-256), for the page images.", show_default=False)] = None,
    department: DepartmentOption = None,
    year: YearOption = None,
    kind: KindOption = None,
    strict: StrictOption = False,
) -> None:
    """Write an HTML report: what was read, every finding with its printed page, charts. Of the
    FILEs; without FILE, of the store (--department / --year: only that department's or year's)."""
    from kg.errors import GovkgError
    from kg.report import disclosure_views, store_views, write_report

    try:
        if paths:
            views = disclosure_views(disclosure_files(paths), **read_options(department, year, kind, strict))
        else:
            views = store_views(existing_store(store, endpoint), department=department, year=year,
                                sources=disclosure_files(sources or []))
        written = write_report(views, output)
    except GovkgError as error:
        raise fail(error) from None
    except OSError as error:
        typer.echo(f"govkg report: cannot write {output}: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    refused = [v for v in views if v.report.error]
    for view in refused:
        typer.echo(f"{view.name}: not read: {view.report.error}", err=True)
    typer.echo(f"{len(views) - len(refused)} of {len(views)} disclosures in {written}")
    raise typer.Exit(EXIT_BAD_INPUT if refused else EXIT_OK)
