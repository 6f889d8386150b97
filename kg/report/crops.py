"""Where a finding is printed, as a reader would look at it: a crop of the PDF page around its
line (rendered with pypdfium2, the line highlighted), or, for a text or spreadsheet source, the
lines around it."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from kg.readers.document import Document, Line

ABOVE, BELOW = 45.0, 75.0
"""Points of the page kept above and below the line: a table's header rows and a few rows after."""
SCALE = 2.0
"""Pixels per point: sharp enough to read 8-point table digits."""
LINE_HEIGHT = 16.0
"""Points the highlight spans from 4 above the line's top: a 10–12 point line with its descenders."""


def line_at(document: Document, page: int | None, line: int | None,
            texts: tuple[str, ...] = ()) -> Line | None:
    """The page's line a finding names: by its line number, else the first line printing one of
    ``texts`` (its code, its row's name): a number read from a table grid names the grid's row,
    not a line of the document."""
    if page is None or not 0 < page <= len(document.pages):
        return None
    lines = document.pages[page - 1].lines
    found = next((ln for ln in lines if ln.number == line), None)
    for text in filter(None, texts):
        if found is None:
            found = next((ln for ln in lines if text in ln.text.replace(" ", "")), None)
    return found


def page_top(document: Document, page: int) -> float:
    """Where to look on a page when no line can be found: its first table, else its top."""
    grids = document.pages[page - 1].grids
    return grids[0].top if grids else ABOVE


def page_crop(path: Path, page: int, top: float) -> str:
    """A PNG data URI: page ``page`` of the PDF from ABOVE points over the line at ``top`` to
    BELOW under it, the line's band highlighted."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(str(path))
    try:
        sheet = pdf[page - 1]
        height = sheet.get_height()
        upper = max(0.0, top - ABOVE)
        lower = min(height, top + BELOW)
        # crop=(left, bottom, right, top): points cut off each side of the page.
        image = sheet.render(scale=SCALE, crop=(0, height - lower, 0, upper)).to_pil().convert("RGB")
    finally:
        pdf.close()
    overlay = ImageDraw.Draw(image, "RGBA")  # RGBA ink on an RGB page: the highlight blends in
    band = (top - upper - 4) * SCALE
    overlay.rectangle((0, band, image.width, band + LINE_HEIGHT * SCALE), fill=(255, 214, 0, 70),
                      outline=(220, 60, 0, 255), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def excerpt(document: Document, page: int, line: int, around: int = 3) -> list[tuple[Line, bool]]:
    """The lines of ``page`` around ``line`` (a source without a page image): (line, is it the one)."""
    lines = document.pages[page - 1].lines
    at = next((i for i, ln in enumerate(lines) if ln.number == line), None)
    if at is None:
        return []
    return [(ln, ln.number == line) for ln in lines[max(0, at - around):at + around + 1]]
