"""Errors a user can cause: each names the file (and page or line where known) in one line.

The CLI prints ``str(error)`` and exits with code 2; no traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class GovkgError(Exception):
    """Base class of all user-facing errors."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 page: int | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.page = page
        self.line = line

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.line is not None:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class UnreadableInput(GovkgError):
    """The file cannot be read as any supported format (empty, binary, unknown encoding)."""


class NotADisclosure(GovkgError):
    """The file is readable but is not a budget or final-accounts disclosure."""


class TableLayoutError(GovkgError):
    """A standard table was found but a line of it cannot be read without guessing."""


class StoreError(GovkgError):
    """The store cannot be opened or written."""


class StoreUnavailable(StoreError):
    """The store did not answer at all (no connection, or no answer in time): unlike a refused
    request, what comes after it would fail the same way."""


class QueryError(GovkgError):
    """A SPARQL query is malformed or cannot be run."""
