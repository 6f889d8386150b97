"""govkg export — the store as a tidy CSV of facts or as RDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import EndpointOption, StoreOption, existing_store, fail


class ExportFormat(str, Enum):
    csv = "csv"
    nq = "nq"
    ttl = "ttl"
    trig = "trig"


def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv: one row per number; nq/trig: "
                                              "all named graphs; ttl: all graphs merged.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    store: StoreOption = None,
    endpoint: EndpointOption = None,
) -> None:
    """Export everything in the store."""
    from kg.errors import GovkgError
    from kg.query import facts_frame

    opened = existing_store(store, endpoint)
    try:
        if fmt is ExportFormat.csv:
            frame = facts_frame(opened)
            frame.to_csv(output, index=False, encoding="utf-8")
            typer.echo(f"wrote {len(frame)} facts to {output}")
        else:
            opened.dump(output, fmt.value)
            typer.echo(f"wrote {output}")
    except GovkgError as error:
        raise fail(error) from None
    except OSError as error:
        raise fail(f"{output}: {error.strerror or error}") from None
