"""govkg validate [PATH...] — do the numbers add up? Files are read; without PATH, the store."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, EndpointOption, StoreOption, existing_store, fail


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


def validate_command(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Disclosure files to read and validate; none: every disclosure in the store.")] = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text: grouped by table; json; "
                                              "ttl: the SHACL validation report.")] = ReportFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding at or above "
                                            "this severity exists.")] = FailOn.violation,
) -> None:
    """Check every sum within and across the tables of each disclosure (SHACL over shapes/)."""
    from kg.validate import Report, Severity, validate, validate_stored

    graphs = []
    report = Report()
    if paths:
        from kg.build import build
        from kg.errors import GovkgError
        from kg.extract import extract
        from kg.readers import read
        from kg.validate import DocumentReport

        # With a store named, files are also compared with the disclosures it holds.
        against = existing_store(store, endpoint) if (store or endpoint) else None
        for path in paths:
            try:
                graph = build(extract(read(path)))
            except GovkgError as error:
                typer.echo(f"error: {error}", err=True)
                report.documents.append(DocumentReport("", str(path), error=str(error)))
                continue
            document, results = validate(graph, source=str(path), with_results=True,
                                         store=against)
            report.documents.append(document)
            graphs.append(results)
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
    else:
        render_text(report)

    if any(d.error for d in report.documents):
        raise typer.Exit(EXIT_BAD_INPUT)
    if fail_on is not FailOn.never and any(
            d.at_least(Severity(fail_on.value)) for d in report.documents):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)
