"""govkg validate [PATH...] — do the numbers add up? Files (and folders of them) are read;
without PATH, the store. ``--summary`` surveys a folder: one line per document."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    DepartmentOption,
    EndpointOption,
    JobsOption,
    KindOption,
    StoreOption,
    StrictOption,
    YearOption,
    disclosure_files,
    existing_store,
    fail,
    read_options,
)


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    ttl = "ttl"


class FailOn(str, Enum):
    violation = "violation"
    warning = "warning"
    never = "never"


DISCLOSURES = """PREFIX gk: <https://w3id.org/govkg/ontology#>
SELECT ?disclosure WHERE { GRAPH ?disclosure { ?disclosure a gk:Disclosure } } ORDER BY ?disclosure"""
MARKS = {"violation": "[red]✗ violation[/red]", "warning": "[yellow]! warning[/yellow]",
         "info": "[blue]i info[/blue]"}


def render_text(report) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for document in report.documents:
        console.print(f"[bold]{document.source or document.disclosure}[/bold]")
        if document.error:
            console.print(f"  [red]not validated[/red]: {document.error}")
            continue
        counts = document.counts()
        console.print(f"  {'conforms' if document.conforms else '[red]does not conform[/red]'} — "
                      f"{document.checked} sums checked, {len(document.not_checked)} not checked; "
                      f"{counts['violation']} violation(s), {counts['warning']} warning(s), "
                      f"{counts['info']} info")
        tables: dict[str, list] = {}
        for finding in document.findings:
            tables.setdefault(finding.table or "(disclosure)", []).append(finding)
        for table, findings in tables.items():
            console.print(f"  [bold]{table}[/bold]")
            for f in findings:
                page = f" p.{f.page}" if f.page else ""
                console.print(f"    {MARKS[f.severity.value]} {f.rule}{page}: {f.message_zh}")
                console.print(f"      {f.message_en}", style="dim")
        if document.not_checked:
            console.print("  [bold]not checked[/bold] (a cell the sum needs is not printed)")
            for item in document.not_checked:
                console.print(f"    - {item.title}: {'; '.join(item.missing)}")


STATUS = {"read": "[green]read[/green]       ", "partly read": "[yellow]partly read[/yellow]",
          "refused": "[red]refused[/red]    "}


def render_summary(report) -> None:
    """One line per document — read, partly read (which tables not), refused (why) — and the
    totals: what a researcher runs first on a folder of disclosures."""
    from collections import Counter

    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for document in report.documents:
        name = escape(Path(document.source).name if document.source else document.disclosure)
        if document.error:
            console.print(f"{STATUS['refused']} {name}: {escape(document.error)}")
            continue
        counts = document.counts()
        line = (f"{STATUS[document.status]} {name}: {document.facts} numbers; "
                f"{counts['violation']} violation(s), {counts['warning']} warning(s)")
        if document.tables_not_read:
            line += "; not read: " + "、".join(f"{f.table} (p.{f.page})"
                                               for f in document.tables_not_read)
        if not document.facts:  # why: tables published apart, a blank form
            line += "".join(f"; {f.detail_en.removeprefix('reading note: ')}"
                            for f in document.findings if f.rule == "reading.note")
        console.print(line)
    statuses = Counter(d.status for d in report.documents)
    totals = report.counts()
    console.print(f"{len(report.documents)} document(s): {statuses['read']} read, "
                  f"{statuses['partly read']} partly read, {statuses['refused']} refused; "
                  f"{sum(d.facts for d in report.documents)} numbers; {totals['violation']} "
                  f"violation(s), {totals['warning']} warning(s)")


def validate_command(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Disclosure files (or folders of them) to read and validate; none: every "
        "disclosure in the store.")] = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text: grouped by table; json; "
                                              "ttl: the SHACL validation report.")] = ReportFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding at or above "
                                            "this severity exists.")] = FailOn.violation,
    summary: Annotated[bool, typer.Option("--summary", help="One line per document (read, partly "
                                          "read, refused) and the totals.")] = False,
    department: DepartmentOption = None,
    year: YearOption = None,
    kind: KindOption = None,
    strict: StrictOption = False,
    jobs: JobsOption = None,
) -> None:
    """Check every sum within and across the tables of each disclosure (SHACL over shapes/)."""
    from kg.validate import Report, Severity, validate_file, validate_stored

    graphs = []
    report = Report()
    if paths:
        from functools import partial

        from rich.console import Console
        from rich.progress import Progress

        from kg.parallel import in_processes

        files = disclosure_files(paths)
        options = read_options(department, year, kind, strict)
        # With a store named, files are also compared with the disclosures it holds.
        against = existing_store(store, endpoint) if (store or endpoint) else None
        with Progress(console=Console(stderr=True), transient=True,
                      disable=len(files) < 2) as progress:
            task = progress.add_task("validating", total=len(files))
            # Files are read in a pool, one process per core, unless compared with a store; and
            # for the SHACL report one by one: its shapes' constraints are blank nodes of the
            # shapes as one process parsed them, merged into one description each.
            pooled = against is None and fmt is not ReportFormat.ttl
            checked = in_processes(partial(validate_file, store=against, **options), files,
                                   jobs if pooled else 1)
            for path, (document, results) in zip(files, checked):
                progress.update(task, description=f"checked {path.name}")
                if document.error and not summary:
                    typer.echo(f"error: {document.error}", err=True)
                report.documents.append(document)
                if results is not None:
                    graphs.append(results)
                progress.advance(task)
    else:
        opened = existing_store(store, endpoint)
        names = opened.select(DISCLOSURES)["disclosure"].tolist() if opened.graph_names() else []
        if not names:
            raise fail(f"{opened.path or endpoint}: no disclosure in the store; run `govkg ingest` first")
        for name in names:
            document, results = validate_stored(opened, name, with_results=True)
            report.documents.append(document)
            graphs.append(results)

    if fmt is ReportFormat.json:
        import json

        typer.echo(json.dumps(report.as_record(), ensure_ascii=False, indent=2))
    elif fmt is ReportFormat.ttl:
        from rdflib import Graph

        merged = Graph()
        for results in graphs:
            merged += results
        typer.echo(merged.serialize(format="turtle"))
    elif summary:
        render_summary(report)
    else:
        render_text(report)

    if any(d.error for d in report.documents):
        raise typer.Exit(EXIT_BAD_INPUT)
    if fail_on is not FailOn.never and any(
            d.at_least(Severity(fail_on.value)) for d in report.documents):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)
