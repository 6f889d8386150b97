"""govkg serve — the real Oxigraph SPARQL HTTP server on the embedded store."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import StoreOption, fail


def oxigraph_binary() -> str | None:
    """The `oxigraph` server installed beside this Python (the PyPI package), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def server_command(store: Path, port: int, writable: bool) -> list[str]:
    binary = oxigraph_binary()
    if binary is None:
        raise fail("the oxigraph server is not installed (pip install oxigraph)")
    mode = "serve" if writable else "serve-read-only"
    # Queries see all named graphs as the default graph, as on the embedded store.
    return [binary, mode, "--location", str(store), "--bind", f"127.0.0.1:{port}",
            "--union-default-graph"]


def serve_command(
    store: StoreOption = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 7878,
    writable: Annotated[bool, typer.Option("--writable", help="Accept SPARQL updates and "
                                           "loads (read-only by default).")] = False,
) -> None:
    """Serve the store over SPARQL 1.1 HTTP (Oxigraph server) on 127.0.0.1 until interrupted."""
    from kg.errors import StoreError
    from kg.store import default_store_path

    path = store or default_store_path()
    if not path.is_dir():
        raise fail(StoreError("no store here; run `govkg ingest` first", path=path))
    command = server_command(path, port, writable)
    typer.echo(f"SPARQL endpoint: http://127.0.0.1:{port}/query"
               + (f" (updates: http://127.0.0.1:{port}/update)" if writable else " (read-only)"))
    typer.echo(f"Query page:      http://127.0.0.1:{port}/")
    sys.stdout.flush()
    # Become the server (exec), so a signal that stops `govkg serve` stops the server too; as
    # a child process it outlived a terminated govkg and kept the port and the store.
    os.execv(command[0], command)
