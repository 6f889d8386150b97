"""Report: one self-contained HTML page for people who do not read JSON — per disclosure what was
read, every finding with the printed page beside it, and charts. No server, no network: styles,
scripts, page images and charts are inside the file.

    from kg.report import disclosure_views, store_views, write_report
    write_report(disclosure_views(["a.pdf", "b.pdf"]), "report.html")
    write_report(store_views(open_store("govkg-data"), sources=["pdfs/"]), "store.html")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kg.readers.document import Document
from kg.validate import DocumentReport

if TYPE_CHECKING:
    from kg.extract import Disclosure
    from kg.store import Store

__all__ = ["DisclosureView", "disclosure_views", "store_views", "write_report"]

KINDS = {"final": "决算", "budget": "预算"}


@dataclass
class DisclosureView:
    """What the report shows of one disclosure, read from a file or from a store."""

    name: str
    """The source file's name."""
    report: DocumentReport
    department: str = ""
    region: str = ""
    """As printed, with its GB/T 2260 code: 上海市普陀区 (310107)."""
    year: int | None = None
    kind: str = ""
    """决算 or 预算."""
    tables: tuple[int, int, int] = (0, 0, 0)
    """Tables read, of them printed empty, and not read."""
    by_class: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["code", "item", "wan"]))
    """The expenditure table's 类 rows: code, item, amount in 万元."""
    split: dict[str, Decimal] = field(default_factory=dict)
    """The expenditure table's 合计 row: 基本支出 and 项目支出 in 万元."""
    path: Path | None = None
    """The source file, when at hand: its pages are cropped beside the findings."""
    document: Document | None = None


def region_label(printed: str | None) -> str:
    from kg.graph.regions import resolve_region

    chain = resolve_region(printed)
    return f"{printed} ({chain[-1].code})" if chain else printed or ""


def view_of(path: Path, document: Document, disclosure: Disclosure, report: DocumentReport) -> DisclosureView:
    from kg.report.charts import basic_and_project, expenditure_by_class

    meta, tables = disclosure.metadata, disclosure.tables
    read = [t for t in tables if not t.not_read]
    return DisclosureView(path.name, report, meta.department, region_label(meta.region), meta.year,
                          KINDS.get(meta.kind, meta.kind),
                          (len(read), sum(t.empty for t in read), len(tables) - len(read)),
                          expenditure_by_class(disclosure.facts), basic_and_project(disclosure.facts),
                          path, document)


def _file_view(path: Path, options: dict) -> DisclosureView:
    """One file read, extracted, built and validated (in a worker process when there are several)."""
    from kg.errors import GovkgError
    from kg.extract import extract
    from kg.graph import build
    from kg.readers import read
    from kg.validate import validate

    try:
        document = read(path)
        disclosure = extract(document, **options)
        report = validate(build(disclosure), source=str(path))
    except GovkgError as error:
        return DisclosureView(path.name, DocumentReport("", str(path), error=str(error)), path=path)
    return view_of(path, document, disclosure, report)


def disclosure_views(paths: list[str | Path], **options: Any) -> list[DisclosureView]:
    """Read, extract, build and validate each file, as `govkg validate` does; a file that cannot
    be read is a view with its error (shown as not read, never as passed). The files are read one
    process per core, as ingest reads them: each is checked on its own, and pdfplumber is the
    slow part."""
    from functools import partial

    from kg.parallel import in_processes

    return list(in_processes(partial(_file_view, options=options), map(Path, paths)))


def store_views(store: Store, *, department: str | None = None, year: int | None = None,
                sources: list[str | Path] = ()) -> list[DisclosureView]:
    """The disclosures of a store (one department's, one year's), validated as stored. A source
    file found among the files ``sources`` (matched by SHA-256) is read for its page images;
    without it a finding shows its page and line only."""
    from kg.report.stored import stored_views

    return stored_views(store, department, year, sources)


def write_report(views: list[DisclosureView], output: str | Path) -> Path:
    """Write the views as one HTML file; its path."""
    from kg.report.page import render

    output = Path(output)
    output.write_text(render(views), encoding="utf-8")
    return output
