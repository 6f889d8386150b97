"""The report's views of a store's disclosures: each validated as stored (kg.validate
.validate_stored), its charts' numbers read from its graph, its source file read again for the
page images when one is given whose SHA-256 is the disclosure's."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import pandas as pd
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.readers.document import Document
from kg.report import DisclosureView
from kg.report.charts import wan
from kg.store import Store
from kg.store.endpoint import substitute

HERE = Path(__file__).parent


def sources_by_sha(sources: list[str | Path]) -> dict[str, Path]:
    return {hashlib.sha256(path.read_bytes()).hexdigest(): path
            for path in map(Path, sources) if path.is_file()}


def _read(path: Path) -> Document | None:
    from kg.errors import GovkgError
    from kg.readers import read

    try:
        return read(path)
    except GovkgError:
        return None  # shown without page images, as a source not at hand


def read_all(paths: list[Path]) -> dict[Path, Document | None]:
    """The source files read again for their page layout, one process per core (pdfplumber is
    the slow part of a report, as of an ingest)."""
    if len(paths) < 2:
        return {path: _read(path) for path in paths}
    with ProcessPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(paths, pool.map(_read, paths)))


def chart_numbers(store: Store, disclosure: str) -> tuple[pd.DataFrame, dict[str, Decimal]]:
    """The disclosure's 类 rows (code, item, 万元) and its 合计 row's 基本/项目 (万元)."""
    text = substitute((HERE / "charts.rq").read_text(encoding="utf-8"), {"d": URIRef(disclosure)})
    rows = store.select(text)
    if rows.empty:
        return pd.DataFrame(columns=["code", "item", "wan"]), {}
    rows["wan"] = [wan(Decimal(a), u) for a, u in zip(rows["amount"], rows["unit"])]
    classes, totals = rows[rows["part"] == "class"], rows[rows["part"] != "class"]
    return classes[["code", "item", "wan"]].reset_index(drop=True), dict(zip(totals["part"], totals["wan"]))


def stored_views(store: Store, department: str | None, year: int | None,
                 sources: list[str | Path]) -> list[DisclosureView]:
    from kg.query.library import node_of
    from kg.validate import validate_stored

    bindings = {}
    if department:
        bindings["dept"] = node_of("department", department)
    if year:
        bindings["fy"] = Literal(str(year), datatype=XSD.gYear)
    listed = store.select((HERE / "disclosures.rq").read_text(encoding="utf-8"), bindings or None)
    files = sources_by_sha(list(sources)) if sources else {}
    documents = read_all([files[sha] for sha in listed["sha"] if sha in files]) if len(listed) else {}
    views = []
    for row in listed.itertuples(index=False):
        report = validate_stored(store, row.disclosure)
        path = files.get(row.sha)
        document = documents.get(path) if path is not None else None
        if document is None:
            path = None
        by_class, split = chart_numbers(store, row.disclosure)
        not_read = len(report.tables_not_read)
        region = f"{row.regionName} ({row.regionCode})" if isinstance(row.regionName, str) else ""
        views.append(DisclosureView(row.file, report, row.department, region, int(row.year), row.kind,
                                    (int(row.tables) - not_read, int(row.empty), not_read),
                                    by_class, split, path, document))
    return views
