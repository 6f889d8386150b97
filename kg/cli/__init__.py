"""The govkg command line. Each command lives in its own module and imports the pipeline lazily,
so `govkg --help` starts without loading rdflib, pandas or pyoxigraph."""

from __future__ import annotations

import typer

from kg.cli.common import fail
from kg.cli.demo import demo_command
from kg.cli.export import export_command
from kg.cli.ingest import ingest_command
from kg.cli.link import link_command
from kg.cli.queries import queries_command
from kg.cli.query import query_command
from kg.cli.remove import remove_command
from kg.cli.report import report_command
from kg.cli.serve import serve_command
from kg.cli.validate import validate_command

app = typer.Typer(
    name="govkg",
    help="Knowledge graph of Chinese government budget and final-accounts disclosures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_command)
app.command("query")(query_command)
app.command("queries")(queries_command)
app.command("validate")(validate_command)
app.command("export")(export_command)
app.command("demo")(demo_command)
app.command("serve")(serve_command)
app.command("link")(link_command)
app.command("remove")(remove_command)
app.command("report")(report_command)


def main() -> None:
    from kg.errors import GovkgError

    try:
        app()
    except GovkgError as error:
        # What a command does not catch itself (a store that stops answering midway, say) is
        # still one line naming what failed, never a traceback.
        raise SystemExit(fail(error).exit_code) from None
