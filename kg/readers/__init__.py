"""Readers: file → Document. One reader per format, imported only when a file needs it."""

from __future__ import annotations

import importlib
from pathlib import Path

from kg.errors import UnreadableInput
from kg.readers.document import Document, Grid, Line, Page

__all__ = ["read", "Document", "Page", "Line", "Grid"]

# suffix → "module:function"; heavy libraries (pdfplumber, openpyxl) load only for their files.
READERS: dict[str, str] = {
    ".txt": "kg.readers.text:read_text",
    ".text": "kg.readers.text:read_text",
    ".pdf": "kg.readers.pdf:read_pdf",
    ".xlsx": "kg.readers.excel:read_xlsx",
    ".xls": "kg.readers.excel:read_xls",
}


def read(path: str | Path) -> Document:
    """Read a disclosure file into a Document, or raise a GovkgError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableInput("no such file", path=path)
    target = READERS.get(path.suffix.lower())
    if target is None:
        supported = ", ".join(sorted(READERS))
        raise UnreadableInput(f"unsupported file type {path.suffix or '(none)'!r}; "
                              f"supported: {supported}", path=path)
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)(path)
