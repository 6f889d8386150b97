"""govkg demo — ingest the bundled samples into a fresh store and answer one research question."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import TableFormat, fail, render

DEMO_STORE = Path("govkg-demo")


def demo_command(
    store: Annotated[Path, typer.Option("--store", help="Where the demo store is (re)created.")] = DEMO_STORE,
) -> None:
    """Ingest data/samples/ into a fresh store, print the summary, expenditure by 类 code and
    the validation findings by rule."""
    from kg.cli.ingest import run_ingest
    from kg.errors import StoreError
    from kg.query import run_query
    from kg.resources import QUERIES_DIR, SAMPLES_DIR
    from kg.store import open_store

    samples = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file())
    if store.exists():
        if any(store.iterdir()) and not (store / "CURRENT").exists():
            raise fail(StoreError("exists and is not a govkg store; not deleting it", path=store))
        shutil.rmtree(store)
    opened = open_store(store)
    code = run_ingest(samples, opened)
    question = QUERIES_DIR / "expenditure-by-class.rq"
    typer.echo(f"\nExpenditure by 类 (queries/{question.name}):")
    render(run_query(opened, question.stem), TableFormat.table)
    # What validation found in the sample: its tables add up; its prose misstates them.
    findings = QUERIES_DIR / "findings-by-rule-region.rq"
    typer.echo(f"\nFindings by rule (queries/{findings.name}):")
    render(run_query(opened, findings.stem), TableFormat.table)
    from kg.report import disclosure_views, write_report

    report = write_report(disclosure_views(samples), store.with_name(store.name + "-report.html"))
    typer.echo(f"\nStore: {store.resolve()}  — try: govkg query --store {store} "
               f"--file queries/{question.name}\n"
               f"Each finding with its page, line and numbers: govkg validate --store {store}\n"
               f"Report (open it in a browser): {report.resolve()}")
    raise typer.Exit(code)
