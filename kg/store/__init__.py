"""Store: where graphs live. Embedded Oxigraph on disk by default."""

from __future__ import annotations

import os
from pathlib import Path

from kg.store.endpoint import EndpointStore
from kg.store.oxigraph import OxigraphStore

__all__ = ["open_store", "default_store_path", "OxigraphStore", "EndpointStore", "Store"]

Store = OxigraphStore | EndpointStore
"""Either store: the same methods (select, update, replace_graph, remove_graph, graph_names,
count, dump), which is all the rest of govkg uses."""

DEFAULT_STORE = "govkg-data"


def default_store_path() -> Path:
    """``$GOVKG_STORE`` or ./govkg-data."""
    return Path(os.environ.get("GOVKG_STORE") or DEFAULT_STORE)


def open_store(path: str | Path | None = None, *, endpoint: str | None = None,
               update_endpoint: str | None = None) -> Store:
    """The embedded on-disk store at ``path`` (default ./govkg-data), or a SPARQL endpoint."""
    if endpoint:
        return EndpointStore(endpoint, update_endpoint)
    return OxigraphStore(path if path is not None else default_store_path())
