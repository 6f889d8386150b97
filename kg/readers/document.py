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


@dataclass
class Page:
    number: int
    """1-based page number."""
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    sha256: str
    """SHA-256 of the file's bytes: identifies the source whatever its name."""
    format: str
    """Reader that produced it: 'text', later 'pdf', 'xlsx'."""
    pages: list[Page]
    encoding: str | None = None

    def lines(self) -> list[Line]:
        """All lines of all pages in reading order."""
        return [line for page in self.pages for line in page.lines]
