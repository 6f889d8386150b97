"""govkg remove TARGET... — take disclosures out of the store, with their share of the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import EndpointOption, StoreOption, UpdateEndpointOption, existing_store, fail

IS_DISCLOSURE = """PREFIX gk: <https://w3id.org/govkg/ontology#>
ASK { GRAPH ?disclosure { ?disclosure a gk:Disclosure } }"""


def disclosure_of(target: str, store) -> str | None:
    """The disclosure IRI a target names: a file the store holds (by SHA-256), or the IRI itself."""
    from rdflib import URIRef

    from kg.ingest import already_loaded

    path = Path(target)
    if path.is_file():
        loaded = already_loaded(path, store)
        return loaded.disclosure if loaded is not None else None
    if not target.startswith(("http://", "https://")):
        return None
    frame = store.select(IS_DISCLOSURE, bindings={"disclosure": URIRef(target)})
    return target if bool(frame.iloc[0, 0]) else None


def remove_command(
    targets: Annotated[list[str], typer.Argument(
        help="Disclosures to remove: the file that was ingested (matched by its SHA-256) or the "
             "disclosure's IRI.")],
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateEndpointOption = None,
) -> None:
    """Remove disclosures: each one's named graph and its contribution to the summary, together
    in one update per disclosure. If any target is not in the store, nothing is removed."""
    from kg.errors import GovkgError
    from kg.summary import remove_disclosure

    try:
        target_store = existing_store(store, endpoint, update_endpoint)
        found = {}
        for target in targets:
            disclosure = disclosure_of(target, target_store)
            if disclosure is None:
                raise fail(f"{target}: no such disclosure in the store; nothing removed")
            found[disclosure] = target
        for disclosure, target in found.items():
            remove_disclosure(target_store, disclosure)  # its graph and summary share, atomically
            typer.echo(f"removed {disclosure} ({target})")
        target_store.flush()
    except GovkgError as error:  # the store refused: what was removed is printed above
        raise fail(error) from None
