"""Reader for PDFs with a text layer, on pdfplumber.

Per page: the text lines (with their distance from the top, so a title can be tied to the grid
below it) and the table grids found from the page's ruling lines. Characters the PDF draws but
does not show (outside their clip path or the page, see kg.readers.clipping) are dropped first. A
PDF without any text layer (a scan) is refused: OCR is out of scope, and an unread page must never
pass as empty.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.errors import UnreadableInput
from kg.readers.clipping import HiddenChar, hidden_chars
from kg.readers.document import Document, Grid, Line, Page


def page_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → '1–3, 7'."""
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][-1] + 1:
            ranges[-1].append(n)
        else:
            ranges.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in ranges)


def clean_cell(text: str | None) -> str | None:
    return None if text is None else text.strip()


WHITE = ((1,), (1.0,), 1, 1.0, (1, 1, 1), (1.0, 1.0, 1.0), [1], [1.0], [1, 1, 1], [1.0, 1.0, 1.0])


def not_white_fill(obj) -> bool:
    """Word and WPS shade cells with white-filled rectangles; their edges are not rulings."""
    return not (obj.get("object_type") == "rect" and obj.get("fill")
                and obj.get("non_stroking_color") in WHITE)


def column_edges(table) -> tuple[float, ...]:
    return tuple(sorted({round(cell[0], 1) for cell in table.cells}))


def merged_spans(table) -> tuple[tuple[int, int, int, int], ...]:
    """(row, col, rowspan, colspan) of each cell that covers several grid positions."""
    xs = sorted({round(cell[0], 1) for cell in table.cells})
    ys = [round(row.bbox[1], 1) for row in table.rows]
    spans = []
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None:
                continue
            x0, top, x1, bottom = cell
            colspan = sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5)
            rowspan = sum(1 for y in ys if top - 0.5 <= y < bottom - 0.5)
            if colspan > 1 or rowspan > 1:
                spans.append((r, c, max(rowspan, 1), max(colspan, 1)))
    return tuple(spans)


def shown(hidden: list[HiddenChar]):
    """A pdfplumber filter that drops the characters pdfium found hidden: same text, same origin."""
    origins: dict[str, list[tuple[float, float]]] = {}
    for char in hidden:
        origins.setdefault(char.text, []).append((char.x, char.y))

    def keep(obj) -> bool:
        if obj.get("object_type") != "char" or obj["text"] not in origins:
            return True
        x, y = obj["matrix"][4], obj["matrix"][5]
        return not any(abs(x - hx) < 0.5 and abs(y - hy) < 0.5 for hx, hy in origins[obj["text"]])
    return keep


def read_page(page, number: int, hidden: list[HiddenChar]) -> Page:
    if hidden:
        page = page.filter(shown(hidden))
    # A page without a text layer may still draw a table's ruling (an unfilled continuation):
    # keep its grid so the table's extent is right; nothing on it can be read.
    lines = [Line(item["text"].strip(), 0, number, float(item["top"]))
             for item in page.extract_text_lines() if item["text"].strip()] if page.chars else []
    grids = []
    for table in page.filter(not_white_fill).find_tables():
        rows = tuple(tuple(clean_cell(c) for c in row) for row in table.extract())
        if rows:
            grids.append(Grid(number, float(table.bbox[1]), float(table.bbox[3]), rows,
                              merged_spans(table), column_edges(table)))
    return Page(number, lines, sorted(grids, key=lambda g: g.top), has_text=bool(page.chars))


def _read_pages(path: Path, data: bytes, numbers: list[int] | None = None) -> tuple[list[Page], int]:
    """The pages ``numbers`` (default all) as read_page reads them, their lines not yet numbered;
    and the PDF's number of pages."""
    import pdfplumber
    import pypdfium2
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        # pdfplumber reads the text and the rulings; pdfium tells which characters are shown.
        with pdfplumber.open(path, pages=numbers) as pdf, pypdfium2.PdfDocument(data) as pdfium_pdf:
            pages = [read_page(page, page.page_number, hidden_chars(pdfium_pdf[page.page_number - 1]))
                     for page in pdf.pages]
            return pages, len(pdfium_pdf)
    except (PdfminerException, PDFSyntaxError, PSException, pypdfium2.PdfiumError, ValueError,
            KeyError, TypeError) as error:
        raise UnreadableInput(f"not a readable PDF ({type(error).__name__}: {error})", path=path) from None


def numbered(page: Page, first: int) -> Page:
    """The page with its lines numbered from ``first`` on."""
    return Page(page.number, [Line(line.text, first + i, line.page, line.top)
                              for i, line in enumerate(page.lines)], page.grids, page.has_text)


def read_pdf_pages(path: Path, first_lines: dict[int, int]) -> Document:
    """Only the pages ``first_lines`` names, each page's lines numbered from the number given
    for it: the numbers read_pdf gives them (stored with the disclosure's source file,
    Metadata.page_first_lines). The other pages are left empty: a Document to look those pages up
    in (kg.report's page images), not one to extract."""
    data = path.read_bytes()
    read, count = _read_pages(path, data, sorted(first_lines))
    by_number = {page.number: numbered(page, first_lines[page.number]) for page in read}
    return Document(path=path, sha256=hashlib.sha256(data).hexdigest(), format="pdf",
                    pages=[by_number.get(n, Page(n)) for n in range(1, count + 1)])


def read_pdf(path: Path) -> Document:
    data = path.read_bytes()
    if not data:
        raise UnreadableInput("empty file", path=path)
    pages, _ = _read_pages(path, data)
    if not pages:
        raise UnreadableInput("PDF has no pages", path=path)
    blank = [p.number for p in pages if not p.has_text]
    if len(blank) == len(pages):
        raise UnreadableInput(f"no text layer on pages {page_ranges(blank)} (a scan?); "
                              "OCR is not supported", path=path)
    # Source line numbers do not exist in a PDF: number lines in reading order instead.
    first, in_order = 1, []
    for page in pages:
        in_order.append(numbered(page, first))
        first += len(page.lines)
    return Document(path=path, sha256=hashlib.sha256(data).hexdigest(), format="pdf", pages=in_order)
