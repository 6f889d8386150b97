"""govkg ingest PATH... — read, build and load disclosures (files, or folders of them) into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import (
    EXIT_BAD_INPUT,
    DepartmentOption,
    EndpointOption,
    JobsOption,
    KindOption,
    StoreOption,
    StrictOption,
    UpdateEndpointOption,
    YearOption,
    disclosure_files,
    read_options,
)


def summary_table(results, title: str = "Ingested"):
    from rich.table import Table

    table = Table(title=title)
    for name in ("file", "department", "year", "kind", "tables", "empty", "facts", "triples", "status"):
        table.add_column(name, justify="right" if name in ("tables", "empty", "facts", "triples") else "left")
    for r in results:
        if r.ok:
            status = "[dim]unchanged" if r.unchanged else "[green]loaded"
            table.add_row(r.path.name, r.department, str(r.year), "决算" if r.kind == "final" else "预算",
                          str(r.tables), str(r.empty_tables), str(r.facts), str(r.triples), status)
        else:
            table.add_row(r.path.name, "", "", "", "", "", "", "", "[red]error")
    return table


def run_ingest(paths: list[Path], store, force: bool = False, jobs: int | None = None,
               **options) -> int:
    """Ingest with a progress bar (``jobs`` processes reading; default one per core), print the
    summary and errors; return the exit code."""
    import os

    from rich.console import Console
    from rich.progress import Progress

    from kg.ingest import ingest

    console = Console(stderr=True)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(paths))

        def advance(path: Path) -> None:
            progress.update(task, description=f"ingested {path.name}", advance=1)

        results = ingest(paths, store, progress=advance, force=force,
                         jobs=jobs or os.cpu_count() or 1, **options)
    Console().print(summary_table(results))
    for result in results:
        if not result.ok:
            typer.echo(f"error: {result.error}", err=True)
    return 0 if all(r.ok for r in results) else EXIT_BAD_INPUT


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Disclosure files: PDF, XLSX/XLS, or text "
                                                "extracted from a PDF; or folders of them.")],
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-read files already in the store "
                                        "(same SHA-256), e.g. after upgrading govkg.")] = False,
    department: DepartmentOption = None,
    year: YearOption = None,
    kind: KindOption = None,
    strict: StrictOption = False,
    jobs: JobsOption = None,
) -> None:
    """Read disclosures, build their graphs and load them into the store (one named graph each)."""
    from kg.store import open_store

    target = open_store(store, endpoint=endpoint, update_endpoint=update_endpoint)
    raise typer.Exit(run_ingest(disclosure_files(paths), target, force, jobs,
                                **read_options(department, year, kind, strict)))
