"""Extract: Document → Disclosure (metadata, printed tables, one fact per printed number)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pandas as pd

from kg.errors import NotADisclosure, TableLayoutError
from kg.extract.contents import read_contents
from kg.extract.metadata import cover_name, disclosure_kind_from_cover, is_placeholder, read_metadata, table_meta
from kg.extract.model import FACT_COLUMNS, Disclosure, Metadata, PrintedTable
from kg.extract.names import read_names
from kg.extract.narrative import read_claims
from kg.extract.performance import read_evaluations
from kg.extract.places import index
from kg.extract.rows import TOTAL_LABELS, Cell, RowsRead, read_rows
from kg.extract.years import read_years
from kg.readers.document import Document
from kg.recognize import TableRegion, recognize
from kg.recognize.regions import squash

__all__ = ["extract", "Disclosure", "Metadata", "PrintedTable", "FACT_COLUMNS"]


def row_key(cell: Cell) -> str:
    """Key of a cell's row, stable across runs: what the row prints that identifies it."""
    side = ""
    if cell.column.side:
        side = "L" if cell.column.side.endswith("IncomeSide") else "R"
    if cell.code:
        return cell.code
    if cell.row is not None:
        return f"{side or 'R'}{cell.row}"
    if cell.column.item is not None:
        return "all"  # tables without rows: the column says everything
    if cell.item in TOTAL_LABELS:
        return f"{side}total"
    return side + "i" + hashlib.sha1(cell.item.encode("utf-8")).hexdigest()[:10]


def fact_rows(region: TableRegion, cells: list[Cell], unit: str) -> list[dict]:
    table = region.definition
    rows = []
    seen: dict[tuple[str, str], int] = {}
    for cell in cells:
        column = cell.column
        key = row_key(cell)
        # The same label printed twice in one table (一、一般公共预算财政拨款 as income and again
        # under 年初结转和结余) is two rows: number the later ones in reading order.
        seen[key, column.key] = seen.get((key, column.key), 0) + 1
        if seen[key, column.key] > 1 and not cell.code and cell.row is None:
            key = f"{key}-{seen[key, column.key]}"
        fund, fund_label = ((column.fund, column.fund_label) if column.fund
                            else (table.default_fund, table.default_fund_label))
        rows.append(dict(
            table_key=table.key, table=table.name, column_key=column.key, row_key=key,
            row=cell.row, code=cell.code,
            classification=(table.classification or "") if cell.code else "",
            item=cell.item, measure=column.measure, measure_label=column.measure_label,
            header=cell.header or column.measure_label,
            fund=fund or "", fund_label=fund_label or "", amount=cell.amount, unit=unit,
            page=cell.line.page, line=cell.line.number))
    return rows


def read_table(region: TableRegion, path: Path, unit: str) -> tuple[list[dict], RowsRead]:
    """One table's facts; a TableLayoutError when it cannot be read without guessing."""
    if region.problem is not None:
        raise region.problem
    read = read_rows(region, path)
    rows = fact_rows(region, read.cells, unit)
    keys = Counter((row["row_key"], row["column_key"]) for row in rows)
    twice = next((row for row in rows if keys[row["row_key"], row["column_key"]] > 1), None)
    if twice is not None:
        raise TableLayoutError(f"{region.definition.name}: row {twice['item']!r} is printed twice",
                               path=path, page=int(twice["page"]), line=int(twice["line"]))
    return rows, read


def extract(document: Document, *, department: str | None = None, year: int | None = None,
            kind: str | None = None, strict: bool = False) -> Disclosure:
    """The disclosure a document prints: its metadata, tables, facts, claims and evaluations.

    ``department``, ``year`` and ``kind`` (budget | final) stand for what the document does not
    print, or prints wrongly. A table that cannot be read without guessing is recorded as not
    read (PrintedTable.not_read) and the other tables are read; with ``strict`` it refuses the
    document instead (TableLayoutError).
    """
    regions = recognize(document)
    places = index(document, regions)
    notes = []
    if not regions:
        if disclosure_kind_from_cover(places) is None and kind is None:
            raise NotADisclosure("no standard budget or final-accounts table found",
                                 path=document.path)
        notes.append("no standard table found: the tables may be published separately (附后); "
                     "nothing of this disclosure's numbers is checked")
    if blank := document.pages_without_text:
        notes.append(f"no text layer on page(s) {', '.join(map(str, blank))}: not read")
    meta = read_metadata(places, regions, department=department, year=year, kind=kind)
    if is_placeholder(meta["department"]):
        notes.append(f"a blank form: the department is printed as {meta['department']!r}; its "
                     "rows and columns are read, nothing of a department is checked")
    tables, facts = [], []
    for region in regions:
        printed = table_meta(region)
        unit = printed["unit"] if printed and printed.get("unit") else meta["unit"]
        first, last = region.pages
        try:
            rows, read = read_table(region, document.path, unit)
            problem = None
        except TableLayoutError as error:
            if strict:
                raise
            rows, read, problem = [], RowsRead([], []), error
        facts.extend(rows)
        tables.append(PrintedTable(
            key=region.definition.key, name=region.definition.name,
            printed_title=squash(region.title.text) if region.grids else region.title.text,
            number=region.number, first_page=first,
            last_page=last, unit=unit, empty=problem is None and not read.cells,
            note="".join(line.text for line in region.note), blank_rows=tuple(read.blank_rows),
            not_read=problem.message if problem else "",
            not_read_page=(problem.page or first) if problem else None,
            not_read_line=problem.line if problem else None))
    frame = pd.DataFrame(facts, columns=FACT_COLUMNS).astype({"row": "Int64"})
    # A 文件 and its 公开表 published apart are two graphs of one department, year and kind.
    part = "text" if not regions else "tables" if not places.cover and not places.narrative else ""
    metadata = Metadata(source_path=document.path, source_sha256=document.sha256, part=part,
                        page_first_lines=document.first_lines() if document.format == "pdf" else (),
                        **meta)
    contents = read_contents(places, metadata.kind) if tables else []
    names = read_names(places, cover_name(places), [
        ((table_meta(r) or {}).get("department") or "", r.meta.page, r.meta.number)
        for r in regions if r.meta is not None])
    return Disclosure(metadata, tables, frame, notes, read_claims(places.narrative),
                      read_evaluations(document), contents, names,
                      read_years(places, metadata.kind))
