"""The store's summary graph: totals over every disclosure, for the questions that span the store.

A question such as "the top 项 codes by spending" reads every disclosure's expenditure table; at
10,000 disclosures that is 600,000 observations per question. The summary graph holds those
totals once (per code, kind and year; per printed code name; findings per region and rule; codes
outside the reference list), rebuilt whole in one SPARQL update after each ingest run that changed
the store, on the embedded store and on an endpoint alike. It is derived data: never edit it, and
after loading graphs by other means than `kg.ingest`, call `refresh_summary(store)`.
"""

from __future__ import annotations

from pathlib import Path

SUMMARY_GRAPH = "https://w3id.org/govkg/graph/summary"

__all__ = ["SUMMARY_GRAPH", "refresh_summary"]


def refresh_summary(store) -> None:
    """Rebuild the summary graph from the disclosures now in the store (one atomic update)."""
    store.update((Path(__file__).with_name("summary.ru")).read_text(encoding="utf-8"))
