"""The report's views of a store's disclosures: each validated as stored (kg.validate
.validate_stored), its charts' numbers read from its graph, its source file read again for the
page images when one is given whose SHA-256 is the disclosure's (a PDF only on the pages its
findings are on, where the store says where their line numbers begin)."""

from __future__ import annotations

import hashlib
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


def _read(job: tuple[Path, dict[int, int] | None]) -> Document | None:
    from kg.errors import GovkgError
    from kg.readers import read
    from kg.readers.pdf import read_pdf_pages

    path, pages = job
    try:
        return read(path) if pages is None else read_pdf_pages(path, pages)
    except GovkgError:
        return None  # shown without page images, as a source not at hand


def read_all(jobs: list[tuple[Path, dict[int, int] | None]]) -> list[Document | None]:
    """The source files read again for their page layout: a file whose pages the store says
    where their line numbers begin only on the pages given ({page: its first line}), any other
    whole. One process per core: pdfplumber is the slow part of a report, as of an ingest."""
    from kg.parallel import in_processes

    return list(in_processes(_read, jobs))


def pages_shown(first_lines: str, findings) -> dict[int, int]:
    """The pages the findings are printed on, each with its first line's number, from the
    source's gk:pageFirstLines ('-' for a page without a line, whose number does not matter)."""
    firsts = first_lines.split()
    return {f.page: int(firsts[f.page - 1]) if firsts[f.page - 1] != "-" else 0
            for f in findings if f.page and 0 < f.page <= len(firsts)}


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
    rows = list(listed.itertuples(index=False))
    reports = [validate_stored(store, row.disclosure) for row in rows]
    # Validated first: a PDF whose page numbering is stored is read on its findings' pages only.
    jobs = {}
    for row, report in zip(rows, reports):
        if (path := files.get(row.sha)) is not None:
            pages = (pages_shown(row.firstLines, report.findings)
                     if isinstance(row.firstLines, str) and path.suffix.lower() == ".pdf" else None)
            jobs[row.disclosure] = (path, pages)
    documents = dict(zip(jobs, read_all(list(jobs.values()))))
    views = []
    for row, report in zip(rows, reports):
        document = documents.get(row.disclosure)
        path = files.get(row.sha) if document is not None else None
        by_class, split = chart_numbers(store, row.disclosure)
        not_read = len(report.tables_not_read)
        region = f"{row.regionName} ({row.regionCode})" if isinstance(row.regionName, str) else ""
        views.append(DisclosureView(row.file, report, row.department, region, int(row.year), row.kind,
                                    (int(row.tables) - not_read, int(row.empty), not_read),
                                    by_class, split, path, document))
    return views
