"""govkg report FILE… -o report.html — one self-contained HTML page: per disclosure what was read,
every finding beside a crop of its printed page, and charts. Opens by double-click, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    DepartmentOption,
    KindOption,
    StrictOption,
    YearOption,
    disclosure_files,
    read_options,
)


def report_command(
    paths: Annotated[list[Path], typer.Argument(help="Disclosure files, or folders of them.",
                                                metavar="FILE…")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    department: DepartmentOption = None,
    year: YearOption = None,
    kind: KindOption = None,
    strict: StrictOption = False,
) -> None:
    """Write an HTML report of the files: what was read, every finding with its printed page, charts."""
    from kg.report import disclosure_views, write_report

    files = disclosure_files(paths)
    views = disclosure_views(files, **read_options(department, year, kind, strict))
    try:
        written = write_report(views, output)
    except OSError as error:
        typer.echo(f"govkg report: cannot write {output}: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    refused = [v for v in views if v.report.error]
    for view in refused:
        typer.echo(f"{view.path}: not read: {view.report.error}", err=True)
    typer.echo(f"{len(views) - len(refused)} of {len(views)} disclosures in {written}")
    raise typer.Exit(EXIT_BAD_INPUT if refused else EXIT_OK)
