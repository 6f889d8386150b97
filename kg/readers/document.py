"""What every reader returns: a Document of pages, each with its text lines.

Readers know nothing of tables or RDF; later stages only see these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Line:
    """One text line of a page."""

    text: str
    """The line as printed, without the trailing newline."""
    number: int
    """1-based line number in the source file (provenance)."""
    page: int
    """1-based page number the line is printed on."""
    top: float | None = None
    """Distance from the top of the page (PDF points), where the format has a layout."""


@dataclass(frozen=True)
class Grid:
    """A table grid found on a page: rows of cells, as drawn by the page's ruling lines."""

    page: int
    top: float
    """Distance of the grid's top edge from the top of the page."""
    bottom: float
    rows: tuple[tuple[str | None, ...], ...]
    """Cell texts; '' is an empty cell, None a position covered by a merged cell."""
    spans: tuple[tuple[int, int, int, int], ...] = ()
    """(row, column, rowspan, colspan) of every merged cell that covers more than one position."""
    xs: tuple[float, ...] = ()
    """Left edge of each column, to align a continuation grid that draws fewer columns."""

    def covering(self) -> list[list[str]]:
        """Every position filled with the text of the cell that covers it ('' when none)."""
        filled = [[c or "" for c in row] for row in self.rows]
        for r, c, rowspan, colspan in self.spans:
            for rr in range(r, min(r + rowspan, len(filled))):
                for cc in range(c, min(c + colspan, len(filled[rr]))):
                    if (rr, cc) != (r, c):
                        filled[rr][cc] = self.rows[r][c] or ""
        return filled


@dataclass
class Page:
    number: int
    """1-based page number."""
    lines: list[Line] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    has_text: bool = True
    """False for a page without a text layer (a scan or an image): nothing on it can be read."""


@dataclass
class Document:
    path: Path
    sha256: str
    """SHA-256 of the file's bytes: identifies the source whatever its name."""
    format: str
    """Reader that produced it: 'text', later 'pdf', 'xlsx'."""
    pages: list[Page]
    encoding: str | None = None

    @property
    def pages_without_text(self) -> list[int]:
        return [page.number for page in self.pages if not page.has_text]

    def lines(self) -> list[Line]:
        """All lines of all pages in reading order."""
        return [line for page in self.pages for line in page.lines]

    def first_lines(self) -> tuple[int | None, ...]:
        """Each page's first line number (None for a page without a line), in page order."""
        return tuple(page.lines[0].number if page.lines else None for page in self.pages)
