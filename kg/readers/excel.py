"""Reader for disclosures published as spreadsheets: .xlsx (openpyxl) and .xls (xlrd).

Each sheet is a page. Its leading rows that hold one or two texts, or name the unit or department
(title, 部门名称 … 单位：万元), are the page's lines; the rows from the first other row with three or
more cells on are the sheet's grid (from higher up where a header cell is merged down into that
row), with merged cells kept as spans. Numbers are turned into text at the precision the cell's
number format prints (a cell showing 5.00 reads "5.00"), never through float arithmetic.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

from kg.errors import UnreadableInput
from kg.readers.document import Document, Grid, Line, Page

FORMAT_DECIMALS = re.compile(r"0\.(0+)")
# Rows above a table that name its department and unit, however many cells they use.
META_ROW = re.compile(r"单位[：:]|部门名称|编制部门|编制单位")


def number_text(value, number_format: str | None) -> str:
    """A numeric cell as printed: repr of the float (shortest round-trip), then the format's
    decimals. 8228.35 with '#,##0.00' → '8228.35'; 5 with '0.00' → '5.00'; 2976800 with '#,##0'
    → '2976800' (in positional notation: a normalised Decimal would print 2.9768E+6)."""
    if isinstance(value, bool):
        return str(value)
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    match = FORMAT_DECIMALS.search(number_format or "")
    if match:
        return f"{amount:.{len(match.group(1))}f}"
    return format(amount.normalize(), "f")


def sheet_page(number: int, rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> Page:
    """rows: cell texts; merges: (first_row, first_col, last_row, last_col), 0-based inclusive."""
    start = next((i for i, row in enumerate(rows) if sum(1 for c in row if c) >= 3
                  and not META_ROW.search(" ".join(row))), len(rows))
    # A header cell merged down into the grid's first row belongs to the grid, though its own row
    # holds fewer texts (上海 “三公”经费 form: 机关运行经费预算数 over three rows, beside
    # “三公”经费预算数 over its two-level header): the grid starts at that cell's row.
    while above := [first for first, _, last, _ in merges if first < start <= last]:
        start = min(above)
    lines = [Line(" ".join(c for c in row if c), 0, number, float(i))
             for i, row in enumerate(rows[:start]) if any(row)]
    if start == len(rows):
        return Page(number, lines)
    body = [list(row) for row in rows[start:]]
    while body and not any(body[-1]):
        body.pop()
    width = max(len(row) for row in body)
    cells: list[list[str | None]] = [row + [""] * (width - len(row)) for row in body]
    spans = []
    for first_row, first_col, last_row, last_col in merges:
        if first_row < start:
            continue
        r, c = first_row - start, first_col
        rowspan, colspan = last_row - first_row + 1, last_col - first_col + 1
        if r >= len(cells):
            continue
        spans.append((r, c, rowspan, colspan))
        for rr in range(r, min(r + rowspan, len(cells))):
            for cc in range(c, min(c + colspan, width)):
                if (rr, cc) != (r, c):
                    cells[rr][cc] = None
    grid = Grid(number, float(start), float(start + len(cells)),
                tuple(tuple(row) for row in cells), tuple(spans), tuple(float(c) for c in range(width)))
    return Page(number, lines, [grid])


def read_xlsx(path: Path) -> Document:
    import zipfile

    import openpyxl

    data = path.read_bytes()
    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise UnreadableInput(f"not a readable .xlsx workbook ({error})", path=path) from None
    pages = []
    for number, sheet in enumerate(book.worksheets, start=1):
        rows = []
        for row in sheet.iter_rows():
            texts = []
            for cell in row:
                value = cell.value
                if value is None:
                    texts.append("")
                elif isinstance(value, (int, float)):
                    texts.append(number_text(value, cell.number_format))
                else:
                    texts.append(str(value).strip())
            rows.append(texts)
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                  for m in sheet.merged_cells.ranges]
        pages.append(sheet_page(number, rows, merges))
    return number_lines(Document(path, hashlib.sha256(data).hexdigest(), "xlsx", pages))


def read_xls(path: Path) -> Document:
    import xlrd

    data = path.read_bytes()
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except xlrd.XLRDError as error:
        raise UnreadableInput(f"not a readable .xls workbook ({error})", path=path) from None
    pages = []
    for number, sheet in enumerate(book.sheets(), start=1):
        rows = []
        for r in range(sheet.nrows):
            texts = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                    texts.append(number_text(cell.value, fmt))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    texts.append("")
                else:
                    texts.append(str(cell.value).strip())
            rows.append(texts)
        merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        pages.append(sheet_page(number, rows, merges))
    return number_lines(Document(path, hashlib.sha256(data).hexdigest(), "xls", pages))


def number_lines(document: Document) -> Document:
    """Lines numbered in reading order across sheets (a spreadsheet has no line numbers)."""
    counter = 0
    for page in document.pages:
        renumbered = []
        for line in page.lines:
            counter += 1
            renumbered.append(Line(line.text, counter, line.page, line.top))
        page.lines = renumbered
    return document
