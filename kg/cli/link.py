"""govkg link — departments, regions and codes as networkx graphs (GraphML), and similar departments."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import EndpointOption, StoreOption, TableFormat, existing_store, fail, render


class GraphKind(str, Enum):
    departments = "departments"
    regions = "regions"
    codes = "codes"


def link_command(
    graph: Annotated[GraphKind, typer.Option("--graph", help="departments: department–code "
                                             "bipartite; regions: GB/T 2260 tree; codes: a code tree.")]
    = GraphKind.departments,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write GraphML here.")] = None,
    similar: Annotated[bool, typer.Option("--similar", help="Print department pairs by "
                                          "spending-profile similarity.")] = False,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format of --similar.")] = TableFormat.table,
) -> None:
    """Build a graph across the store's disclosures; export GraphML or list similar departments."""
    from kg.errors import GovkgError
    from kg.link import code_tree, department_code_graph, region_tree, similar_departments, write_graphml

    opened = existing_store(store, endpoint)
    try:
        built = {GraphKind.departments: department_code_graph, GraphKind.regions: region_tree,
                 GraphKind.codes: code_tree}[graph](opened)
        if output is not None:
            write_graphml(built, output)
            typer.echo(f"wrote {built.number_of_nodes()} nodes, {built.number_of_edges()} edges to {output}")
        if similar:
            render(similar_departments(department_code_graph(opened)), fmt)
    except GovkgError as error:
        raise fail(error) from None
    except OSError as error:
        raise fail(f"{output}: {error.strerror or error}") from None
